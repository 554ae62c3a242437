package dev.ratchet.store;

import java.util.List;

/**
 * What a cooperating worker's claim found ({@code WorkerSession} in ratchet-jdbc, {@code
 * RedisWorker} in ratchet-redis).
 */
public sealed interface ClaimResult {
  /** Items now leased by this worker, in input order. */
  record Claimed(List<ClaimedItem> items) implements ClaimResult {
    public Claimed {
      items = List.copyOf(items);
    }
  }

  /**
   * Nothing is claimable now, but {@code leasedElsewhere} items are held by other workers; their
   * leases may still run out, so claim again shortly.
   */
  record Wait(long leasedElsewhere) implements ClaimResult {}

  /** Every item of the run has finished (DONE, FAILED or SKIPPED). */
  record Finished() implements ClaimResult {}
}
