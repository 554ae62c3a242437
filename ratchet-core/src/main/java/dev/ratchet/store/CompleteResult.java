package dev.ratchet.store;

import java.util.List;

/**
 * What a cooperating worker's {@code complete} committed.
 *
 * @param committed keys whose outcome is now durable (including ones a retried commit found already
 *     committed by this claim)
 * @param fenced keys this worker no longer held: its lease ran out and another worker claimed them,
 *     so its outcome was discarded and the other worker's stands
 */
public record CompleteResult(List<String> committed, List<String> fenced) {
  public CompleteResult {
    committed = List.copyOf(committed);
    fenced = List.copyOf(fenced);
  }
}
