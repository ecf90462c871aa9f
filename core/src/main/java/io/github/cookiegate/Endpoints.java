package io.github.cookiegate;

import java.util.Objects;

/**
 * Where the filter answers requests itself, each on its own path (under the context path): the
 * activation endpoint, the activation script, the report-only policy's reports, the cookie
 * declaration, the consent endpoint and the erasure endpoint.
 *
 * @param activation {@code activation-path}
 * @param gateScript {@code gate-script-path}
 * @param report {@code report-path}
 * @param declaration {@code declaration-path}
 * @param consent {@code consent-path}
 * @param forget {@code forget-path}
 */
public record Endpoints(String activation, String gateScript, String report, String declaration, String consent,
    String forget) {

  /** The defaults of design section 3. */
  public static final Endpoints DEFAULTS = new Endpoints(CookieGate.DEFAULT_ACTIVATION_PATH,
      CookieGate.DEFAULT_GATE_SCRIPT_PATH, CookieGate.DEFAULT_REPORT_PATH, CookieGate.DEFAULT_DECLARATION_PATH,
      CookieGate.DEFAULT_CONSENT_PATH, CookieGate.DEFAULT_FORGET_PATH);

  /**
   * The filter answers each endpoint path itself: two endpoints on one path would hide one.
   *
   * @throws IllegalArgumentException naming both settings when two paths are the same
   */
  public Endpoints {
    String[][] paths = {{"activation-path", activation}, {"gate-script-path", gateScript}, {"report-path", report},
        {"declaration-path", declaration}, {"consent-path", consent}, {"forget-path", forget}};
    for (int i = 0; i < paths.length; i++) {
      Objects.requireNonNull(paths[i][1], paths[i][0]);
      for (int j = 0; j < i; j++) {
        if (paths[i][1].equals(paths[j][1])) {
          throw new IllegalArgumentException("cookie-gate: " + paths[i][0] + " is '" + paths[i][1]
              + "', the same as " + paths[j][0] + "; give each its own path");
        }
      }
    }
  }
}
