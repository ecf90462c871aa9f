package io.github.cookiegate;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/** A third-party resolver found with ServiceLoader (src/test/resources/META-INF/services). */
public final class TestServiceResolver implements ConsentResolver {

  /** ServiceLoader's way in. */
  public TestServiceResolver() {}

  @Override
  public String id() {
    return "test-service";
  }

  @Override
  public Optional<ConsentState> resolve(ConsentRequest request) {
    return request.cookies("test_service_consent").equals(List.of("yes"))
        ? Optional.of(ConsentState.of(id(), Set.of(Category.ANALYTICS))) : Optional.empty();
  }
}
