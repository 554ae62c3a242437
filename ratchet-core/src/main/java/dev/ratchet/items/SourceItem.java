package dev.ratchet.items;

import java.util.Objects;

/**
 * One item read from an {@link ItemSource}.
 *
 * @param key the item's stable key (a line ordinal for file lines); never used as a file name
 * @param value the input handed to the processor
 * @param ordinal the item's position in the input, counting from 0
 * @param next where the item after this one starts, or null if the source cannot seek
 */
public record SourceItem<I>(String key, I value, long ordinal, SeekPoint next) {
  public SourceItem {
    Objects.requireNonNull(key, "key");
    if (ordinal < 0) {
      throw new IllegalArgumentException("ordinal must be >= 0, was " + ordinal);
    }
  }
}
