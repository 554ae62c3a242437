package dev.ratchet.items;

import dev.ratchet.ItemState;
import dev.ratchet.store.CheckpointInfo;
import dev.ratchet.store.CheckpointStore;
import dev.ratchet.store.Commit;
import dev.ratchet.store.ItemRecord;
import dev.ratchet.store.Recovery;
import dev.ratchet.store.StateCounts;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/** A real store that counts the per-item lookups, visits and forced commits made through it. */
final class CountingStore implements CheckpointStore {
  private final CheckpointStore store;
  final AtomicLong gets = new AtomicLong();
  final AtomicLong visits = new AtomicLong();
  final AtomicLong forcedCommits = new AtomicLong();

  /** Called with each commit before it is passed on (on the committing thread). */
  volatile Consumer<Commit> beforeCommit = commit -> {};

  CountingStore(CheckpointStore store) {
    this.store = store;
  }

  @Override
  public String location() {
    return store.location();
  }

  @Override
  public Recovery open() {
    return store.open();
  }

  @Override
  public void commit(Commit commit) {
    beforeCommit.accept(commit);
    if (!commit.deferred() && !commit.changes().isEmpty()) {
      forcedCommits.incrementAndGet();
    }
    store.commit(commit);
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
  public Optional<ItemRecord> get(String key) {
    gets.incrementAndGet();
    return store.get(key);
  }

  @Override
  public void forEachRecord(Consumer<ItemRecord> action) {
    store.forEachRecord(
        record -> {
          visits.incrementAndGet();
          action.accept(record);
        });
  }

  @Override
  public void forEachRecordIn(ItemState state, Consumer<ItemRecord> action) {
    store.forEachRecordIn(
        state,
        record -> {
          visits.incrementAndGet();
          action.accept(record);
        });
  }

  @Override
  public long doneOrdinalPrefix() {
    return store.doneOrdinalPrefix();
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
    store.close();
  }

  @Override
  public void delete() {
    store.delete();
  }
}
