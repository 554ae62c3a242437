package dev.ratchet.internal.store;

import dev.ratchet.store.Change;
import java.util.AbstractList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.RandomAccess;

/**
 * An immutable list of changes that holds runs of ordinal keys made DONE or IN_PROGRESS at their
 * first attempt with nothing else recorded (what a batch of an ordered input commits) as ranges: a
 * batch costs one entry and no {@link Change.Item} per item. Read as a list it is the changes it
 * stands for (an item of a run is made when it is read), so every store sees the same commit as
 * before; the file store reads the ranges through {@link #visit} without making an item. {@link
 * dev.ratchet.store.Commit} keeps such a list as it is instead of copying it.
 */
public final class CompactChanges extends AbstractList<Change> implements RandomAccess {
  private static final byte SINGLE = ChangeRuns.NONE;
  private static final byte DONE = ChangeRuns.DONE;
  private static final byte WORKING = ChangeRuns.WORKING;

  /** Ordinal keys are canonical digits below 10^18 ({@link dev.ratchet.store.ItemKeys}). */
  private static final long ORDINAL_LIMIT = 1_000_000_000_000_000_000L;

  private static final CompactChanges EMPTY = new Builder().build();

  private final byte[] kinds;
  private final long[] starts;
  private final long[] ends;
  private final Change[] singles;

  /** The list index of each part's first change: parts are never empty, so these ascend. */
  private final int[] firstIndex;

  private final int parts;
  private final int size;

  private CompactChanges(Builder b) {
    this.parts = b.parts;
    this.kinds = Arrays.copyOf(b.kinds, parts);
    this.starts = Arrays.copyOf(b.starts, parts);
    this.ends = Arrays.copyOf(b.ends, parts);
    this.singles = Arrays.copyOf(b.singles, parts);
    this.firstIndex = new int[parts];
    long index = 0;
    for (int i = 0; i < parts; i++) {
      firstIndex[i] = (int) index;
      index += kinds[i] == SINGLE ? 1 : ends[i] - starts[i];
    }
    if (index > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("a commit may hold at most 2^31 changes, not " + index);
    }
    this.size = (int) index;
  }

  /**
   * Whether an item of {@code ordinal} (-1 if it has none) made DONE or IN_PROGRESS at its first
   * attempt joins a run: then the {@link Builder} needs no key for it.
   */
  public static boolean ranged(long ordinal) {
    return ordinal >= 0 && ordinal < ORDINAL_LIMIT;
  }

  public static Builder builder() {
    return new Builder();
  }

  public static CompactChanges empty() {
    return EMPTY;
  }

  @Override
  public int size() {
    return size;
  }

  @Override
  public Change get(int index) {
    Objects.checkIndex(index, size);
    int found = Arrays.binarySearch(firstIndex, 0, parts, index);
    int part = found >= 0 ? found : -found - 2;
    if (kinds[part] == SINGLE) {
      return singles[part];
    }
    String key = Long.toString(starts[part] + (index - firstIndex[part]));
    return kinds[part] == DONE ? Change.Item.done(key, 1, null) : Change.Item.inProgress(key, 1, 0);
  }

  /** How many entries (runs and other changes) it holds: what its encoding grows with. */
  int parts() {
    return parts;
  }

  /** Hands each run to {@code visitor} as a range and every other change as it is, in order. */
  void visit(ChangeVisitor visitor) {
    for (int i = 0; i < parts; i++) {
      switch (kinds[i]) {
        case DONE -> visitor.doneRange(starts[i], ends[i]);
        case WORKING -> visitor.workingRange(starts[i], ends[i]);
        default -> visitor.change(singles[i]);
      }
    }
  }

  /** Collects changes in order, joining each run of consecutive ordinals into one entry. */
  public static final class Builder {
    private byte[] kinds = new byte[8];
    private long[] starts = new long[8];
    private long[] ends = new long[8];
    private Change[] singles = new Change[8];
    private int parts;

    private Builder() {}

    /**
     * Item {@code key}, whose ordinal is {@code ordinal} (-1 if it has none), is DONE at its first
     * attempt without a result.
     */
    public Builder done(String key, long ordinal) {
      if (ranged(ordinal)) {
        return run(DONE, ordinal, ordinal + 1);
      }
      return add(Change.Item.done(key, 1, null));
    }

    /**
     * Item {@code key}, whose ordinal is {@code ordinal} (-1 if it has none), is IN_PROGRESS at its
     * first attempt, never interrupted.
     */
    public Builder working(String key, long ordinal) {
      if (ranged(ordinal)) {
        return run(WORKING, ordinal, ordinal + 1);
      }
      return add(Change.Item.inProgress(key, 1, 0));
    }

    public Builder add(Change change) {
      Objects.requireNonNull(change, "change");
      return part(SINGLE, 0, 0, change);
    }

    /** Adds {@code changes} in order (the runs of a compact list stay runs). */
    public Builder addAll(List<? extends Change> changes) {
      if (changes instanceof CompactChanges compact) {
        for (int i = 0; i < compact.parts; i++) {
          if (compact.kinds[i] == SINGLE) {
            add(compact.singles[i]);
          } else {
            run(compact.kinds[i], compact.starts[i], compact.ends[i]);
          }
        }
      } else {
        for (Change change : changes) {
          add(change);
        }
      }
      return this;
    }

    public CompactChanges build() {
      return new CompactChanges(this);
    }

    private Builder run(byte kind, long start, long end) {
      int last = parts - 1;
      if (last >= 0 && kinds[last] == kind && ends[last] == start) {
        ends[last] = end;
        return this;
      }
      return part(kind, start, end, null);
    }

    private Builder part(byte kind, long start, long end, Change single) {
      if (parts == kinds.length) {
        int grown = parts * 2;
        kinds = Arrays.copyOf(kinds, grown);
        starts = Arrays.copyOf(starts, grown);
        ends = Arrays.copyOf(ends, grown);
        singles = Arrays.copyOf(singles, grown);
      }
      kinds[parts] = kind;
      starts[parts] = start;
      ends[parts] = end;
      singles[parts] = single;
      parts++;
      return this;
    }
  }
}
