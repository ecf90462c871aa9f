package io.github.cookiegate;

import java.util.Optional;

/**
 * Reads the user's stored consent choice from one source: the library's own cookie, a consent
 * platform's cookie (OneTrust, Didomi, the IAB TCF string, ...), or an application's own store.
 * The gate asks its resolvers in the order of the {@code consent-sources} setting; the first that
 * returns a state wins.
 *
 * <p>Built-in resolvers are named by id ({@code cookie-gate}, {@code tarteaucitron}, {@code
 * axeptio}, {@code didomi}, {@code onetrust}, {@code cookiebot}, {@code klaro}, {@code orestbida},
 * {@code cookieyes}, {@code tcf}). Others are added with {@link CookieGate.Builder#addConsentResolver}
 * or found with {@link java.util.ServiceLoader} (a {@code
 * META-INF/services/io.github.cookiegate.ConsentResolver} file on the class path, or {@code provides
 * io.github.cookiegate.ConsentResolver with ...} in a module on the module path, and a public no-arg
 * constructor), and then named in {@code consent-sources}.
 *
 * <p>A resolver reads client input: it must be cheap (it runs on every request), bound what it
 * reads, never log cookie values, and return empty rather than throw for anything it cannot read
 * (the gate also catches what it throws and reads that as no consent from the source). Please be
 * careful: whatever it returns decides which trackers run.
 *
 * <pre>{@code
 * public final class CrmConsent implements ConsentResolver {
 *   public String id() { return "crm"; }
 *   public Optional<ConsentState> resolve(ConsentRequest request) {
 *     List<String> values = request.cookies("crm_optin");
 *     return values.equals(List.of("all"))
 *         ? Optional.of(ConsentState.of(id(), Category.CONSENT_REQUIRED))
 *         : Optional.empty();
 *   }
 * }
 * }</pre>
 */
public interface ConsentResolver {

  /**
   * Returns this resolver's id, as {@code consent-sources} names it and {@link ConsentState#source()}
   * reports it: lower-case letters, digits and {@code -}.
   */
  String id();

  /**
   * Returns the choice this source holds for the request, or empty when it holds none it can read
   * (no cookie, or an unreadable one). A refusal is a state with nothing granted, not empty.
   */
  Optional<ConsentState> resolve(ConsentRequest request);
}
