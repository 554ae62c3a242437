package dev.ratchet.cli.process;

/**
 * The {@code --exec} command printed more than {@code --max-result-bytes} for one item; its process
 * group was killed.
 */
public final class ResultTooLargeException extends Exception {
  public ResultTooLargeException(long limit) {
    super("result larger than " + limit + " bytes (--max-result-bytes); the command was killed");
  }

  /** The message alone: this text is what the checkpoint records as the item's error. */
  @Override
  public String toString() {
    return getMessage();
  }
}
