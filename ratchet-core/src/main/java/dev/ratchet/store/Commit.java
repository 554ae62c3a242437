package dev.ratchet.store;

import java.util.List;
import java.util.Objects;

/**
 * A batch of changes applied all-or-nothing.
 *
 * @param changes the changes, applied in order
 * @param endsBatch whether this commit closes a batch of items; under {@link FsyncPolicy#PER_BATCH}
 *     only such commits are forced before they are acknowledged
 */
public record Commit(List<Change> changes, boolean endsBatch) {
  public Commit {
    Objects.requireNonNull(changes, "changes");
    changes = List.copyOf(changes);
  }

  public static Commit of(Change... changes) {
    return new Commit(List.of(changes), true);
  }

  public static Commit of(List<? extends Change> changes) {
    return new Commit(List.copyOf(changes), true);
  }
}
