package dev.ratchet.bench.suites;

import dev.ratchet.bench.BenchContext;
import dev.ratchet.bench.Measure;
import dev.ratchet.bench.Mode;
import dev.ratchet.bench.Stats;
import dev.ratchet.bench.Suite;
import dev.ratchet.bench.ratchet.ResumeProbe;
import dev.ratchet.store.Change;
import dev.ratchet.store.Commit;
import dev.ratchet.store.FileStore;
import dev.ratchet.store.FsyncPolicy;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Resume planning: a child JVM limited to 200 MB of heap opens a checkpoint of n items of which 1%
 * are not done and finds the items left to run.
 */
public final class ResumeSuite implements Suite {
  static final int HEAP_MB = 200;

  @Override
  public double quickBudgetSeconds() {
    return 55;
  }

  @Override
  public String name() {
    return "resume";
  }

  @Override
  public String description() {
    return "A checkpoint of n ordinal items is written first (FileStore, batches of 10,000, "
        + "fsync NEVER to build it quickly, closed cleanly). tail: the first 99% are DONE and "
        + "the last 1% were never recorded (an ordered run that crashed). scattered: every "
        + "100th item is FAILED, all others DONE. Then a child JVM with -Xmx"
        + HEAP_MB
        + "m "
        + "(class path: ratchet-core, Jackson, slf4j and the probe; a tiny checkpoint is opened "
        + "first so that class loading is not timed) opens the store and plans the rest as the "
        + "item pipeline's reader does: it skips the done prefix and every run of DONE items "
        + "(nextUndoneOrdinal), takes never-recorded items as pending without a lookup "
        + "(nextRecordedOrdinal) and looks up the others, counting the items to run. Time is "
        + "measured inside the child from open to plan; heap is the peak "
        + "use of the heap pools during that time (a run that needs more than "
        + HEAP_MB
        + " MB fails with OutOfMemoryError and is reported as such). Each probe is a new JVM, "
        + "so there is no JIT warm-up to discard; quick mode runs each case twice, 10,000,000 "
        + "tail first.";
  }

  @Override
  public void run(BenchContext ctx) throws Exception {
    List<Object[]> cases =
        ctx.mode().atLeastQuick()
            ? List.of(
                new Object[] {10_000_000L, "tail"},
                new Object[] {1_000_000L, "tail"},
                new Object[] {1_000_000L, "scattered"},
                new Object[] {10_000_000L, "scattered"})
            : List.of(new Object[] {20_000L, "tail"}, new Object[] {20_000L, "scattered"});
    for (Object[] c : cases) {
      long n = (Long) c[0];
      String layout = (String) c[1];
      if (ctx.overBudget("resume n=" + n + " " + layout)) {
        continue;
      }
      if (n >= 10_000_000 && layout.equals("scattered") && ctx.remainingSeconds() < 45) {
        ctx.results()
            .note(
                name(),
                String.format(
                    "not measured in this run: resume n=%d %s "
                        + "(it takes about a minute to build and probe; %.0f s of the suite's quick-mode "
                        + "budget were left)",
                    n, layout, ctx.remainingSeconds()));
        continue;
      }
      try {
        measure(ctx, n, layout);
      } catch (IllegalStateException e) {
        ctx.results().note(name(), "n=" + n + " " + layout + ": " + e.getMessage());
      }
    }
  }

  private void measure(BenchContext ctx, long n, String layout) throws Exception {
    Path dir = ctx.freshDir("resume").resolve("ckpt");
    long t0 = System.nanoTime();
    build(dir, n, layout);
    double buildSeconds = (System.nanoTime() - t0) / 1e9;
    List<long[]> probes = new ArrayList<>();
    boolean quick = ctx.mode() == Mode.QUICK;
    int warmups = quick ? 0 : ctx.mode().warmups();
    Stats millis =
        Measure.repeat(
            warmups,
            quick ? 2 : ctx.mode().runs(),
            i -> {
              long[] probe = probe(dir, n);
              probes.add(probe);
              return probe[0];
            });
    long expected = n / 100;
    for (long[] p : probes) {
      if (p[2] != expected) {
        throw new IllegalStateException(
            "the plan found " + p[2] + " items to run, expected " + expected);
      }
    }
    double[] peaks = probes.stream().skip(warmups).mapToDouble(p -> p[1] / 1e6).toArray();
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("n", n);
    params.put("layout", layout);
    String note =
        String.format(
            "checkpoint of %.1f MB on disk, built in %.1f s",
            CheckpointSuite.sizeOf(dir) / 1e6, buildSeconds);
    ctx.figure(
        name(),
        "plan_ms",
        params,
        "open + plan the rest (1% not done)",
        "ms",
        millis,
        note,
        null,
        0);
    ctx.figure(name(), "peak_heap_mb", params, "peak heap while planning", "MB", Stats.of(peaks));
  }

  static void build(Path dir, long n, String layout) throws Exception {
    long recorded = layout.equals("tail") ? n - n / 100 : n;
    try (FileStore store = FileStore.builder(dir).fsync(FsyncPolicy.NEVER).build()) {
      store.open();
      for (long from = 0; from < recorded; from += 10_000) {
        long to = Math.min(recorded, from + 10_000);
        List<Change> changes = new ArrayList<>((int) (to - from));
        for (long k = from; k < to; k++) {
          changes.add(
              layout.equals("scattered") && k % 100 == 99
                  ? Change.Item.failed(Long.toString(k), 1, 0, "planned failure")
                  : Change.Item.done(Long.toString(k), 1, null));
        }
        store.commit(new Commit(changes, true));
      }
    }
  }

  /** Runs the probe in a child JVM; returns {millis, peak heap bytes, items to run}. */
  static long[] probe(Path dir, long n) throws Exception {
    Process p =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + HEAP_MB + "m",
                "-XX:+UseSerialGC",
                "-cp",
                coreClassPath(),
                ResumeProbe.class.getName(),
                dir.toString(),
                Long.toString(n),
                dir.resolveSibling("warm-" + System.nanoTime()).toString())
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    int exit = p.waitFor();
    String[] last = out.substring(out.lastIndexOf('\n') + 1).split(" ");
    if (exit != 0 || last.length != 3) {
      throw new IllegalStateException(
          "resume probe with -Xmx"
              + HEAP_MB
              + "m failed (exit "
              + exit
              + "): "
              + out.substring(0, Math.min(600, out.length())));
    }
    return new long[] {Long.parseLong(last[0]), Long.parseLong(last[1]), Long.parseLong(last[2])};
  }

  /** The bench classes with ratchet-core and its own dependencies only, as an application has. */
  static String coreClassPath() {
    return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
        .filter(
            e ->
                e.contains("ratchet-core")
                    || e.contains("ratchet-bench")
                    || e.contains("jackson")
                    || e.contains("slf4j"))
        .collect(Collectors.joining(File.pathSeparator));
  }
}
