package dev.ratchet.bench.suites;

import dev.ratchet.bench.Suite;
import java.util.List;

/** Every suite, in the order a run measures them (the disk's limits first). */
public final class Suites {
  private Suites() {}

  public static List<Suite> all() {
    return List.of(
        new DiskLimits(),
        new JmhSuite(),
        new CheckpointSuite(),
        new PipelineSuite(),
        new CliSuite(),
        new NaiveBaseline(),
        new SpringBatchSuite(),
        new ResumeSuite(),
        new DagSuite(),
        new ExecSuite(),
        new PgStoreSuite(),
        new RedisStoreSuite(),
        new DiskLimits(true));
  }
}
