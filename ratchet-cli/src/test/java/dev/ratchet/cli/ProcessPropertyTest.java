package dev.ratchet.cli;

import static dev.ratchet.cli.OutputFiles.keys;
import static dev.ratchet.cli.OutputFiles.numbered;
import static dev.ratchet.cli.OutputFiles.ordinals;
import static dev.ratchet.cli.OutputFiles.records;
import static dev.ratchet.cli.OutputFiles.writeLines;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.constraints.IntRange;

/**
 * Random sequences of runs, {@code kill -9} crashes, item failures, retries and {@code mark}
 * commands on a small input, through the real CLI, end with the output holding each item exactly
 * once, in input order. A crash is made by an item itself at a chosen moment: its --exec command
 * kills the runner with {@code kill -9}. Tries: {@code -Djqwik.tries.default=N} (4 in CI; each try
 * starts the CLI about a dozen times).
 */
class ProcessPropertyTest {
  /**
   * Per item: kills the runner (once) if crash/KEY exists, fails while fail/KEY exists, otherwise
   * echoes the item.
   */
  private static final String SCRIPT =
      "k=${RATCHET_KEY##*:}; if [ -e crash/$k ]; then rm -f crash/$k; while [ ! -s runner.pid ];"
          + " do sleep 0.02; done; kill -9 $(cat runner.pid); sleep 30; fi; if [ -e fail/$k ];"
          + " then echo told to fail >&2; exit 5; fi; cat";

  /** One step of a scenario. */
  sealed interface Action permits Run, Crash, Fail, Heal, MarkPending {}

  /** A run with a batch size and a number of workers. */
  record Run(int batch, int workers) implements Action {}

  /** A run whose item {@code item} kills it with kill -9 (if the item still runs). */
  record Crash(int item, int batch, int workers) implements Action {}

  /** Item {@code item} fails from now on. */
  record Fail(int item) implements Action {}

  /** Item {@code item} no longer fails. */
  record Heal(int item) implements Action {}

  /** {@code ratchet mark --key ITEM --pending} (refused unless the item may be run again). */
  record MarkPending(int item) implements Action {}

  @Property(shrinking = ShrinkingMode.OFF)
  void everyItemEndsInTheOutputOnceInInputOrder(
      @ForAll @IntRange(min = 3, max = 9) int items, @ForAll("scenarios") List<Action> scenario)
      throws Exception {
    Path dir = Files.createTempDirectory("ratchet-property-");
    try {
      check(dir, items, scenario);
    } finally {
      OutputFiles.deleteTree(dir);
    }
  }

  /** The moves the property relies on do happen: a crash is a kill -9, a failure is retried. */
  @Example
  void aCrashAFailureAMarkAndARetry() throws Exception {
    Path dir = Files.createTempDirectory("ratchet-property-");
    try {
      List<String> log =
          check(
              dir,
              5,
              List.of(
                  new Fail(3),
                  new Crash(1, 1, 1),
                  new Run(2, 1),
                  new MarkPending(3),
                  new Heal(3),
                  new Run(1, 2)));
      assertThat(log)
          .containsExactly(
              "Fail[item=3]",
              "Crash[item=1, batch=1, workers=1] -> exit 137",
              "Run[batch=2, workers=1] -> exit 1",
              "MarkPending[item=3] -> exit 0",
              "Heal[item=3]",
              "Run[batch=1, workers=2] -> exit 0");
    } finally {
      OutputFiles.deleteTree(dir);
    }
  }

  @Provide
  Arbitrary<List<Action>> scenarios() {
    Arbitrary<Integer> item = Arbitraries.integers().between(0, 8);
    Arbitrary<Integer> batch = Arbitraries.integers().between(1, 4);
    Arbitrary<Integer> workers = Arbitraries.integers().between(1, 3);
    Arbitrary<Action> action =
        Arbitraries.oneOf(
            Combinators.combine(batch, workers).as(Run::new),
            Combinators.combine(item, batch, workers).as(Crash::new),
            Combinators.combine(item, batch, workers).as(Crash::new),
            item.map(Fail::new),
            item.map(Heal::new),
            item.map(MarkPending::new));
    return action.list().ofMinSize(2).ofMaxSize(7);
  }

