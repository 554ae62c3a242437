package dev.ratchet.bench.ratchet;

import dev.ratchet.ItemState;
import dev.ratchet.store.Change;
import dev.ratchet.store.CheckpointInfo;
import dev.ratchet.store.CheckpointStore;
import dev.ratchet.store.Commit;
import dev.ratchet.store.ItemRecord;
import dev.ratchet.store.Recovery;
import dev.ratchet.store.StateCounts;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * A store that keeps everything in memory and writes nothing: the "no checkpointing" baseline, run
 * through the same executor so that only the cost of durable checkpoints differs.
 */
public final class MemoryStore implements CheckpointStore {
  private final Map<String, ItemRecord> records = new ConcurrentHashMap<>();
  private final Map<String, String> metadata = new ConcurrentHashMap<>();
  private final Map<String, Long> positions = new ConcurrentHashMap<>();

  @Override
  public String location() {
    return "memory";
  }

  @Override
  public Recovery open() {
    return new Recovery(true, List.of(), Optional.empty());
  }

  @Override
  public synchronized void commit(Commit commit) {
    for (Change change : commit.changes()) {
      if (change instanceof Change.Item i) {
        records.put(
            i.key(),
            new ItemRecord(
                i.key(),
                i.state(),
                i.attempts(),
                i.interruptions(),
                i.result(),
                i.error(),
                i.manual(),
                i.state() == ItemState.DONE ? Map.of() : steps(i.key())));
      } else if (change instanceof Change.Step s) {
        ItemRecord r = records.get(s.key());
        Map<String, String> steps = new HashMap<>(r == null ? Map.of() : r.steps());
        steps.put(s.step(), s.value());
        records.put(
            s.key(),
            r == null
                ? new ItemRecord(s.key(), ItemState.IN_PROGRESS, 0, 0, null, null, false, steps)
                : new ItemRecord(
                    r.key(),
                    r.state(),
                    r.attempts(),
                    r.interruptions(),
                    r.result(),
                    r.error(),
                    r.manual(),
                    steps));
      } else if (change instanceof Change.Position p) {
        positions.put(p.name(), p.value());
      } else if (change instanceof Change.Meta m) {
        if (m.value() == null) {
          metadata.remove(m.name());
        } else {
          metadata.put(m.name(), m.value());
        }
      }
    }
  }

  private Map<String, String> steps(String key) {
    ItemRecord r = records.get(key);
    return r == null ? Map.of() : r.steps();
  }

  @Override
  public Optional<ItemRecord> get(String key) {
    return Optional.ofNullable(records.get(key));
  }

  @Override
  public void forEachRecord(Consumer<ItemRecord> action) {
    records.values().forEach(action);
  }

  @Override
  public long doneOrdinalPrefix() {
    return 0;
  }

  @Override
  public StateCounts counts() {
    long[] c = new long[4];
    for (ItemRecord r : records.values()) {
      switch (r.state()) {
        case IN_PROGRESS -> c[0]++;
        case DONE -> c[1]++;
        case FAILED -> c[2]++;
        case SKIPPED -> c[3]++;
        default -> {}
      }
    }
    return new StateCounts(c[0], c[1], c[2], c[3]);
  }

  @Override
  public Map<String, String> metadata() {
    return Map.copyOf(metadata);
  }

  @Override
  public Map<String, Long> positions() {
    return Map.copyOf(positions);
  }

  @Override
  public CheckpointInfo info() {
    return CheckpointInfo.absent(location());
  }

  @Override
  public void close() {}

  @Override
  public void delete() {
    records.clear();
    metadata.clear();
    positions.clear();
  }
}
