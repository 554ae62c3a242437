package dev.ratchet.internal.ui;

/** An action the dashboard will not take, with the HTTP status and a message saying why. */
final class ActionRefused extends RuntimeException {
  private final int status;

  ActionRefused(int status, String message) {
    super(message);
    this.status = status;
  }

  int status() {
    return status;
  }
}
