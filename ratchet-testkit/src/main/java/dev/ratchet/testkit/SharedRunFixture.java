package dev.ratchet.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ratchet.store.ClaimResult;
import dev.ratchet.store.ClaimedItem;
import dev.ratchet.store.CooperativeWorker;
import dev.ratchet.store.ItemInput;
import dev.ratchet.store.ItemOutcome;
import dev.ratchet.store.SharedRun;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@link SharedRunContract} needs of a backend (real runs on a real server, a second handle, a
 * way to kill a worker and to drop a run) and the helpers its tests share: loaded runs, joined
 * workers, claims that wait while others hold the items.
 */
public abstract class SharedRunFixture {
  protected static final Duration LEASE = Duration.ofSeconds(2);
  private static final Duration DEADLINE = Duration.ofSeconds(60);

  private final List<SharedRun> runs = new ArrayList<>();
  private final List<CooperativeWorker> workers = Collections.synchronizedList(new ArrayList<>());
  protected final ExecutorService threads = Executors.newCachedThreadPool();
  @TempDir protected Path dir;

  /** A handle on a new run called {@code name} (unique per test) on the real server. */
  protected abstract SharedRun newRun(String name);

  /** Another handle on the same run, as another process would hold it. */
  protected abstract SharedRun sameRun(SharedRun run);

  /** Stops the worker's heartbeat without leaving, as {@code kill -9} of its process would. */
  protected abstract void kill(CooperativeWorker worker);

  /** Removes the run's data behind its workers' backs (a server that lost it, a manual delete). */
  protected abstract void dropUnderneath(SharedRun run);

  @AfterEach
  void cleanUp() {
    threads.shutdownNow();
    for (CooperativeWorker w : List.copyOf(workers)) {
      try {
        w.close();
      } catch (RuntimeException e) {
        // a worker of a vanished run may refuse to leave; its run is dropped below
      }
    }
    runs.forEach(this::dropUnderneath);
  }

  protected SharedRun run() {
    SharedRun run = newRun("contract-" + Long.toHexString(System.nanoTime()));
    runs.add(run);
    return run;
  }

  protected SharedRun loaded(int n) {
    SharedRun run = run();
    assertThat(run.load("fp", () -> items(n))).isEqualTo(n);
    return run;
  }

  /** Items "k0".."k{n-1}" whose keys do not sort in input order past k9 (k10 before k2). */
  protected static Iterator<ItemInput> items(int n) {
    List<ItemInput> items = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      items.add(new ItemInput("k" + i, "item " + i));
    }
    return items.iterator();
  }

  protected CooperativeWorker join(SharedRun run) {
    CooperativeWorker w = run.join(LEASE, 3);
    workers.add(w);
    return w;
  }

  /** Claims until items come back, waiting while others hold them; empty when finished. */
  protected static List<ClaimedItem> claim(CooperativeWorker w, int max)
      throws InterruptedException {
    long deadline = System.nanoTime() + DEADLINE.toNanos();
    while (System.nanoTime() < deadline) {
      ClaimResult r = w.claim(max);
      if (r instanceof ClaimResult.Claimed c) {
        return c.items();
      }
      if (r instanceof ClaimResult.Finished) {
        return List.of();
      }
      Thread.sleep(50);
    }
    throw new AssertionError("nothing claimable within " + DEADLINE);
  }

  protected static List<ItemOutcome> done(List<ClaimedItem> items, String by) {
    List<ItemOutcome> out = new ArrayList<>();
    items.forEach(i -> out.add(new ItemOutcome.Done(i, "\"" + by + ":" + i.key() + "\"")));
    return out;
  }

  /** A worker that claims batches of 3 and completes them DONE until the run is finished. */
  protected Callable<List<String>> worker(SharedRun run, CountDownLatch start, String name) {
    return () -> {
      start.await();
      run.load("fp", () -> items(50));
      CooperativeWorker w = join(run);
      List<String> mine = new ArrayList<>();
      for (List<ClaimedItem> b = claim(w, 3); !b.isEmpty(); b = claim(w, 3)) {
        b.forEach(i -> mine.add(i.key()));
        assertThat(w.complete(done(b, name)).fenced()).isEmpty();
      }
      return mine;
    };
  }

  protected Map<String, String> results(SharedRun run) {
    Map<String, String> out = new HashMap<>();
    run.forEachDone(d -> assertThat(out.put(d.key(), d.result())).isNull());
    return out;
  }
}