  private List<String> check(Path dir, int items, List<Action> scenario) throws Exception {
    ChildCli cli = new ChildCli(dir);
    List<String> lines = numbered(items);
    writeLines(dir.resolve("in.txt"), lines);
    Files.createDirectory(dir.resolve("crash"));
    Files.createDirectory(dir.resolve("fail"));
    List<String> log = new ArrayList<>();
    for (Action action : scenario) {
      String what = action.toString();
      if (action instanceof Run r) {
        what += " -> exit " + run(cli, r.batch(), r.workers(), log);
      } else if (action instanceof Crash c) {
        Path marker = dir.resolve("crash").resolve(Integer.toString(c.item()));
        touch(marker);
        what += " -> exit " + run(cli, c.batch(), c.workers(), log);
        Files.deleteIfExists(marker);
      } else if (action instanceof Fail f) {
        touch(dir.resolve("fail").resolve(Integer.toString(f.item())));
      } else if (action instanceof Heal h) {
        Files.deleteIfExists(dir.resolve("fail").resolve(Integer.toString(h.item())));
      } else if (action instanceof MarkPending m) {
        CliResult mark =
            cli.run(
                "mark", "--checkpoint", "out.jsonl.ratchet", "--key", "" + m.item(), "--pending");
        what += " -> exit " + mark.exitCode();
        assertThat(mark.exitCode()).as(log + " " + mark).isIn(0, 2, 3);
        assertThat(mark.err()).as(mark.toString()).doesNotContain("Exception");
      }
      log.add(what);
    }
    try (var healed = Files.list(dir.resolve("fail"))) {
      for (Path f : healed.toList()) {
        Files.delete(f);
      }
    }
    int exit = -1;
    for (int i = 0; i < 3 && exit != 0; i++) {
      exit = run(cli, 2, 2, log);
    }
    assertThat(exit).as("final runs of " + log).isZero();
    List<JsonNode> out = records(dir.resolve("out.jsonl"));
    assertThat(keys(out)).as("output after " + log).containsExactlyElementsOf(ordinals(items));
    for (JsonNode record : out) {
      String input = lines.get(record.get("key").asInt());
      assertThat(record.get("input").asText()).isEqualTo(input);
      assertThat(record.get("result").asText()).as(log.toString()).isEqualTo(input);
    }
    CliResult again = cli.run(process(2, 2));
    assertThat(again.out()).as(again.toString()).contains("Already done");
    return log;
  }

  /** One run; a crash item's command kills it. Returns the exit code (137 for kill -9). */
  private static int run(ChildCli cli, int batch, int workers, List<String> log) throws Exception {
    Path pid = cli.dir().resolve("runner.pid");
    ChildCli.Started started = cli.start(process(batch, workers));
    Path temp = cli.dir().resolve("runner.pid.tmp");
    Files.writeString(temp, Long.toString(started.process().pid()));
    Files.move(temp, pid, StandardCopyOption.ATOMIC_MOVE);
    int exit = started.waitFor();
    Files.delete(pid);
    CliResult result = started.result();
    assertThat(exit).as(log + " " + result).isIn(0, 1, 137);
    assertThat(result.err()).as(log + " " + result).doesNotContain("Exception");
    return exit;
  }

  private static String[] process(int batch, int workers) {
    return new String[] {
      "process",
      "--input",
      "in.txt",
      "--output",
      "out.jsonl",
      "--batch-size",
      Integer.toString(batch),
      "--workers",
      Integer.toString(workers),
      "--crash-limit",
      "1000",
      "--progress",
      "none",
      "--exec",
      SCRIPT
    };
  }

  private static void touch(Path file) throws IOException {
    if (!Files.exists(file)) {
      Files.createFile(file);
    }
  }
}
