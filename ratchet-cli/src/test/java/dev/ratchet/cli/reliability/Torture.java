package dev.ratchet.cli.reliability;

import dev.ratchet.cli.Main;
import dev.ratchet.store.FileStore;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * Crash torture: runs a real program in a child JVM over a file of items, kills it with {@code kill
 * -9} at a random moment, checks the checkpoint and the output (see {@link TortureCheck}), runs it
 * again, and so on until {@code kills} kills were survived. A run that ends by itself is checked
 * too, and the next one starts from scratch; so is a run killed after it finished and removed its
 * checkpoint (the command then refuses to overwrite the complete output). Everything random comes
 * from the seed, so a violation prints the seed and the kill number to replay it (kill moments are
 * times, so a replay repeats the same schedule, not necessarily the same byte-level moment).
 */
final class Torture {
  /** What is tortured. */
  enum Target {
    /** {@code ratchet process} with the built-in transform. */
    CLI_PROCESS,
    /** {@code ratchet process --exec} with a shell command per item. */
    CLI_EXEC,
    /**
     * {@code ratchet process --exec} where about one item in ten fails on its first try (exit 1,
     * checkpoint kept) and is retried by the next run; the finished output must still hold each
     * item once, in input order.
     */
    CLI_RETRY,
    /** A library program: {@link TortureLibraryMain}. */
    LIBRARY,
    /** {@code ratchet run} with a pipeline of shell steps: {@link PipelineTorture}. */
    CLI_RUN
  }

  /**
   * The outcome: kills survived, runs that finished, runs that ended with items failed on their
   * first try (then retried by the next run), and the first violation (or null).
   */
  record Result(
      Target target,
      long seed,
      int kills,
      int finished,
      int poisoned,
      int retried,
      String violation) {
    Result(Target target, long seed, int kills, int finished, int poisoned, String violation) {
      this(target, seed, kills, finished, poisoned, 0, violation);
    }

    String summary() {
      return target
          + ": "
          + kills
          + " kills survived, "
          + finished
          + " runs finished"
          + (poisoned > 0 ? " (" + poisoned + " ended with poison items)" : "")
          + (retried > 0 ? ", " + retried + " runs ended with first tries failed" : "")
          + (violation == null ? ", no violation" : ", VIOLATION: " + violation)
          + " [seed "
          + seed
          + "]";
    }
  }

  /** The --exec command of {@link Target#CLI_RETRY}. */
  static final String FLAKY =
      "k=${RATCHET_KEY##*:}; case \"$RATCHET_ITEM\" in *' flaky '*) if [ ! -e \"marks/$k\" ];"
          + " then : >\"marks/$k\"; echo \"first try of item $k fails\" >&2; exit 7; fi;; esac;"
          + " tr a-z A-Z";

  private final Target target;
  private final long seed;
  private final int items;
  private final Path work;

  Torture(Target target, long seed, int items, Path work) {
    this.target = target;
    this.seed = seed;
    this.items = items;
    this.work = work;
  }

