package dev.ratchet.bench;

import java.util.List;
import java.util.OptionalDouble;

/**
 * The Redis targets of the scale-out issue (the redisstore suite): worker processes leasing chunks,
 * each figure beside the raw chunk baseline measured in the same run.
 */
final class RedisScaleOutTargets {
  private final BenchContext ctx;
  private final Targets.Checks checks;

  RedisScaleOutTargets(BenchContext ctx, Targets.Checks checks) {
    this.ctx = ctx;
    this.checks = checks;
  }

  private OptionalDouble rate(String figure, int workers, int batch) {
    return checks.firstWithPrefix(
        "redisstore." + figure + ".workers=" + workers + ".batch=" + batch + ".n=");
  }

  void evaluate(List<TargetResult> out) {
    String t = "Redis shared run, 4 worker processes, batch 1000: >= 100,000 items/s";
    OptionalDouble rate = rate("items_per_s", 4, 1000);
    OptionalDouble raw = rate("raw_items_per_s", 4, 1000);
    if (checks.present(t, rate, raw)) {
      double r = rate.getAsDouble();
      double x = raw.getAsDouble();
      TargetResult check =
          TargetResult.check(
              t,
              r,
              100_000,
              "%,.0f",
              String.format(
                  "a chunk of 1000 costs Ratchet %.0f µs of claim and completion (two script calls"
                      + " that check the lease and the token, read the chunk's inputs and append"
                      + " and count its outcomes) against %.0f µs for the raw design's INCRBY and"
                      + " HSET, with the server and every worker process sharing this machine's"
                      + " %d cores and its other load",
                  1e9 / r, 1e9 / x, Runtime.getRuntime().availableProcessors()));
      out.add(
          new TargetResult(
              check.target(),
              check.measured() + String.format(" (%.2f × raw %,.0f)", r / x, x),
              check.required(),
              check.verdict(),
              check.why()));
    }
    OptionalDouble ratio = checks.firstWithPrefix("redisstore.flat_ratio.");
    String f =
        "Redis shared run, cost per item flat: the rate of the last 100,000 items after F finished"
            + " (1,000,000 quick) >= 0.9 × the first 100,000's";
    if (checks.present(f, ratio)) {
      out.add(
          TargetResult.check(
              f,
              ratio.getAsDouble(),
              0.9,
              "%.2f",
              "a claim reads no finished item (RedisChunksTest checks it); how a completion's"
                  + " cost grows with the run's outcomes was not profiled"));
    }
    OptionalDouble seconds = checks.firstWithPrefix("redisstore.reclaim_s.");
    String k =
        "Redis shared run: a killed worker's chunk (100 items, lease 2 s) is claimed again within"
            + " its lease + 1 s";
    if (checks.present(k, seconds)) {
      out.add(
          TargetResult.checkAtMost(
              k,
              seconds.getAsDouble(),
              3.0,
              "%.2f s",
              "taken-over items are claimed one at a time: 100 items cost 100 claims"));
    }
  }
}
