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
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * One job for every tool that runs a command per item: the sha256 of each of n small files, with 4
 * workers. {@code ratchet process --exec} (a shell per item), {@code ratchet process --exec-stream}
 * (one long-lived coprocess per worker), GNU parallel with {@code --joblog --resume}, and {@code
 * xargs -P4 -n50} (no checkpoint, 50 files per process).
 */
public final class ExecSuite implements Suite {
  static final int WORKERS = 4;

  /** The items in flight to each coprocess with {@code --stream-ahead}. */
  static final int AHEAD = 32;

  static final String PER_ITEM = "sha256sum \"$RATCHET_ITEM\"";
  static final String WORKER_PY =
      """
      import hashlib, sys
      for line in sys.stdin:
          path = line.rstrip("\\n")
          with open(path, "rb") as f:
              digest = hashlib.sha256(f.read()).hexdigest()
          print(digest + "  " + path, flush=True)
      """;

  static final String PRINT_EXECUTABLE = "import sys; print(sys.executable)";

  @Override
  public double quickBudgetSeconds() {
    return 240; // GNU parallel and --exec start 3,000 processes each
  }

  @Override
  public String name() {
    return "exec";
  }

  @Override
  public String description() {
    return "The sha256 of n files of 4 KiB, listed one path a line, with "
        + WORKERS
        + " workers. ratchet --exec: `java -jar ratchet.jar process --input LIST --output OUT "
        + "--checkpoint DIR --workers 4 --exec '"
        + PER_ITEM
        + "'` (a shell per item, default batch size, checkpoint fsynced, JSON-lines output). "
        + "ratchet --exec-stream: the same with `--exec-stream 'python3 -u worker.py'` (python3 "
        + "named by the interpreter's own path, sys.executable, so that a version manager's shim "
        + "script on the PATH is not started with each coprocess), a "
        + "six-line Python loop that reads a path a line and prints its sha256sum line (one "
        + "coprocess per worker, one item at a time), and with `--stream-ahead "
        + AHEAD
        + "` (up to "
        + AHEAD
        + " items of a batch in flight to each coprocess, answers matched by order). GNU "
        + "parallel: `parallel -j4 --joblog LOG --resume sha256sum "
        + "{} :::: LIST > OUT`. xargs: `xargs -P4 -n50 sha256sum < LIST > OUT` (no checkpoint, "
        + "50 files per process). `./ratchet`: the same --stream-ahead run through the repository's "
        + "launcher, which starts the JVM with its class-data-sharing archive (made once per jar, "
        + "before the timed runs), beside `java -jar` without it. Two floors: `./ratchet "
        + "--version` (ratchet's start alone) and the four python coprocesses alone, each on a "
        + "quarter of the list. The figure is the wall time of a fresh run, JVM start "
        + "included for ratchet; every output must hold one line per file. 10,000 files in full "
        + "mode, 3,000 in quick mode (one run each, ratchet after one warm-up on 500).";
  }

