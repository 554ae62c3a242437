package dev.ratchet.internal.store;

import dev.ratchet.store.ItemKeys;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongBinaryOperator;
import java.util.function.LongConsumer;

/**
 * A set of non-negative longs held as pages of 65,536 bits; a full page is one shared marker. Ten
 * million consecutive ordinals take a few kilobytes, ten million scattered ones about 1.3 MB.
 * Tracks the length of the run starting at 0 ({@link #prefix()}). Not thread-safe.
 */
final class OrdinalSet {
  private static final int PAGE_SHIFT = 16;
  private static final long PAGE_SIZE = 1L << PAGE_SHIFT;
  private static final long PAGE_MASK = PAGE_SIZE - 1;
  private static final Page FULL = new Page(null, (int) PAGE_SIZE);

  private final TreeMap<Long, Page> pages = new TreeMap<>();
  private long size;
  private long runs;
  private long prefix;

  private static final class Page {
    long[] words;
    int count;

    Page(long[] words, int count) {
      this.words = words;
      this.count = count;
    }
  }

  /** A key is canonical ordinal text: "0" or digits without a leading zero, below 10^18. */
  static long parseOrdinal(String key) {
    return ItemKeys.ordinal(key);
  }

  long size() {
    return size;
  }

  /** How many maximal runs of consecutive ordinals the set holds (what a snapshot writes). */
  long runs() {
    return runs;
  }

  /** Every ordinal below this is in the set. */
  long prefix() {
    return prefix;
  }

  boolean contains(long ordinal) {
    Page page = pages.get(ordinal >>> PAGE_SHIFT);
    if (page == null) {
      return false;
    }
    return page == FULL || (page.words[(int) (ordinal & PAGE_MASK) >>> 6] & bit(ordinal)) != 0;
  }

  /** Adds an ordinal; returns false if it was present. */
  boolean add(long ordinal) {
    if (contains(ordinal)) {
      return false;
    }
    boolean left = ordinal > 0 && contains(ordinal - 1);
    boolean right = contains(ordinal + 1);
    setBit(ordinal);
    runs += 1 - (left ? 1 : 0) - (right ? 1 : 0);
    if (ordinal == prefix) {
      advancePrefix();
    }
    return true;
  }

  private void setBit(long ordinal) {
    long index = ordinal >>> PAGE_SHIFT;
    Page page = pages.get(index);
    if (page == null) {
      page = new Page(new long[(int) (PAGE_SIZE / 64)], 0);
      pages.put(index, page);
    }
    page.words[(int) (ordinal & PAGE_MASK) >>> 6] |= bit(ordinal);
    if (++page.count == PAGE_SIZE) {
      pages.put(index, FULL);
    }
    size++;
  }

  /** Adds every ordinal in {@code [start, end)}, none of which may be present yet. */
  void addRange(long start, long end) {
    if (start >= end) {
      return;
    }
    boolean left = start > 0 && contains(start - 1);
    boolean right = contains(end);
    long at = start;
    while (at < end) {
      if ((at & PAGE_MASK) == 0 && end - at >= PAGE_SIZE && !pages.containsKey(at >>> PAGE_SHIFT)) {
        pages.put(at >>> PAGE_SHIFT, FULL);
        size += PAGE_SIZE;
        at += PAGE_SIZE;
      } else if (!contains(at)) {
        setBit(at++);
      } else {
        throw new IllegalArgumentException("range [" + start + ", " + end + ") overlaps " + at);
      }
    }
    runs += 1 - (left ? 1 : 0) - (right ? 1 : 0);
    if (start <= prefix) {
      advancePrefix();
    }
  }

  /** Removes an ordinal; returns false if it was absent. */
  boolean remove(long ordinal) {
    long index = ordinal >>> PAGE_SHIFT;
    Page page = pages.get(index);
    if (page == null) {
      return false;
    }
    if (page == FULL) {
      long[] words = new long[(int) (PAGE_SIZE / 64)];
      Arrays.fill(words, -1L);
      page = new Page(words, (int) PAGE_SIZE);
      pages.put(index, page);
    }
    int word = (int) (ordinal & PAGE_MASK) >>> 6;
    if ((page.words[word] & bit(ordinal)) == 0) {
      return false;
    }
    page.words[word] &= ~bit(ordinal);
    if (--page.count == 0) {
      pages.remove(index);
    }
    size--;
    boolean left = ordinal > 0 && contains(ordinal - 1);
    boolean right = contains(ordinal + 1);
    runs += left && right ? 1 : (left || right ? 0 : -1);
    if (ordinal < prefix) {
      prefix = ordinal;
    }
    return true;
  }

  /** Calls {@code action(start, end)} for each maximal run {@code [start, end)}, ascending. */
  void forEachRange(LongBinaryOperator action) {
    long runStart = -1;
    long runEnd = -1;
    for (Map.Entry<Long, Page> entry : pages.entrySet()) {
      long base = entry.getKey() << PAGE_SHIFT;
      Page page = entry.getValue();
      if (page == FULL) {
        if (runEnd != base) {
          if (runStart >= 0) {
            action.applyAsLong(runStart, runEnd);
          }
          runStart = base;
        }
        runEnd = base + PAGE_SIZE;
        continue;
      }
      for (int i = 0; i < PAGE_SIZE; i++) {
        long ordinal = base + i;
        if ((page.words[i >>> 6] & (1L << (i & 63))) == 0) {
          continue;
        }
        if (runEnd != ordinal) {
          if (runStart >= 0) {
            action.applyAsLong(runStart, runEnd);
          }
          runStart = ordinal;
        }
        runEnd = ordinal + 1;
      }
    }
    if (runStart >= 0) {
      action.applyAsLong(runStart, runEnd);
    }
  }

  /** Calls {@code action} for each ordinal at or above {@code from}, ascending. */
  void forEachFrom(long from, LongConsumer action) {
    forEachRange(
        (start, end) -> {
          for (long ordinal = Math.max(start, from); ordinal < end; ordinal++) {
            action.accept(ordinal);
          }
          return 0;
        });
  }

  private void advancePrefix() {
    prefix = nextAbsent(prefix);
  }

  /** The smallest ordinal at or above {@code from} that is not in the set. */
  long nextAbsent(long from) {
    long at = from;
    while (true) {
      Page page = pages.get(at >>> PAGE_SHIFT);
      if (page == null) {
        return at;
      }
      long base = at & ~PAGE_MASK;
      if (page == FULL) {
        at = base + PAGE_SIZE;
        continue;
      }
      int offset = (int) (at & PAGE_MASK);
      int word = offset >>> 6;
      long missing = ~page.words[word] & (-1L << (offset & 63));
      if (missing != 0) {
        return base + ((long) word << 6) + Long.numberOfTrailingZeros(missing);
      }
      at = base + ((long) (word + 1) << 6);
    }
  }

  private static long bit(long ordinal) {
    return 1L << (ordinal & 63);
  }
}
