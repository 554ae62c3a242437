package dev.ratchet.postgres;

import static dev.ratchet.postgres.PgTestSupport.claim;
import static dev.ratchet.postgres.PgTestSupport.done;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ratchet.store.ClaimResult;
import dev.ratchet.store.ClaimedItem;
import dev.ratchet.store.RunProgress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Grown leases: a worker whose batches finish fast leases several batches from the cursor at once
 * and cuts its later batches from that reserve, each with a token of its own; a reserve goes back
 * whole when its worker leaves or dies, and only the batch in flight of a dead worker is treated as
 * interrupted.
 */
class PostgresGrownLeaseTest {
  @RegisterExtension static final PgSchema PG = new PgSchema();

  /** Times its batches by a clock that moves 1 ms a reading: every batch looks fast. */
  static WorkerSession fast(WorkerSession w) {
    AtomicLong nanos = new AtomicLong();
    w.ticker(() -> nanos.addAndGet(1_000_000));
    return w;
  }

  /** Three full batches of 10, timed fast: the next claim from the cursor grows. */
  static void warm(WorkerSession w) {
    for (int i = 0; i < 3; i++) {
      assertThat(w.complete(done(claim(w, 10))).fenced()).isEmpty();
    }
  }

  static long cursor(String run) {
    return PgTestSupport.queryLong(
        "SELECT next_ordinal FROM \""
            + PG.schema()
            + "\".ratchet_runs WHERE run_id = '"
            + run
            + "'");
  }

  static long reserves(String run) {
    return PgTestSupport.queryLong(
        "SELECT count(*) FROM \""
            + PG.schema()
            + "\".ratchet_chunks WHERE run_id = '"
            + run
            + "' AND worker IS NOT NULL AND attempts = 0");
  }

  static List<Long> ordinals(List<ClaimedItem> items) {
    return items.stream().map(ClaimedItem::ordinal).toList();
  }

  static List<Long> range(long lo, long hi) {
    return java.util.stream.LongStream.range(lo, hi).boxed().toList();
  }

  @Test
  void aWorkerWhoseBatchesFinishFastLeasesSeveralAndCutsItsNextBatchesFromThem() {
    PostgresRun run = PG.loaded("grow", 2000);
    Set<String> seen = new HashSet<>();
    try (WorkerSession w = fast(run.join(Duration.ofSeconds(10)))) {
      warm(w);
      assertThat(cursor("grow")).as("three leases of one batch each").isEqualTo(30);
      List<ClaimedItem> first = claim(w, 10);
      assertThat(ordinals(first)).isEqualTo(range(30, 40));
      assertThat(cursor("grow")).as("32 batches leased at once").isEqualTo(350);
      assertThat(reserves("grow")).isEqualTo(1);
      assertThat(run.progress())
          .as("the reserve's items are in progress: in a leased chunk, not yet recorded")
          .isEqualTo(new RunProgress(2000, 1650, 320, 30, 0, 0));
      w.complete(done(first));
      List<ClaimedItem> next = claim(w, 10);
      assertThat(ordinals(next)).isEqualTo(range(40, 50));
      assertThat(cursor("grow")).as("cut from the reserve, not the cursor").isEqualTo(350);
      assertThat(next.get(0).token()).isNotEqualTo(first.get(0).token());
      assertThat(next).extracting(ClaimedItem::attempts).containsOnly(1);
      assertThat(next).extracting(ClaimedItem::interruptions).containsOnly(0);
      w.complete(done(next));
      for (ClaimResult r = w.claim(10); r instanceof ClaimResult.Claimed c; r = w.claim(10)) {
        c.items().forEach(i -> assertThat(seen.add(i.key())).as(i.key()).isTrue());
        assertThat(w.complete(done(c.items())).fenced()).isEmpty();
      }
    }
    assertThat(seen).hasSize(2000 - 50);
    assertThat(run.progress()).isEqualTo(new RunProgress(2000, 0, 0, 2000, 0, 0));
    assertThat(reserves("grow")).isZero();
  }

  @Test
  void aWorkerKilledInAGrownLeaseLosesOnlyItsBatchInFlightAndItsReserveIsTakenOverWhole()
      throws Exception {
    PostgresRun run = PG.loaded("killed", 1000);
    WorkerSession dead = fast(run.join(Duration.ofSeconds(10)));
    warm(dead);
    List<ClaimedItem> held = claim(dead, 10);
    assertThat(cursor("killed")).isEqualTo(350);
    dead.complete(done(held.subList(0, 4)));
    dead.pauseHeartbeat();
    // Its lease runs out now rather than after a wait.
    PgTestSupport.execute(
        "UPDATE \""
            + PG.schema()
            + "\".ratchet_workers SET lease_expires = now() - interval '1 second'"
            + " WHERE worker_id = '"
            + dead.workerId()
            + "'");

    List<List<ClaimedItem>> claims = new ArrayList<>();
    try (WorkerSession heir = run.join(Duration.ofSeconds(10))) {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      for (ClaimResult r = heir.claim(10);
          !(r instanceof ClaimResult.Finished);
          r = heir.claim(10)) {
        assertThat(System.nanoTime()).as("run finished in time").isLessThan(deadline);
        if (r instanceof ClaimResult.Claimed c) {
          claims.add(c.items());
          assertThat(heir.complete(done(c.items())).fenced()).isEmpty();
        } else {
          Thread.sleep(50);
        }
      }
    }
    assertThat(claims.subList(0, 6))
        .as("the batch in flight is taken over one item at a time, as interrupted")
        .allSatisfy(
            c -> {
              assertThat(c).hasSize(1);
              assertThat(c.get(0).interruptions()).isEqualTo(1);
            });
    assertThat(claims.subList(0, 6))
        .extracting(c -> c.get(0).ordinal())
        .containsExactly(34L, 35L, 36L, 37L, 38L, 39L);
    List<ClaimedItem> reserve = claims.get(6);
    assertThat(ordinals(reserve))
        .as("the reserve is taken over in full batches, never started, so not interrupted")
        .isEqualTo(range(40, 50));
    assertThat(reserve).extracting(ClaimedItem::interruptions).containsOnly(0);
    assertThat(reserve).extracting(ClaimedItem::attempts).containsOnly(1);
    assertThat(dead.complete(done(held.subList(4, 10))).fenced())
        .as("the dead worker's late commit is refused")
        .containsExactly("34", "35", "36", "37", "38", "39");
    assertThat(run.progress()).isEqualTo(new RunProgress(1000, 0, 0, 1000, 0, 0));
    assertThat(claims.stream().mapToInt(List::size).sum()).isEqualTo(1000 - 34);
  }

  @Test
  void aLeavingWorkerGivesItsReserveBackAtOnce() {
    PostgresRun run = PG.loaded("leave", 1000);
    List<ClaimedItem> held;
    try (WorkerSession w = fast(run.join(Duration.ofSeconds(10)))) {
      warm(w);
      held = claim(w, 10);
      assertThat(reserves("leave")).isEqualTo(1);
    }
    assertThat(reserves("leave")).isZero();
    try (WorkerSession other = run.join(Duration.ofSeconds(10))) {
      assertThat(ordinals(claim(other, 10))).isEqualTo(ordinals(held));
      List<ClaimedItem> next = claim(other, 10);
      assertThat(ordinals(next)).isEqualTo(range(40, 50));
      assertThat(next).extracting(ClaimedItem::attempts).containsOnly(1);
      assertThat(next).extracting(ClaimedItem::interruptions).containsOnly(0);
    }
  }
}
