package dev.ratchet.items;

/**
 * A place in an ordered input where reading can start: the ordinal of the next item and the byte
 * offset where it begins. Ratchet commits one after each batch whose items before it are all DONE,
 * so a resumed run seeks past the finished prefix instead of re-reading it.
 *
 * @param ordinal the ordinal of the first item at this point
 * @param offset the byte offset of that item in the input
 */
public record SeekPoint(long ordinal, long offset) {
  /** The beginning of the input. */
  public static final SeekPoint START = new SeekPoint(0, 0);

  public SeekPoint {
    if (ordinal < 0) {
      throw new IllegalArgumentException("ordinal must be >= 0, was " + ordinal);
    }
    if (offset < 0) {
      throw new IllegalArgumentException("offset must be >= 0, was " + offset);
    }
  }
}
