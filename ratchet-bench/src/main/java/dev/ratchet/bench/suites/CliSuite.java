package dev.ratchet.bench.suites;

import dev.ratchet.bench.BenchContext;
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
 * without any checkpoint, each a fresh JVM: what checkpointing costs through the command line,
 * through the launcher users run and through {@code java -jar}.
 */
public final class CliSuite implements Suite {
  static final int BATCH = 1000;

  @Override
  public double quickBudgetSeconds() {
    return 80;
  }

  @Override
  public String name() {
    return "cli";
  }

  @Override
  public String description() {
    return "The same job three times, each a fresh JVM (start included): `./ratchet process "
        + "--input FILE --output OUT --batch-size "
        + BATCH
        + "` through the launcher users run (with its class-data archive, made before the "
        + "timed runs), the same command as `java -jar ratchet.jar process …` without the "
        + "archive (built-in transform, checkpoint fsynced, JSON-lines output forced per batch, "
        + "checkpoint removed at the end), and PlainTransform, a plain program that reads the lines "
        + "with a BufferedReader, applies the same transform and writes the byte-identical output "
        + "with one Jackson generator and one force at the end (checked: the outputs must be "
        + "equal). 2,000,000 lines of about 45 bytes; the three alternate, after one warm-up "
        + "round; quick mode runs each twice.";
  }

  @Override
  public void run(BenchContext ctx) throws Exception {
    long n = ctx.mode().atLeastQuick() ? 2_000_000 : 20_000;
    Path input = ctx.inputs().lines(n);
    Path jar = ctx.repoRoot().resolve("ratchet-cli/target/ratchet.jar");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String launcher = ctx.repoRoot().resolve("ratchet").toString();
    ExecSuite.run(List.of(launcher, "--version"), null, 300); // makes the archive, untimed
    Path dir = ctx.freshDir("cli");
    Path plainOut = dir.resolve("plain.jsonl");
    List<String> plain =
        List.of(
            java,
            "-cp",
            System.getProperty("java.class.path"),
            PlainTransform.class.getName(),
            input.toString(),
            plainOut.toString());
    Map<String, List<String>> ratchets = new LinkedHashMap<>();
    ratchets.put("ratchet-launcher", List.of(launcher));
    ratchets.put("ratchet", List.of(java, "-jar", jar.toString()));
    int runs = ctx.mode() == Mode.FULL ? ctx.mode().runs() : 2;
    Map<String, List<Double>> seconds = new LinkedHashMap<>();
    for (int round = -1; round < runs; round++) {
      Files.deleteIfExists(plainOut);
      double p = seconds(plain);
      if (round >= 0) {
        seconds.computeIfAbsent("plain", k -> new ArrayList<>()).add(p);
      }
      for (Map.Entry<String, List<String>> tool : ratchets.entrySet()) {
        Path out = dir.resolve(tool.getKey() + ".jsonl");
        Files.deleteIfExists(out);
        List<String> command = new ArrayList<>(tool.getValue());
        command.addAll(
            List.of(
                "process",
                "--input",
                input.toString(),
                "--output",
                out.toString(),
                "--batch-size",
                Integer.toString(BATCH),
                "--progress",
                "none"));
        double r = seconds(command);
        if (Files.mismatch(plainOut, out) != -1) {
          throw new IllegalStateException(
              tool.getKey()
                  + " and PlainTransform wrote different bytes ("
                  + plainOut
                  + ", "
                  + out
                  + ")");
        }
        if (round >= 0) {
          seconds.computeIfAbsent(tool.getKey(), k -> new ArrayList<>()).add(r);
        }
      }
    }
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("n", n);
    params.put("batch", BATCH);
    Map<String, String> labels =
        Map.of(
            "ratchet-launcher", "./ratchet process (class-data archive), built-in transform",
            "ratchet", "java -jar ratchet.jar process, built-in transform",
            "plain", "plain program, same bytes, no checkpoint");
    for (Map.Entry<String, List<Double>> tool : seconds.entrySet()) {
      ctx.figure(
          name(),
          "seconds",
          ExecSuite.withTool(params, tool.getKey()),
          labels.get(tool.getKey()),
          "s",
          Stats.of(tool.getValue().stream().mapToDouble(Double::doubleValue).toArray()));
    }
  }

  private static double seconds(List<String> command) throws Exception {
    long t0 = System.nanoTime();
    ExecSuite.run(command, null, 600);
    return (System.nanoTime() - t0) / 1e9;
  }
}
