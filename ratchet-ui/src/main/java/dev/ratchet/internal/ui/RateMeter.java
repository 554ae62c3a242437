package dev.ratchet.internal.ui;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * Rates and ETAs of live runs, measured by the dashboard itself from successive readings of each
 * checkpoint's finished count (a run records no rate). Keeps the readings of the last {@link
 * #WINDOW_NANOS} per checkpoint. Thread-safe.
 */
final class RateMeter {
  static final long WINDOW_NANOS = 30_000_000_000L;

  /** Items per second and seconds left, each null when not known yet. */
  record Rate(Double perSecond, Long etaSeconds) {
    static final Rate UNKNOWN = new Rate(null, null);
  }

  private record Reading(long nanos, long finished) {}

  private final Map<String, Deque<Reading>> readings = new HashMap<>();

  /**
   * Adds a reading of checkpoint {@code id} taken at {@code nanos} and returns the rate over the
   * window; {@code total} (or -1 if unknown) gives the ETA.
   */
  synchronized Rate observe(String id, long nanos, long finished, long total) {
    Deque<Reading> window = readings.computeIfAbsent(id, k -> new ArrayDeque<>());
    Reading last = window.peekLast();
    if (last != null && finished < last.finished()) {
      window.clear(); // a new run started over
    }
    if (last == null || finished != last.finished() || nanos - last.nanos() > 1_000_000_000L) {
      window.addLast(new Reading(nanos, finished));
    }
    while (window.size() > 2 && nanos - window.peekFirst().nanos() > WINDOW_NANOS) {
      window.removeFirst();
    }
    Reading first = window.peekFirst();
    long elapsed = nanos - first.nanos();
    if (window.size() < 2 || elapsed <= 0) {
      return Rate.UNKNOWN;
    }
    double perSecond = (finished - first.finished()) / (elapsed / 1e9);
    Long eta =
        total >= 0 && perSecond > 0
            ? (long) Math.ceil(Math.max(0, total - finished) / perSecond)
            : null;
    return new Rate(perSecond, eta);
  }

  /** Forgets a checkpoint that is no longer live. */
  synchronized void forget(String id) {
    readings.remove(id);
  }
}
