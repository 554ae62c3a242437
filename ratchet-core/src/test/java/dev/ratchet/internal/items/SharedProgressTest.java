package dev.ratchet.internal.items;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ratchet.items.ProgressListener;
import dev.ratchet.store.CooperativeWorker;
import dev.ratchet.store.DoneItem;
import dev.ratchet.store.ItemInput;
import dev.ratchet.store.RunProgress;
import dev.ratchet.store.SharedRun;
import java.time.Duration;
import java.util.Iterator;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class SharedProgressTest {
  private static final long SECOND = 1_000_000_000L;

  /** A run whose progress read takes {@code readNanos} of the fake clock. */
  private static final class Counted implements SharedRun {
    final long[] clock;
    final long readNanos;
    int reads;

    Counted(long[] clock, long readNanos) {
      this.clock = clock;
      this.readNanos = readNanos;
    }

    @Override
    public RunProgress progress() {
      reads++;
      clock[0] += readNanos;
      return new RunProgress(10, 5, 0, 5, 0, 0);
    }

    @Override
    public String name() {
      return "r";
    }

    @Override
    public String location() {
      return "run r";
    }

    @Override
    public boolean exists() {
      return true;
    }

    @Override
    public boolean loaded() {
      return true;
    }

    @Override
    public long load(String fingerprint, Supplier<Iterator<ItemInput>> items) {
      return 0;
    }

    @Override
    public long retryFailed() {
      return 0;
    }

    @Override
    public CooperativeWorker join(Duration lease, int crashLimit) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void forEachDone(Consumer<DoneItem> action) {}

    @Override
    public void delete() {}
  }

  /** Reports after a batch every 100 ms for {@code seconds}; returns how often it read. */
  private static int readsOver(long readNanos, int seconds) {
    long[] clock = {0};
    Counted run = new Counted(clock, readNanos);
    SharedProgress progress = new SharedProgress(run, ProgressListener.none(), 0, () -> clock[0]);
    for (int i = 0; i < seconds * 10; i++) {
      progress.report(i, false);
      clock[0] += SECOND / 10;
    }
    return run.reads;
  }

  @Test
  void aCheapCountIsReadAboutOnceASecond() {
    assertThat(readsOver(SECOND / 1000, 60)).isBetween(50, 61);
  }

  @Test
  void aCountThatTakesLongIsReadSoRarelyThatItCostsAtMostAFiftiethOfTheTime() {
    int reads = readsOver(SECOND / 2, 100);
    assertThat(reads).as("a half-second count at most every 25 s").isBetween(2, 5);
  }

  @Test
  void aForcedReportAlwaysReads() {
    long[] clock = {0};
    Counted run = new Counted(clock, SECOND);
    SharedProgress progress = new SharedProgress(run, ProgressListener.none(), 0, () -> clock[0]);
    progress.report(0, true);
    progress.report(0, true);
    assertThat(run.reads).isEqualTo(2);
  }
}
