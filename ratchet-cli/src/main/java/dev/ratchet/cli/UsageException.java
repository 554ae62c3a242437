package dev.ratchet.cli;

/**
 * Bad usage found after parsing (a value out of range, a missing file): exit code {@link
 * ExitCodes#USAGE}. The message says what is wrong and what to do.
 */
public final class UsageException extends RuntimeException {
  public UsageException(String message) {
    super(message);
  }
}
