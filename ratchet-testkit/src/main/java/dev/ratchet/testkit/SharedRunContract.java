package dev.ratchet.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ratchet.CheckpointMismatchException;
import dev.ratchet.ItemState;
import dev.ratchet.RatchetException;
import dev.ratchet.items.ItemPipeline;
import dev.ratchet.items.RunResult;
import dev.ratchet.store.ClaimResult;
import dev.ratchet.store.ClaimedItem;
import dev.ratchet.store.CompleteResult;
import dev.ratchet.store.CooperativeWorker;
import dev.ratchet.store.ItemOutcome;
import dev.ratchet.store.RunProgress;
import dev.ratchet.store.SharedRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link SharedRun} keeps, as an abstract JUnit 5 suite (the counterpart of
 * {@link CheckpointStoreContract} for runs that many workers share). A backend's test class extends
 * it and says how to reach runs on a real server:
 *
 * <pre>{@code
 * class RedisSharedRunContractTest extends SharedRunContract {
 *   protected SharedRun newRun(String name) { return db.run(name); }
 *   protected SharedRun sameRun(SharedRun run) { return otherConnection.run(run.name()); }
 *   protected void kill(CooperativeWorker w) { ((RedisWorker) w).pauseHeartbeat(); }
 *   protected void dropUnderneath(SharedRun run) { ... delete its keys ... }
 * }
 * }</pre>
 *
 * <p>Workers are threads here; each races through its own handle. Leases are 2 s: long enough for a
 * loaded machine, short enough for takeovers to be waited for (by polling, never by sleeping a
 * guess).
 */
