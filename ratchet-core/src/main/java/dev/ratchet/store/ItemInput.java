package dev.ratchet.store;

import java.util.Objects;

/** One item to load into a run: its key and its text. */
public record ItemInput(String key, String input) {
  public ItemInput {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(input, "input");
  }
}
