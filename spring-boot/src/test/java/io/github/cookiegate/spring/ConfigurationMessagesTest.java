package io.github.cookiegate.spring;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

/** Start-up failures a user can act on, in the same words as the core's. */
class ConfigurationMessagesTest {

  /** Same shape for both ways an unknown name is found (the binder, or the gate's own map keys). */
  private static final String UNKNOWN_PROPERTY =
      "Invalid cookie-gate configuration: unknown property 'cookie-gate\\.[^']+'( [^;]*)?"
          + "( \\(did you mean 'cookie-gate\\.[^']+'\\?\\))?; accepted: cookie-gate\\.enabled, cookie-gate\\.filter-order, .*";

  private final WebApplicationContextRunner web = new WebApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(CookieGateAutoConfiguration.class));

  private static FailureAnalysis analysis(org.springframework.boot.test.context.assertj.AssertableWebApplicationContext context) {
    assertThat(context).hasFailed();
    FailureAnalysis a = new CookieGateFailureAnalyzer().analyze(context.getStartupFailure());
    assertThat(a).as("the analysis of " + context.getStartupFailure()).isNotNull();
    return a;
  }

  @Test
  void theReadmeYamlWithoutItsVariableSaysPlaceholderNotResolved() {
    // application.yml `secret: ${COOKIE_GATE_SECRET}` with the variable unset: Spring leaves the text
    web.withPropertyValues("cookie-gate.secret=${COOKIE_GATE_SECRET_NOT_SET_ANYWHERE}").run(context -> {
      FailureAnalysis a = analysis(context);
      assertThat(a.getDescription()).isEqualTo("Invalid cookie-gate configuration: cookie-gate.secret is "
          + "'${COOKIE_GATE_SECRET_NOT_SET_ANYWHERE}': placeholder not resolved; set COOKIE_GATE_SECRET_NOT_SET_ANYWHERE"
          + " (an environment variable or a system property) where the application starts, or give the value itself");
      assertThat(a.getDescription()).doesNotContain("base64");
    });
  }

  @Test
  void aMisspeltPropertyGetsADidYouMeanInTheCoresFormat() {
    web.withPropertyValues("cookie-gate.chat-max-agee=1").run(context -> {
      String d = analysis(context).getDescription();
      assertThat(d).startsWith("Invalid cookie-gate configuration: unknown property 'cookie-gate.chat-max-agee' = '1' from ")
          .contains("(did you mean 'cookie-gate.chat-max-age'?); accepted: cookie-gate.enabled, ")
          .matches(UNKNOWN_PROPERTY);
    });
  }

  @Test
  void aMisspeltCategoryUnderCookiesHasTheSameFormat() {
    web.withPropertyValues("cookie-gate.cookies.chta=x").run(context -> {
      String d = analysis(context).getDescription();
      assertThat(d).startsWith("Invalid cookie-gate configuration: unknown property 'cookie-gate.cookies.chta'"
          + " (did you mean 'cookie-gate.cookies.chat'?); accepted: ").matches(UNKNOWN_PROPERTY);
    });
  }

  @Test
  void noGuessWhenNothingIsOneEditAway() {
    web.withPropertyValues("cookie-gate.colour=blue").run(context -> {
      String d = analysis(context).getDescription();
      assertThat(d).doesNotContain("did you mean").matches(UNKNOWN_PROPERTY);
    });
  }
}
