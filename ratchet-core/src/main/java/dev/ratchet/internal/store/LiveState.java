package dev.ratchet.internal.store;

import dev.ratchet.ItemState;
import dev.ratchet.store.Change;
import dev.ratchet.store.ItemRecord;
import dev.ratchet.store.StateCounts;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * The live state of a checkpoint in memory: what replaying snapshot and journal yields. An item
 * with an ordinal key at its first attempt with nothing else recorded, DONE or IN_PROGRESS (the
 * common case for ordered sources), is held only as a bit in an {@link OrdinalSet}; everything else
 * is a map entry. Not thread-safe: the store guards it.
 */
final class LiveState implements ChangeVisitor {
  private static final int ENTRY_OVERHEAD = 48;

  private final Map<String, Entry> entries = new HashMap<>();
  private final OrdinalSet entryOrdinals = new OrdinalSet();
  private final OrdinalSet compactDone = new OrdinalSet();
  private final OrdinalSet compactWorking = new OrdinalSet();
  private final Map<String, String> metadata = new TreeMap<>();
  private final Map<String, Long> positions = new TreeMap<>();
  private final long[] counts = new long[ItemState.values().length];
  private long entryBytes;
  private long lastCommitMillis;

  /** A mutable item record. */
  static final class Entry {
    ItemState state = ItemState.PENDING;
    int attempts;
    int interruptions;
    String result;
    String error;
    boolean manual;
    Map<String, String> steps;

    long estimatedBytes(String key) {
      long bytes = ENTRY_OVERHEAD + key.length();
      bytes += result == null ? 0 : result.length();
      bytes += error == null ? 0 : error.length();
      if (steps != null) {
        for (Map.Entry<String, String> step : steps.entrySet()) {
          bytes += 16 + step.getKey().length() + step.getValue().length();
        }
      }
      return bytes;
    }
  }

  void apply(long atMillis, List<? extends Change> changes) {
    ChangeRuns.visit(changes, this);
    committedAt(atMillis);
  }

  void committedAt(long atMillis) {
    if (atMillis > lastCommitMillis) {
      lastCommitMillis = atMillis;
    }
  }

  @Override
  public void change(Change change) {
    if (change instanceof Change.Item item) {
      applyItem(item);
    } else if (change instanceof Change.Step step) {
      applyStep(step);
    } else if (change instanceof Change.Position position) {
      positions.put(position.name(), position.value());
    } else if (change instanceof Change.Meta meta) {
      if (meta.value() == null) {
        metadata.remove(meta.name());
      } else {
        metadata.put(meta.name(), meta.value());
      }
    }
  }

  @Override
  public void doneRange(long start, long end) {
    for (long at = entryOrdinals.nextPresent(start); at >= 0 && at < end; ) {
      removeEntry(Long.toString(at));
      at = entryOrdinals.nextPresent(at + 1);
    }
    compactWorking.removeRange(start, end);
    compactDone.addRange(start, end);
  }

  @Override
  public void workingRange(long start, long end) {
    compactDone.removeRange(start, end);
    long from = start;
    for (long at = entryOrdinals.nextPresent(start); at >= 0 && at < end; ) {
      String key = Long.toString(at);
      if (entries.get(key).steps == null) {
        removeEntry(key);
      } else {
        // memoized sub-steps stay until DONE: this item keeps its map entry
        update(key, Change.Item.inProgress(key, 1, 0));
        compactWorking.addRange(from, at);
        from = at + 1;
      }
      at = entryOrdinals.nextPresent(at + 1);
    }
    compactWorking.addRange(from, end);
  }

  private void applyItem(Change.Item item) {
    String key = item.key();
    long ordinal = OrdinalSet.parseOrdinal(key);
    int kind = ordinal < 0 ? ChangeRuns.NONE : ChangeRuns.kind(item);
    if (kind == ChangeRuns.DONE) {
      doneRange(ordinal, ordinal + 1);
    } else if (kind == ChangeRuns.WORKING) {
      workingRange(ordinal, ordinal + 1);
    } else {
      if (ordinal >= 0) {
        compactDone.remove(ordinal);
        compactWorking.remove(ordinal);
      }
      update(key, item);
    }
  }

  private void update(String key, Change.Item item) {
    Entry entry = entryFor(key);
    entry.state = item.state();
    entry.attempts = item.attempts();
    entry.interruptions = item.interruptions();
    entry.result = item.result();
    entry.error = item.error();
    entry.manual = item.manual();
    if (item.state() == ItemState.DONE) {
      entry.steps = null;
    }
    remember(key, entry);
  }

  private void applyStep(Change.Step step) {
    String key = step.key();
    long ordinal = OrdinalSet.parseOrdinal(key);
    if (ordinal >= 0 && compactDone.contains(ordinal)) {
      return;
    }
    Entry entry = entries.get(key);
    if (entry != null && entry.state == ItemState.DONE) {
      return;
    }
    if (ordinal >= 0 && compactWorking.remove(ordinal)) {
      entry = entryFor(key);
      entry.state = ItemState.IN_PROGRESS;
      entry.attempts = 1;
    } else {
      entry = entryFor(key);
    }
    if (entry.steps == null) {
      entry.steps = new LinkedHashMap<>(4);
    }
    entry.steps.put(step.step(), step.value());
    remember(key, entry);
  }

