package dev.ratchet.internal.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ratchet.internal.jdbc.WorkerSql.Outcome;
import java.util.List;
import org.junit.jupiter.api.Test;

class LeaseGrowthTest {
  private static final long MS = 1_000_000L;

  private long token;
  private long now;

  /** One batch of {@code size} items out of {@code max} asked for, taking {@code millis}. */
  private void batch(LeaseGrowth g, int max, int size, long millis) {
    long t = ++token;
    g.claimed(t, max, size, now);
    now += millis * MS;
    g.completed(List.of(new Outcome("k", 0, t, 2, 1, 0, null, null)), now);
  }

  @Test
  void aLeaseIsOneBatchUntilThreeFullBatchesWereTimed() {
    LeaseGrowth g = new LeaseGrowth();
    assertThat(g.lease(100)).isEqualTo(100);
    batch(g, 100, 100, 10);
    batch(g, 100, 40, 10);
    batch(g, 100, 100, 10);
    assertThat(g.lease(100)).as("a partial batch is not timed").isEqualTo(100);
    batch(g, 100, 100, 10);
    assertThat(g.lease(100)).as("200 ms of 10 ms batches").isEqualTo(2000);
  }

  @Test
  void fastBatchesGrowTheLeaseUpToItsCapsAndSlowOnesShrinkItBack() {
    LeaseGrowth g = new LeaseGrowth();
    for (int i = 0; i < 3; i++) {
      batch(g, 100, 100, 1);
    }
    assertThat(g.lease(100)).as("at most 32 batches").isEqualTo(3200);
    assertThat(g.lease(1000)).as("at most 10,000 items").isEqualTo(10_000);
    assertThat(g.lease(20_000)).as("never less than a batch").isEqualTo(20_000);
    for (int i = 0; i < 10; i++) {
      batch(g, 100, 100, 500);
    }
    assertThat(g.lease(100)).as("slow items lease one batch at a time").isEqualTo(100);
  }

  @Test
  void aClaimNeverCompletedIsNotTimed() {
    LeaseGrowth g = new LeaseGrowth();
    g.claimed(99, 100, 100, 0);
    for (int i = 0; i < 3; i++) {
      batch(g, 100, 100, 1000);
    }
    now += 1;
    g.completed(List.of(new Outcome("k", 0, 12345, 2, 1, 0, null, null)), now);
    assertThat(g.lease(100)).isEqualTo(100);
  }
}
