package dev.ratchet.internal.items;

/**
 * Thrown out of a sub-step on a shared run when the server refused to store its value because
 * another worker took the item over (this worker's lease on it ran out). The attempt ends as not
 * done, never failed: the item is the other worker's now, and this worker's outcome would be fenced
 * anyway.
 */
final class ClaimTakenOver extends RuntimeException {
  ClaimTakenOver(String key, String step) {
    super(
        "sub-step '"
            + step
            + "' of item "
            + key
            + " was not stored: another worker took the item over after this worker's lease ran"
            + " out; the other worker goes on with it");
  }

  /** Whether {@code t} or one of its causes is this exception. */
  static boolean in(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof ClaimTakenOver) {
        return true;
      }
      if (c.getCause() == c) {
        break;
      }
    }
    return false;
  }
}
