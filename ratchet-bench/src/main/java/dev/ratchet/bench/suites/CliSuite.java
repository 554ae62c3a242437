package dev.ratchet.bench.suites;

import dev.ratchet.bench.BenchContext;
import dev.ratchet.bench.Measure;
import dev.ratchet.bench.Mode;
import dev.ratchet.bench.Stats;
import dev.ratchet.bench.Suite;
import dev.ratchet.bench.ratchet.PlainTransform;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code ratchet process} with its built-in transform against a plain program doing the same job
 * without any checkpoint, both as fresh JVMs: what checkpointing costs through the command line.
 */
public final class CliSuite implements Suite {
  static final int BATCH = 1000;

  @Override
  public double quickBudgetSeconds() {
    return 60;
  }

  @Override
  public String name() {
    return "cli";
  }

  @Override
  public String description() {
    return "The same job twice, each a fresh JVM (start included): `java -jar ratchet.jar process "
        + "--input FILE --output OUT --batch-size "
        + BATCH
        + "` (built-in transform, checkpoint fsynced, JSON-lines output forced per batch, "
        + "checkpoint removed at the end), and PlainTransform, a plain program that reads the lines "
        + "with a BufferedReader, applies the same transform and writes the byte-identical output "
        + "with one Jackson generator and one force at the end (checked: the two outputs must be "
        + "equal). 2,000,000 lines of about 45 bytes; the two alternate, after one warm-up each; "
        + "quick mode runs each twice.";
  }

  @Override
  public void run(BenchContext ctx) throws Exception {
    long n = ctx.mode().atLeastQuick() ? 2_000_000 : 20_000;
    Path input = ctx.inputs().lines(n);
    Path jar = ctx.repoRoot().resolve("ratchet-cli/target/ratchet.jar");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Path dir = ctx.freshDir("cli");
    Path plainOut = dir.resolve("plain.jsonl");
    Path ratchetOut = dir.resolve("ratchet.jsonl");
    List<String> plain =
        List.of(
            java,
            "-cp",
            System.getProperty("java.class.path"),
            PlainTransform.class.getName(),
            input.toString(),
            plainOut.toString());
    List<String> ratchet =
        List.of(
            java,
            "-jar",
            jar.toString(),
            "process",
            "--input",
            input.toString(),
            "--output",
            ratchetOut.toString(),
            "--batch-size",
            Integer.toString(BATCH),
            "--progress",
            "none");
    int runs = ctx.mode() == Mode.FULL ? ctx.mode().runs() : 2;
    List<Double> plainSeconds = new ArrayList<>();
    Stats ratchetSeconds =
        Measure.repeat(
            1,
            runs,
            i -> {
              Files.deleteIfExists(plainOut);
              Files.deleteIfExists(ratchetOut);
              double p = seconds(plain);
              double r = seconds(ratchet);
              if (Files.mismatch(plainOut, ratchetOut) != -1) {
                throw new IllegalStateException(
                    "ratchet process and PlainTransform wrote different bytes ("
                        + plainOut
                        + ", "
                        + ratchetOut
                        + ")");
              }
              if (i >= 0) {
                plainSeconds.add(p);
              }
              return r;
            });
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("n", n);
    params.put("batch", BATCH);
    ctx.figure(
        name(),
        "seconds",
        ExecSuite.withTool(params, "ratchet"),
        "ratchet process, built-in transform",
        "s",
        ratchetSeconds);
    ctx.figure(
        name(),
        "seconds",
        ExecSuite.withTool(params, "plain"),
        "plain program, same bytes, no checkpoint",
        "s",
        Stats.of(plainSeconds.stream().mapToDouble(Double::doubleValue).toArray()));
  }

  private static double seconds(List<String> command) throws Exception {
    long t0 = System.nanoTime();
    ExecSuite.run(command, null, 600);
    return (System.nanoTime() - t0) / 1e9;
  }
}
