package dev.ratchet.items;

import static dev.ratchet.items.Fixtures.input;
import static dev.ratchet.items.Fixtures.jsonLines;
import static dev.ratchet.items.Fixtures.ordinals;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ratchet.ItemState;
import dev.ratchet.internal.items.PipelineConfig;
import dev.ratchet.store.Change;
import dev.ratchet.store.FileStore;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real crashes: a child JVM ({@link CrashChild}) is killed with SIGKILL at random moments, or halts
 * itself, and is run again until it finishes. Afterwards every item is DONE and the JSON-lines
 * output holds each item exactly once, in input order.
 *
 * <p>System properties: {@code ratchet.crash.kills} (default 20), {@code ratchet.crash.items}
 * (default 2000), {@code ratchet.crash.seed} (to replay a failure; the seed is printed with every
 * failure).
 */
class CrashRecoveryTest {
  @TempDir Path dir;

  private Path in;
  private Path out;
  private Path ckpt;

  @Test
  void killedAtRandomMomentsAndRerunEveryItemEndsDoneOnceInOrder() throws Exception {
    int kills = Integer.getInteger("ratchet.crash.kills", 20);
    int items = Integer.getInteger("ratchet.crash.items", 2000);
    long seed = Long.getLong("ratchet.crash.seed", System.nanoTime());
    Random random = new Random(seed);
    int killed = 0;
    try {
      prepare(items);
      while (killed < kills) {
        Process child = launch("slow");
        awaitRunning(child);
        if (child.waitFor(random.nextInt(400), TimeUnit.MILLISECONDS)) {
          assertThat(child.exitValue()).as(stderr()).isZero();
          break;
        }
        child.destroyForcibly();
        child.waitFor();
        killed++;
      }
      runToCompletion("slow");
      System.out.println("crash test: " + killed + " kills, seed " + seed);

      assertThat(killed).as("kills before the run finished").isPositive();
      assertEveryItemDoneOnceInOrder(items);
    } catch (AssertionError | Exception e) {
      throw new AssertionError(
          "crash test failed with seed "
              + seed
              + " (replay with -Dratchet.crash.seed="
              + seed
              + ") after "
              + killed
              + " kills: "
              + e.getMessage(),
          e);
    }
  }

  @Test
  void theCrashHookHaltsWithoutCommittingTheOpenBatch() throws Exception {
    prepare(300);
    Process child = launch("crashAfter:150");
    assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(child.exitValue()).as(stderr()).isEqualTo(PipelineConfig.CRASH_EXIT_CODE);

    // Two workers had batches of 40 in flight; the halt came after 150 items, inside a batch.
    var info = FileStore.inspect(ckpt);
    long done = info.counts().done();
    long inProgress = info.counts().inProgress();
    assertThat(done % 40).as("only whole batches are committed, %d done", done).isZero();
    assertThat(done).as("the open batch is not committed").isLessThanOrEqualTo(120);
    assertThat(inProgress % 40).as("whole batches were marked, %d", inProgress).isZero();
    assertThat(done + inProgress)
        .as("every processed item was marked first")
        .isGreaterThanOrEqualTo(150);
    assertThat(info.interrupted()).hasSize((int) inProgress);

    runToCompletion("slow");
    assertEveryItemDoneOnceInOrder(300);
  }

  @Test
  void anItemThatKillsTheProcessIsFailedAfterThreeCrashesAndTheRestFinish() throws Exception {
    prepare(40);
    for (int crash = 1; crash <= 3; crash++) {
      Process child = launch("poison:item-23");
      assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(child.exitValue()).as("run %d: %s", crash, stderr()).isEqualTo(99);
    }
    runToCompletion("poison:item-23");

    List<String> expected = new ArrayList<>(ordinals(0, 40));
    expected.remove("23");
    assertThat(jsonLines(out)).extracting(n -> n.get("key").asText()).isEqualTo(expected);
    try (FileStore store = FileStore.at(ckpt)) {
      store.open();
      var poison = store.get("23").orElseThrow();
      assertThat(poison.state()).isEqualTo(ItemState.FAILED);
      assertThat(poison.error()).isEqualTo("crashed the process 3 times");
      assertThat(store.counts().done()).isEqualTo(39);
      assertThat(store.counts().failed()).isEqualTo(1);
    }
  }

