package io.github.cookiegate.internal;

import io.github.cookiegate.Activation;
import io.github.cookiegate.Classification;
import io.github.cookiegate.ConsentState;
import io.github.cookiegate.Decision;
import io.github.cookiegate.SetCookie;

/**
 * A gate's decision table alone: a cookie already classified, the request's activation and consent
 * in, a decision out, with no listener and no report-only mode. Immutable and thread-safe.
 */
public interface DecisionTable {

  /** Decides one cookie. */
  Decision decide(SetCookie cookie, Classification classification, Activation activation, ConsentState consent);
}
