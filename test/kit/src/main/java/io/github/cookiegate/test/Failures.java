package io.github.cookiegate.test;

import java.lang.reflect.Constructor;

/** Builds the assertion error: opentest4j's {@code AssertionFailedError} when present, else {@link AssertionError}. */
final class Failures {
  private static final Constructor<? extends AssertionError> OPENTEST4J = find();

  private Failures() {}

  static AssertionError error(String message) {
    if (OPENTEST4J != null) {
      try {
        return OPENTEST4J.newInstance(message);
      } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
        // fall through to the JDK's own error: the message is what matters
      }
    }
    return new AssertionError(message);
  }

  private static Constructor<? extends AssertionError> find() {
    try {
      Class<?> c = Class.forName("org.opentest4j.AssertionFailedError", false, Failures.class.getClassLoader());
      return c.asSubclass(AssertionError.class).getConstructor(String.class);
    } catch (ReflectiveOperationException | LinkageError | ClassCastException e) {
      return null;
    }
  }
}
