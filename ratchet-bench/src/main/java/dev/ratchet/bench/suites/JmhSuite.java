package dev.ratchet.bench.suites;

import dev.ratchet.bench.BenchContext;
import dev.ratchet.bench.Mode;
import dev.ratchet.bench.Stats;
import dev.ratchet.bench.Suite;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * The JMH micro benchmarks of this module, run briefly in a forked JVM. Their spread is JMH's own
 * min–max over the measurement iterations.
 */
public final class JmhSuite implements Suite {

  @Override
  public double quickBudgetSeconds() {
    return 20;
  }

  @Override
  public String name() {
    return "jmh";
  }

  @Override
  public String description() {
    return "JMH micro benchmarks (dev.ratchet.bench.jmh), one fork, 2 warm-up and 3 measured "
        + "iterations of 1 s each in quick mode (5 × 2 s in full mode). Run them alone, with "
        + "JMH's own options, with `bench/run --jmh`.";
  }

  @Override
  public void run(BenchContext ctx) throws Exception {
    boolean full = ctx.mode() == Mode.FULL;
    boolean tiny = !ctx.mode().atLeastQuick();
    Options opts =
        new OptionsBuilder()
            .include("dev\\.ratchet\\.bench\\.jmh\\..*")
            .forks(1)
            .warmupIterations(tiny ? 1 : 2)
            .warmupTime(TimeValue.milliseconds(tiny ? 100 : full ? 2000 : 1000))
            .measurementIterations(tiny ? 1 : full ? 5 : 3)
            .measurementTime(TimeValue.milliseconds(tiny ? 100 : full ? 2000 : 1000))
            .jvmArgs("-Xmx1g")
            .shouldFailOnError(true)
            .build();
    Collection<RunResult> results = new Runner(opts).run();
    for (RunResult r : results) {
      var primary = r.getPrimaryResult();
      var stats = primary.getStatistics();
      Map<String, Object> params = new LinkedHashMap<>();
      for (String key : r.getParams().getParamsKeys()) {
        params.put(key, r.getParams().getParam(key));
      }
      String bench = r.getParams().getBenchmark();
      String shortName = bench.substring(bench.lastIndexOf('.', bench.lastIndexOf('.') - 1) + 1);
      ctx.figure(
          name(),
          shortName,
          params,
          shortName,
          primary.getScoreUnit(),
          new Stats(stats.getPercentile(50), stats.getMin(), stats.getMax(), (int) stats.getN()));
    }
  }
}