  @Test
  void theItemsInFlightAtACrashRunAgainInGroupsOfHalfABatchNotOneByOne() throws Exception {
    prepare(60);
    Process child = launch("poison:item-23");
    assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(child.exitValue()).as(stderr()).isEqualTo(99);
    Set<String> inFlight = new HashSet<>();
    try (FileStore store = FileStore.at(ckpt)) {
      store.open();
      store.forEachRecordIn(ItemState.IN_PROGRESS, record -> inFlight.add(record.key()));
    }
    assertThat(inFlight).as("the batch of 10 that item 23 crashed").contains("20", "29");

    CountingStore store = new CountingStore(FileStore.at(ckpt));
    List<List<String>> doneByCommit = Collections.synchronizedList(new ArrayList<>());
    store.beforeCommit =
        commit -> {
          if (!commit.deferred()) {
            doneByCommit.add(
                commit.changes().stream()
                    .filter(c -> c instanceof Change.Item item && item.state() == ItemState.DONE)
                    .map(c -> ((Change.Item) c).key())
                    .toList());
          }
        };
    RunResult result =
        ItemPipeline.<String, String>builder()
            .source(Sources.lines(in))
            .processor(line -> line.toUpperCase() + "/" + line.length())
            .sink(Sinks.jsonLines(out))
            .store(store)
            .batchSize(10)
            .keepCheckpoint()
            .build()
            .run();

    assertThat(result.succeeded()).isTrue();
    assertEveryItemDoneOnceInOrder(60);
    List<List<String>> suspectCommits =
        doneByCommit.stream().filter(keys -> keys.stream().anyMatch(inFlight::contains)).toList();
    assertThat(suspectCommits)
        .as("each commit of interrupted items holds 5 of them and nothing else")
        .allSatisfy(keys -> assertThat(keys).hasSize(5).allMatch(inFlight::contains))
        .hasSize(inFlight.size() / 5);
  }

  private void prepare(int items) throws IOException {
    in = input(dir, items);
    out = dir.resolve("out.jsonl");
    ckpt = dir.resolve("ckpt");
  }

  private void assertEveryItemDoneOnceInOrder(int items) {
    List<JsonNode> lines = jsonLines(out);
    assertThat(lines).extracting(n -> n.get("key").asText()).isEqualTo(ordinals(0, items));
    for (int i = 0; i < items; i++) {
      String input = "item-" + i;
      assertThat(lines.get(i).get("result").asText())
          .isEqualTo(input.toUpperCase() + "/" + input.length());
    }
    try (FileStore store = FileStore.at(ckpt)) {
      store.open();
      assertThat(store.counts().done()).isEqualTo(items);
      assertThat(store.counts().total()).isEqualTo(items);
      assertThat(store.doneOrdinalPrefix()).isEqualTo(items);
    }
  }

  private Process launch(String mode) throws IOException {
    String classpath =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    return new ProcessBuilder(
            java,
            "-XX:TieredStopAtLevel=1",
            "-Xshare:auto",
            "-Xmx128m",
            "-cp",
            classpath,
            CrashChild.class.getName(),
            in.toString(),
            out.toString(),
            ckpt.toString(),
            mode)
        .redirectError(ProcessBuilder.Redirect.appendTo(dir.resolve("child.err").toFile()))
        .start();
  }

  private void awaitRunning(Process child) throws IOException {
    BufferedReader reader =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
    String line = reader.readLine();
    assertThat(line).as("child's first line; %s", stderr()).isEqualTo("RUNNING");
  }

  private void runToCompletion(String mode) throws Exception {
    Process child = launch(mode);
    assertThat(child.waitFor(120, TimeUnit.SECONDS)).as("child finished in time").isTrue();
    assertThat(child.exitValue()).as(stderr()).isZero();
  }

  private String stderr() {
    try {
      Path err = dir.resolve("child.err");
      return Files.exists(err) ? "child stderr: " + Files.readString(err) : "no child stderr";
    } catch (IOException e) {
      return "child stderr unreadable: " + e;
    }
  }
}
