package dev.ratchet.internal.metrics;

import dev.ratchet.ItemState;
import dev.ratchet.store.Change;
import dev.ratchet.store.CheckpointInfo;
import dev.ratchet.store.CheckpointStore;
import dev.ratchet.store.Commit;
import dev.ratchet.store.ItemRecord;
import dev.ratchet.store.Recovery;
import dev.ratchet.store.StateCounts;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** A store that reports its openings and acknowledged commits to {@link ItemMeters}. */
public final class MeteredStore implements CheckpointStore {
  private final CheckpointStore store;
  private final ItemMeters meters;

  public MeteredStore(CheckpointStore store, ItemMeters meters) {
    this.store = store;
    this.meters = meters;
  }

  @Override
  public String location() {
    return store.location();
  }

  @Override
  public Optional<Path> localPath() {
    return store.localPath();
  }

  @Override
  public Recovery open() {
    Recovery recovery = store.open();
    meters.interrupted(recovery.interrupted().size());
    return recovery;
  }

  @Override
  public void commit(Commit commit) {
    long started = System.nanoTime();
    store.commit(commit);
    meters.commit().record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
    for (Change change : commit.changes()) {
      if (change instanceof Change.Item item) {
        meters.itemCommitted(item.key(), item.state(), item.attempts(), item.manual());
      }
    }
  }

  @Override
  public Optional<ItemRecord> get(String key) {
    return store.get(key);
  }

  @Override
  public void forEachRecord(Consumer<ItemRecord> action) {
    store.forEachRecord(action);
  }

  @Override
  public void forEachRecordIn(ItemState state, Consumer<ItemRecord> action) {
    store.forEachRecordIn(state, action);
  }

  @Override
  public long doneOrdinalPrefix() {
    return store.doneOrdinalPrefix();
  }

  @Override
  public long nextUndoneOrdinal(long from) {
    return store.nextUndoneOrdinal(from);
  }

  @Override
  public long nextRecordedOrdinal(long from) {
    return store.nextRecordedOrdinal(from);
  }

  @Override
  public StateCounts counts() {
    return store.counts();
  }

  @Override
  public Map<String, String> metadata() {
    return store.metadata();
  }

  @Override
  public Map<String, Long> positions() {
    return store.positions();
  }

  @Override
  public CheckpointInfo info() {
    return store.info();
  }

  @Override
  public void close() {
    meters.closed();
    store.close();
  }

  @Override
  public void delete() {
    meters.closed();
    store.delete();
  }
}