  /** The entry of {@code key}, created if absent; either way no longer counted until remembered. */
  private Entry entryFor(String key) {
    Entry entry = entries.get(key);
    if (entry == null) {
      entry = new Entry();
      entries.put(key, entry);
      long ordinal = OrdinalSet.parseOrdinal(key);
      if (ordinal >= 0) {
        entryOrdinals.add(ordinal);
      }
    } else {
      forget(key, entry);
    }
    return entry;
  }

  private void removeEntry(String key) {
    Entry old = entries.remove(key);
    if (old != null) {
      forget(key, old);
      long ordinal = OrdinalSet.parseOrdinal(key);
      if (ordinal >= 0) {
        entryOrdinals.remove(ordinal);
      }
    }
  }

  private void forget(String key, Entry entry) {
    counts[entry.state.ordinal()]--;
    entryBytes -= entry.estimatedBytes(key);
  }

  private void remember(String key, Entry entry) {
    counts[entry.state.ordinal()]++;
    entryBytes += entry.estimatedBytes(key);
  }

  Optional<ItemRecord> get(String key) {
    Entry entry = entries.get(key);
    if (entry != null) {
      return Optional.of(toRecord(key, entry));
    }
    long ordinal = OrdinalSet.parseOrdinal(key);
    if (ordinal >= 0 && compactDone.contains(ordinal)) {
      return Optional.of(compactRecord(key, ItemState.DONE));
    }
    if (ordinal >= 0 && compactWorking.contains(ordinal)) {
      return Optional.of(compactRecord(key, ItemState.IN_PROGRESS));
    }
    return Optional.empty();
  }

  /**
   * Visits map entries, compact DONE ordinals at or above the done prefix, then compact working.
   */
  void forEachRecord(Consumer<ItemRecord> action) {
    entries.forEach((key, entry) -> action.accept(toRecord(key, entry)));
    compactDone.forEachFrom(
        compactDone.prefix(),
        ordinal -> action.accept(compactRecord(Long.toString(ordinal), ItemState.DONE)));
    compactWorking.forEachFrom(
        0, ordinal -> action.accept(compactRecord(Long.toString(ordinal), ItemState.IN_PROGRESS)));
  }

  /** Visits the records in {@code state}: map entries, then the compact ones in that state. */
  void forEachRecordIn(ItemState state, Consumer<ItemRecord> action) {
    entries.forEach(
        (key, entry) -> {
          if (entry.state == state) {
            action.accept(toRecord(key, entry));
          }
        });
    OrdinalSet compact =
        state == ItemState.DONE
            ? compactDone
            : state == ItemState.IN_PROGRESS ? compactWorking : null;
    if (compact != null) {
      compact.forEachFrom(
          0, ordinal -> action.accept(compactRecord(Long.toString(ordinal), state)));
    }
  }

  /** Visits map entries only (for snapshots). */
  void forEachEntry(BiConsumer<String, Entry> action) {
    entries.forEach(action);
  }

  OrdinalSet compactDone() {
    return compactDone;
  }

  OrdinalSet compactWorking() {
    return compactWorking;
  }

  long doneOrdinalPrefix() {
    return nextUndoneOrdinal(0);
  }

  /** The smallest ordinal at or above {@code from} whose item is not DONE. */
  long nextUndoneOrdinal(long from) {
    long at = compactDone.nextAbsent(Math.max(from, compactDone.prefix()));
    while (entryOrdinals.contains(at) && entries.get(Long.toString(at)).state == ItemState.DONE) {
      at = compactDone.nextAbsent(at + 1);
    }
    return at;
  }

  /** The smallest ordinal at or above {@code from} with any record, or {@link Long#MAX_VALUE}. */
  long nextRecordedOrdinal(long from) {
    long next = Long.MAX_VALUE;
    for (OrdinalSet set : new OrdinalSet[] {compactDone, compactWorking, entryOrdinals}) {
      long at = set.nextPresent(from);
      if (at >= 0 && at < next) {
        next = at;
      }
    }
    return next;
  }

  StateCounts counts() {
    return new StateCounts(
        counts[ItemState.IN_PROGRESS.ordinal()] + compactWorking.size(),
        counts[ItemState.DONE.ordinal()] + compactDone.size(),
        counts[ItemState.FAILED.ordinal()],
        counts[ItemState.SKIPPED.ordinal()]);
  }

  Map<String, String> metadata() {
    return metadata;
  }

  Map<String, Long> positions() {
    return positions;
  }

  long lastCommitMillis() {
    return lastCommitMillis;
  }

  /** A rough size of this state written as a snapshot, to decide when to compact. */
  long estimatedSnapshotBytes() {
    return entryBytes
        + 64L * metadata.size()
        + 32L * positions.size()
        + 24 * (compactDone.runs() + compactWorking.runs());
  }

  static ItemRecord toRecord(String key, Entry entry) {
    return new ItemRecord(
        key,
        entry.state,
        entry.attempts,
        entry.interruptions,
        entry.result,
        entry.error,
        entry.manual,
        entry.steps == null ? Map.of() : entry.steps);
  }

  private static ItemRecord compactRecord(String key, ItemState state) {
    return new ItemRecord(key, state, 1, 0, null, null, false, Map.of());
  }
}
