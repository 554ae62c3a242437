package dev.ratchet.internal.store;

import dev.ratchet.ItemState;
import dev.ratchet.store.Change;
import dev.ratchet.store.ItemRecord;
import dev.ratchet.store.StateCounts;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * The live state of a checkpoint in memory: what replaying snapshot and journal yields. A DONE item
 * with an ordinal key, one attempt and no result, error or manual mark (the common case for ordered
 * sources) is held only as a bit in an {@link OrdinalSet}; everything else is a map entry. Not
 * thread-safe: the store guards it.
 */
final class LiveState {
  private static final int ENTRY_OVERHEAD = 48;

  private final Map<String, Entry> entries = new HashMap<>();
  private final OrdinalSet compactDone = new OrdinalSet();
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

  void apply(long atMillis, Iterable<? extends Change> changes) {
    for (Change change : changes) {
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
    if (atMillis > lastCommitMillis) {
      lastCommitMillis = atMillis;
    }
  }

  private void applyItem(Change.Item item) {
    String key = item.key();
    long ordinal = OrdinalSet.parseOrdinal(key);
    if (ordinal >= 0 && isCompact(item)) {
      Entry old = entries.remove(key);
      if (old != null) {
        forget(key, old);
      }
      compactDone.add(ordinal);
      return;
    }
    if (ordinal >= 0) {
      compactDone.remove(ordinal);
    }
    Entry entry = entries.get(key);
    if (entry == null) {
      entry = new Entry();
      entries.put(key, entry);
    } else {
      forget(key, entry);
    }
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

  private static boolean isCompact(Change.Item item) {
    return item.state() == ItemState.DONE
        && item.attempts() == 1
        && item.interruptions() == 0
        && item.result() == null
        && item.error() == null
        && !item.manual();
  }

  private void applyStep(Change.Step step) {
    long ordinal = OrdinalSet.parseOrdinal(step.key());
    if (ordinal >= 0 && compactDone.contains(ordinal)) {
      return;
    }
    Entry entry = entries.get(step.key());
    if (entry == null) {
      entry = new Entry();
      entries.put(step.key(), entry);
    } else if (entry.state == ItemState.DONE) {
      return;
    } else {
      forget(step.key(), entry);
    }
    if (entry.steps == null) {
      entry.steps = new LinkedHashMap<>(4);
    }
    entry.steps.put(step.step(), step.value());
    remember(step.key(), entry);
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
      return Optional.of(compactRecord(key));
    }
    return Optional.empty();
  }

  /** Visits map entries, then compact DONE ordinals at or above the done prefix. */
  void forEachRecord(Consumer<ItemRecord> action) {
    entries.forEach((key, entry) -> action.accept(toRecord(key, entry)));
    compactDone.forEachFrom(
        compactDone.prefix(), ordinal -> action.accept(compactRecord(Long.toString(ordinal))));
  }

  /** Visits the records in {@code state}; compact DONE ordinals only when DONE is asked for. */
  void forEachRecordIn(ItemState state, Consumer<ItemRecord> action) {
    entries.forEach(
        (key, entry) -> {
          if (entry.state == state) {
            action.accept(toRecord(key, entry));
          }
        });
    if (state == ItemState.DONE) {
      compactDone.forEachFrom(0, ordinal -> action.accept(compactRecord(Long.toString(ordinal))));
    }
  }

  /** Visits map entries only (for snapshots). */
  void forEachEntry(BiConsumer<String, Entry> action) {
    entries.forEach(action);
  }

  OrdinalSet compactDone() {
    return compactDone;
  }

  long doneOrdinalPrefix() {
    long at = compactDone.prefix();
    while (true) {
      Entry entry = entries.get(Long.toString(at));
      if (entry == null || entry.state != ItemState.DONE) {
        return at;
      }
      at = compactDone.nextAbsent(at + 1);
    }
  }

  StateCounts counts() {
    return new StateCounts(
        counts[ItemState.IN_PROGRESS.ordinal()],
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
    return entryBytes + 64L * metadata.size() + 32L * positions.size() + 24 * compactDone.runs();
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

  private static ItemRecord compactRecord(String key) {
    return new ItemRecord(key, ItemState.DONE, 1, 0, null, null, false, Map.of());
  }
}
