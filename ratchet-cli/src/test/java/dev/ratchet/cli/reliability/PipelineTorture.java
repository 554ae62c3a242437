package dev.ratchet.cli.reliability;

import dev.ratchet.ItemState;
import dev.ratchet.cli.Main;
import dev.ratchet.store.FileStore;
import dev.ratchet.store.ItemRecord;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Crash torture of {@code ratchet run}: a pipeline of shell steps, each appending its name to
 * {@code runs.log} before it ends, killed with {@code kill -9} at random moments and run again.
 * After every kill the checkpoint opens, every DONE step has its result and its line in the log, no
 * step once DONE runs again, and DONE never goes back; a run that finishes ran every step.
 */
final class PipelineTorture {
  private static final int STEPS = 12;

  private final long seed;
  private final Path work;

  PipelineTorture(long seed, Path work) {
    this.seed = seed;
    this.work = work;
  }

  Torture.Result run(int kills) throws IOException, InterruptedException {
    Random random = new Random(seed);
    Path pipeline = work.resolve("pipeline.yaml");
    Files.writeString(pipeline, pipeline(random));
    Path checkpoint = work.resolve(".ratchet").resolve("pipeline.yaml");
    Path log = work.resolve("runs.log");
    int survived = 0;
    int finished = 0;
    long fullRunMillis = 0;
    Set<String> done = new HashSet<>();
    int linesSeen = 0;
    boolean fresh = true;
    while (survived < kills) {
      if (fresh) {
        TortureCheck.deleteTree(work.resolve(".ratchet"));
        Files.deleteIfExists(log);
        done.clear();
        linesSeen = 0;
        fresh = false;
      }
      long started = System.nanoTime();
      Process child = start(pipeline, 1 + random.nextInt(4));
      long delay =
          fullRunMillis == 0 ? 120_000 : (long) (fullRunMillis * (0.2 + 0.7 * random.nextDouble()));
      boolean ended = child.waitFor(delay, TimeUnit.MILLISECONDS);
      String where = "ratchet run, kill " + (survived + 1) + ", seed " + seed;
      if (!ended && fullRunMillis == 0) {
        child.destroyForcibly().waitFor();
        return result(survived, finished, where + ": a run did not end within two minutes");
      }
      if (!ended) {
        child.destroyForcibly();
        child.waitFor();
        survived++;
      }
      List<String> lines = Files.exists(log) ? Files.readAllLines(log) : List.of();
      for (String line : lines.subList(linesSeen, lines.size())) {
        if (done.contains(line)) {
          return result(survived, finished, where + ": step " + line + " ran again after DONE");
        }
      }
      linesSeen = lines.size();
      if (ended) {
        fullRunMillis = (System.nanoTime() - started) / 1_000_000;
        String error = Files.readString(work.resolve("child.err"));
        if (child.exitValue() != 0) {
          return result(survived, finished, where + ": exit " + child.exitValue() + ": " + error);
        }
        for (int i = 0; i < STEPS; i++) {
          if (!lines.contains("s" + i)) {
            return result(survived, finished, where + ": step s" + i + " never ran");
          }
        }
        finished++;
        fresh = true;
        continue;
      }
      if (!FileStore.exists(checkpoint) && !done.isEmpty()) {
        for (int i = 0; i < STEPS; i++) {
          if (!lines.contains("s" + i)) {
            return result(
                survived, finished, where + ": checkpoint gone, step s" + i + " never ran");
          }
        }
        finished++;
        fresh = true;
        continue;
      }
      String violation = checkDone(checkpoint, done, lines);
      if (violation != null) {
        return result(survived, finished, where + ": " + violation);
      }
    }
    return result(survived, finished, null);
  }

  private String checkDone(Path checkpoint, Set<String> done, List<String> lines)
      throws IOException {
    if (!FileStore.exists(checkpoint)) {
      return done.isEmpty() ? null : "the checkpoint vanished after steps were DONE";
    }
    Path copy = TortureCheck.copyDir(checkpoint, work);
    Set<String> now = new HashSet<>();
    try (FileStore store = FileStore.at(copy)) {
      try {
        store.open();
      } catch (RuntimeException e) {
        return "the checkpoint does not open after the kill: " + e;
      }
      for (int i = 0; i < STEPS; i++) {
        Optional<ItemRecord> record = store.get("s" + i);
        if (record.isPresent() && record.get().state() == ItemState.DONE) {
          if (record.get().result() == null) {
            return "step s" + i + " is DONE without its result";
          }
          if (!lines.contains("s" + i)) {
            return "step s" + i + " is DONE but never ran";
          }
          now.add("s" + i);
        }
      }
    } finally {
      TortureCheck.deleteTree(copy);
    }
    if (!now.containsAll(done)) {
      return "steps that were DONE are DONE no more: " + done + " then " + now;
    }
    done.addAll(now);
    return null;
  }

  private static String pipeline(Random random) {
    StringBuilder yaml = new StringBuilder("name: torture\nsteps:\n");
    for (int i = 0; i < STEPS; i++) {
      yaml.append("  s").append(i).append(":\n");
      yaml.append("    run: echo s")
          .append(i)
          .append(" >> runs.log && sleep 0.")
          .append(random.nextInt(3))
          .append(random.nextInt(10))
          .append(" && echo result-s")
          .append(i)
          .append('\n');
      if (i > 0) {
        yaml.append("    needs: [s").append(random.nextInt(i)).append("]\n");
      }
    }
    return yaml.toString();
  }

  private Process start(Path pipeline, int workers) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(
        List.of(
            "-Xshare:auto",
            "-XX:TieredStopAtLevel=1",
            "-XX:+UseSerialGC",
            "-cp",
            System.getProperty("java.class.path"),
            Main.class.getName(),
            "run",
            pipeline.getFileName().toString(),
            "--workers",
            Integer.toString(workers),
            // the kills come from outside: no step is to blame for being in flight at three
            "--crash-limit",
            "1000000"));
    return new ProcessBuilder(command)
        .directory(work.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .redirectError(work.resolve("child.err").toFile())
        .start();
  }

  private Torture.Result result(int kills, int finished, String violation) {
    return new Torture.Result(Torture.Target.CLI_RUN, seed, kills, finished, 0, violation);
  }
}
