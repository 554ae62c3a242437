package dev.ratchet.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ratchet.StoreUnavailableException;
import dev.ratchet.items.ItemPipeline;
import dev.ratchet.items.Sources;
import dev.ratchet.store.ClaimResult;
import dev.ratchet.store.CooperativeWorker;
import dev.ratchet.store.DoneItem;
import dev.ratchet.store.ItemInput;
import dev.ratchet.store.ItemOutcome;
import dev.ratchet.store.RunProgress;
import dev.ratchet.store.SharedRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A pipeline worker that stalls past its lease loses its item to another worker: its late outcome
 * is fenced, and the run ends saying that it lost its lease, not that the database failed.
 */
class LeaseLossTest {
  static String schema;
  static PostgresDatabase db;

  @TempDir Path dir;

  @BeforeAll
  static void connect() {
    schema = PgTestSupport.uniqueSchema();
    db = PostgresDatabase.connect(PgTestSupport.target().withSchema(schema));
  }

  @AfterAll
  static void cleanUp() {
    if (db != null) {
      db.close();
      PgTestSupport.dropSchema(schema);
    }
  }

  @Test
  void aStalledWorkersLateOutcomeIsFencedAndItSaysItLostItsLease() throws Exception {
    Path input = Files.write(dir.resolve("in.txt"), List.of("slow"));
    Capturing run = new Capturing(db.run("lease-loss"));
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    ItemPipeline<String, Object> pipeline =
        ItemPipeline.<String, Object>builder()
            .source(Sources.lines(input))
            .contextProcessor(
                (item, ctx) -> {
                  started.countDown();
                  release.await();
                  return "late";
                })
            .sharedRun(run, Duration.ofSeconds(1))
            .build();
    CompletableFuture<Void> stalled = CompletableFuture.runAsync(pipeline::run);
    assertThat(started.await(60, TimeUnit.SECONDS)).isTrue();
    run.joined.pauseHeartbeat(); // the worker stalls, as a paused process would

    try (CooperativeWorker other = db.run("lease-loss").join(Duration.ofSeconds(5))) {
      ClaimResult claim = other.claim(1);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (!(claim instanceof ClaimResult.Claimed) && System.nanoTime() < deadline) {
        Thread.sleep(100); // until the stalled worker's lease runs out
        claim = other.claim(1);
      }
      assertThat(claim).isInstanceOf(ClaimResult.Claimed.class);
      var item = ((ClaimResult.Claimed) claim).items().get(0);
      other.complete(List.of(new ItemOutcome.Done(item, "\"on time\"")));
    }
    release.countDown();

    assertThatThrownBy(stalled::join)
        .cause()
        .isInstanceOf(StoreUnavailableException.class)
        .hasMessageContaining("lost its lease: 1 item(s) it was working on were taken over")
        .hasMessageContaining("longer than its lease of 1s");
    assertThat(db.run("lease-loss").progress()).isEqualTo(new RunProgress(1, 0, 0, 1, 0, 0));
    StringBuilder results = new StringBuilder();
    db.run("lease-loss").forEachDone(d -> results.append(d.result()));
    assertThat(results.toString()).as("the other worker's outcome stands").isEqualTo("\"on time\"");
  }

  @Test
  void aStalledWorkersSubStepIsFencedAndItsNextStepDoesNotRun() throws Exception {
    Path input = Files.write(dir.resolve("in.txt"), List.of("slow"));
    Capturing run = new Capturing(db.run("step-lease-loss"));
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicBoolean secondStepRan = new AtomicBoolean();
    ItemPipeline<String, Object> pipeline =
        ItemPipeline.<String, Object>builder()
            .source(Sources.lines(input))
            .contextProcessor(
                (item, ctx) -> {
                  String one =
                      ctx.step(
                          "one",
                          () -> {
                            started.countDown();
                            release.await();
                            return "late";
                          });
                  return ctx.step("two", () -> secondStepRan.getAndSet(true) + one);
                })
            .sharedRun(run, Duration.ofSeconds(1))
            .build();
    CompletableFuture<Void> stalled = CompletableFuture.runAsync(pipeline::run);
    assertThat(started.await(60, TimeUnit.SECONDS)).isTrue();
    run.joined.pauseHeartbeat();

    try (CooperativeWorker other = db.run("step-lease-loss").join(Duration.ofSeconds(5))) {
      ClaimResult claim = other.claim(1);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (!(claim instanceof ClaimResult.Claimed) && System.nanoTime() < deadline) {
        Thread.sleep(100);
        claim = other.claim(1);
      }
      assertThat(claim).isInstanceOf(ClaimResult.Claimed.class);
      var item = ((ClaimResult.Claimed) claim).items().get(0);
      release.countDown(); // the stalled worker wakes up and stores step one: refused
      assertThatThrownBy(stalled::join)
          .cause()
          .isInstanceOf(StoreUnavailableException.class)
          .hasMessageContaining("lost its lease: 1 item(s) it was working on were taken over");
      assertThat(secondStepRan).as("no step runs after the claim was lost").isFalse();
      assertThat(other.steps(item)).as("the stalled worker's step was not stored").isEmpty();
      other.complete(List.of(new ItemOutcome.Done(item, "\"on time\"")));
    }
    assertThat(db.run("step-lease-loss").progress()).isEqualTo(new RunProgress(1, 0, 0, 1, 0, 0));
  }

  /** The run, keeping the worker session the pipeline joins with. */
  private static final class Capturing implements SharedRun {
    private final PostgresRun run;
    volatile WorkerSession joined;

    Capturing(PostgresRun run) {
      this.run = run;
    }

    @Override
    public CooperativeWorker join(Duration lease, int crashLimit) {
      joined = run.join(lease, crashLimit);
      return joined;
    }

    @Override
    public String name() {
      return run.name();
    }

    @Override
    public String location() {
      return run.location();
    }

    @Override
    public boolean exists() {
      return run.exists();
    }

    @Override
    public boolean loaded() {
      return run.loaded();
    }

    @Override
    public long load(String fingerprint, Supplier<Iterator<ItemInput>> items) {
      return run.load(fingerprint, items);
    }

    @Override
    public long retryFailed() {
      return run.retryFailed();
    }

    @Override
    public RunProgress progress() {
      return run.progress();
    }

    @Override
    public void forEachDone(Consumer<DoneItem> action) {
      run.forEachDone(action);
    }

    @Override
    public void delete() {
      run.delete();
    }
  }
}
