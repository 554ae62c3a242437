package dev.ratchet.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ratchet.CheckpointLockedException;
import dev.ratchet.ItemState;
import dev.ratchet.store.Change;
import dev.ratchet.store.CheckpointInfo;
import dev.ratchet.store.CheckpointStore;
import dev.ratchet.store.Commit;
import dev.ratchet.store.ItemRecord;
import dev.ratchet.store.MetaKeys;
import dev.ratchet.store.Recovery;
import dev.ratchet.store.StateCounts;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link CheckpointStore} keeps (DESIGN.md, contracts 1, 2, 5 and 7), as an
 * abstract JUnit 5 suite. A store's test class extends it and says how to make stores:
 *
 * <pre>{@code
 * class FileStoreContractTest extends CheckpointStoreContract {
 *   @TempDir Path dir;
 *   protected CheckpointStore newStore() { return FileStore.at(dir.resolve("c" + n++)); }
 *   protected CheckpointStore reopen() { return FileStore.at(dir.resolve("c" + (n - 1))); }
 * }
 * }</pre>
 *
 * <p>The suite opens, commits, closes and reopens stores itself, and closes every store it got
 * after each test. Stores are real: no test here can pass against a stub.
 */
public abstract class CheckpointStoreContract {
  private final List<CheckpointStore> made = new ArrayList<>();

  /** An unopened store for a new, empty checkpoint location. Called at most once per test. */
  protected abstract CheckpointStore newStore();

  /** Another unopened store on the location of the last {@link #newStore()}. */
  protected abstract CheckpointStore reopen();

  /** False for stores whose {@link CheckpointStore#doneOrdinalPrefix()} is always 0. */
  protected boolean tracksDoneOrdinalPrefix() {
    return true;
  }

  private CheckpointStore fresh() {
    CheckpointStore store = track(newStore());
    assertThat(store.open().created()).as("a new location opens as a created checkpoint").isTrue();
    return store;
  }

  private CheckpointStore again(CheckpointStore previous) {
    previous.close();
    CheckpointStore store = track(reopen());
    Recovery recovery = store.open();
    assertThat(recovery.created()).as("reopening finds the existing checkpoint").isFalse();
    return store;
  }

  private CheckpointStore track(CheckpointStore store) {
    made.add(store);
    return store;
  }

  @AfterEach
  void closeStores() {
    for (CheckpointStore store : made) {
      store.close();
    }
  }

  @Test
  void aNewCheckpointIsEmptyAndHasARunId() {
    CheckpointStore store = fresh();
    assertThat(store.counts()).isEqualTo(StateCounts.EMPTY);
    assertThat(store.metadata().get(MetaKeys.RUN_ID)).isNotBlank();
    assertThat(store.get("0")).isEmpty();
    assertThat(store.doneOrdinalPrefix()).isZero();
  }

  @Test
  void theRunIdStaysTheSameAcrossReopen() {
    CheckpointStore store = fresh();
    String runId = store.metadata().get(MetaKeys.RUN_ID);
    store = again(store);
    assertThat(store.metadata().get(MetaKeys.RUN_ID)).isEqualTo(runId);
    assertThat(store.info().runId()).isEqualTo(runId);
  }

  @Test
  void statesMoveFromInProgressToDoneFailedOrSkipped() {
    CheckpointStore store = fresh();
    store.commit(
        Commit.of(
            Change.Item.inProgress("a", 1, 0),
            Change.Item.inProgress("b", 1, 0),
            Change.Item.inProgress("c", 1, 0)));
    assertThat(store.get("a").orElseThrow().state()).isEqualTo(ItemState.IN_PROGRESS);
    store.commit(
        Commit.of(
            Change.Item.done("a", 1, "\"ok\""),
            Change.Item.failed("b", 1, 0, "IOException: timeout"),
            Change.Item.skipped("c", 1, "bad row")));
    store = again(store);
    ItemRecord a = store.get("a").orElseThrow();
    assertThat(a.state()).isEqualTo(ItemState.DONE);
    assertThat(a.result()).isEqualTo("\"ok\"");
    ItemRecord b = store.get("b").orElseThrow();
    assertThat(b.state()).isEqualTo(ItemState.FAILED);
    assertThat(b.error()).isEqualTo("IOException: timeout");
    ItemRecord c = store.get("c").orElseThrow();
    assertThat(c.state()).isEqualTo(ItemState.SKIPPED);
    assertThat(c.error()).isEqualTo("bad row");
    assertThat(store.counts()).isEqualTo(new StateCounts(0, 1, 1, 1));
  }

