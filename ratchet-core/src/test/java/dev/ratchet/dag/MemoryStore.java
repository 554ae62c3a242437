package dev.ratchet.dag;

import dev.ratchet.CheckpointLockedException;
import dev.ratchet.ItemState;
import dev.ratchet.store.Change;
import dev.ratchet.store.CheckpointInfo;
import dev.ratchet.store.CheckpointStore;
import dev.ratchet.store.Commit;
import dev.ratchet.store.ItemRecord;
import dev.ratchet.store.Recovery;
import dev.ratchet.store.StateCounts;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;

/** A test-only in-memory store; instances made by one {@link Disk} share its contents. */
final class MemoryStore implements CheckpointStore {
  /** The shared contents, like a directory on disk. */
  static final class Disk implements Supplier<CheckpointStore> {
    Map<String, ItemRecord> records;
    Map<String, String> metadata;
    boolean locked;
    final AtomicInteger commits = new AtomicInteger();

    @Override
    public CheckpointStore get() {
      return new MemoryStore(this);
    }

    boolean exists() {
      return records != null;
    }
  }

  private final Disk disk;
  private boolean open;

  private MemoryStore(Disk disk) {
    this.disk = disk;
  }

  @Override
  public String location() {
    return "memory";
  }

  @Override
  public synchronized Recovery open() {
    synchronized (disk) {
      if (disk.locked) {
        throw new CheckpointLockedException("memory");
      }
      disk.locked = true;
      open = true;
      boolean created = disk.records == null;
      if (created) {
        disk.records = new LinkedHashMap<>();
        disk.metadata = new LinkedHashMap<>();
      }
      List<String> interrupted = new ArrayList<>();
      disk.records.forEach((k, r) -> {
        if (r.state() == ItemState.IN_PROGRESS) {
          interrupted.add(k);
        }
      });
      return new Recovery(created, interrupted, Optional.empty());
    }
  }

  @Override
  public void commit(Commit commit) {
    synchronized (disk) {
      if (!open) {
        throw new IllegalStateException("not open");
      }
      for (Change change : commit.changes()) {
        if (change instanceof Change.Item item) {
          disk.records.put(item.key(), new ItemRecord(item.key(), item.state(), item.attempts(),
              item.interruptions(), item.result(), item.error(), item.manual(), Map.of()));
        } else if (change instanceof Change.Meta meta) {
          if (meta.value() == null) {
            disk.metadata.remove(meta.name());
          } else {
            disk.metadata.put(meta.name(), meta.value());
          }
        }
      }
      disk.commits.incrementAndGet();
    }
  }

  @Override
  public Optional<ItemRecord> get(String key) {
    synchronized (disk) {
      return Optional.ofNullable(disk.records.get(key));
    }
  }

  @Override
  public void forEachRecord(Consumer<ItemRecord> action) {
    synchronized (disk) {
      List.copyOf(disk.records.values()).forEach(action);
    }
  }

  @Override
  public long doneOrdinalPrefix() {
    return 0;
  }

  @Override
  public StateCounts counts() {
    synchronized (disk) {
      long[] c = new long[5];
      disk.records.values().forEach(r -> c[r.state().code()]++);
      return new StateCounts(c[1], c[2], c[3], c[4]);
    }
  }

  @Override
  public Map<String, String> metadata() {
    synchronized (disk) {
      return Map.copyOf(disk.metadata);
    }
  }

  @Override
  public Map<String, Long> positions() {
    return Map.of();
  }

  @Override
  public CheckpointInfo info() {
    return new CheckpointInfo("memory", true, null, 1, null, Instant.now(), null, counts(),
        List.of(), List.of(), metadata());
  }

  @Override
  public void close() {
    synchronized (disk) {
      if (open) {
        open = false;
        disk.locked = false;
      }
    }
  }

  @Override
  public void delete() {
    synchronized (disk) {
      close();
      disk.records = null;
      disk.metadata = null;
    }
  }
}
