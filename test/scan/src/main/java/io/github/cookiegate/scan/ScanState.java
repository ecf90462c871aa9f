package io.github.cookiegate.scan;

import io.github.cookiegate.Activation;
import io.github.cookiegate.Category;
import io.github.cookiegate.ConsentState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A visitor the scanner plays: {@code fresh} (first visit), {@code activated} (clicked the chat),
 * or {@code consent:<category>} (consented to that one category, nothing else).
 */
record ScanState(String id, Activation activation, ConsentState consent, Optional<Category> consented) {

  static final String FRESH = "fresh";
  static final String ACTIVATED = "activated";
  static final String CONSENT_PREFIX = "consent:";

  static ScanState fresh() {
    return new ScanState(FRESH, Activation.none(), ConsentState.none(), Optional.empty());
  }

  static ScanState activated() {
    return new ScanState(ACTIVATED, Activation.since(Instant.now()), ConsentState.none(), Optional.empty());
  }

  static ScanState consent(Category category) {
    return new ScanState(CONSENT_PREFIX + category.id(), Activation.none(),
        ConsentState.of(ConsentState.OWN_COOKIE_SOURCE, Set.of(category)), Optional.of(category));
  }

  /** Every state: fresh, activated, then one per category that needs consent. */
  static List<ScanState> all() {
    List<ScanState> all = new ArrayList<>(List.of(fresh(), activated()));
    for (Category c : Category.CONSENT_REQUIRED) {
      all.add(consent(c));
    }
    return all;
  }

  /** Accepted ids, for messages. */
  static List<String> ids() {
    return all().stream().map(ScanState::id).toList();
  }

  /** Returns the state with this id, or empty. */
  static Optional<ScanState> byId(String id) {
    return all().stream().filter(s -> s.id.equals(id)).findFirst();
  }

  boolean isActivated() {
    return activation.isActive();
  }

  /** The visitor in plain words, for the report. */
  String description() {
    if (isActivated()) {
      return "a visitor who clicked the chat button, without giving any consent";
    }
    return consented.map(c -> "a visitor who consented to " + c.id() + " cookies only (no chat activation)")
        .orElse("a first-time visitor, before any click or consent");
  }

  /** How a problem in this state reads: "before the visitor activated the chat or gave any consent". */
  String when() {
    if (isActivated()) {
      return "after the visitor opened the chat but gave no consent (opening the chat is consent to nothing else)";
    }
    return consented.map(c -> "with consent to " + c.id() + " only")
        .orElse("before the visitor activated the chat or gave any consent");
  }
}
