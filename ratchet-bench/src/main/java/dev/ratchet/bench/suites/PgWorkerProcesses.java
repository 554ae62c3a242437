package dev.ratchet.bench.suites;

import dev.ratchet.bench.Measure;
import dev.ratchet.bench.ratchet.PgBenchWorker;
import dev.ratchet.postgres.PostgresDatabase;
import dev.ratchet.postgres.PostgresRun;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;

/**
 * W worker processes (child JVMs, each with its own connection pool) on one run: the rate from the
 * moment every worker has joined and is told to go until the last one has seen the run finished.
 * Before they join, the workers finish a warm-up run together of {@value #WARM_UP} items or {@value
 * #WARM_UP_BATCHES} batches each, whichever is more, so the figure is of workers in their steady
 * state (as in a long run), not of JVMs compiling. The workers run the client compiler alone
 * ({@code -XX:TieredStopAtLevel=1}), which is done compiling a worker's code within that warm-up;
 * with both compilers, a worker still spent most of the measured run's CPU compiling (measured at
 * batch 1000: 10 to 18 µs of worker CPU per item against 2.5 to 4.4 µs, the more so with more
 * workers, since each JVM compiles the same code on the same two cores).
 */
final class PgWorkerProcesses {
  static final int WARM_UP = 20_000;
  static final int WARM_UP_BATCHES = 100;

  private PgWorkerProcesses() {}

  record Worker(Process process, BufferedReader out, OutputStream in) {}

  static double throughput(
      PostgresDatabase db, String url, Path input, long n, int workers, int batch, long leaseMs)
      throws Exception {
    PostgresRun run = db.run("bench-" + UUID.randomUUID().toString().substring(0, 8));
    run.loadLines(null, () -> lines(input));
    PostgresRun warm = db.run("bench-warm-" + UUID.randomUUID().toString().substring(0, 8));
    long warmItems = Math.max(WARM_UP, (long) WARM_UP_BATCHES * batch) * workers;
    warm.loadLines(
        null, () -> LongStream.range(0, warmItems).mapToObj(i -> "warm " + i).iterator());
    List<Worker> started = new ArrayList<>();
    try {
      for (int w = 0; w < workers; w++) {
        Process p =
            new ProcessBuilder(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx256m",
                    "-XX:+UseSerialGC",
                    "-XX:TieredStopAtLevel=1",
                    "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                    "-cp",
                    System.getProperty("java.class.path"),
                    PgBenchWorker.class.getName(),
                    url,
                    run.name(),
                    Integer.toString(batch),
                    Long.toString(leaseMs),
                    warm.name())
                .redirectErrorStream(true)
                .start();
        started.add(
            new Worker(
                p,
                new BufferedReader(
                    new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)),
                p.getOutputStream()));
      }
      for (Worker w : started) {
        expect(w, "ready");
      }
      long t0 = System.nanoTime();
      for (Worker w : started) {
        w.in().write("go\n".getBytes(StandardCharsets.UTF_8));
        w.in().flush();
      }
      long done = 0;
      for (Worker w : started) {
        done += Long.parseLong(expect(w, "done ").substring(5));
      }
      long nanos = System.nanoTime() - t0;
      for (Worker w : started) {
        if (!w.process().waitFor(60, TimeUnit.SECONDS) || w.process().exitValue() != 0) {
          throw new IllegalStateException("a worker process did not exit cleanly");
        }
      }
      long counted = run.counts().done();
      if (done != n || counted != n) {
        throw new IllegalStateException(
            "expected "
                + n
                + " DONE items, workers committed "
                + done
                + ", the run has "
                + counted);
      }
      return Measure.perSecond(n, nanos);
    } finally {
      for (Worker w : started) {
        w.process().destroyForcibly();
      }
      run.delete();
      warm.delete();
    }
  }

  /** The worker's next line starting with {@code prefix}; fails with what it printed instead. */
  private static String expect(Worker w, String prefix) throws IOException {
    StringBuilder other = new StringBuilder();
    String line;
    while ((line = w.out().readLine()) != null) {
      if (line.startsWith(prefix)) {
        return line;
      }
      other.append(line).append('\n');
    }
    throw new IllegalStateException(
        "a worker process ended before printing '" + prefix.trim() + "':\n" + other);
  }

  static java.util.Iterator<String> lines(Path input) {
    try {
      return Files.readAllLines(input, StandardCharsets.UTF_8).iterator();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
