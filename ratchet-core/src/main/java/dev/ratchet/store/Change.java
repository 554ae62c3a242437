package dev.ratchet.store;

import dev.ratchet.ItemState;
import java.util.Objects;

/** One change inside a {@link Commit}. Values are JSON text; no native serialization. */
public sealed interface Change {

  /**
   * The new record of an item. Replaces the previous record's state, attempts, interruptions,
   * result and error; memoized sub-step values are kept until the item is DONE.
   *
   * @param key the item's key (any text; never used as a file name)
   * @param state the new state
   * @param attempts how many attempts have started, including this one
   * @param interruptions how many times the item was found IN_PROGRESS when a run opened
   * @param result the result as JSON text, or null
   * @param error the error of a FAILED or SKIPPED item, or null
   * @param manual whether an operator set this state by hand
   */
  record Item(
      String key,
      ItemState state,
      int attempts,
      int interruptions,
      String result,
      String error,
      boolean manual)
      implements Change {
    public Item {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(state, "state");
      if (attempts < 0) {
        throw new IllegalArgumentException("attempts must be >= 0, was " + attempts);
      }
      if (interruptions < 0) {
        throw new IllegalArgumentException("interruptions must be >= 0, was " + interruptions);
      }
    }

    public static Item inProgress(String key, int attempts, int interruptions) {
      return new Item(key, ItemState.IN_PROGRESS, attempts, interruptions, null, null, false);
    }

    public static Item done(String key, int attempts, String result) {
      return new Item(key, ItemState.DONE, attempts, 0, result, null, false);
    }

    public static Item failed(String key, int attempts, int interruptions, String error) {
      return new Item(key, ItemState.FAILED, attempts, interruptions, null, error, false);
    }

    public static Item skipped(String key, int attempts, String reason) {
      return new Item(key, ItemState.SKIPPED, attempts, 0, null, reason, false);
    }
  }

  /** The memoized value of one sub-step of an item, as JSON text. */
  record Step(String key, String step, String value) implements Change {
    public Step {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(step, "step");
      Objects.requireNonNull(value, "value");
    }
  }

  /** A named position, such as the committed length of an output file. */
  record Position(String name, long value) implements Change {
    public Position {
      Objects.requireNonNull(name, "name");
    }
  }

  /** A metadata entry, such as the input fingerprint. A null value removes the entry. */
  record Meta(String name, String value) implements Change {
    public Meta {
      Objects.requireNonNull(name, "name");
    }
  }
}
