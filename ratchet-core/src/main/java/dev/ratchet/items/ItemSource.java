package dev.ratchet.items;

import java.util.Iterator;
import java.util.OptionalLong;

/**
 * Where a run's items come from. Build one with {@link Sources}.
 *
 * <p>{@link #inspect()} is called once the checkpoint's lock is held (so no second run reads or
 * checks anything before the first one is done with it) and before anything is written; a missing
 * or unreadable input is reported without side effects (a checkpoint created just now is removed
 * again). A source whose keys are line ordinals ({@link Info#ordinalKeys()}) must honour the {@link
 * SeekPoint} passed to {@link #open}; other sources are always opened at the start.
 */
public interface ItemSource<I> {

  /** What the input is, for messages (a file path, "an iterable"). */
  String description();

  /**
   * Checks that the input can be read and describes it.
   *
   * @throws IllegalArgumentException if the input is missing or unreadable, saying which and why
   */
  Info inspect();

  /** Opens a cursor at {@code start} ({@link SeekPoint#START} unless the source seeks). */
  Cursor<I> open(SeekPoint start);

  /**
   * What a run needs to know about its input before it starts.
   *
   * @param fingerprint identifies the input's content (size and hash), or null if it has none;
   *     stored in the checkpoint and compared on resume
   * @param total how many items there are, when known cheaply
   * @param ordinalKeys whether keys are the items' ordinals ("0", "1", …) and {@link #open} seeks
   */
  record Info(String fingerprint, OptionalLong total, boolean ordinalKeys) {}

  /** Reads items in order. Not thread-safe; the run reads from one thread. */
  interface Cursor<I> extends Iterator<SourceItem<I>>, AutoCloseable {
    @Override
    void close();
  }
}
