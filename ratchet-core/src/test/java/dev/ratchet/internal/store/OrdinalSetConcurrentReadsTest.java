package dev.ratchet.internal.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Reads of an {@link OrdinalSet} run on several threads at once under the store's shared read lock
 * (the pipeline's reader and its committer both ask for the next undone ordinal). Its page cache
 * once kept the index and the page in two fields, so one reader could pair another's page with its
 * own index and see bits of the wrong page: a resume then failed with a NullPointerException, or
 * could have taken an undone item for done.
 */
class OrdinalSetConcurrentReadsTest {
  private static final long PAGE = 1L << 16;

  @Test
  void readersOnDifferentPagesAlwaysSeeTheirOwnPage() throws Exception {
    OrdinalSet set = new OrdinalSet();
    for (long i = 0; i < 64; i += 2) {
      set.add(i); // page 0: even ordinals
      set.add(PAGE + i + 1); // page 1: odd ordinals
    }
    AtomicLong wrong = new AtomicLong();
    CountDownLatch start = new CountDownLatch(1);
    Thread[] readers = new Thread[2];
    for (int r = 0; r < readers.length; r++) {
      long base = r * PAGE;
      long parity = r; // page 0 holds evens, page 1 odds
      readers[r] =
          new Thread(
              () -> {
                try {
                  start.await();
                } catch (InterruptedException e) {
                  return;
                }
                for (int round = 0; round < 2_000_000; round++) {
                  long at = base + (round & 63);
                  boolean expected = (round & 1) == parity;
                  if (set.contains(at) != expected) {
                    wrong.incrementAndGet();
                  }
                }
              });
      readers[r].start();
    }
    start.countDown();
    for (Thread t : readers) {
      t.join();
    }
    assertThat(wrong.get()).as("lookups that saw another page").isZero();
  }
}
