package dev.ratchet.internal.items;

import dev.ratchet.items.ItemSource;
import dev.ratchet.items.SeekPoint;
import dev.ratchet.items.SourceItem;
import dev.ratchet.store.ItemKeys;

/**
 * A source's items as work, one at a time, and where reading stands: {@link BatchReader} asks for
 * the seek point only where a batch ends, so a source of ours ({@link LineCursor}) need not make a
 * {@link SourceItem} and a {@link SeekPoint} per item. Not thread-safe.
 */
interface ItemFeed<I> {
  /** The next item (never recorded before, as far as the feed knows), or null at the end. */
  WorkItem<I> nextWork();

  /**
   * Where the item after the last one {@link #nextWork} returned starts, or null if none can seek.
   */
  SeekPoint end();

  /**
   * Where the last item {@link #nextWork} returned starts, or null if the source cannot seek there.
   */
  SeekPoint before();

  /**
   * The items of {@code cursor}; with {@code checkOrdinalKeys}, refuses an item whose key is not
   * its ordinal (the outcomes of an ordinal-keyed source are recorded by ordinal).
   */
  @SuppressWarnings("unchecked")
  static <I> ItemFeed<I> of(ItemSource.Cursor<I> cursor, boolean checkOrdinalKeys) {
    if (cursor instanceof LineCursor lines) {
      return (ItemFeed<I>) lines; // (its keys are its ordinals by construction)
    }
    return new CursorFeed<>(cursor, checkOrdinalKeys);
  }

  /** Any cursor: each item as it is read, with its seek point. */
  final class CursorFeed<I> implements ItemFeed<I> {
    private final ItemSource.Cursor<I> cursor;
    private final boolean checkKeys;
    private SeekPoint before;
    private SeekPoint end;

    CursorFeed(ItemSource.Cursor<I> cursor, boolean checkKeys) {
      this.cursor = cursor;
      this.checkKeys = checkKeys;
    }

    @Override
    public WorkItem<I> nextWork() {
      if (!cursor.hasNext()) {
        return null;
      }
      SourceItem<I> item = cursor.next();
      if (checkKeys && ItemKeys.ordinal(item.key()) != item.ordinal()) {
        throw new IllegalStateException(
            "a source with ordinal keys gave item " + item.ordinal() + " the key " + item.key());
      }
      before = end;
      end = item.next();
      return new WorkItem<>(item, null);
    }

    @Override
    public SeekPoint end() {
      return end;
    }

    @Override
    public SeekPoint before() {
      return before;
    }
  }
}
