package dev.ratchet.internal.store;

import dev.ratchet.items.ItemSource;
import dev.ratchet.items.SeekPoint;
import dev.ratchet.items.SourceItem;
import dev.ratchet.store.ItemInput;
import dev.ratchet.store.SharedRun;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Loads the items of an {@link ItemSource} into a {@link SharedRun}, fingerprinted by the source: a
 * shared run holds its items as text, so each item's value must be a {@code String}.
 */
public final class SourceLoad {
  private SourceLoad() {}

  /** Returns how many items this call loaded (0 when the run was loaded already). */
  public static long load(SharedRun run, ItemSource<?> source) {
    String fingerprint = source.inspect().fingerprint();
    List<ItemSource.Cursor<?>> opened = new ArrayList<>();
    try {
      return run.load(
          fingerprint,
          () -> {
            ItemSource.Cursor<?> cursor = source.open(SeekPoint.START);
            opened.add(cursor);
            return new Iterator<>() {
              @Override
              public boolean hasNext() {
                return cursor.hasNext();
              }

              @Override
              public ItemInput next() {
                return input(cursor.next());
              }
            };
          });
    } finally {
      opened.forEach(ItemSource.Cursor::close);
    }
  }

  private static ItemInput input(SourceItem<?> item) {
    if (item.value() instanceof String text) {
      return new ItemInput(item.key(), text);
    }
    throw new IllegalArgumentException(
        "a shared run holds its items as text, but item "
            + item.key()
            + " of the source is a "
            + (item.value() == null ? "null" : item.value().getClass().getName())
            + "; give the pipeline a source of strings (Sources.lines, say)");
  }
}
