package dev.ratchet.postgres;

import static dev.ratchet.postgres.PgTestSupport.claim;
import static dev.ratchet.postgres.PgTestSupport.done;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ratchet.store.ClaimResult;
import dev.ratchet.store.ClaimedItem;
import dev.ratchet.store.ItemOutcome;
import dev.ratchet.store.RunProgress;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What the chunk design of shared runs adds to the shared-run contract: claims that read no
 * finished item, finished chunks that leave no row, released items cut out of a leased chunk,
 * failed items put back as ranges, and runs of the older row-per-item design refused clearly.
 */
class PostgresChunksTest {
  @RegisterExtension static final PgSchema PG = new PgSchema();

  static long chunkRows(String runId) {
    return PgTestSupport.queryLong(
        "SELECT count(*) FROM \""
            + PG.schema()
            + "\".ratchet_chunks WHERE run_id = '"
            + runId
            + "'");
  }

  @Test
  void aClaimReadsNoFinishedItemAndFinishedChunksLeaveNoRow() throws Exception {
    PostgresRun run = PG.loaded("flat", 5000);
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try (WorkerSession w = run.join(Duration.ofSeconds(10))) {
      for (int i = 0; i < 4; i++) {
        assertThat(w.complete(done(claim(w, 1000))).fenced()).isEmpty();
      }
      assertThat(chunkRows("flat")).as("finished chunks leave no row").isZero();
      try (Connection c = PgTestSupport.connect();
          Statement st = c.createStatement()) {
        c.setAutoCommit(false);
        // Nobody can read the outcomes while this lock is held: a claim that read them would wait.
        st.execute("LOCK TABLE \"" + PG.schema() + "\".ratchet_outcomes IN ACCESS EXCLUSIVE MODE");
        Future<List<ClaimedItem>> next = pool.submit(() -> claim(w, 1000));
        List<ClaimedItem> items = next.get(60, TimeUnit.SECONDS);
        assertThat(items).hasSize(1000);
        assertThat(items.get(0).ordinal()).isEqualTo(4000);
        assertThat(items.get(999).key()).isEqualTo("4999");
        c.rollback();
        assertThat(w.complete(done(items)).committed()).hasSize(1000);
      }
      assertThat(w.claim(1000)).isInstanceOf(ClaimResult.Finished.class);
    } finally {
      pool.shutdownNow();
    }
    assertThat(run.progress()).isEqualTo(new RunProgress(5000, 0, 0, 5000, 0, 0));
  }

  @Test
  void aReleasedItemGoesBackAtOnceWhileTheRestOfItsChunkStaysLeased() {
    PostgresRun run = PG.loaded("release", 5);
    try (WorkerSession first = run.join(Duration.ofSeconds(10));
        WorkerSession second = run.join(Duration.ofSeconds(10))) {
      List<ClaimedItem> mine = claim(first, 5);
      assertThat(
              first
                  .complete(
                      List.of(
                          new ItemOutcome.Done(mine.get(0), "1"),
                          new ItemOutcome.Released(mine.get(2))))
                  .committed())
          .containsExactlyInAnyOrder("0", "2");
      assertThat(run.progress()).isEqualTo(new RunProgress(5, 1, 3, 1, 0, 0));
      List<ClaimedItem> released = claim(second, 5);
      assertThat(released).extracting(ClaimedItem::key).containsExactly("2");
      assertThat(released.get(0).attempts()).isEqualTo(2);
      assertThat(run.progress()).isEqualTo(new RunProgress(5, 0, 4, 1, 0, 0));
      List<ClaimedItem> rest = List.of(mine.get(1), mine.get(3), mine.get(4));
      assertThat(first.complete(done(rest)).committed()).containsExactlyInAnyOrder("1", "3", "4");
      assertThat(first.complete(done(List.of(mine.get(2)))).fenced()).containsExactly("2");
      assertThat(second.complete(done(released)).committed()).containsExactly("2");
      assertThat(second.claim(5)).isInstanceOf(ClaimResult.Finished.class);
    }
    assertThat(run.progress()).isEqualTo(new RunProgress(5, 0, 0, 5, 0, 0));
    assertThat(chunkRows("release")).isZero();
  }

  @Test
  void anItemCompletedTwiceIsCommittedOnceAndItsChunkStillEnds() {
    PostgresRun run = PG.loaded("twice", 3);
    try (WorkerSession w = run.join(Duration.ofSeconds(10))) {
      List<ClaimedItem> items = claim(w, 3);
      assertThat(w.complete(done(items.subList(0, 1))).committed()).containsExactly("0");
      assertThat(w.complete(done(items.subList(0, 2))).committed())
          .as("the second commit of item 0 finds it written by the same claim")
          .containsExactlyInAnyOrder("0", "1");
      assertThat(run.progress()).isEqualTo(new RunProgress(3, 0, 1, 2, 0, 0));
      assertThat(w.complete(done(items.subList(2, 3))).committed()).containsExactly("2");
      assertThat(w.claim(3)).isInstanceOf(ClaimResult.Finished.class);
    }
    assertThat(chunkRows("twice")).isZero();
  }

