package dev.ratchet.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ratchet.CheckpointLockedException;
import dev.ratchet.CheckpointMismatchException;
import dev.ratchet.StoreUnavailableException;
import dev.ratchet.store.ClaimResult;
import dev.ratchet.store.ClaimedItem;
import dev.ratchet.store.CompleteResult;
import dev.ratchet.store.ItemOutcome;
import dev.ratchet.store.StateCounts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class PostgresRunTest {
  @RegisterExtension static final PgSchema PG = new PgSchema();
  static final ObjectMapper JSON = new ObjectMapper();

  static List<String> lines(int n) {
    return IntStream.range(0, n).mapToObj(i -> "item " + i).toList();
  }

  @Test
  void joinersLoadingAtOnceLoadTheItemsExactlyOnce() throws Exception {
    PostgresRun run = PG.db().run("load-once");
    ExecutorService pool = Executors.newFixedThreadPool(4);
    List<Future<Long>> loads = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      Callable<Long> load = () -> run.loadLines("fp-1", () -> lines(5000).iterator());
      loads.add(pool.submit(load));
    }
    long total = 0;
    for (Future<Long> f : loads) {
      total += f.get();
    }
    pool.shutdown();
    assertThat(total).isEqualTo(5000);
    assertThat(run.progress().pending()).isEqualTo(5000);
    assertThat(run.info().metadata()).containsEntry(PostgresRun.ITEMS_LOADED, "5000");
    assertThat(run.loadLines("fp-1", () -> lines(5000).iterator())).isZero();
    assertThatThrownBy(() -> run.loadLines("fp-2", () -> lines(10).iterator()))
        .isInstanceOf(CheckpointMismatchException.class)
        .hasMessageContaining("input changed");
  }

  @Test
  void claimedItemsAreCommittedAndExportedInInputOrder(@TempDir Path dir) throws Exception {
    PostgresRun run = PG.db().run("export-order");
    run.loadLines(
        null, () -> List.of("a\tb", "line\nbreak", "back\\slash", "\"quoted\"").iterator());
    try (WorkerSession w = run.join(Duration.ofSeconds(5))) {
      List<ClaimedItem> first = ((ClaimResult.Claimed) w.claim(2)).items();
      List<ClaimedItem> second = ((ClaimResult.Claimed) w.claim(10)).items();
      assertThat(first).extracting(ClaimedItem::input).containsExactly("a\tb", "line\nbreak");
      CompleteResult r2 =
          w.complete(
              second.stream()
                  .map(i -> new ItemOutcome.Done(i, "{\"n\":" + i.ordinal() + "}"))
                  .toList());
      CompleteResult r1 =
          w.complete(
              first.stream()
                  .map(i -> new ItemOutcome.Done(i, "\"r" + i.ordinal() + "\""))
                  .toList());
      assertThat(r1.committed()).hasSize(2);
      assertThat(r2.committed()).hasSize(2);
      assertThat(w.claim(10)).isInstanceOf(ClaimResult.Finished.class);
    }
    Path out = dir.resolve("out.jsonl");
    assertThat(run.exportJsonLines(out)).isEqualTo(4);
    List<String> lines = Files.readAllLines(out);
    assertThat(lines).hasSize(4);
    List<JsonNode> nodes = new ArrayList<>();
    for (String line : lines) {
      nodes.add(JSON.readTree(line));
    }
    assertThat(nodes).extracting(n -> n.get("key").asText()).containsExactly("0", "1", "2", "3");
    assertThat(nodes.get(1).get("input").asText()).isEqualTo("line\nbreak");
    assertThat(nodes.get(0).get("result").asText()).isEqualTo("r0");
    assertThat(nodes.get(3).get("result").get("n").asInt()).isEqualTo(3);
  }

  @Test
  void aWorkerWhoseLeaseWasTakenOverIsFencedOff() {
    PostgresRun run = PG.db().run("fencing");
    run.loadLines(null, () -> lines(10).iterator());
    try (WorkerSession stale = run.join(Duration.ofSeconds(20));
        WorkerSession fresh = run.join(Duration.ofSeconds(20))) {
      List<ClaimedItem> staleItems = ((ClaimResult.Claimed) stale.claim(10)).items();
      // The stale worker pauses past its lease (its heartbeat renews only every 5 s).
      PgTestSupport.execute(
          "UPDATE \""
              + PG.schema()
              + "\".ratchet_workers SET lease_expires = now() - interval '1 second'"
              + " WHERE worker_id = '"
              + stale.workerId()
              + "'");
      List<ClaimedItem> taken = takeOver(fresh, 10);
      assertThat(taken)
          .extracting(ClaimedItem::key)
          .containsExactlyElementsOf(staleItems.stream().map(ClaimedItem::key).toList());
      assertThat(taken).allSatisfy(i -> assertThat(i.interruptions()).isEqualTo(1));
      assertThat(
              fresh
                  .complete(taken.stream().map(i -> new ItemOutcome.Done(i, "\"fresh\"")).toList())
                  .committed())
          .hasSize(10);
      CompleteResult staleResult =
          stale.complete(
              staleItems.stream().map(i -> new ItemOutcome.Done(i, "\"stale\"")).toList());
      assertThat(staleResult.committed()).isEmpty();
      assertThat(staleResult.fenced()).hasSize(10);
    }
    assertThat(
            PgTestSupport.queryLong(
                "SELECT count(*) FROM \""
                    + PG.schema()
                    + "\".ratchet_outcomes WHERE run_id = 'fencing'"
                    + " AND result = '\"fresh\"' AND state = 2 AND attempts = 2"))
        .isEqualTo(10);
  }

  @Test
  void aWorkerThatCannotReachTheDatabaseLongerThanItsLeaseStopsClaiming() throws Exception {
    PostgresRun setup = PG.db().run("outage");
    setup.loadLines(null, () -> lines(100).iterator());
    PostgresTarget direct = PgTestSupport.target();
    try (CuttableProxy proxy = new CuttableProxy(direct.host(), direct.port());
        PostgresDatabase viaProxy = throughProxy(proxy, direct, Duration.ofMillis(800))) {
      WorkerSession w = viaProxy.run("outage").join(Duration.ofMillis(1000));
      List<ClaimedItem> items = ((ClaimResult.Claimed) w.claim(5)).items();
      proxy.cut();
      Thread.sleep(1600);
      proxy.restore();
      assertThatThrownBy(() -> w.claim(5))
          .isInstanceOf(StoreUnavailableException.class)
          .hasMessageContaining("stopped claiming")
          .hasMessageContaining("longer than its lease");
      // Its items went back to the pool: another worker claims them.
      try (WorkerSession other = setup.join(Duration.ofSeconds(5))) {
        assertThat(takeOver(other, 5))
            .extracting(ClaimedItem::key)
            .containsExactlyElementsOf(items.stream().map(ClaimedItem::key).toList());
      }
      w.close();
    }
  }

  @Test
  void aServerOutageShorterThanTheLeaseIsRetriedAndTheRunGoesOn() throws Exception {
    int n = 2000;
    PostgresRun setup = PG.db().run("restart");
    setup.loadLines(null, () -> lines(n).iterator());
    PostgresTarget direct = PgTestSupport.target();
    Map<String, Integer> acknowledged = new ConcurrentHashMap<>();
    try (CuttableProxy proxy = new CuttableProxy(direct.host(), direct.port());
        PostgresDatabase viaProxy = throughProxy(proxy, direct, Duration.ofSeconds(20));
        WorkerSession w = viaProxy.run("restart").join(Duration.ofSeconds(10))) {
      int batches = 0;
      while (true) {
        ClaimResult r = w.claim(50);
        if (r instanceof ClaimResult.Finished) {
          break;
        }
        List<ClaimedItem> items = ((ClaimResult.Claimed) r).items();
        if (++batches % 8 == 0) {
          // Like a server restart: every connection drops and new ones are refused for a while.
          proxy.cut();
          new Thread(
                  () -> {
                    try {
                      Thread.sleep(700);
                    } catch (InterruptedException e) {
                      Thread.currentThread().interrupt();
                    }
                    proxy.restore();
                  })
              .start();
        }
        CompleteResult done =
            w.complete(items.stream().<ItemOutcome>map(i -> new ItemOutcome.Done(i, "1")).toList());
        assertThat(done.fenced()).isEmpty();
        done.committed().forEach(k -> acknowledged.merge(k, 1, Integer::sum));
      }
      assertThat(batches).isGreaterThanOrEqualTo(n / 50);
    }
    assertThat(acknowledged).hasSize(n);
    assertThat(acknowledged.values()).containsOnly(1);
    assertThat(setup.counts()).isEqualTo(new StateCounts(0, n, 0, 0));
    assertThat(
            PgTestSupport.queryLong(
                "SELECT max(attempts) FROM \""
                    + PG.schema()
                    + "\".ratchet_outcomes WHERE run_id = 'restart'"))
        .isEqualTo(1);
  }

  @Test
  void aWriterAndWorkersExcludeEachOther() {
    PostgresRun run = PG.db().run("exclusive");
    run.loadLines(null, () -> lines(3).iterator());
    try (WorkerSession w = run.join(Duration.ofSeconds(5))) {
      assertThat(w.claim(1)).isInstanceOf(ClaimResult.Claimed.class);
      PostgresStore store = PG.db().store("exclusive");
      assertThatThrownBy(store::open)
          .isInstanceOf(CheckpointLockedException.class)
          .hasMessageContaining("cooperating worker");
      store.close();
      assertThatThrownBy(run::delete).isInstanceOf(CheckpointLockedException.class);
    }
    run.delete();
    assertThat(run.info().exists()).isFalse();
  }

  /**
   * The test database through the proxy, with the short timeouts the outage tests need. Its first
   * connection can outlast them on a loaded machine, so only this setup is tried again (for up to a
   * minute); the outages under test get no such help.
   */
  private PostgresDatabase throughProxy(
      CuttableProxy proxy, PostgresTarget direct, Duration retryFor) throws InterruptedException {
    PostgresTarget target =
        PostgresTarget.parse(
            "postgresql://"
                + direct.user()
                + "@127.0.0.1:"
                + proxy.port()
                + "/"
                + direct.database()
                + "?schema="
                + PG.schema());
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
    while (true) {
      try {
        return PostgresDatabase.builder(target)
            .connectTimeout(Duration.ofMillis(500))
            .retryFor(retryFor)
            .build();
      } catch (StoreUnavailableException e) {
        if (System.nanoTime() > deadline) {
          throw e;
        }
        Thread.sleep(100);
      }
    }
  }

  /** Claims {@code n} items taken over from a dead worker: they come one at a time. */
  static List<ClaimedItem> takeOver(WorkerSession w, int n) {
    List<ClaimedItem> taken = new ArrayList<>();
    while (taken.size() < n) {
      List<ClaimedItem> one = ((ClaimResult.Claimed) w.claim(n)).items();
      assertThat(one).hasSize(1);
      taken.addAll(one);
    }
    return taken;
  }
}