  @Test
  void aFailedItemCanBeRetriedAndRecordsItsAttempts() {
    CheckpointStore store = fresh();
    store.commit(Commit.of(Change.Item.failed("x", 1, 0, "first")));
    store.commit(Commit.of(Change.Item.inProgress("x", 2, 0)));
    store.commit(Commit.of(Change.Item.done("x", 2, null)));
    store = again(store);
    ItemRecord x = store.get("x").orElseThrow();
    assertThat(x.state()).isEqualTo(ItemState.DONE);
    assertThat(x.attempts()).isEqualTo(2);
    assertThat(x.error()).isNull();
    assertThat(store.counts()).isEqualTo(new StateCounts(0, 1, 0, 0));
  }

  @Test
  void everyChangeOfACommitIsVisibleAfterReopen() {
    CheckpointStore store = fresh();
    List<Change> changes = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      changes.add(Change.Item.done(Integer.toString(i), 1, null));
    }
    changes.add(new Change.Position("sink", 4096));
    changes.add(new Change.Meta(MetaKeys.INPUT_FINGERPRINT, "size=10;sha256=ab"));
    store.commit(Commit.of(changes));
    store = again(store);
    assertThat(store.counts().done()).isEqualTo(500);
    assertThat(store.get("499")).isPresent();
    assertThat(store.positions()).containsEntry("sink", 4096L);
    assertThat(store.metadata()).containsEntry(MetaKeys.INPUT_FINGERPRINT, "size=10;sha256=ab");
  }

  @Test
  void itemsFoundInProgressAreReportedInterrupted() {
    CheckpointStore store = fresh();
    store.commit(
        Commit.of(
            Change.Item.done("0", 1, null),
            Change.Item.inProgress("1", 1, 0),
            Change.Item.inProgress("2", 2, 1)));
    store.close();
    CheckpointStore reopened = track(reopen());
    Recovery recovery = reopened.open();
    assertThat(recovery.interrupted()).containsExactlyInAnyOrder("1", "2");
    assertThat(reopened.info().interrupted()).containsExactlyInAnyOrder("1", "2");
    assertThat(reopened.get("2").orElseThrow().interruptions()).isEqualTo(1);
  }

  @Test
  void metadataAndPositionsAreOverwrittenAndRemoved() {
    CheckpointStore store = fresh();
    store.commit(
        Commit.of(
            new Change.Meta("k", "1"), new Change.Meta("gone", "x"), new Change.Position("p", 1)));
    store.commit(
        Commit.of(
            new Change.Meta("k", "2"), new Change.Meta("gone", null), new Change.Position("p", 7)));
    store = again(store);
    assertThat(store.metadata()).containsEntry("k", "2").doesNotContainKey("gone");
    assertThat(store.positions()).isEqualTo(Map.of("p", 7L));
    assertThat(store.info().metadata()).containsEntry("k", "2");
  }

  @Test
  void subStepsAreKeptUntilTheItemIsDone() {
    CheckpointStore store = fresh();
    store.commit(
        Commit.of(Change.Item.inProgress("7", 1, 0), new Change.Step("7", "read", "{\"n\":1}")));
    store = again(store);
    assertThat(store.get("7").orElseThrow().steps()).isEqualTo(Map.of("read", "{\"n\":1}"));
    store.commit(Commit.of(Change.Item.done("7", 1, null)));
    store = again(store);
    assertThat(store.get("7").orElseThrow().steps()).isEmpty();
  }

  @Test
  void doneOrdinalPrefixCoversTheLongestRunFromZero() {
    CheckpointStore store = fresh();
    store.commit(
        Commit.of(
            Change.Item.done("0", 1, null),
            Change.Item.done("1", 1, "\"with result\""),
            Change.Item.done("2", 1, null),
            Change.Item.done("4", 1, null),
            Change.Item.failed("5", 1, 0, "x")));
    long prefix = store.doneOrdinalPrefix();
    if (!tracksDoneOrdinalPrefix()) {
      assertThat(prefix).isZero();
      return;
    }
    assertThat(prefix).isEqualTo(3);
    store.commit(Commit.of(Change.Item.done("3", 1, null)));
    assertThat(store.doneOrdinalPrefix()).isEqualTo(5);
    store = again(store);
    assertThat(store.doneOrdinalPrefix()).isEqualTo(5);
    Set<String> visited = new HashSet<>();
    store.forEachRecord(record -> visited.add(record.key()));
    assertThat(visited).contains("5");
    assertThat(store.counts().done()).isEqualTo(5);
  }

  @Test
  void forEachRecordVisitsEveryRecordAboveTheDonePrefix() {
    CheckpointStore store = fresh();
    store.commit(
        Commit.of(
            Change.Item.done("0", 1, null),
            Change.Item.done("10", 1, null),
            Change.Item.failed("b", 1, 0, "e"),
            Change.Item.inProgress("c", 1, 0)));
    Map<String, ItemState> visited = new HashMap<>();
    store.forEachRecord(record -> visited.put(record.key(), record.state()));
    assertThat(visited)
        .containsEntry("10", ItemState.DONE)
        .containsEntry("b", ItemState.FAILED)
        .containsEntry("c", ItemState.IN_PROGRESS);
    if (store.doneOrdinalPrefix() == 0) {
      assertThat(visited).containsEntry("0", ItemState.DONE);
    }
  }

  @Test
  void infoReportsCountsFailuresAndTimes() {
    CheckpointStore store = fresh();
    store.commit(
        Commit.of(
            Change.Item.failed("f", 2, 0, "broken"),
            Change.Item.done("d", 1, null),
            new Change.Meta(MetaKeys.INPUT_FINGERPRINT, "fp")));
    CheckpointInfo info = store.info();
    assertThat(info.exists()).isTrue();
    assertThat(info.counts()).isEqualTo(new StateCounts(0, 1, 1, 0));
    assertThat(info.failed()).containsExactly(new CheckpointInfo.FailedItem("f", "broken"));
    assertThat(info.inputFingerprint()).isEqualTo("fp");
    assertThat(info.created()).isNotNull();
    assertThat(info.lastCommit()).isNotNull();
    assertThat(info.formatVersion()).isPositive();
  }

  @Test
  void concurrentCommittersAllLand() throws Exception {
    CheckpointStore store = fresh();
    int threads = 8;
    int perThread = 40;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        futures.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < perThread; i++) {
                    store.commit(Commit.of(Change.Item.done("t" + thread + "-" + i, 1, null)));
                  }
                }));
      }
      for (Future<?> future : futures) {
        future.get();
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(store.counts().done()).isEqualTo(threads * perThread);
    CheckpointStore reopened = again(store);
    assertThat(reopened.counts().done()).isEqualTo(threads * perThread);
  }

  @Test
  void aSecondOpenerIsLockedOutUntilTheFirstCloses() {
    CheckpointStore store = fresh();
    CheckpointStore second = track(reopen());
    assertThatThrownBy(second::open).isInstanceOf(CheckpointLockedException.class);
    store.close();
    CheckpointStore third = track(reopen());
    assertThat(third.open().created()).isFalse();
  }

  @Test
  void deleteRemovesTheCheckpoint() {
    CheckpointStore store = fresh();
    store.commit(Commit.of(Change.Item.done("0", 1, null)));
    store.delete();
    CheckpointStore after = track(reopen());
    Recovery recovery = after.open();
    assertThat(recovery.created()).isTrue();
    assertThat(after.get("0")).isEmpty();
    assertThat(after.counts()).isEqualTo(StateCounts.EMPTY);
  }

  @Test
  void closeIsIdempotent() {
    CheckpointStore store = fresh();
    store.close();
    store.close();
  }
}
