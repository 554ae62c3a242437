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
    return 100;
  }

  @Override
  public String name() {
    return "cli";
  }

  @Override
  public String description() {
    return "The same job four times, each a fresh JVM (start included): `./ratchet process "
        + "--input FILE --output OUT --batch-size "
        + BATCH
        + "` through the launcher users run (with its class-data archive, made before the "
        + "timed runs, and the serial collector it picks), the same command as `java -jar "
        + "ratchet.jar process …` (no archive, the JVM's default collector) (built-in transform, checkpoint fsynced, JSON-lines output forced per batch, "
        + "checkpoint removed at the end), and PlainTransform, a plain program that reads the lines "
        + "with a BufferedReader, applies the same transform and writes the byte-identical output "
        + "with one Jackson generator and one force at the end (checked: the outputs must be "
        + "equal), run on the default collector and on the serial one, so that each ratchet "
        + "figure has a peer on the same collector. 2,000,000 lines of about 45 bytes; the four "
        + "alternate, after one warm-up "
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
    // the plain program twice: on the JVM's default collector (java -jar's peer) and on the
    // serial collector the launcher picks (the launcher's peer), so each pair differs only in
    // what ratchet does
    Map<String, List<String>> plains = new LinkedHashMap<>();
    plains.put("plain", plainCommand(java, List.of(), input, plainOut));
    plains.put("plain-serial", plainCommand(java, List.of("-XX:+UseSerialGC"), input, plainOut));
    Map<String, List<String>> ratchets = new LinkedHashMap<>();
    ratchets.put("ratchet-launcher", List.of(launcher));
    ratchets.put("ratchet", List.of(java, "-jar", jar.toString()));
    int runs = ctx.mode() == Mode.FULL ? ctx.mode().runs() : 2;
    Map<String, List<Double>> seconds = new LinkedHashMap<>();
    for (int round = -1; round < runs; round++) {
      for (Map.Entry<String, List<String>> tool : plains.entrySet()) {
        Files.deleteIfExists(plainOut);
        double p = seconds(tool.getValue());
        if (round >= 0) {
          seconds.computeIfAbsent(tool.getKey(), k -> new ArrayList<>()).add(p);
        }
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
            "plain", "plain program, same bytes, no checkpoint",
            "plain-serial", "plain program, same bytes, no checkpoint, -XX:+UseSerialGC");
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

  private static List<String> plainCommand(
      String java, List<String> options, Path input, Path output) {
    List<String> command = new ArrayList<>(List.of(java));
    command.addAll(options);
    command.addAll(
        List.of(
            "-cp",
            System.getProperty("java.class.path"),
            PlainTransform.class.getName(),
            input.toString(),
            output.toString()));
    return command;
  }

  private static double seconds(List<String> command) throws Exception {
    long t0 = System.nanoTime();
    ExecSuite.run(command, null, 600);
    return (System.nanoTime() - t0) / 1e9;
  }
}
