package dev.ratchet;

/**
 * The root of every exception Ratchet throws for its own conditions (damaged, locked or mismatched
 * checkpoints, unavailable stores). Plain argument and state errors use the JDK's {@link
 * IllegalArgumentException} and {@link IllegalStateException}.
 */
public class RatchetException extends RuntimeException {
  public RatchetException(String message) {
    super(message);
  }

  public RatchetException(String message, Throwable cause) {
    super(message, cause);
  }
}
