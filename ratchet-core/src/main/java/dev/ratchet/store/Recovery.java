package dev.ratchet.store;

import java.util.List;
import java.util.Optional;

/**
 * What {@link CheckpointStore#open()} found.
 *
 * @param created true if there was no checkpoint and an empty one was created
 * @param interrupted keys found IN_PROGRESS: evidence of a crash; run them again
 * @param tornTail a partial last record that was cut off, if any
 */
public record Recovery(boolean created, List<String> interrupted, Optional<TornTail> tornTail) {
  public Recovery {
    interrupted = List.copyOf(interrupted);
  }

  /** A partial record at the end of a journal, cut off at {@code offset} ({@code bytes} long). */
  public record TornTail(String file, long offset, long bytes) {}
}
