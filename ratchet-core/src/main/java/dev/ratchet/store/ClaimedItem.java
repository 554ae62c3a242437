package dev.ratchet.store;

import java.util.Objects;

/**
 * An item a worker claimed and now leases.
 *
 * @param key the item's key; with the run id, its idempotency key
 * @param ordinal the item's position in the input
 * @param input the item's text
 * @param attempts attempts started, including this one
 * @param interruptions how often a worker's lease on it ran out before it finished
 * @param token the fencing token of the claim; a commit carrying an older token is refused
 */
public record ClaimedItem(
    String key, long ordinal, String input, int attempts, int interruptions, long token) {
  public ClaimedItem {
    Objects.requireNonNull(key, "key");
  }
}
