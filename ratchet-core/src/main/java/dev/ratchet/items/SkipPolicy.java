package dev.ratchet.items;

import java.util.ArrayList;
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
  @SuppressWarnings("varargs") // the array is only read
  static SkipPolicy on(Class<? extends Throwable>... types) {
    List<Class<? extends Throwable>> list = copy(types);
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

  private static List<Class<? extends Throwable>> copy(Class<? extends Throwable>[] types) {
    List<Class<? extends Throwable>> list = new ArrayList<>(types.length);
    for (Class<? extends Throwable> type : types) {
      list.add(Objects.requireNonNull(type, "exception type"));
    }
    return List.copyOf(list);
  }
}
