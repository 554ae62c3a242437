package dev.ratchet.store;

/** How many recorded items are in each state. Items never recorded are not counted. */
public record StateCounts(long inProgress, long done, long failed, long skipped) {
  public static final StateCounts EMPTY = new StateCounts(0, 0, 0, 0);

  public long total() {
    return inProgress + done + failed + skipped;
  }
}
