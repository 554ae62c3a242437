package dev.ratchet.store;

import dev.ratchet.ItemState;
import java.util.Map;
import java.util.Objects;

/**
 * What a store holds for one item.
 *
 * @param steps memoized sub-step values (JSON text) by step name; empty once the item is DONE
 */
public record ItemRecord(
    String key,
    ItemState state,
    int attempts,
    int interruptions,
    String result,
    String error,
    boolean manual,
    Map<String, String> steps) {
  public ItemRecord {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(state, "state");
    steps = Map.copyOf(steps);
  }
}
