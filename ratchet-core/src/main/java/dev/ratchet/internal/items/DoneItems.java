package dev.ratchet.internal.items;

import dev.ratchet.items.ItemOutput;
import java.util.AbstractList;
import java.util.Arrays;
import java.util.Objects;
import java.util.RandomAccess;

/**
 * The DONE items of a group as a sink receives them: read as a list they are {@link ItemOutput}s
 * (made when read, so any sink sees what it always saw); the JSON-lines writer reads the work and
 * results instead and writes an ordinal key from its number, so a group of an ordered input costs
 * no output object and no key string per item.
 */
final class DoneItems<I, R> extends AbstractList<ItemOutput<I, R>> implements RandomAccess {
  private WorkItem<I>[] work;
  private Object[] results;
  private int size;

  @SuppressWarnings("unchecked")
  DoneItems(int capacity) {
    this.work = (WorkItem<I>[]) new WorkItem<?>[Math.max(1, capacity)];
    this.results = new Object[work.length];
  }

  void add(WorkItem<I> item, R result) {
    if (size == work.length) {
      work = Arrays.copyOf(work, size * 2);
      results = Arrays.copyOf(results, size * 2);
    }
    work[size] = item;
    results[size++] = result;
  }

  WorkItem<I> work(int index) {
    return work[index];
  }

  Object result(int index) {
    return results[index];
  }

  @Override
  @SuppressWarnings("unchecked")
  public ItemOutput<I, R> get(int index) {
    Objects.checkIndex(index, size);
    return new ItemOutput<>(work[index].key(), work[index].value(), (R) results[index]);
  }

  @Override
  public int size() {
    return size;
  }
}
