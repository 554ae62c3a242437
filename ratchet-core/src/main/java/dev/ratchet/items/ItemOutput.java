package dev.ratchet.items;

import java.util.Objects;

/**
 * A DONE item as a sink receives it.
 *
 * @param key the item's key
 * @param input the item's input
 * @param result what the processor returned (may be null)
 */
public record ItemOutput<I, R>(String key, I input, R result) {
  public ItemOutput {
    Objects.requireNonNull(key, "key");
  }
}