  @Override
  public void run(BenchContext ctx) throws Exception {
    int n = ctx.mode() == Mode.FULL ? 10_000 : ctx.mode().atLeastQuick() ? 3_000 : 100;
    Path files = ctx.freshDir("exec-files");
    Path list = writeFiles(files, n);
    Path warm = files.resolve("warm.txt");
    Files.write(warm, Files.readAllLines(list).subList(0, Math.min(n, 500)));
    Path worker = files.resolve("worker.py");
    Files.writeString(worker, WORKER_PY);
    int runs = ctx.mode() == Mode.FULL ? 3 : 1;
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("n", n);
    params.put("workers", WORKERS);
    ctx.results()
        .environment("GNU parallel", firstLine(run(List.of("parallel", "--version"), null, 30)));
    ctx.results().environment("python3", firstLine(run(List.of("python3", "--version"), null, 30)));
    // A version manager's python3 on the PATH may be a shell script that finds the interpreter
    // on every start (pyenv's takes a tenth of a second or more): start the interpreter itself.
    String python = firstLine(run(List.of("python3", "-c", PRINT_EXECUTABLE), null, 30));
    ctx.results().environment("python3 interpreter", python);

    measure(
        ctx,
        "xargs",
        "xargs -P4 -n50 sha256sum",
        params,
        runs,
        0,
        list,
        n,
        (in, dir) ->
            List.of("bash", "-c", "xargs -P4 -n50 sha256sum < " + in + " > " + dir.resolve("out")));
    Path jar = ctx.repoRoot().resolve("ratchet-cli/target/ratchet.jar");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String stream = python + " -u " + worker;
    List<String> plainJvm = List.of(java, "-jar", jar.toString());
    String launcher = ctx.repoRoot().resolve("ratchet").toString();
    // the launcher makes its class-data archive for this jar now, outside the timed runs
    run(List.of(launcher, "--version"), null, 300);
    // Two floors of a streaming run, for the verdicts: ratchet's own start, and the coprocesses'
    // work alone (four of them, each on a quarter of the list, with no ratchet in between).
    measure(
        ctx,
        "floor-ratchet-start",
        "./ratchet --version (class-data archive): the start of ratchet alone",
        params,
        runs,
        1,
        list,
        1,
        (in, dir) ->
            List.of("bash", "-c", launcher + " --version | head -1 > " + dir.resolve("out")));
    measure(
        ctx,
        "floor-coprocesses",
        WORKERS + " worker.py coprocesses alone, each on a quarter of the list",
        params,
        runs,
        1,
        list,
        n,
        (in, dir) ->
            List.of(
                "bash",
                "-c",
                "cd "
                    + dir
                    + " && split -n l/"
                    + WORKERS
                    + " -d "
                    + in
                    + " part && for f in part0*; do "
                    + python
                    + " -u "
                    + worker
                    + " < $f > $f.out & done; wait; cat part0*.out > out"));
    measure(
        ctx,
        "ratchet-exec-stream",
        "ratchet process --exec-stream",
        params,
        runs,
        1,
        list,
        n,
        (in, dir) -> ratchet(plainJvm, in, dir, "--exec-stream", stream));
    measure(
        ctx,
        "ratchet-exec-stream-ahead",
        "ratchet process --exec-stream --stream-ahead " + AHEAD,
        params,
        runs,
        1,
        list,
        n,
        (in, dir) ->
            ratchet(
                plainJvm,
                in,
                dir,
                "--exec-stream",
                stream,
                "--stream-ahead",
                Integer.toString(AHEAD)));
    measure(
        ctx,
        "ratchet-launcher-stream-ahead",
        "./ratchet process --exec-stream --stream-ahead " + AHEAD + " (class-data archive)",
        params,
        runs,
        1,
        list,
        n,
        (in, dir) ->
            ratchet(
                List.of(launcher),
                in,
                dir,
                "--exec-stream",
                stream,
                "--stream-ahead",
                Integer.toString(AHEAD)));
    measure(
        ctx,
        "ratchet-exec",
        "ratchet process --exec",
        params,
        runs,
        1,
        list,
        n,
        (in, dir) -> ratchet(plainJvm, in, dir, "--exec", PER_ITEM));
    measure(
        ctx,
        "gnu-parallel",
        "GNU parallel --joblog --resume",
        params,
        runs,
        0,
        list,
        n,
        (in, dir) ->
            List.of(
                "bash",
                "-c",
                "parallel -j"
                    + WORKERS
                    + " --joblog "
                    + dir.resolve("joblog")
                    + " --resume sha256sum {} :::: "
                    + in
                    + " > "
                    + dir.resolve("out")));
  }

  /**
   * The command of one tool for an input list, writing into {@code dir/out} one line per item (one
   * line in all where {@code n} is 1).
   */
  interface Tool {
    List<String> command(Path input, Path dir);
  }

  private void measure(
      BenchContext ctx,
      String tool,
      String label,
      Map<String, Object> params,
      int runs,
      int warmups,
      Path list,
      int n,
      Tool command)
      throws Exception {
    if (ctx.overBudget(label)) {
      return;
    }
    Path warm = list.resolveSibling("warm.txt");
    Stats seconds =
        Measure.repeat(
            ctx.mode().atLeastQuick() ? warmups : 0,
            runs,
            i -> {
              Path dir = ctx.freshDir("exec");
              Path in = i < 0 ? warm : list;
              long t0 = System.nanoTime();
              run(command.command(in, dir), null, 900);
              double s = (System.nanoTime() - t0) / 1e9;
              long lines;
              try (var l = Files.lines(dir.resolve("out"), StandardCharsets.UTF_8)) {
                lines = l.count();
              }
              long expected = n == 1 ? 1 : i < 0 ? Math.min(n, 500) : n;
              if (lines != expected) {
                throw new IllegalStateException(
                    tool + " wrote " + lines + " lines, expected " + expected);
              }
              return s;
            });
    ctx.figure(name(), "seconds", withTool(params, tool), label, "s", seconds);
  }

  private static List<String> ratchet(
      List<String> launch, Path input, Path dir, String... options) {
    List<String> argv = new ArrayList<>(launch);
    argv.addAll(
        List.of(
            "process",
            "--input",
            input.toString(),
            "--output",
            dir.resolve("out").toString(),
            "--checkpoint",
            dir.resolve("ckpt").toString(),
            "--workers",
            Integer.toString(WORKERS),
            "--progress",
            "none"));
    argv.addAll(List.of(options));
    return argv;
  }

  /** Writes {@code n} files of 4 KiB of seeded random bytes and the list of their paths. */
  private static Path writeFiles(Path dir, int n) throws Exception {
    Random random = new Random(16);
    byte[] content = new byte[4096];
    List<String> paths = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      random.nextBytes(content);
      Path file = dir.resolve(String.format("f-%05d.bin", i));
      Files.write(file, content);
      paths.add(file.toString());
    }
    Path list = dir.resolve("files.txt");
    Files.write(list, paths);
    return list;
  }

  static Map<String, Object> withTool(Map<String, Object> params, String tool) {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("tool", tool);
    p.putAll(params);
    return p;
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
