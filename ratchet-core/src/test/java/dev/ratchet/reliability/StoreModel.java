package dev.ratchet.reliability;

import dev.ratchet.ItemState;
import dev.ratchet.store.Change;
import dev.ratchet.store.CheckpointStore;
import dev.ratchet.store.Commit;
import dev.ratchet.store.ItemRecord;
import dev.ratchet.store.MetaKeys;
import dev.ratchet.store.StateCounts;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a store must hold after a sequence of commits, computed independently of any store: the last
 * record of each item, positions and metadata. {@link #observe} reads the same view from a real
 * store, so the two can be compared with {@code equals}.
 */
public record StoreModel(
    Map<String, ItemRecord> items, Map<String, Long> positions, Map<String, String> metadata) {

  /** The state after {@code commits}, applied in order. */
  public static StoreModel after(List<Commit> commits) {
    Map<String, ItemRecord> items = new TreeMap<>();
    Map<String, Long> positions = new TreeMap<>();
    Map<String, String> metadata = new TreeMap<>();
    for (Commit commit : commits) {
      for (Change change : commit.changes()) {
        if (change instanceof Change.Item item) {
          items.put(
              item.key(),
              new ItemRecord(
                  item.key(),
                  item.state(),
                  item.attempts(),
                  item.interruptions(),
                  item.result(),
                  item.error(),
                  item.manual(),
                  Map.of()));
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
    }
    return new StoreModel(items, positions, metadata);
  }

  /** What {@code store} holds for {@code keys}, and its positions and non-creation metadata. */
  public static StoreModel observe(CheckpointStore store, Collection<String> keys) {
    Map<String, ItemRecord> items = new TreeMap<>();
    for (String key : keys) {
      store.get(key).ifPresent(record -> items.put(key, record));
    }
    Map<String, String> metadata = new TreeMap<>(store.metadata());
    metadata.remove(MetaKeys.RUN_ID);
    metadata.remove(MetaKeys.CREATED);
    return new StoreModel(items, new TreeMap<>(store.positions()), metadata);
  }

  /** Counts per state as a store reports them (PENDING records are not counted). */
  public StateCounts counts() {
    long[] n = new long[ItemState.values().length];
    items.values().forEach(record -> n[record.state().ordinal()]++);
    return new StateCounts(
        n[ItemState.IN_PROGRESS.ordinal()],
        n[ItemState.DONE.ordinal()],
        n[ItemState.FAILED.ordinal()],
        n[ItemState.SKIPPED.ordinal()]);
  }

  /** Keys recorded IN_PROGRESS: what a recovery must report as interrupted. */
  public List<String> inProgress() {
    return items.values().stream()
        .filter(record -> record.state() == ItemState.IN_PROGRESS)
        .map(ItemRecord::key)
        .sorted()
        .toList();
  }
}
