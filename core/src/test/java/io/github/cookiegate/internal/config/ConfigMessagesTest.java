package io.github.cookiegate.internal.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ConfigMessagesTest {

  private static final List<String> KEYS = List.of("secret", "mode", "chat-max-age", "consent-max-age", "cookies.chat",
      "cookies.chat2");

  @Test
  void oneEditIsAnInsertionADeletionASubstitutionOrASwapOfNeighbours() {
    assertThat(ConfigMessages.oneEditAway("chat-max-agee", "chat-max-age")).isTrue();    // insertion
    assertThat(ConfigMessages.oneEditAway("chat-maxage", "chat-max-age")).isTrue();      // deletion
    assertThat(ConfigMessages.oneEditAway("chat-max-ace", "chat-max-age")).isTrue();     // substitution
    assertThat(ConfigMessages.oneEditAway("chat-amx-age", "chat-max-age")).isTrue();     // swap
    assertThat(ConfigMessages.oneEditAway("mdoe", "mode")).isTrue();
    assertThat(ConfigMessages.oneEditAway("xmode", "mode")).isTrue();
    assertThat(ConfigMessages.oneEditAway("modex", "mode")).isTrue();
    assertThat(ConfigMessages.oneEditAway("mode", "mode")).isFalse();
    assertThat(ConfigMessages.oneEditAway("chat-mx-agee", "chat-max-age")).isFalse();    // two edits
    assertThat(ConfigMessages.oneEditAway("dome", "mode")).isFalse();                    // a swap of non-neighbours
    assertThat(ConfigMessages.oneEditAway("", "mode")).isFalse();
  }

  @Test
  void suggestsOnlyWhenExactlyOneNameIsOneEditAway() {
    assertThat(ConfigMessages.didYouMean("secrte", KEYS)).contains("secret");
    assertThat(ConfigMessages.didYouMean("cookies.chat1", KEYS)).isEmpty();   // cookies.chat and cookies.chat2
    assertThat(ConfigMessages.didYouMean("sweep-it", KEYS)).isEmpty();
    assertThat(ConfigMessages.didYouMean(null, KEYS)).isEmpty();
  }

  @Test
  void unknownKeyNamesTheKeyTheGuessAndEveryAcceptedName() {
    assertThat(ConfigMessages.unknownKey("setting", "chat-max-agee", null, KEYS)).isEqualTo(
        "unknown setting 'chat-max-agee' (did you mean 'chat-max-age'?)"
            + "; accepted: secret, mode, chat-max-age, consent-max-age, cookies.chat, cookies.chat2");
    assertThat(ConfigMessages.unknownKey("property", "cookie-gate.x", "= '1' from test", List.of("cookie-gate.mode")))
        .isEqualTo("unknown property 'cookie-gate.x' = '1' from test; accepted: cookie-gate.mode");
    assertThat(ConfigMessages.unknownKey("setting", "bad\nname", null, KEYS)).startsWith("unknown setting 'bad\\u000Aname';");
  }

  @Test
  void findsAPlaceholderLeftAsTextAndNamesItsVariable() {
    assertThat(ConfigMessages.unresolvedPlaceholder("${COOKIE_GATE_SECRET}")).contains("${COOKIE_GATE_SECRET}");
    assertThat(ConfigMessages.unresolvedPlaceholder("a${X:y}b")).contains("${X:y}");
    assertThat(ConfigMessages.unresolvedPlaceholder("PT2H")).isEmpty();
    assertThat(ConfigMessages.unresolvedPlaceholder("$5{")).isEmpty();
    assertThat(ConfigMessages.placeholderNotResolved("secret", "${X:}"))
        .startsWith("secret is '${X:}': placeholder not resolved; set X ");
  }
}
