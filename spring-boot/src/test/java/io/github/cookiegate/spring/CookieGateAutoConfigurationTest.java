package io.github.cookiegate.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.cookiegate.ConsentResolver;
import io.github.cookiegate.ConsentState;
import io.github.cookiegate.CookieGate;
import io.github.cookiegate.servlet.CookieGateFilter;
import java.io.InputStream;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.mock.web.MockFilterConfig;
import org.springframework.mock.web.MockServletContext;

/** Conditions, binding and start-up failures, without a server. */
class CookieGateAutoConfigurationTest {

  private final WebApplicationContextRunner web = new WebApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(CookieGateAutoConfiguration.class));

  @Test
  void registersGateAndFilterByDefault() {
    web.run(context -> {
      assertThat(context).hasSingleBean(CookieGate.class).hasBean("cookieGateFilterRegistration");
      FilterRegistrationBean<?> r = context.getBean("cookieGateFilterRegistration", FilterRegistrationBean.class);
      assertThat(r.getFilter()).isInstanceOf(CookieGateFilter.class);
      assertThat(r.getOrder()).isEqualTo(CookieGateAutoConfiguration.DEFAULT_FILTER_ORDER);
    });
  }

  @Test
  void enabledFalseRegistersNothing() {
    web.withPropertyValues("cookie-gate.enabled=false").run(context -> assertThat(context)
        .doesNotHaveBean(CookieGate.class).doesNotHaveBean("cookieGateFilterRegistration"));
  }

  @Test
  void notAServletApplicationRegistersNothing() {
    new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(CookieGateAutoConfiguration.class))
        .run(context -> assertThat(context).doesNotHaveBean(CookieGate.class));
  }

  @Test
  void filterOrderIsAProperty() {
    web.withPropertyValues("cookie-gate.filter-order=-500").run(context -> assertThat(
        context.getBean("cookieGateFilterRegistration", FilterRegistrationBean.class).getOrder()).isEqualTo(-500));
  }

  @Test
  void propertiesReachTheGateInEveryRelaxedForm() {
    web.withPropertyValues("cookie-gate.mode=report-only", "cookieGate.chatMaxAge=PT2H",
            "cookie-gate.activation-path=/go", "cookie-gate.consent-sources=onetrust, cookie-gate",
            "cookie-gate.gpc[0]=analytics", "cookie-gate.gpc[1]=marketing", "cookie-gate.cookies.chat=a-*,b-*")
        .run(context -> {
          CookieGate gate = context.getBean(CookieGate.class);
          assertThat(gate.mode()).isEqualTo(CookieGate.Mode.REPORT_ONLY);
          assertThat(gate.chatMaxAge().id()).isEqualTo("PT2H");
          assertThat(gate.activationPath()).isEqualTo("/go");
          assertThat(gate.consentSources()).containsExactly("onetrust", "cookie-gate");
          assertThat(gate.gpc()).extracting(c -> c.id()).containsExactlyInAnyOrder("analytics", "marketing");
          assertThat(gate.classify("b-1").category()).hasValueSatisfying(c -> assertThat(c.id()).isEqualTo("chat"));
        });
  }

  @Test
  void environmentVariableFormBinds() {
    web.withInitializer(context -> context.getEnvironment().getPropertySources().addFirst(
            new org.springframework.core.env.SystemEnvironmentPropertySource(
                org.springframework.core.env.StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                java.util.Map.of("COOKIE_GATE_CHAT_MAX_AGE", "PT3H"))))
        .run(context ->
        assertThat(context.getBean(CookieGate.class).chatMaxAge().id()).isEqualTo("PT3H"));
  }

  @Test
  void applicationDefinedGateWins() throws Exception {
    web.withUserConfiguration(OwnGate.class).withPropertyValues("cookie-gate.mode=enforce").run(context -> {
      assertThat(context).hasSingleBean(CookieGate.class);
      assertThat(context.getBean(CookieGate.class)).isSameAs(context.getBean(OwnGate.class).gate);
      CookieGateFilter filter = (CookieGateFilter) context.getBean("cookieGateFilterRegistration",
          FilterRegistrationBean.class).getFilter();
      filter.init(new MockFilterConfig(new MockServletContext(), "cookieGateFilter"));
      assertThat(filter.gate().mode()).isEqualTo(CookieGate.Mode.REPORT_ONLY);
    });
  }

  @Test
  void consentResolverBeanIsASource() {
    web.withUserConfiguration(Crm.class).withPropertyValues("cookie-gate.consent-sources=crm,cookie-gate")
        .run(context -> assertThat(context.getBean(CookieGate.class).consentSources()).containsExactly("crm", "cookie-gate"));
    web.withPropertyValues("cookie-gate.consent-sources=crm").run(context -> assertThat(context).hasFailed());
  }

  @Test
  void launcherPropertiesReachTheGate() {
    web.withPropertyValues("cookie-gate.launcher.position=bottom-left", "cookie-gate.launcher.color=#0a7",
        "cookie-gate.launcher.label=Parlons-en").run(context -> {
          CookieGate g = context.getBean(CookieGate.class);
          assertThat(g.launcher()).isTrue();
          assertThat(g.launcherPosition()).isEqualTo(CookieGate.LauncherPosition.BOTTOM_LEFT);
          assertThat(g.launcherColor()).isEqualTo("#0a7");
          assertThat(g.launcherLabel()).contains("Parlons-en");
        });
    web.withPropertyValues("cookie-gate.launcher=off")
        .run(context -> assertThat(context.getBean(CookieGate.class).launcher()).isFalse());
    web.withPropertyValues("cookie-gate.launcher.mode=off", "cookie-gate.launcher.position=bottom-left")
        .run(context -> assertThat(context.getBean(CookieGate.class).launcher()).isFalse());
    web.withPropertyValues("cookie-gate.launcher.color=red").run(context -> {
      assertThat(context).hasFailed();
      FailureAnalysis a = new CookieGateFailureAnalyzer().analyze(context.getStartupFailure());
      assertThat(a.getDescription()).contains("launcher.color", "'red'", "#rgb or #rrggbb");
    });
  }

  @Test
  void badValueFailsNamingThePropertyTheValueAndTheAcceptedValues() {
    web.withPropertyValues("cookie-gate.mode=foo").run(context -> {
      assertThat(context).hasFailed();
      FailureAnalysis a = new CookieGateFailureAnalyzer().analyze(context.getStartupFailure());
      assertThat(a.getDescription()).contains("cookie-gate.mode", "'foo'", "'enforce'", "'report-only'");
      assertThat(a.getAction()).contains("cookie-gate.mode", "COOKIE_GATE_MODE");
    });
  }

  @Test
  void unknownCategoryUnderCookiesNamesTheProperty() {
    web.withPropertyValues("cookie-gate.cookies.chta=x").run(context -> {
      FailureAnalysis a = new CookieGateFailureAnalyzer().analyze(context.getStartupFailure());
      assertThat(a.getDescription()).contains("'cookie-gate.cookies.chta'", "cookies.chat");
    });
  }

  @Test
  void misspelledPropertyFailsNamingItTheValueAndTheAcceptedProperties() {
    web.withPropertyValues("cookie-gate.chat-max-agee=1").run(context -> {
      assertThat(context).hasFailed();
      FailureAnalysis a = new CookieGateFailureAnalyzer().analyze(context.getStartupFailure());
      assertThat(a.getDescription()).contains("cookie-gate.chat-max-agee", "'1'", "cookie-gate.chat-max-age,",
          "cookie-gate.enabled");
    });
  }

  @Test
  void secretValueIsNeverShown() {
    String bad = "not*base64*at*all";
    web.withPropertyValues("cookie-gate.secret=" + bad).run(context -> {
      FailureAnalysis a = new CookieGateFailureAnalyzer().analyze(context.getStartupFailure());
      assertThat(a.getDescription()).contains("cookie-gate.secret").doesNotContain(bad);
    });
    web.withPropertyValues("cookie-gate.secrett=" + bad).run(context -> {
      FailureAnalysis a = new CookieGateFailureAnalyzer().analyze(context.getStartupFailure());
      assertThat(a.getDescription()).contains("cookie-gate.secrett").doesNotContain(bad);
    });
  }

  @Test
  void htmlCachePropertyReachesTheGate() {
    web.run(context -> assertThat(context.getBean(CookieGate.class).htmlCache()).isEqualTo(8L * 1024 * 1024));
    web.withPropertyValues("cookie-gate.html-cache=512KB")
        .run(context -> assertThat(context.getBean(CookieGate.class).htmlCache()).isEqualTo(512L * 1024));
    web.withPropertyValues("cookie-gate.html-cache=off")
        .run(context -> assertThat(context.getBean(CookieGate.class).htmlCache()).isZero());
    web.withPropertyValues("cookie-gate.html-cache=lots").run(context -> assertThat(context).hasFailed());
  }

  @Test
  void everySettingHasAPropertyInTheGeneratedMetadata() throws Exception {
    JsonNode metadata;
    try (InputStream in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
      metadata = new ObjectMapper().readTree(in);
    }
    Set<String> names = new HashSet<>();
    metadata.get("properties").forEach(p -> names.add(p.get("name").asText()));
    List<String> keys = new java.util.ArrayList<>(CookieGate.Builder.settingKeys());
    keys.add("consent-map.onetrust.analytics");
    assertThat(keys).hasSizeGreaterThan(20).allSatisfy(key -> {
      String mapProperty = "cookie-gate." + key.substring(0, Math.max(key.indexOf('.'), 0));
      assertThat(names.contains("cookie-gate." + key) || names.contains(mapProperty))
          .as("property for setting %s", key).isTrue();
    });
    assertThat(names).contains("cookie-gate.enabled", "cookie-gate.filter-order");
    metadata.get("properties").forEach(p -> assertThat(p.path("description").asText()).as(p.toString()).isNotBlank());
  }

  @Test
  void analyzerAndAutoConfigurationAreRegistered() throws Exception {
    java.util.Properties factories = new java.util.Properties();
    try (InputStream in = CookieGateFailureAnalyzer.class.getResourceAsStream("/META-INF/spring.factories")) {
      factories.load(in);
    }
    assertThat(factories.getProperty("org.springframework.boot.diagnostics.FailureAnalyzer"))
        .isEqualTo(CookieGateFailureAnalyzer.class.getName());
    assertThat(org.springframework.boot.context.annotation.ImportCandidates.load(
        org.springframework.boot.autoconfigure.AutoConfiguration.class, getClass().getClassLoader()))
        .contains(CookieGateAutoConfiguration.class.getName());
  }

  @Configuration(proxyBeanMethods = false)
  static class OwnGate {
    final CookieGate gate = CookieGate.builder().mode(CookieGate.Mode.REPORT_ONLY).build();

    @Bean
    CookieGate myGate() {
      return gate;
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class Crm {
    @Bean
    ConsentResolver crm() {
      return new ConsentResolver() {
        @Override
        public String id() {
          return "crm";
        }

        @Override
        public Optional<ConsentState> resolve(io.github.cookiegate.ConsentRequest request) {
          return Optional.empty();
        }
      };
    }
  }
}
