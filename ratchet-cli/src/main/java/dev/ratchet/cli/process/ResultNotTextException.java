package dev.ratchet.cli.process;

/**
 * The {@code --exec} command printed bytes that are not UTF-8: a result is JSON text, and Ratchet
 * never changes a byte to make it so.
 */
public final class ResultNotTextException extends Exception {
  public ResultNotTextException(int at, int value) {
    super(
        String.format(
            "standard output is not valid UTF-8 (byte 0x%02x at offset %d); a result must be"
                + " text: print binary results encoded, for example with base64",
            value, at));
  }

  /** The message alone: this text is what the checkpoint records as the item's error. */
  @Override
  public String toString() {
    return getMessage();
  }
}
