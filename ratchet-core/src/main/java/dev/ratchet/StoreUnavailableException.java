package dev.ratchet;

/**
 * The store cannot be used right now: an I/O error happened (after which a store refuses further
 * commits until reopened), the directory is not writable, or a database is unreachable.
 */
public class StoreUnavailableException extends RatchetException {
  public StoreUnavailableException(String message) {
    super(message);
  }

  public StoreUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
