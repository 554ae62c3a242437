package dev.ratchet.internal.jdbc;

import dev.ratchet.internal.jdbc.WorkerSql.Outcome;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How many items one worker's claim from the cursor leases: one batch while its batches are slow or
 * few, and more once they finish fast, so that a lease lasts about {@value #TARGET_MILLIS} ms of
 * this worker's work (at most {@value #MAX_BATCHES} batches and {@value #MAX_ITEMS} items). The
 * time of a batch is measured from the start of its claim to the end of its completion, and
 * averaged over the last full batches; a lease grows only after {@value #STREAK} full batches were
 * measured, and shrinks again as soon as batches slow down. Thread-safe.
 */
public final class LeaseGrowth {
  static final long TARGET_MILLIS = 200;
  static final int MAX_BATCHES = 32;
  static final int MAX_ITEMS = 10_000;
  static final int STREAK = 3;
  private static final int MAX_OPEN = 1024;

  /** Claims not yet completed: token → {claim started (nanos), batch asked for, items claimed}. */
  private final Map<Long, long[]> open = new ConcurrentHashMap<>();

  private double nanosPerBatch;
  private int measured;

  /** Notes a claim of {@code size} items out of {@code max} asked for, started at {@code nanos}. */
  public void claimed(long token, int max, int size, long nanos) {
    if (open.size() >= MAX_OPEN) {
      open.clear(); // claims never completed (released by a stop): forget them
    }
    open.put(token, new long[] {nanos, max, size});
  }

  /** Notes the completion of claims, ended at {@code nanos}. */
  public void completed(List<Outcome> outcomes, long nanos) {
    Set<Long> tokens = new HashSet<>();
    for (Outcome o : outcomes) {
      if (tokens.add(o.token())) {
        long[] claim = open.remove(o.token());
        if (claim != null && claim[2] == claim[1]) {
          measure(nanos - claim[0]);
        }
      }
    }
  }

  private synchronized void measure(long nanos) {
    nanosPerBatch = measured == 0 ? nanos : 0.7 * nanosPerBatch + 0.3 * nanos;
    measured = Math.min(measured + 1, STREAK);
  }

  /** How many items a claim of batch {@code max} from the cursor leases now (at least max). */
  public synchronized int lease(int max) {
    if (measured < STREAK || nanosPerBatch <= 0) {
      return max;
    }
    long batches = (long) (TARGET_MILLIS * 1_000_000L / nanosPerBatch);
    batches = Math.max(1, Math.min(MAX_BATCHES, batches));
    return (int) Math.max(max, Math.min(batches * max, MAX_ITEMS));
  }
}
