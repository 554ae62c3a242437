package dev.ratchet.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.ratchet.CheckpointDamagedException;
import dev.ratchet.reliability.sim.SimFileSystem;
import dev.ratchet.store.FileStore;
import dev.ratchet.store.MetaKeys;
import dev.ratchet.store.Recovery;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * Simulated power loss through the store's file seam. Each workload is run once to count its file
 * operations, then again once per operation with the power cut right after that operation (so at
 * every fsync boundary and at every point between), and each cut machine is rebooted several times
 * with different choices of which unsynced sectors and directory changes survived. After every
 * reboot the checkpoint must open and hold exactly the acknowledged commits (plus, possibly, the
 * one in flight, and unforced ones), never report damage (torn unforced records are cut, whatever
 * follows them), and the run must finish correctly from there.
 */
class PowerLossTest {
  private static final AtomicLong CUTS = new AtomicLong();
  private static final AtomicLong TORN = new AtomicLong();
  private static final AtomicLong DAMAGED = new AtomicLong();
  private static final AtomicLong WORKLOADS = new AtomicLong();
  private static final AtomicLong VIOLATIONS = new AtomicLong();

  @Provide
  Arbitrary<Workload> workloads() {
    return Workload.arbitrary(24);
  }

  @Property(tries = 25)
  void everyAcknowledgedCommitSurvivesAPowerCutAtAnyOperation(
      @ForAll("workloads") Workload workload, @ForAll long seed) {
    WORKLOADS.incrementAndGet();
    SimFileSystem dry = new SimFileSystem();
    assertThat(workload.run(dry).acknowledged()).isEqualTo(workload.commits().size());
    long operations = dry.operations();
    int reboots = 2 * Figures.scale();
    for (long cut = 1; cut <= operations; cut++) {
      for (int reboot = 0; reboot < reboots; reboot++) {
        SimFileSystem fs = new SimFileSystem();
        fs.cutPowerAt(cut);
        Workload.Progress progress = workload.run(fs);
        assertThat(fs.isDead()).as("power cut at operation %d happened", cut).isTrue();
        Random random = new Random(seed * 1_000_003L + cut * 31 + reboot);
        CUTS.incrementAndGet();
        try {
          checkRecovery(workload, progress, fs.afterPowerLoss(random), "cut at operation " + cut);
        } catch (AssertionError e) {
          VIOLATIONS.incrementAndGet();
          throw e;
        }
      }
    }
  }

  private static void checkRecovery(
      Workload workload, Workload.Progress progress, SimFileSystem fs, String where) {
    FileStore store = workload.store(fs);
    Recovery recovery;
    try {
      recovery = store.open();
    } catch (CheckpointDamagedException e) {
      DAMAGED.incrementAndGet();
      // A power cut tears only records that were not yet forced, and no later record claims
      // those were forced: recovery must cut them as a torn tail, under every policy.
      fail("%s: damage reported after a power cut (%s): %s", where, workload, e.getMessage());
      return;
    }
    recovery.tornTail().ifPresent(torn -> TORN.incrementAndGet());
    StoreModel observed = StoreModel.observe(store, Workload.KEYS);
    int highest = progress.acknowledged() + (progress.inFlight() ? 1 : 0);
    List<Integer> matching = new ArrayList<>();
    for (int p = progress.durable(); p <= highest; p++) {
      if (StoreModel.after(workload.commits().subList(0, p)).equals(observed)) {
        matching.add(p);
      }
    }
    if (matching.isEmpty()) {
      fail(
          "%s: after recovery the checkpoint holds %s, which is not the state after any of"
              + " commits %d..%d (acknowledged %d)",
          where, observed, progress.durable(), highest, progress.acknowledged());
    }
    int recovered = matching.get(matching.size() - 1);
    StoreModel expected = StoreModel.after(workload.commits().subList(0, recovered));
    assertThat(store.counts()).as(where).isEqualTo(expected.counts());
    assertThat(recovery.interrupted().stream().sorted().toList())
        .as("%s: interrupted items", where)
        .isEqualTo(expected.inProgress());
    if (progress.runId() != null) {
      assertThat(store.metadata().get(MetaKeys.RUN_ID)).as(where).isEqualTo(progress.runId());
    }
    workload.from(recovered).forEach(store::commit);
    store.close();

    FileStore reopened = workload.store(fs);
    assertThat(reopened.open().tornTail()).as(where).isEmpty();
    assertThat(StoreModel.observe(reopened, Workload.KEYS))
        .as("%s: state after resuming and finishing the run", where)
        .isEqualTo(StoreModel.after(workload.commits()));
    reopened.close();
  }

  @AfterContainer
  static void recordFigures() {
    Figures.record(
        "power cuts simulated",
        CUTS.get(),
        VIOLATIONS.get(),
        "PowerLossTest.everyAcknowledgedCommitSurvivesAPowerCutAtAnyOperation",
        WORKLOADS.get()
            + " random workloads; "
            + TORN.get()
            + " recoveries cut a torn tail; "
            + DAMAGED.get()
            + " refused with a damage error");
  }
}
