package dev.ratchet.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ratchet.CheckpointLockedException;
import dev.ratchet.ItemState;
import dev.ratchet.store.Change;
import dev.ratchet.store.Commit;
import dev.ratchet.store.FsyncPolicy;
import dev.ratchet.store.ItemRecord;
import dev.ratchet.store.MetaKeys;
import dev.ratchet.store.Recovery;
import dev.ratchet.store.StateCounts;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class PostgresStoreTest {
  @RegisterExtension static final PgSchema PG = new PgSchema();

  @Test
  void commitsAreReadBackAndSurviveReopening() {
    try (PostgresStore store = PG.db().store("run-a")) {
      Recovery r = store.open();
      assertThat(r.created()).isTrue();
      store.commit(
          Commit.of(
              Change.Item.inProgress("0", 1, 0),
              new Change.Step("0", "fetch", "{\"x\":1}"),
              new Change.Position("out", 42),
              new Change.Meta("input.fingerprint", "abc")));
      store.commit(Commit.of(Change.Item.done("1", 1, "{\"ok\":true}")));
    }
    try (PostgresStore store = PG.db().store("run-a")) {
      Recovery r = store.open();
      assertThat(r.created()).isFalse();
      assertThat(r.interrupted()).containsExactly("0");
      assertThat(store.get("0").orElseThrow().steps()).containsEntry("fetch", "{\"x\":1}");
      assertThat(store.get("1").orElseThrow().result()).isEqualTo("{\"ok\":true}");
      assertThat(store.get("2")).isEmpty();
      assertThat(store.positions()).containsEntry("out", 42L);
      assertThat(store.metadata())
          .containsEntry("input.fingerprint", "abc")
          .containsEntry(MetaKeys.RUN_ID, "run-a");
      assertThat(store.counts()).isEqualTo(new StateCounts(1, 1, 0, 0));
      store.commit(Commit.of(Change.Item.done("0", 1, "1")));
      assertThat(store.get("0").orElseThrow().steps()).isEmpty();
      assertThat(store.doneOrdinalPrefix()).isEqualTo(2);
      List<ItemRecord> all = new ArrayList<>();
      store.forEachRecord(all::add);
      assertThat(all).extracting(ItemRecord::state).containsOnly(ItemState.DONE);
    }
  }

  @Test
  void aSecondWriterIsRefusedUntilTheFirstCloses() {
    try (PostgresStore first = PG.db().store("run-locked")) {
      first.open();
      PostgresStore second = PG.db().store("run-locked");
      assertThatThrownBy(second::open)
          .isInstanceOf(CheckpointLockedException.class)
          .hasMessageContaining("run-locked");
      second.close();
    }
    try (PostgresStore again = PG.db().store("run-locked")) {
      again.open();
    }
  }

  @Test
  void aWriterWhoseLeaseWasTakenOverCannotCommit() throws Exception {
    PostgresStore stale = PG.db().store("run-stale", FsyncPolicy.ALWAYS, Duration.ofSeconds(30));
    stale.open();
    // Simulate a long pause (its heartbeat renews only every 10 s): the lease runs out on the
    // server and another writer takes over.
    PgTestSupport.execute(
        "UPDATE \""
            + PG.schema()
            + "\".ratchet_runs SET writer_expires = now() - interval '1 second'"
            + " WHERE run_id = 'run-stale'");
    try (PostgresStore next = PG.db().store("run-stale")) {
      next.open();
      assertThatThrownBy(() -> stale.commit(Commit.of(Change.Item.done("9", 1, "1"))))
          .isInstanceOf(CheckpointLockedException.class)
          .hasMessageContaining("lost its writer lease");
      assertThat(next.get("9")).isEmpty();
    }
    stale.close();
  }

  @Test
  void deleteRemovesOnlyThisRun() {
    try (PostgresStore keep = PG.db().store("run-keep")) {
      keep.open();
      keep.commit(Commit.of(Change.Item.done("k", 1, null)));
    }
    PostgresStore gone = PG.db().store("run-gone");
    gone.open();
    gone.commit(Commit.of(Change.Item.done("k", 1, null)));
    gone.delete();
    assertThat(PG.db().inspect("run-gone").exists()).isFalse();
    assertThat(PG.db().inspect("run-keep").counts().done()).isEqualTo(1);
  }

  @Test
  void aBatchIsAllOrNothing() {
    try (PostgresStore store = PG.db().store("run-atomic")) {
      store.open();
      // The second change carries a NUL character, which PostgreSQL text cannot hold.
      assertThatThrownBy(
              () ->
                  store.commit(
                      Commit.of(
                          Change.Item.done("a", 1, null), Change.Item.done("b\u0000", 1, null))))
          .isInstanceOf(IllegalArgumentException.class);
      assertThat(store.get("a")).isEmpty();
    }
  }
}
