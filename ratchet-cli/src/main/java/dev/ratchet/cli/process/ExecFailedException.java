package dev.ratchet.cli.process;

/** The {@code --exec} command exited with a non-zero code for one item. */
public final class ExecFailedException extends Exception {
  private final int exitCode;
  private final String stderrTail;

  public ExecFailedException(int exitCode, String stderrTail) {
    super(
        "exit code "
            + exitCode
            + (stderrTail.isEmpty() ? " (no standard error)" : ": " + stderrTail));
    this.exitCode = exitCode;
    this.stderrTail = stderrTail;
  }

  /** The message alone: this text is what the checkpoint records as the item's error. */
  @Override
  public String toString() {
    return getMessage();
  }

  public int exitCode() {
    return exitCode;
  }

  /** The last {@value ExecCommand#STDERR_TAIL_BYTES} bytes of standard error, stripped. */
  public String stderrTail() {
    return stderrTail;
  }
}
