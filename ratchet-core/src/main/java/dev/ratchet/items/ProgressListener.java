package dev.ratchet.items;

/**
 * Hears about a run's progress after each commit, on the run's thread. Keep it quick: the next
 * batch waits for it. An exception it throws is logged and ignored.
 */
@FunctionalInterface
public interface ProgressListener {
  void onProgress(Progress progress);

  /** Does nothing. The default. */
  static ProgressListener none() {
    return p -> {};
  }
}
