package dev.ratchet.items;

import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Which failures mark an item SKIPPED (a deliberate, final outcome that does not stop a full
 * success) rather than FAILED. A failure that may be retried is retried first; the skip policy
 * decides what happens when no attempt is left.
 */
@FunctionalInterface
public interface SkipPolicy {

  /** Whether this failure skips the item. */
  boolean skips(Throwable failure);

  /** Never skip: every failure is FAILED. The default. */
  static SkipPolicy never() {
    return e -> false;
  }

  /** Skips failures of these types. */
  @SafeVarargs
  static SkipPolicy on(Class<? extends Throwable>... types) {
    List<Class<? extends Throwable>> list = List.of(types);
    if (list.isEmpty()) {
      throw new IllegalArgumentException("SkipPolicy.on needs at least one exception type");
    }
    return e -> list.stream().anyMatch(t -> t.isInstance(e));
  }

  /** Skips failures that {@code test} accepts. */
  static SkipPolicy when(Predicate<Throwable> test) {
    Objects.requireNonNull(test, "test");
    return test::test;
  }
}