  @Test
  void consecutiveFailedItemsComeBackAsOneRangeOnlyOnceTheirChunkEnded() {
    PostgresRun run = PG.loaded("retry", 10);
    try (WorkerSession w = run.join(Duration.ofSeconds(10))) {
      List<ClaimedItem> all = claim(w, 10);
      List<ItemOutcome> failed = new ArrayList<>();
      for (int i = 2; i <= 6; i++) {
        failed.add(new ItemOutcome.Failed(all.get(i), "boom"));
      }
      w.complete(failed);
      assertThat(run.retryFailed()).as("its chunk is still leased").isZero();
      List<ItemOutcome> rest = new ArrayList<>(done(all.subList(0, 2)));
      rest.addAll(done(all.subList(7, 10)));
      w.complete(rest);
    }
    assertThat(run.progress()).isEqualTo(new RunProgress(10, 0, 0, 5, 5, 0));
    assertThat(run.retryFailed()).isEqualTo(5);
    assertThat(chunkRows("retry")).isEqualTo(1);
    try (WorkerSession w = run.join(Duration.ofSeconds(10))) {
      List<ClaimedItem> again = claim(w, 10);
      assertThat(again).extracting(ClaimedItem::key).containsExactly("2", "3", "4", "5", "6");
      assertThat(again).extracting(ClaimedItem::attempts).containsOnly(2);
      w.complete(done(again));
    }
    assertThat(run.progress()).isEqualTo(new RunProgress(10, 0, 0, 10, 0, 0));
  }

  @Test
  void aChunkTakenOverAtTheCrashLimitFailsItsUnrecordedItems() throws Exception {
    PostgresRun run = PG.loaded("crash", 3);
    WorkerSession dead = run.join(Duration.ofSeconds(1), 1);
    List<ClaimedItem> held = claim(dead, 3);
    dead.complete(done(held.subList(0, 1)));
    dead.pauseHeartbeat();
    try (WorkerSession heir = run.join(Duration.ofSeconds(10), 1)) {
      ClaimResult r = heir.claim(3);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (r instanceof ClaimResult.Wait && System.nanoTime() < deadline) {
        Thread.sleep(50);
        r = heir.claim(3);
      }
      assertThat(r).isInstanceOf(ClaimResult.Finished.class);
    }
    assertThat(run.progress()).isEqualTo(new RunProgress(3, 0, 0, 1, 2, 0));
    assertThat(run.info().failed())
        .extracting(f -> f.key() + ": " + f.error())
        .containsExactly("1: crashed the process 1 times", "2: crashed the process 1 times");
    assertThat(run.retryFailed()).isZero();
    assertThat(dead.complete(done(held.subList(1, 3))).fenced()).containsExactly("1", "2");
  }

  @Test
  void statusShowsTheUnrecordedItemsOfLeasedChunksAsInProgress() {
    PostgresRun run = PG.loaded("status", 4);
    try (WorkerSession w = run.join(Duration.ofSeconds(10))) {
      List<ClaimedItem> items = claim(w, 3);
      w.complete(done(items.subList(0, 1)));
      assertThat(PG.db().inspect("status").counts().inProgress()).isEqualTo(2);
      assertThat(PG.db().inspect("status").counts().done()).isEqualTo(1);
      assertThat(PG.db().inspect("status").interrupted()).containsExactly("1", "2");
    }
    assertThat(PG.db().inspect("status").interrupted())
        .as("a worker that left holds none")
        .isEmpty();
  }

  @Test
  void lastCommitMovesWithTheOutcomesNotOnlyWhenTheRunWasCreated() throws Exception {
    PostgresRun run = PG.loaded("times", 2);
    assertThat(PG.db().inspect("times").lastCommit()).isEqualTo(PG.db().inspect("times").created());
    Thread.sleep(50);
    try (WorkerSession w = run.join(Duration.ofSeconds(10))) {
      w.complete(done(claim(w, 2)));
    }
    var info = PG.db().inspect("times");
    assertThat(info.lastCommit()).isAfter(info.created().plusMillis(40));
  }

  @Test
  void aRunLoadedByTheRowPerItemDesignStaysReadableButIsNotJoined() {
    PostgresRun run = PG.loaded("older", 3);
    String s = "\"" + PG.schema() + "\".";
    PgTestSupport.execute(
        "INSERT INTO "
            + s
            + "ratchet_items (run_id, key, ordinal, state, input) SELECT run_id, key, ordinal, 0,"
            + " input FROM "
            + s
            + "ratchet_inputs WHERE run_id = 'older'");
    PgTestSupport.execute(
        "UPDATE " + s + "ratchet_runs SET next_ordinal = NULL WHERE run_id = 'older'");
    assertThat(run.progress()).isEqualTo(new RunProgress(3, 3, 0, 0, 0, 0));
    assertThatThrownBy(() -> run.join(Duration.ofSeconds(10)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("older Ratchet")
        .hasMessageContaining("one row per item");
  }
}
