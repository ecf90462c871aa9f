package io.github.cookiegate.servlet;

import io.github.cookiegate.GateEvent;
import io.github.cookiegate.GateListener;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A listener that keeps every event, for assertions; thread-safe (requests run on pool threads). */
final class RecordingListener implements GateListener {

  private final List<GateEvent> events = new CopyOnWriteArrayList<>();

  @Override
  public void onEvent(GateEvent event) {
    events.add(event);
  }

  List<GateEvent> events() {
    return List.copyOf(events);
  }

  List<GateEvent> ofType(GateEvent.Type type) {
    return events.stream().filter(e -> e.type() == type).toList();
  }

  /** Names of the cookies in events of this type. */
  List<String> cookieNames(GateEvent.Type type) {
    return ofType(type).stream().flatMap(e -> e.cookieName().stream()).toList();
  }

  void clear() {
    events.clear();
  }
}
