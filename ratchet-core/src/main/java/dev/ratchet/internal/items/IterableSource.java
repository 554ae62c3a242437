package dev.ratchet.internal.items;

import dev.ratchet.items.ItemSource;
import dev.ratchet.items.SeekPoint;
import dev.ratchet.items.SourceItem;
import java.util.Collection;
import java.util.Iterator;
import java.util.OptionalLong;
import java.util.function.Function;

/** Items from an iterable, keyed by a function. Always read from the start. */
public final class IterableSource<I> implements ItemSource<I> {
  private final Iterable<? extends I> items;
  private final Function<? super I, String> key;

  public IterableSource(Iterable<? extends I> items, Function<? super I, String> key) {
    this.items = items;
    this.key = key;
  }

  @Override
  public String description() {
    return "an in-memory iterable";
  }

  @Override
  public Info inspect() {
    OptionalLong total =
        items instanceof Collection<?> c ? OptionalLong.of(c.size()) : OptionalLong.empty();
    return new Info(null, total, false);
  }

  @Override
  public Cursor<I> open(SeekPoint start) {
    Iterator<? extends I> iterator = items.iterator();
    return new Cursor<>() {
      private long ordinal;

      @Override
      public boolean hasNext() {
        return iterator.hasNext();
      }

      @Override
      public SourceItem<I> next() {
        I value = iterator.next();
        String k = key.apply(value);
        if (k == null) {
          throw new IllegalArgumentException(
              "the key function returned null for item " + ordinal + " (" + value + ")");
        }
        return new SourceItem<>(k, value, ordinal++, null);
      }

      @Override
      public void close() {}
    };
  }
}
