package dev.ratchet;

import java.time.Duration;
import java.util.Objects;

/**
 * An attempt of an item or a DAG node ran longer than its timeout and was interrupted (for a shell
 * command: its process group was killed). Recorded as the failure "timed out after 30s"; it may be
 * retried like any other failure.
 */
public final class TimedOutException extends Exception {
  private final Duration timeout;

  public TimedOutException(Duration timeout) {
    super("timed out after " + text(timeout));
    this.timeout = Objects.requireNonNull(timeout, "timeout");
  }

  public Duration timeout() {
    return timeout;
  }

  /** The message alone: it is what the checkpoint records as the error. */
  @Override
  public String toString() {
    return getMessage();
  }

  /** A duration as written in Ratchet's options: {@code 1h30m}, {@code 45s}, {@code 1500ms}. */
  public static String text(Duration duration) {
    if (duration.toNanosPart() % 1_000_000 != 0 || duration.isNegative()) {
      return duration.toString();
    }
    if (duration.toMillisPart() != 0 || duration.isZero()) {
      return duration.toMillis() + "ms";
    }
    StringBuilder text = new StringBuilder();
    long hours = duration.toHours();
    if (hours > 0) {
      text.append(hours).append('h');
    }
    if (duration.toMinutesPart() > 0) {
      text.append(duration.toMinutesPart()).append('m');
    }
    if (duration.toSecondsPart() > 0) {
      text.append(duration.toSecondsPart()).append('s');
    }
    return text.toString();
  }
}
