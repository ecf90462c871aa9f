package io.github.cookiegate.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cookiegate.Activation;
import io.github.cookiegate.Category;
import io.github.cookiegate.ConsentState;
import io.github.cookiegate.CookieGate;
import io.github.cookiegate.GateListener;
import io.github.cookiegate.GateRequest;
import io.github.cookiegate.SetCookie;
import io.github.cookiegate.servlet.TestServer.Container;
import jakarta.servlet.Filter;
import jakarta.servlet.http.Cookie;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code addCookie} is decided from the {@link Cookie}'s parts, without writing the header and
 * parsing it back ({@link GatedResponse#decide}). This checks, for every cookie of {@link
 * CookieCorpus}, that what is decided is what the browser stores: the {@link SetCookie} built from
 * the parts against {@link SetCookie#parse} of the {@code Set-Cookie} header the real container
 * sends for the same Cookie (no gate in front), field by field, and the gate's decision for a
 * fresh and a consenting visitor. Where the three containers write a Cookie differently, the
 * fields that differ are listed in {@link #KNOWN}, with the reading the gate takes.
 */
class AddCookieAgreementIT {

  /**
   * Fields where a container's header differs from the parts, by container and Servlet API level
   * ({@link TestServer#servletSpec()}), and corpus label. The gate reads Secure and HttpOnly as
   * {@code getSecure()} and {@code isHttpOnly()} say (Servlet 6.0 stores {@code true}, 6.1 an
   * empty value; Tomcat also writes an attribute set in another letter case again, which a
   * browser reads as the flag); Expires set as an attribute (Tomcat writes it, Jetty and Undertow
   * 2.3 drop it: the gate caps its lifetime, and allows an Expires in the past as a deletion);
   * SameSite as written (Undertow 2.3 drops it: the gate blocks {@code SameSite=None} without
   * Secure, as Jetty's and Tomcat's header makes the browser do); Partitioned when empty or {@code
   * true} (Jetty 12.0 and Tomcat 10.1 write it only for {@code true}, Jetty 12.1, Tomcat 11 and
   * Undertow for an empty value, Tomcat 11 not for {@code true}: without Secure the gate blocks
   * what some containers' header makes the browser ignore). Undertow writes a value in ISO-8859-1,
   * the others in UTF-8 (Jetty refuses a non-ASCII value): the name decided is the same.
   */
  static final Map<String, Map<String, Set<String>>> KNOWN = Map.of(
      "TOMCAT 6.0", Map.of(
          "Secure empty attribute", Set.of("secure"),
          "Secure 'yes' attribute", Set.of("secure"),
          "HttpOnly empty attribute", Set.of("httpOnly"),
          "Partitioned Secure", Set.of("partitioned"),
          "Partitioned without Secure", Set.of("accepted", "decision")),
      "TOMCAT 6.1", Map.of(
          "Secure 'yes' attribute", Set.of("secure"),
          "Partitioned true Secure", Set.of("partitioned"),
          "everything", Set.of("partitioned")),
      "JETTY 6.0", Map.of(
          "Expires via attribute", Set.of("lifetime"),
          "Expires in the past via attribute", Set.of("lifetime", "decision"),
          "Partitioned Secure", Set.of("partitioned"),
          "Partitioned without Secure", Set.of("accepted", "decision")),
      "JETTY 6.1", Map.of(
          "Expires via attribute", Set.of("lifetime"),
          "Expires in the past via attribute", Set.of("lifetime", "decision")),
      "UNDERTOW 6.0", Map.ofEntries(
          Map.entry("non-ASCII value", Set.of("value")),
          Map.entry("Expires via attribute", Set.of("lifetime")),
          Map.entry("Expires in the past via attribute", Set.of("lifetime", "decision")),
          Map.entry("SameSite Lax", Set.of("sameSite")),
          Map.entry("SameSite Strict", Set.of("sameSite")),
          Map.entry("SameSite None Secure", Set.of("sameSite")),
          Map.entry("SameSite None without Secure", Set.of("accepted", "decision")),
          Map.entry("SameSite lower case name and value", Set.of("sameSite")),
          Map.entry("analytics cookie", Set.of("sameSite")),
          Map.entry("everything", Set.of("sameSite"))));

  @ParameterizedTest
  @EnumSource(Container.class)
  void cookieDecidedFromItsPartsIsTheCookieTheContainerSends(Container container) throws Exception {
    List<CookieCorpus.Entry> corpus = CookieCorpus.entries();
    Filter pass = (req, res, chain) -> chain.doFilter(req, res);
    CookieGate gate = CookieGate.builder().listener(GateListener.none()).build();
    GateRequest fresh = gate.request(Activation.none(), ConsentState.none(), false);
    GateRequest consenting = gate.request(Activation.none(),
        ConsentState.of(ConsentState.OWN_COOKIE_SOURCE, EnumSet.allOf(Category.class)), false);
    SoftAssertions soft = new SoftAssertions();
    int compared = 0;
    try (TestServer server = TestServer.on(container).filter(pass).servlet("/c", (req, res) -> {
      try {
        res.addCookie(corpus.get(Integer.parseInt(req.getParameter("i"))).cookie().get());
      } catch (IllegalArgumentException e) {
        res.setHeader("X-Refused", "true");
      }
    }).start()) {
      for (int i = 0; i < corpus.size(); i++) {
        CookieCorpus.Entry entry = corpus.get(i);
        HttpResponse<String> r = server.get("/c?i=" + i);
        assertThat(r.statusCode()).as(entry.label()).isEqualTo(200);
        List<String> headers = r.headers().allValues("set-cookie");
        if (r.headers().firstValue("X-Refused").isPresent()) {
          assertThat(headers).as(entry.label()).isEmpty();
          continue; // the application sees the container's exception, with or without the gate
        }
        assertThat(headers).as(entry.label()).hasSize(1);
        // Header values reach the client as bytes; a non-ASCII value is UTF-8.
        String header = new String(headers.get(0).getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
        Instant now = Instant.now();
        Set<String> differ = new TreeSet<>();
        for (GateRequest request : List.of(fresh, consenting)) {
          Cookie cookie = entry.cookie().get();
          GateRequest.Verdict direct = GatedResponse.decide(request, cookie);
          GateRequest.Verdict parsed = request.decide(header);
          differ.addAll(differences(direct.cookie(), SetCookie.parse(header), now));
          if (direct.decision().outcome() != parsed.decision().outcome()
              || direct.decision().reason() != parsed.decision().reason()) {
            differ.add("decision");
          }
        }
        Set<String> known = KNOWN.getOrDefault(container.name() + " " + TestServer.servletSpec(), Map.of())
            .getOrDefault(entry.label(), Set.of());
        soft.assertThat(differ).as("%s on %s: %s", entry.label(), container, header).isEqualTo(known);
        compared++;
      }
    }
    soft.assertAll();
    assertThat(compared).isGreaterThan(corpus.size() / 2);
  }

  /**
   * A Cookie the container refuses ({@code IllegalArgumentException} from {@code addCookie}) still
   * reaches the application as that exception through the gate when the gate lets it pass, and
   * is dropped without one when the gate blocks it: the corpus's refused cookies, for a visitor
   * who consented to everything and for a fresh one.
   */
  @ParameterizedTest
  @EnumSource(Container.class)
  void containerStillRefusesWhatItRefusedWhenTheGatePassesIt(Container container) throws Exception {
    List<CookieCorpus.Entry> corpus = CookieCorpus.entries();
    CookieGate gate = CookieGate.builder().listener(GateListener.none()).build();
    GateRequest consenting = gate.request(Activation.none(),
        ConsentState.of(ConsentState.OWN_COOKIE_SOURCE, EnumSet.allOf(Category.class)), false);
    TestServer.Handler handler = (req, res) -> {
      try {
        res.addCookie(corpus.get(Integer.parseInt(req.getParameter("i"))).cookie().get());
      } catch (IllegalArgumentException e) {
        res.setHeader("X-Refused", "true");
      }
    };
    Filter pass = (req, res, chain) -> chain.doFilter(req, res);
    int refused = 0;
    try (TestServer bare = TestServer.on(container).filter(pass).servlet("/c", handler).start();
        TestServer gated = TestServer.on(container).servlet("/c", handler).start()) {
      for (int i = 0; i < corpus.size(); i++) {
        CookieCorpus.Entry entry = corpus.get(i);
        if (bare.get("/c?i=" + i).headers().firstValue("X-Refused").isEmpty()) {
          continue;
        }
        refused++;
        boolean passes = GatedResponse.decide(consenting, entry.cookie().get()).writes();
        HttpResponse<String> all = gated.get("/c?i=" + i, "Cookie",
            "cookie_gate_consent=necessary.chat.functional.analytics.marketing");
        assertThat(all.headers().firstValue("X-Refused").isPresent()).as(entry.label()).isEqualTo(passes);
        assertThat(all.headers().allValues("set-cookie")).as(entry.label()).isEmpty();
      }
    }
    assertThat(refused).isGreaterThanOrEqualTo(9);
  }

  /** The fields a browser acts on where the two differ; "accepted" when only one would be stored. */
  static List<String> differences(Optional<SetCookie> direct, Optional<SetCookie> sent, Instant now) {
    List<String> d = new ArrayList<>();
    if (direct.isPresent() != sent.isPresent()) {
      d.add("accepted");
      return d;
    }
    if (direct.isEmpty()) {
      return d;
    }
    SetCookie a = direct.get();
    SetCookie b = sent.get();
    if (!a.name().equals(b.name())) {
      d.add("name");
    }
    if (!a.value().equals(b.value())) {
      d.add("value");
    }
    if (!a.domain().equals(b.domain())) {
      d.add("domain");
    }
    if (!a.path().equals(b.path())) {
      d.add("path");
    }
    if (a.secure() != b.secure()) {
      d.add("secure");
    }
    if (a.httpOnly() != b.httpOnly()) {
      d.add("httpOnly");
    }
    if (!a.sameSite().equals(b.sameSite())) {
      d.add("sameSite");
    }
    if (a.partitioned() != b.partitioned()) {
      d.add("partitioned");
    }
    // Max-Age as written, Expires as a date computed by the container a moment earlier: the same
    // lifetime within a few seconds (Undertow writes Max-Age=0 as an Expires in 1970 alone).
    if (a.isDeletion(now) != b.isDeletion(now)) {
      d.add("lifetime");
    } else if (!a.isDeletion(now)) {
      Optional<Duration> la = a.lifetime(now);
      Optional<Duration> lb = b.lifetime(now);
      if (la.isPresent() != lb.isPresent()
          || (la.isPresent() && la.get().minus(lb.get()).abs().compareTo(Duration.ofSeconds(5)) > 0)) {
        d.add("lifetime");
      }
    }
    return d;
  }
}