  Result run(int kills) throws IOException, InterruptedException {
    Random random = new Random(seed);
    List<String> lines = input(random);
    Path input = work.resolve("input.txt");
    Files.write(input, lines, StandardCharsets.UTF_8);
    Path output = work.resolve("output.jsonl");
    Path checkpoint = work.resolve("output.jsonl.ratchet");
    TortureCheck check =
        new TortureCheck(lines, target == Target.CLI_PROCESS || target == Target.LIBRARY);
    Path marks = work.resolve("marks");
    int survived = 0;
    int finished = 0;
    int poisoned = 0;
    int retried = 0;
    long fullRunMillis = 0;
    int batch = 1;
    int workers = 1;
    boolean fresh = true;
    while (survived < kills) {
      if (fresh) {
        TortureCheck.deleteTree(checkpoint);
        Files.deleteIfExists(output);
        TortureCheck.deleteTree(marks);
        Files.createDirectory(marks);
        batch = 1 + random.nextInt(40);
        workers = 1 + random.nextInt(4);
        fresh = false;
      }
      Path err = work.resolve("child.err");
      long started = System.nanoTime();
      Process child = start(input, output, checkpoint, batch, workers, err);
      long delay =
          fullRunMillis == 0
              ? Long.MAX_VALUE
              : (long) (fullRunMillis * (0.2 + 0.7 * random.nextDouble()));
      boolean ended = child.waitFor(Math.min(delay, 120_000), TimeUnit.MILLISECONDS);
      String where = "kill " + (survived + 1) + ", seed " + seed;
      if (ended) {
        fullRunMillis = (System.nanoTime() - started) / 1_000_000;
        int exit = child.exitValue();
        if (target == Target.CLI_RETRY && exit == 1) {
          String failed = check.afterFirstTries(Files.readString(err), checkpoint, output, work);
          if (failed != null) {
            return new Result(
                target, seed, survived, finished, poisoned, retried, where + ": " + failed);
          }
          retried++;
          continue;
        }
        String violation = check.afterFinish(exit, Files.readString(err), checkpoint, output);
        if (violation != null) {
          return new Result(
              target, seed, survived, finished, poisoned, retried, where + ": " + violation);
        }
        finished++;
        poisoned += exit == 1 ? 1 : 0;
        fresh = true;
        continue;
      }
      if (delay == Long.MAX_VALUE) {
        child.destroyForcibly().waitFor();
        return new Result(
            target,
            seed,
            survived,
            finished,
            poisoned,
            retried,
            "a run did not end within two minutes");
      }
      child.destroyForcibly();
      child.waitFor();
      survived++;
      if (!FileStore.exists(checkpoint) && Files.exists(output) && Files.size(output) > 0) {
        String late = check.afterFinish(0, "", checkpoint, output);
        if (late != null) {
          return new Result(
              target, seed, survived, finished, poisoned, retried, where + ": " + late);
        }
        finished++;
        fresh = true;
        continue;
      }
      String violation = check.afterKill(checkpoint, output, work);
      if (violation != null) {
        return new Result(
            target, seed, survived, finished, poisoned, retried, where + ": " + violation);
      }
    }
    return new Result(target, seed, survived, finished, poisoned, retried, null);
  }

  private List<String> input(Random random) {
    String[] words = {
      "apple",
      "$(rm -rf /)",
      "`id`",
      "it's",
      "\"quoted\"",
      "a;b",
      "ключ",
      "tab\there",
      "x".repeat(200)
    };
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < items; i++) {
      String flaky = target == Target.CLI_RETRY && random.nextInt(10) == 0 ? " flaky" : "";
      lines.add("item " + i + flaky + " " + words[random.nextInt(words.length)]);
    }
    return lines;
  }

  private Process start(Path input, Path output, Path checkpoint, int batch, int workers, Path err)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(
        List.of(
            "-Xshare:auto",
            "-XX:TieredStopAtLevel=1",
            "-XX:+UseSerialGC",
            "-cp",
            System.getProperty("java.class.path")));
    if (target == Target.LIBRARY) {
      command.addAll(
          List.of(
              TortureLibraryMain.class.getName(),
              input.toString(),
              output.toString(),
              checkpoint.toString(),
              Integer.toString(batch),
              Integer.toString(workers)));
    } else {
      command.addAll(
          List.of(
              Main.class.getName(),
              "process",
              "--input",
              input.toString(),
              "--output",
              output.toString(),
              "--batch-size",
              Integer.toString(batch),
              "--workers",
              Integer.toString(workers),
              "--progress",
              "none"));
      if (target == Target.CLI_EXEC) {
        command.addAll(List.of("--exec", "tr a-z A-Z"));
      }
      if (target == Target.CLI_RETRY) {
        // An item marked flaky fails the first time it runs (its mark file is made first, so a
        // kill in between makes its next try the successful one); the crash limit is out of reach.
        command.addAll(List.of("--exec", FLAKY, "--crash-limit", "1000000"));
      }
    }
    return new ProcessBuilder(command)
        .directory(work.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .redirectError(err.toFile())
        .start();
  }
}
