package dev.ratchet.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ratchet.CheckpointMismatchException;
import dev.ratchet.ItemState;
import dev.ratchet.StoreUnavailableException;
import dev.ratchet.store.Change;
import dev.ratchet.store.ClaimResult;
import dev.ratchet.store.ClaimedItem;
import dev.ratchet.store.Commit;
import dev.ratchet.store.CompleteResult;
import dev.ratchet.store.DoneItem;
import dev.ratchet.store.ItemOutcome;
import dev.ratchet.store.StateCounts;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Cooperating workers on the real local Redis: takeover after kill -9, fencing, loading. */
class RedisWorkersTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private RedisTestSupport.Runs runs;
  private RedisDatabase db;
  private final List<Process> children = new ArrayList<>();

  @BeforeEach
  void connect() {
    runs = new RedisTestSupport.Runs();
    db = runs.db;
  }

  @AfterEach
  void cleanUp() {
    children.forEach(Process::destroyForcibly);
    if (runs != null) {
      runs.close();
    }
  }

  private RedisRun newRun(int items) {
    String name = runs.name("workers");
    RedisRun run = db.run(name);
    List<String> lines = IntStream.range(0, items).mapToObj(i -> "line " + i).toList();
    assertThat(run.loadLines("fp-" + items, lines::iterator)).isEqualTo(items);
    return run;
  }

  @Test
  void twoWorkerProcessesOneKilledEveryItemExactlyOnce() throws Exception {
    int items = 200;
    RedisRun run = newRun(items);
    Process doomed = startWorker(run, 4000, 5, "hang");
    BufferedReader doomedOut =
        new BufferedReader(new InputStreamReader(doomed.getInputStream(), StandardCharsets.UTF_8));
    assertThat(doomedOut.readLine())
        .as("the first worker committed a batch")
        .isEqualTo("committed 5");
    assertThat(doomedOut.readLine()).as("the first worker holds a batch").isEqualTo("holding 5");
    Process survivor = startWorker(run, 4000, 5, "run");
    new ProcessBuilder("kill", "-9", Long.toString(doomed.pid())).start().waitFor();
    assertThat(doomed.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(doomed.exitValue()).isEqualTo(137);

    assertThat(survivor.waitFor(60, TimeUnit.SECONDS)).as("the survivor finished").isTrue();
    assertThat(survivor.exitValue()).isZero();

    assertThat(run.counts()).isEqualTo(new StateCounts(0, items, 0, 0));
    assertThat(run.progress().open()).isZero();
    Map<String, Integer> seen = new HashMap<>();
    Map<String, Integer> byWorker = new HashMap<>();
    List<DoneItem> done = new ArrayList<>();
    run.forEachDone(done::add);
    for (DoneItem d : done) {
      seen.merge(d.key(), 1, Integer::sum);
      byWorker.merge(JSON.readTree(d.result()).get("worker").asText(), 1, Integer::sum);
    }
    assertThat(seen).hasSize(items);
    assertThat(seen.values()).allMatch(n -> n == 1);
    assertThat(byWorker).as("both workers committed items").hasSize(2);
    long takenOver =
        IntStream.range(0, items)
            .mapToObj(i -> db.store(run.name()).get(Integer.toString(i)))
            .filter(r -> r.orElseThrow().interruptions() > 0)
            .count();
    assertThat(takenOver).as("the 5 items the killed worker held were taken over").isEqualTo(5);
  }

  @Test
  void aStaleWorkersOutcomeIsFencedAndTheNewOwnersStands() throws Exception {
    RedisRun run = newRun(3);
    // leases long enough that a loaded machine still renews the fresh worker's in time
    try (RedisWorker stale = run.join(Duration.ofMillis(2000));
        RedisWorker fresh = run.join(Duration.ofMillis(2000))) {
      List<ClaimedItem> staleItems = ((ClaimResult.Claimed) stale.claim(10)).items();
      assertThat(staleItems).hasSize(3);
      stale.pauseHeartbeat();
      Thread.sleep(2500);

      // taken over one at a time, so an item that kills its worker cannot take a batch with it
      List<ClaimedItem> freshItems = new ArrayList<>();
      while (freshItems.size() < 3) {
        List<ClaimedItem> one = ((ClaimResult.Claimed) fresh.claim(10)).items();
        assertThat(one).hasSize(1);
        freshItems.addAll(one);
      }
      assertThat(freshItems).extracting(ClaimedItem::key).containsExactly("0", "1", "2");
      assertThat(freshItems)
          .allSatisfy(
              item -> {
                assertThat(item.interruptions()).isEqualTo(1);
                assertThat(item.attempts()).isEqualTo(2);
              });
      assertThat(freshItems.get(0).token()).isGreaterThan(staleItems.get(0).token());

      CompleteResult late =
          stale.complete(
              staleItems.stream()
                  .<ItemOutcome>map(i -> new ItemOutcome.Done(i, "\"stale\""))
                  .toList());
      assertThat(late.committed()).isEmpty();
      assertThat(late.fenced()).containsExactly("0", "1", "2");

      CompleteResult ok =
          fresh.complete(
              List.of(
                  new ItemOutcome.Done(freshItems.get(0), "\"fresh\""),
                  new ItemOutcome.Failed(freshItems.get(1), "bad row"),
                  new ItemOutcome.Released(freshItems.get(2))));
      assertThat(ok.committed()).containsExactly("0", "1", "2");
      assertThat(db.store(run.name()).get("0").orElseThrow().result()).isEqualTo("\"fresh\"");
      assertThat(db.store(run.name()).get("1").orElseThrow().state()).isEqualTo(ItemState.FAILED);
      List<DoneItem> done = new ArrayList<>();
      run.forEachDone(done::add);
      assertThat(done).containsExactly(new DoneItem("0", "line 0", "\"fresh\""));

      ClaimResult again = fresh.claim(10);
      assertThat(((ClaimResult.Claimed) again).items())
          .extracting(ClaimedItem::key)
          .containsExactly("2");
      fresh.complete(
          List.of(new ItemOutcome.Done(((ClaimResult.Claimed) again).items().get(0), null)));
      assertThat(fresh.claim(10)).isInstanceOf(ClaimResult.Finished.class);
      assertThat(run.info().counts()).isEqualTo(new StateCounts(0, 2, 1, 0));
    }
  }

  @Test
  void loadingTwiceLoadsOnceAndAnotherInputIsRefused() {
    RedisRun run = newRun(5);
    List<String> same = IntStream.range(0, 5).mapToObj(i -> "line " + i).toList();
    assertThat(run.loadLines("fp-5", same::iterator)).isZero();
    assertThat(run.loaded()).isTrue();
    assertThatThrownBy(() -> run.loadLines("other", same::iterator))
        .isInstanceOf(CheckpointMismatchException.class)
        .hasMessageContaining("another input");
  }

  @Test
  void aWriterWhoseLeaseRanOutCannotOverwriteTheNextWriter() throws Exception {
    String name = runs.name("fence");
    try (RedisStore first = db.store(name, Duration.ofMillis(2000))) {
      first.open();
      first.commit(Commit.of(Change.Item.done("a", 1, "\"first\"")));
      first.pauseHeartbeat();
      Thread.sleep(2600);
      try (RedisStore second = db.store(name, Duration.ofMillis(2000))) {
        second.open();
        second.commit(Commit.of(Change.Item.done("a", 2, "\"second\"")));
        assertThatThrownBy(() -> first.commit(Commit.of(Change.Item.done("a", 3, "\"stale\""))))
            .isInstanceOf(StoreUnavailableException.class)
            .hasMessageContaining("Reopen");
        assertThat(second.get("a").orElseThrow().result()).isEqualTo("\"second\"");
      }
    }
  }

  private Process startWorker(RedisRun run, long leaseMillis, long itemMillis, String mode)
      throws Exception {
    Process p =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1",
                "-cp",
                System.getProperty("java.class.path"),
                WorkerMain.class.getName(),
                RedisTestSupport.url(),
                run.name(),
                Long.toString(leaseMillis),
                Long.toString(itemMillis),
                mode)
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    children.add(p);
    return p;
  }
}
