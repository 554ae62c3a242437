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
 * Ranges are added and removed a 64-bit word at a time. Tracks the length of the run starting at 0
 * ({@link #prefix()}) and the number of maximal runs ({@link #runs()}). Not thread-safe for writes;
 * reads may run on several threads at once (the store's read lock is shared), so the page cache
 * they update is one immutable pair written in a single reference.
 */
final class OrdinalSet {
  private static final int PAGE_SHIFT = 16;
  private static final long PAGE_SIZE = 1L << PAGE_SHIFT;
  private static final long PAGE_MASK = PAGE_SIZE - 1;
  private static final int WORDS = (int) (PAGE_SIZE / 64);
  private static final Page FULL = new Page(null, (int) PAGE_SIZE);

  private final TreeMap<Long, Page> pages = new TreeMap<>();

  /** The last page looked up, with its index; replaced whole, never half-updated. */
  private record Cached(long index, Page page) {}

  private Cached cached;
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

  boolean isEmpty() {
    return size == 0;
  }

  /** How many maximal runs of consecutive ordinals the set holds (what a snapshot writes). */
  long runs() {
    return runs;
  }

  /** Every ordinal below this is in the set. */
  long prefix() {
    return prefix;
  }

  private Page page(long index) {
    Cached c = cached;
    if (c == null || c.index() != index) {
      c = new Cached(index, pages.get(index));
      cached = c;
    }
    return c.page();
  }

  private void putPage(long index, Page page) {
    pages.put(index, page);
    cached = null;
  }

  private void removePage(long index) {
    pages.remove(index);
    cached = null;
  }

  boolean contains(long ordinal) {
    Page page = page(ordinal >>> PAGE_SHIFT);
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
    long index = ordinal >>> PAGE_SHIFT;
    Page page = page(index);
    if (page == null) {
      page = new Page(new long[WORDS], 0);
      putPage(index, page);
    }
    page.words[(int) (ordinal & PAGE_MASK) >>> 6] |= bit(ordinal);
    if (++page.count == PAGE_SIZE) {
      putPage(index, FULL);
    }
    size++;
    runs += 1 - (left ? 1 : 0) - (right ? 1 : 0);
    if (ordinal == prefix) {
      prefix = nextAbsent(prefix);
    }
    return true;
  }

  /** Removes an ordinal; returns false if it was absent. */
  boolean remove(long ordinal) {
    if (!contains(ordinal)) {
      return false;
    }
    clearBits(ordinal, ordinal + 1);
    size--;
    boolean left = ordinal > 0 && contains(ordinal - 1);
    boolean right = contains(ordinal + 1);
    runs += left && right ? 1 : (left || right ? 0 : -1);
    if (ordinal < prefix) {
      prefix = ordinal;
    }
    return true;
  }

  /** Adds every ordinal in {@code [start, end)}; returns how many were absent before. */
  long addRange(long start, long end) {
    if (start >= end) {
      return 0;
    }
    long startsBefore = runStarts(start, end + 1);
    long added = setBits(start, end);
    if (added == 0) {
      return 0;
    }
    size += added;
    runs += runStarts(start, end + 1) - startsBefore;
    if (start <= prefix) {
      prefix = nextAbsent(prefix);
    }
    return added;
  }

  /** Removes every ordinal in {@code [start, end)}; returns how many were present before. */
  long removeRange(long start, long end) {
    if (start >= end || size == 0) {
      return 0;
    }
    long startsBefore = runStarts(start, end + 1);
    long removed = clearBits(start, end);
    if (removed == 0) {
      return 0;
    }
    size -= removed;
    runs += runStarts(start, end + 1) - startsBefore;
    if (start < prefix) {
      prefix = nextAbsent(start);
    }
    return removed;
  }

  private long setBits(long start, long end) {
    return changeBits(start, end, true);
  }

  private long clearBits(long start, long end) {
    return changeBits(start, end, false);
  }

  /** Sets or clears {@code [start, end)} page by page; returns how many bits changed. */
  private long changeBits(long start, long end, boolean set) {
    long changed = 0;
    for (long at = start; at < end; ) {
      long index = at >>> PAGE_SHIFT;
      long pageEnd = (index + 1) << PAGE_SHIFT;
      long to = Math.min(end, pageEnd);
      boolean whole = (at & PAGE_MASK) == 0 && to == pageEnd;
      Page page = page(index);
      if (page == (set ? FULL : null)) {
        at = to;
        continue;
      }
      if (whole) {
        changed += set ? PAGE_SIZE - (page == null ? 0 : page.count) : page.count;
        if (set) {
          putPage(index, FULL);
        } else {
          removePage(index);
        }
        at = to;
        continue;
      }
      if (page == null || page == FULL) {
        long[] words = new long[WORDS];
        if (page == FULL) {
          Arrays.fill(words, -1L);
        }
        page = new Page(words, page == FULL ? (int) PAGE_SIZE : 0);
        putPage(index, page);
      }
      long flipped = forEachWord(page.words, at & PAGE_MASK, to - (index << PAGE_SHIFT), set);
      page.count += (int) (set ? flipped : -flipped);
      changed += flipped;
      if (page.count == PAGE_SIZE) {
        putPage(index, FULL);
      } else if (page.count == 0) {
        removePage(index);
      }
      at = to;
    }
    return changed;
  }

  /** Sets or clears bits {@code [from, to)} of one page; returns how many changed. */
  private static long forEachWord(long[] words, long from, long to, boolean set) {
    long changed = 0;
    for (long at = from; at < to; ) {
      int word = (int) (at >>> 6);
      long wordEnd = Math.min(to, ((long) word + 1) << 6);
      long mask = mask(at & 63, wordEnd - ((long) word << 6));
      long old = words[word];
      long updated = set ? old | mask : old & ~mask;
      changed += Long.bitCount(old ^ updated);
      words[word] = updated;
      at = wordEnd;
    }
    return changed;
  }

  /** Bits {@code [from, to)} of a word, {@code 0 <= from < to <= 64}. */
  private static long mask(long from, long to) {
    long high = to == 64 ? -1L : (1L << to) - 1;
    return high & (-1L << from);
  }

  /** The 64 bits of global word {@code word} (ordinals {@code word*64 ...}). */
  private long word(long word) {
    Page page = page(word >>> (PAGE_SHIFT - 6));
    if (page == null) {
      return 0;
    }
    return page == FULL ? -1L : page.words[(int) (word & (WORDS - 1))];
  }

  /** How many runs start in {@code [from, to)}: present ordinals whose predecessor is absent. */
  private long runStarts(long from, long to) {
    long count = 0;
    long first = from >>> 6;
    long last = (to - 1) >>> 6;
    long previousTop = first == 0 ? 0 : word(first - 1) >>> 63;
    for (long w = first; w <= last; w++) {
      long bits = word(w);
      long starts = bits & ~((bits << 1) | previousTop);
      long lo = w == first ? from & 63 : 0;
      long hi = w == last ? ((to - 1) & 63) + 1 : 64;
      count += Long.bitCount(starts & mask(lo, hi));
      previousTop = bits >>> 63;
    }
    return count;
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
        long bits = page.words[i >>> 6];
        if (bits == 0) {
          i |= 63;
          continue;
        }
        if ((bits & (1L << (i & 63))) == 0) {
          continue;
        }
        long ordinal = base + i;
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
    for (long at = nextPresent(from); at >= 0; at = nextPresent(at + 1)) {
      action.accept(at);
    }
  }

  /** The smallest ordinal at or above {@code from} that is not in the set. */
  long nextAbsent(long from) {
    long at = from;
    while (true) {
      Page page = page(at >>> PAGE_SHIFT);
      if (page == null) {
        return at;
      }
      long base = at & ~PAGE_MASK;
      if (page == FULL) {
        at = base + PAGE_SIZE;
        continue;
      }
      int offset = (int) (at & PAGE_MASK);
      for (int word = offset >>> 6; word < WORDS; word++) {
        long missing = ~page.words[word];
        if (word == offset >>> 6) {
          missing &= -1L << (offset & 63);
        }
        if (missing != 0) {
          return base + ((long) word << 6) + Long.numberOfTrailingZeros(missing);
        }
      }
      at = base + PAGE_SIZE;
    }
  }

  /** The smallest ordinal at or above {@code from} in the set, or -1 if there is none. */
  long nextPresent(long from) {
    long at = from;
    while (true) {
      long index = at >>> PAGE_SHIFT;
      Page page = page(index);
      if (page == null) {
        Long next = pages.higherKey(index);
        if (next == null) {
          return -1;
        }
        at = next << PAGE_SHIFT;
        continue;
      }
      if (page == FULL) {
        return at;
      }
      long base = at & ~PAGE_MASK;
      int offset = (int) (at & PAGE_MASK);
      for (int word = offset >>> 6; word < WORDS; word++) {
        long present = page.words[word];
        if (word == offset >>> 6) {
          present &= -1L << (offset & 63);
        }
        if (present != 0) {
          return base + ((long) word << 6) + Long.numberOfTrailingZeros(present);
        }
      }
      at = base + PAGE_SIZE;
    }
  }

  private static long bit(long ordinal) {
    return 1L << (ordinal & 63);
  }
}
