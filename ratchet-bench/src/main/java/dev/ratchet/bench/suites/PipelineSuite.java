package dev.ratchet.bench.suites;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ratchet.bench.BenchContext;
import dev.ratchet.bench.Measure;
import dev.ratchet.bench.Mode;
import dev.ratchet.bench.Stats;
import dev.ratchet.bench.Suite;
import dev.ratchet.bench.ratchet.PipelineCrashChild;
import dev.ratchet.items.ItemOutput;
import dev.ratchet.items.ItemPipeline;
import dev.ratchet.items.ItemSink;
import dev.ratchet.items.ItemSource;
import dev.ratchet.items.RunHandle;
import dev.ratchet.items.RunResult;
import dev.ratchet.items.SeekPoint;
import dev.ratchet.items.Sinks;
import dev.ratchet.items.SourceItem;
import dev.ratchet.items.Sources;
import dev.ratchet.store.FileStore;
import dev.ratchet.store.FsyncPolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Ratchet's item pipeline end to end: the shared input lines, a no-op processor, the file store
 * with fsync on every commit; without output (checkpoint throughput) and with JSON-lines output
 * (the like-for-like peer of Spring Batch's file-to-file job).
 */
public final class PipelineSuite implements Suite {
  static final int[] BATCHES = {1, 10, 100, 1000};
  static final int[] THREADS = {1, 8};

  /** The batch size of the no-checkpoint baseline, measured after the JSON-lines case of it. */
  static final int BASELINE_BATCH = 1000;

  /** Runs in quick mode of the JSON-lines case at that batch and of its baseline. */
  static final int QUICK_TARGET_RUNS = 5;

  /** The crash-and-resume case runs after this many cases (before the less needed ones). */
  static final int CRASH_AFTER_CASES = 9;

  @Override
  public double quickBudgetSeconds() {
    return 105;
  }

  @Override
  public String name() {
    return "pipeline";
  }

  @Override
  public String description() {
    return "ItemPipeline over Sources.lines(input) with a no-op processor (line -> line length), "
        + "FileStore with fsync ALWAYS (storeFactory), keepCheckpoint() so the checkpoint's size "
        + "can be measured, 1 or 8 worker threads. items_per_s has no output sink "
        + "(Sinks.none()): the cost of checkpointing. items_per_s_jsonl writes every DONE item to "
        + "Sinks.jsonLines(output) with exactly-once output, one thread: the peer of the Spring "
        + "Batch job. Quick mode measures the cases the targets need first, two runs each (one "
        + "for 1,000,000 items; five for the JSON-lines case at batch 1000 and its baseline, runs "
        + "of about 50 ms whose ratios to Spring Batch and to the baseline are targets) after a warm-up run of the first case and of the first case with "
        + "8 threads, with batch 1 on 5,000 items (20,000 with 8 threads) and batch 10 on 50,000 "
        + "instead of the nominal n, and caps each run at 6 s "
        + "(batch 1 and 10, 1,000,000 items) or 10 s: a capped run is stopped gracefully and "
        + "its rate is over the items it finished (noted). The "
        + "disk limit of a batch size is min(fsyncs/s × batch, bandwidth ÷ bytes per item). "
        + "Unlike Spring Batch's FlatFileItemWriter (no forced sync by default), the JSON-lines "
        + "sink forces the output file before each commit. The crash case runs the JSON-lines "
        + "pipeline (batch 100) in a child JVM that halts itself (Runtime.halt, the open batch "
        + "uncommitted) after half the items; the figure is the resume that finishes the run. "
        + "The baseline (baseline_items_per_s_jsonl, after the JSON-lines batch-1000 case) is "
        + "the same job without checkpointing: the same Sources.lines cursor, processor and "
        + "Sinks.jsonLines writer (forced per batch of 1000) in a plain loop, no journal.";
  }

  /** One run: items finished, time, and the checkpoint's size at the end. */
  record Outcome(long items, long nanos, long bytes, boolean capped) {}

  /** One measurement: nominal items, items actually run, batch size, threads, output or not. */
  record Case(long n, long items, int batch, int threads, boolean output) {}

  /**
   * Quick mode: the cases the targets need first, two runs each, 5,000 items at batch 1 (20,000
   * with 8 threads, after a warm-up of their own: runs of a quarter of a second swung threefold).
   */
  static List<Case> quickCases() {
    return List.of(
        new Case(100_000, 100_000, 1000, 1, false),
        new Case(100_000, 5_000, 1, 1, false),
        new Case(100_000, 20_000, 1, 8, false),
        new Case(100_000, 100_000, 100, 1, false),
        new Case(10_000, 10_000, 100, 1, false),
        new Case(1_000_000, 1_000_000, 100, 1, false),
        new Case(100_000, 5_000, 1, 1, true),
        new Case(100_000, 100_000, 100, 1, true),
        new Case(100_000, 100_000, 1000, 1, true),
        new Case(100_000, 50_000, 10, 1, false),
        new Case(100_000, 100_000, 100, 8, false),
        new Case(100_000, 100_000, 1000, 8, false),
        new Case(1_000_000, 1_000_000, 1000, 1, false));
  }

  static List<Case> fullCases(boolean tiny) {
    List<Case> cases = new ArrayList<>();
    long[] sizes = tiny ? new long[] {2_000} : new long[] {10_000, 100_000, 1_000_000};
    for (long n : sizes) {
      for (int batch : BATCHES) {
        if (n == 10_000 && batch != 100) {
          continue;
        }
        for (int threads : THREADS) {
          cases.add(new Case(n, n, batch, threads, false));
        }
      }
    }
    for (int batch : new int[] {1, 100, 1000}) {
      long n = tiny ? 2_000 : 100_000;
      cases.add(new Case(n, n, batch, 1, true));
    }
    return cases;
  }

  @Override
  public void run(BenchContext ctx) throws Exception {
    boolean quick = ctx.mode() == Mode.QUICK;
    List<Case> cases = quick ? quickCases() : fullCases(ctx.mode() == Mode.TINY);
    boolean first = true;
    boolean threadsWarmed = false;
    int index = 0;
    for (Case c : cases) {
      double cap =
          quick
              ? (c.batch() <= 10 || c.n() >= 1_000_000 ? 6 : 10)
              : ctx.mode() == Mode.TINY ? 10 : 120;
      boolean warmUp = first || (c.threads() > 1 && !threadsWarmed);
      measure(ctx, c, cap, warmUp);
      first = false;
      threadsWarmed |= c.threads() > 1;
      if (c.output() && c.batch() == BASELINE_BATCH && !ctx.overBudget("pipeline baseline")) {
        measureBaseline(ctx, c.n());
      }
      if (++index == CRASH_AFTER_CASES && !ctx.overBudget("pipeline crash and resume")) {
        crashAndResume(ctx, ctx.mode().atLeastQuick() ? 100_000 : 2_000, 100);
      }
    }
  }

  private void measure(BenchContext ctx, Case c, double cap, boolean warmUp) throws Exception {
    long n = c.n();
    long items = c.items();
    int batch = c.batch();
    int threads = c.threads();
    boolean output = c.output();
    String what =
        String.format(
            "pipeline%s n=%d batch=%d threads=%d", output ? " jsonl" : "", n, batch, threads);
    if (ctx.overBudget(what)) {
      return;
    }
    Path input = ctx.inputs().lines(items);
    List<Outcome> outcomes = new ArrayList<>();
    boolean quick = ctx.mode() == Mode.QUICK;
    int runs =
        quick
            ? (items >= 1_000_000 ? 1 : output && batch == BASELINE_BATCH ? QUICK_TARGET_RUNS : 2)
            : ctx.mode().runs();
    int warmups = quick ? (warmUp ? 1 : 0) : ctx.mode().warmups();
    Stats rate =
        Measure.repeat(
            warmups,
            runs,
            i -> {
              Outcome o =
                  runOnce(
                      ctx.freshDir("pipeline"), input, items, batch, threads, output, ctx.cap(cap));
              outcomes.add(o);
              return Measure.perSecond(o.items(), o.nanos());
            });
    Outcome last = outcomes.get(outcomes.size() - 1);
    List<String> notes = new ArrayList<>();
    if (items != n) {
      notes.add(String.format("quick mode: %,d items instead of %,d", items, n));
    }
    if (last.capped()) {
      notes.add(String.format("capped at %.0f s after %,d items", cap, last.items()));
    }
    double bytesPerItem = (double) last.bytes() / last.items();
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("n", n);
    params.put("batch", batch);
    params.put("threads", threads);
    ctx.figure(
        name(),
        output ? "items_per_s_jsonl" : "items_per_s",
        params,
        output ? "pipeline, JSON-lines output" : "pipeline, no output",
        "items/s",
        rate,
        notes.isEmpty() ? null : String.join("; ", notes),
        "disk limit",
        DiskLimits.itemsPerSecondLimit(ctx, batch, bytesPerItem));
    if (threads == 1 && !output) {
      ctx.figure(
          name(),
          "bytes_per_item",
          params,
          "checkpoint bytes per item",
          "B/item",
          Stats.of(bytesPerItem));
    }
  }

  /**
   * The same job without checkpointing: the same reader ({@code Sources.lines}), processor and
   * writer ({@code Sinks.jsonLines}, forced per batch), called in a plain loop, no journal.
   */
  private void measureBaseline(BenchContext ctx, long n) throws Exception {
    Path input = ctx.inputs().lines(n);
    int runs = ctx.mode() == Mode.QUICK ? QUICK_TARGET_RUNS : ctx.mode().runs();
    Stats rate =
        Measure.repeat(
            0,
            runs,
            i -> {
              Path out = ctx.freshDir("pipeline").resolve("baseline.jsonl");
              long t0 = System.nanoTime();
              long items = baselineRun(input, out, BASELINE_BATCH);
              return Measure.perSecond(items, System.nanoTime() - t0);
            });
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("n", n);
    params.put("batch", BASELINE_BATCH);
    ctx.figure(
        name(),
        "baseline_items_per_s_jsonl",
        params,
        "same job without checkpointing (same reader and writer, no journal)",
        "items/s",
        rate);
  }

  static long baselineRun(Path input, Path out, int batch) throws Exception {
    long items = 0;
    try (ItemSource.Cursor<String> cursor = Sources.lines(input).open(SeekPoint.START);
        ItemSink.Writer<Object, Object> writer = Sinks.jsonLines(out).open(Map.of())) {
      List<ItemOutput<Object, Object>> outputs = new ArrayList<>(batch);
      while (cursor.hasNext()) {
        SourceItem<String> item = cursor.next();
        outputs.add(new ItemOutput<>(item.key(), item.value(), item.value().length()));
        if (outputs.size() == batch) {
          writer.write(outputs);
          items += outputs.size();
          outputs.clear();
        }
      }
      writer.write(outputs);
      items += outputs.size();
    }
    return items;
  }

  /** Crashes a child JVM half-way, then times the resume that finishes the run. */
  private void crashAndResume(BenchContext ctx, long n, int batch) throws Exception {
    Path dir = ctx.freshDir("pipeline");
    Path input = ctx.inputs().lines(n);
    Path output = dir.resolve("out.jsonl");
    Path ckpt = dir.resolve("ckpt");
    Process child =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=error",
                "-cp",
                System.getProperty("java.class.path"),
                PipelineCrashChild.class.getName(),
                input.toString(),
                output.toString(),
                ckpt.toString(),
                Integer.toString(batch),
                Long.toString(n / 2))
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("child.log").toFile())
            .start();
    int exit = child.waitFor();
    long t0 = System.nanoTime();
    RunResult result =
        ItemPipeline.<String, Integer>builder()
            .source(Sources.lines(input))
            .processor(String::length)
            .sink(Sinks.jsonLines(output))
            .storeFactory(() -> FileStore.builder(ckpt).fsync(FsyncPolicy.ALWAYS).build())
            .batchSize(batch)
            .build()
            .run();
    double seconds = (System.nanoTime() - t0) / 1e9;
    long[] check = keysCheck(output, n);
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("n", n);
    params.put("batch", batch);
    String note =
        String.format(
            "child halted itself after %,d items (exit %d); the resume "
                + "processed %,d items (%s); output afterwards: %,d lines, %,d duplicates, %,d missing",
            n / 2, exit, result.processed(), result.outcome(), check[0], check[1], check[2]);
    ctx.figure(
        name(),
        "restart_s",
        params,
        "resume after a crash at 50%",
        "s",
        Stats.of(seconds),
        note,
        null,
        0);
    ctx.results().note(name(), "crash: " + note);
  }

  /** Lines, duplicate keys and missing keys of a JSON-lines output of ordinal keys. */
  static long[] keysCheck(Path output, long n) throws Exception {
    ObjectMapper json = new ObjectMapper();
    BitSet seen = new BitSet();
    long lines = 0;
    long duplicates = 0;
    try (var reader = Files.newBufferedReader(output)) {
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        lines++;
        int key = Integer.parseInt(json.readTree(line).get("key").asText());
        if (seen.get(key)) {
          duplicates++;
        }
        seen.set(key);
      }
    }
    return new long[] {lines, duplicates, n - seen.cardinality()};
  }

  static Outcome runOnce(
      Path dir, Path input, long n, int batch, int threads, boolean output, double capSeconds)
      throws Exception {
    Path ckpt = dir.resolve("ckpt");
    ItemPipeline.Builder<String, Integer> b =
        ItemPipeline.<String, Integer>builder()
            .source(Sources.lines(input))
            .processor(String::length)
            .storeFactory(() -> FileStore.builder(ckpt).fsync(FsyncPolicy.ALWAYS).build())
            .batchSize(batch)
            .workers(threads)
            .keepCheckpoint();
    b.sink(output ? Sinks.jsonLines(dir.resolve("out.jsonl")) : Sinks.none());
    long t0 = System.nanoTime();
    RunHandle handle = b.build().start();
    // stopped at the cap by a timer, so that the clock stops when the run ends (polling every 2 ms
    // added a millisecond on average to runs of about 50 ms)
    AtomicBoolean capped = new AtomicBoolean();
    ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    RunResult result;
    long nanos;
    try {
      timer.schedule(
          () -> {
            capped.set(true);
            handle.stop();
          },
          (long) (capSeconds * 1e9),
          TimeUnit.NANOSECONDS);
      result = handle.await();
      nanos = System.nanoTime() - t0;
    } finally {
      timer.shutdownNow();
    }
    long done = result.counts().done();
    if (!capped.get() && (!result.succeeded() || done != n)) {
      throw new IllegalStateException(
          "pipeline ended "
              + result.outcome()
              + " with "
              + result.counts()
              + ", expected "
              + n
              + " DONE");
    }
    return new Outcome(done, nanos, CheckpointSuite.sizeOf(ckpt), capped.get());
  }
}
