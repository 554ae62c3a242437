package dev.ratchet.bench.suites;

import dev.ratchet.bench.BenchContext;
import dev.ratchet.bench.Measure;
import dev.ratchet.bench.Mode;
import dev.ratchet.bench.Stats;
import dev.ratchet.bench.Suite;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code ratchet process --exec} against GNU parallel with {@code --joblog --resume}: the same
 * items, the same number of workers, the same shell command per item.
 */
public final class ExecSuite implements Suite {
  static final int WORKERS = 4;
  static final String RATCHET_CMD = "printf '%s\\n' \"$RATCHET_ITEM\"";
  static final String PARALLEL_CMD = "printf '%s\\n' {}";

  @Override
  public double quickBudgetSeconds() {
    return 180; // two tools x 3,000 process starts; 55 s left ratchet unmeasured
  }

  @Override
  public String name() {
    return "exec";
  }

  @Override
  public String description() {
    return "Both run one shell per item with "
        + WORKERS
        + " workers over the same input lines "
        + "and print the item back. ratchet: `java -jar ratchet-cli/target/ratchet.jar process "
        + "--input FILE --output OUT --checkpoint DIR --workers "
        + WORKERS
        + " --exec '"
        + RATCHET_CMD
        + "'` (default batch size, checkpoint fsynced, JSON-lines output). GNU "
        + "parallel: `parallel -j"
        + WORKERS
        + " --joblog LOG --resume \""
        + PARALLEL_CMD
        + "\" :::: FILE > OUT`. The figure is wall time per item of a fresh run, JVM start "
        + "included for ratchet. 10,000 items in full mode; quick mode runs 3,000 (one run "
        + "each) to stay within its ten minutes.";
  }

  @Override
  public void run(BenchContext ctx) throws Exception {
    long n = ctx.mode() == Mode.FULL ? 10_000 : ctx.mode().atLeastQuick() ? 3_000 : 100;
    Path input = ctx.inputs().lines(n);
    Path warm = ctx.inputs().lines(Math.min(n, 500));
    int runs = ctx.mode() == Mode.FULL ? 3 : 1;
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("n", n);
    params.put("workers", WORKERS);
    String parallelVersion = firstLine(run(List.of("parallel", "--version"), null, 30));
    ctx.results().environment("GNU parallel", parallelVersion);
    Stats parallel =
        Measure.repeat(
            0,
            runs,
            i -> {
              Path dir = ctx.freshDir("exec");
              return perItemMicros(
                  n,
                  () ->
                      run(
                          List.of(
                              "bash",
                              "-c",
                              "parallel -j"
                                  + WORKERS
                                  + " --joblog "
                                  + dir.resolve("joblog")
                                  + " --resume \""
                                  + PARALLEL_CMD
                                  + "\" :::: "
                                  + input
                                  + " > "
                                  + dir.resolve("out.txt")),
                          null,
                          600),
                  dir.resolve("out.txt"),
                  n);
            });
    ctx.figure(
        name(),
        "us_per_item",
        withTool(params, "gnu-parallel"),
        "GNU parallel --joblog --resume",
        "us/item",
        parallel);

    if (ctx.overBudget("ratchet process --exec")) {
      return;
    }
    Path launcher = ctx.repoRoot().resolve("ratchet");
    run(List.of(launcher.toString(), "--version"), null, 600);
    Path jar = ctx.repoRoot().resolve("ratchet-cli/target/ratchet.jar");
    Stats ratchet =
        Measure.repeat(
            ctx.mode().atLeastQuick() ? 1 : 0,
            runs,
            i -> {
              Path dir = ctx.freshDir("exec");
              Path in = i < 0 ? warm : input;
              long items = i < 0 ? Math.min(n, 500) : n;
              return perItemMicros(
                  items,
                  () ->
                      run(
                          List.of(
                              Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                              "-jar",
                              jar.toString(),
                              "process",
                              "--input",
                              in.toString(),
                              "--output",
                              dir.resolve("out.jsonl").toString(),
                              "--checkpoint",
                              dir.resolve("ckpt").toString(),
                              "--workers",
                              Integer.toString(WORKERS),
                              "--exec",
                              RATCHET_CMD),
                          null,
                          600),
                  dir.resolve("out.jsonl"),
                  items);
            });
    ctx.figure(
        name(),
        "us_per_item",
        withTool(params, "ratchet"),
        "ratchet process --exec",
        "us/item",
        ratchet);
  }

  static Map<String, Object> withTool(Map<String, Object> params, String tool) {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("tool", tool);
    p.putAll(params);
    return p;
  }

  /** A command whose output file must hold one line per item. */
  interface Command {
    String run() throws Exception;
  }

  private static double perItemMicros(long items, Command command, Path output, long expected)
      throws Exception {
    long t0 = System.nanoTime();
    command.run();
    long nanos = System.nanoTime() - t0;
    long lines;
    try (var s = Files.lines(output, StandardCharsets.UTF_8)) {
      lines = s.count();
    }
    if (lines != expected) {
      throw new IllegalStateException(
          output.getFileName() + " holds " + lines + " lines, " + "expected " + expected);
    }
    return nanos / 1e3 / items;
  }

  static String run(List<String> command, File dir, long timeoutSeconds) throws Exception {
    Process p =
        new ProcessBuilder(new ArrayList<>(command))
            .directory(dir)
            .redirectErrorStream(true)
            .start();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException(String.join(" ", command) + " timed out");
    }
    String text = new String(out, StandardCharsets.UTF_8);
    if (p.exitValue() != 0) {
      throw new IllegalStateException(
          String.join(" ", command)
              + " exited "
              + p.exitValue()
              + ": "
              + text.substring(0, Math.min(800, text.length())));
    }
    return text;
  }

  private static String firstLine(String text) {
    return text.split("\n")[0].trim();
  }
}