public abstract class SharedRunContract extends SharedRunFixture {
  @Test
  void racingLoadersLoadTheItemsOnce() throws Exception {
    SharedRun first = run();
    CountDownLatch start = new CountDownLatch(1);
    List<Future<Long>> loads = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      SharedRun handle = sameRun(first);
      loads.add(
          threads.submit(
              () -> {
                start.await();
                return handle.load("fp", () -> items(2500));
              }));
    }
    start.countDown();
    long added = 0;
    for (Future<Long> f : loads) {
      added += f.get(60, TimeUnit.SECONDS);
    }
    assertThat(added).as("the three loaders together add each item once").isEqualTo(2500);
    assertThat(first.loaded()).isTrue();
    assertThat(first.progress()).isEqualTo(new RunProgress(2500, 2500, 0, 0, 0, 0));
    assertThat(first.load("fp", () -> items(2500))).as("a later loader adds nothing").isZero();
  }

  @Test
  void threeWorkersStartedAtTheSameInstantShareTheRunEachItemOnce() throws Exception {
    SharedRun run = run();
    CountDownLatch start = new CountDownLatch(1);
    List<Future<List<String>>> all = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      all.add(threads.submit(worker(sameRun(run), start, "w" + i)));
    }
    start.countDown();
    Map<String, Integer> claims = new ConcurrentHashMap<>();
    for (Future<List<String>> f : all) {
      f.get(120, TimeUnit.SECONDS).forEach(k -> claims.merge(k, 1, Integer::sum));
    }
    assertThat(claims).hasSize(50);
    assertThat(claims.values()).as("no item was claimed by two live workers").containsOnly(1);
    assertThat(run.progress()).isEqualTo(new RunProgress(50, 0, 0, 50, 0, 0));
    assertThat(results(run)).hasSize(50);
  }

  @Test
  void aDeadWorkersItemsAreTakenOverAfterTheLeaseAndItsLateCommitIsFenced() throws Exception {
    SharedRun run = loaded(2);
    CooperativeWorker dead = join(run);
    List<ClaimedItem> held = claim(dead, 2);
    assertThat(held).hasSize(2);
    kill(dead);

    CooperativeWorker heir = join(sameRun(run));
    List<ClaimedItem> taken = claim(heir, 2);
    assertThat(taken).hasSize(1).as("taken over one at a time");
    ClaimedItem t = taken.get(0);
    assertThat(t.key()).isEqualTo("k0");
    assertThat(t.interruptions()).isEqualTo(1);
    assertThat(t.token()).isNotEqualTo(held.get(0).token());

    CompleteResult late = dead.complete(done(held.subList(0, 1), "dead"));
    assertThat(late.fenced()).as("the dead worker's commit is refused").containsExactly("k0");
    assertThat(heir.complete(done(taken, "heir")).committed()).containsExactly("k0");
    assertThat(results(run)).containsEntry("k0", "\"heir:k0\"");
  }

  @Test
  void aLeavingWorkerGivesItsItemsBackAtOnce() throws Exception {
    SharedRun run = loaded(3);
    CooperativeWorker leaving = join(run);
    assertThat(claim(leaving, 3)).hasSize(3);
    leaving.close();
    List<ClaimedItem> again = claim(join(sameRun(run)), 3);
    assertThat(again).extracting(ClaimedItem::key).containsExactly("k0", "k1", "k2");
    assertThat(again).extracting(ClaimedItem::interruptions).containsOnly(0);
  }

  @Test
  void failedItemsAreRetriedOnlyWhenTheRunIsJoinedAgain() throws Exception {
    SharedRun run = loaded(3);
    CooperativeWorker w = join(run);
    List<ClaimedItem> b = claim(w, 3);
    w.complete(
        List.of(
            new ItemOutcome.Done(b.get(0), "1"),
            new ItemOutcome.Failed(b.get(1), "boom"),
            new ItemOutcome.Done(b.get(2), "3")));
    assertThat(w.claim(3)).isInstanceOf(ClaimResult.Finished.class);
    assertThat(run.progress()).isEqualTo(new RunProgress(3, 0, 0, 2, 1, 0));

    assertThat(sameRun(run).retryFailed()).isEqualTo(1);
    assertThat(run.progress()).isEqualTo(new RunProgress(3, 1, 0, 2, 0, 0));
    CooperativeWorker again = join(sameRun(run));
    List<ClaimedItem> retried = claim(again, 3);
    assertThat(retried).extracting(ClaimedItem::key).containsExactly("k1");
    assertThat(retried.get(0).attempts()).isEqualTo(2);
    again.complete(List.of(new ItemOutcome.Done(retried.get(0), "2")));
    assertThat(run.progress()).isEqualTo(new RunProgress(3, 0, 0, 3, 0, 0));
    assertThat(run.retryFailed()).isZero();
  }

  @Test
  void anItemThatKillsItsWorkerIsFailedAfterTheCrashLimit() throws Exception {
    SharedRun run = loaded(4);
    int kills = 0;
    Map<String, Integer> interruptions = new HashMap<>();
    while (true) {
      CooperativeWorker w = join(sameRun(run));
      List<ClaimedItem> batch = claim(w, 10);
      if (batch.isEmpty()) {
        break;
      }
      batch.forEach(i -> interruptions.merge(i.key(), i.interruptions(), Math::max));
      if (batch.stream().anyMatch(i -> i.key().equals("k2"))) {
        kill(w); // k2 kills whichever worker processes it
        kills++;
        assertThat(kills).as("the poison item must stop being claimed").isLessThanOrEqualTo(3);
      } else {
        w.complete(done(batch, "w"));
      }
    }
    assertThat(kills).isEqualTo(3);
    assertThat(run.progress()).isEqualTo(new RunProgress(4, 0, 0, 3, 1, 0));
    assertThat(results(run)).containsOnlyKeys("k0", "k1", "k3");
    assertThat(interruptions).as("its batch mates ran again alone, once").containsEntry("k0", 1);
    assertThat(run.retryFailed()).as("an item that crashed the process is not retried").isZero();
  }

  @Test
  void subStepsSurviveATakeoverAndADeadWorkersLateStepIsFenced() throws Exception {
    SharedRun run = loaded(1);
    CooperativeWorker dead = join(run);
    assertThat(dead.storesSteps()).as("a shared run keeps sub-steps in its server").isTrue();
    ClaimedItem first = claim(dead, 1).get(0);
    assertThat(dead.steps(first)).isEmpty();
    assertThat(dead.saveStep(first, "one", "1")).isTrue();
    assertThat(dead.saveStep(first, "two", "[2]")).isTrue();
    kill(dead);

    CooperativeWorker heir = join(sameRun(run));
    ClaimedItem taken = claim(heir, 1).get(0);
    assertThat(taken.key()).isEqualTo(first.key());
    assertThat(heir.steps(taken)).isEqualTo(Map.of("one", "1", "two", "[2]"));
    assertThat(dead.saveStep(first, "three", "\"late\"")).as("fenced by the claim").isFalse();
    assertThat(heir.saveStep(taken, "three", "3")).isTrue();
    assertThat(heir.steps(taken)).isEqualTo(Map.of("one", "1", "two", "[2]", "three", "3"));
    assertThat(heir.complete(done(List.of(taken), "heir")).committed()).containsExactly("k0");
  }

  @Test
  void aPipelineTakingAnItemOverRunsOnlyTheSubStepsNotStored() throws Exception {
    SharedRun run = loaded(2);
    CooperativeWorker dead = join(run);
    ClaimedItem k0 = claim(dead, 1).get(0);
    assertThat(dead.saveStep(k0, "one", "\"a\"")).isTrue();
    assertThat(dead.saveStep(k0, "two", "\"b\"")).isTrue();
    kill(dead); // died before step three

    Map<String, Integer> ran = new ConcurrentHashMap<>();
    RunResult result =
        ItemPipeline.<String, Object>builder()
            .sharedRun(sameRun(run), LEASE)
            .contextProcessor(
                (item, ctx) -> {
                  String a =
                      ctx.step("one", () -> ran.merge(ctx.key() + "/one", 1, Integer::sum) + "a");
                  String b =
                      ctx.step("two", () -> ran.merge(ctx.key() + "/two", 1, Integer::sum) + "b");
                  String c =
                      ctx.step(
                          "three", () -> ran.merge(ctx.key() + "/three", 1, Integer::sum) + "c");
                  return a + b + c;
                })
            .build()
            .run();
    assertThat(result.outcome()).isEqualTo(RunResult.Outcome.SUCCEEDED);
    assertThat(ran)
        .as("k0's steps one and two came from the dead worker; k1 ran all three")
        .isEqualTo(Map.of("k0/three", 1, "k1/one", 1, "k1/two", 1, "k1/three", 1));
    assertThat(results(run)).containsEntry("k0", "\"ab1c\"").containsEntry("k1", "\"1a1b1c\"");
  }

  @Test
  void anOperatorMarksItemsDoneSkippedOrPendingAndWorkersFollow() throws Exception {
    SharedRun run = loaded(5);
    CooperativeWorker w = join(run);
    List<ClaimedItem> b = claim(w, 2);
    w.complete(List.of(new ItemOutcome.Done(b.get(0), "0"), new ItemOutcome.Failed(b.get(1), "x")));
    SharedRun operator = sameRun(run);

    assertThat(operator.mark("k1", ItemState.PENDING)).isEqualTo(ItemState.FAILED);
    assertThat(operator.mark("k3", ItemState.DONE)).isEqualTo(ItemState.PENDING);
    assertThat(operator.mark("k0", ItemState.SKIPPED)).isEqualTo(ItemState.DONE);
    assertThat(operator.mark("k4", ItemState.SKIPPED)).isEqualTo(ItemState.PENDING);
    assertThat(run.progress()).isEqualTo(new RunProgress(5, 2, 0, 1, 0, 2));
    assertThatThrownBy(() -> operator.mark("k9", ItemState.DONE))
        .isInstanceOf(NoSuchElementException.class);

    List<String> claimed = new ArrayList<>();
    CooperativeWorker again = join(sameRun(run));
    for (List<ClaimedItem> c = claim(again, 5); !c.isEmpty(); c = claim(again, 5)) {
      c.forEach(i -> claimed.add(i.key()));
      again.complete(done(c, "again"));
    }
    assertThat(claimed).as("only the items left pending").containsExactlyInAnyOrder("k1", "k2");
    assertThat(run.progress()).isEqualTo(new RunProgress(5, 0, 0, 3, 0, 2));
    assertThat(results(run))
        .as("an item marked done by hand has no output record")
        .containsOnlyKeys("k1", "k2");
  }

  @Test
  void aDoneItemMarkedPendingIsDoneAgainFromTheStartAndAHeldItemIsRefused() throws Exception {
    SharedRun run = loaded(2);
    CooperativeWorker w = join(run);
    ClaimedItem k0 = claim(w, 1).get(0);
    assertThat(w.saveStep(k0, "one", "1")).isTrue();
    assertThatThrownBy(() -> sameRun(run).mark("k0", ItemState.DONE))
        .as("a live worker holds it")
        .isInstanceOf(IllegalStateException.class);
    w.complete(done(List.of(k0), "first"));
    assertThat(results(run)).containsEntry("k0", "\"first:k0\"");

    assertThat(sameRun(run).mark("k0", ItemState.PENDING)).isEqualTo(ItemState.DONE);
    assertThat(results(run)).as("its output record is gone").doesNotContainKey("k0");
    List<ClaimedItem> redo = new ArrayList<>();
    for (List<ClaimedItem> c = claim(w, 2); !c.isEmpty(); c = claim(w, 2)) {
      redo.addAll(c);
      for (ClaimedItem i : c) {
        if (i.key().equals("k0")) {
          assertThat(w.steps(i)).as("its sub-steps are forgotten").isEmpty();
        }
      }
      w.complete(done(c, "second"));
    }
    assertThat(redo).extracting(ClaimedItem::key).containsExactlyInAnyOrder("k0", "k1");
    assertThat(results(run)).containsEntry("k0", "\"second:k0\"").hasSize(2);
  }

  @Test
  void doneItemsComeOutInInputOrder() throws Exception {
    SharedRun run = loaded(12);
    CooperativeWorker w = join(run);
    List<ClaimedItem> all = claim(w, 12);
    List<ClaimedItem> reversed = new ArrayList<>(all);
    Collections.reverse(reversed);
    for (ClaimedItem i : reversed) {
      w.complete(done(List.of(i), "w"));
    }
    List<String> keys = new ArrayList<>();
    sameRun(run).forEachDone(d -> keys.add(d.key()));
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      expected.add("k" + i);
    }
    assertThat(keys).isEqualTo(expected);

    Path out = dir.resolve("out.jsonl");
    assertThat(run.exportJsonLines(out)).isEqualTo(12);
    List<String> lines = Files.readAllLines(out);
    assertThat(lines).hasSize(12);
    assertThat(lines.get(0)).isEqualTo("{\"key\":\"k0\",\"input\":\"item 0\",\"result\":\"w:k0\"}");
    assertThat(lines.get(11)).startsWith("{\"key\":\"k11\"");
  }

  @Test
  void aRunWhoseDataVanishedIsReportedAndNotRecreated() throws Exception {
    SharedRun run = loaded(5);
    CooperativeWorker w = join(run);
    List<ClaimedItem> b = claim(w, 2);
    dropUnderneath(run);

    assertThatThrownBy(() -> w.claim(2))
        .isInstanceOf(RatchetException.class)
        .hasMessageContaining("vanished")
        .hasMessageContaining(run.name());
    try {
      assertThat(w.complete(done(b, "w")).committed()).isEmpty();
    } catch (RatchetException e) {
      assertThat(e).hasMessageContaining("vanished");
    }
    assertThat(run.exists()).as("nothing of the run was written again").isFalse();
  }

  @Test
  void progressPartsAlwaysAddUpToTheLoadedTotal() throws Exception {
    SharedRun run = loaded(20);
    CooperativeWorker w = join(run);
    List<ClaimedItem> b = claim(w, 10);
    w.complete(
        List.of(
            new ItemOutcome.Done(b.get(0), "1"),
            new ItemOutcome.Done(b.get(1), "2"),
            new ItemOutcome.Done(b.get(2), "3"),
            new ItemOutcome.Failed(b.get(3), "no"),
            new ItemOutcome.Skipped(b.get(4), "not needed")));
    assertThat(sameRun(run).progress()).isEqualTo(new RunProgress(20, 10, 5, 3, 1, 1));

    CountDownLatch start = new CountDownLatch(1);
    Future<List<String>> busy = threads.submit(worker(sameRun(run), start, "busy"));
    start.countDown();
    w.complete(done(b.subList(5, 10), "w"));
    while (!busy.isDone()) {
      RunProgress p = run.progress(); // its constructor checks that the parts add up
      assertThat(p.total()).isEqualTo(20);
    }
    assertThat(busy.get()).hasSize(10);
    assertThat(run.progress()).isEqualTo(new RunProgress(20, 0, 0, 18, 1, 1));
  }

  @Test
  void aRunLoadedFromAnotherInputIsRefused() {
    SharedRun run = loaded(3);
    assertThatThrownBy(() -> sameRun(run).load("other", () -> items(3)))
        .isInstanceOf(CheckpointMismatchException.class);
    assertThat(run.progress().total()).isEqualTo(3);
  }
}
