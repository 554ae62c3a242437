package dev.ratchet.store;

import java.util.Objects;

/**
 * A DONE item of a {@link SharedRun}, as {@link SharedRun#forEachDone} gives it.
 *
 * @param key the item's key
 * @param input the item's text as loaded
 * @param result the item's result as JSON text (null if it has none)
 */
public record DoneItem(String key, String input, String result) {
  public DoneItem {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(input, "input");
  }
}
