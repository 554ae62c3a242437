package dev.ratchet.store;

import dev.ratchet.internal.store.CompactChanges;
import java.util.List;
import java.util.Objects;

/**
 * A batch of changes applied all-or-nothing.
 *
 * @param changes the changes, applied in order
 * @param endsBatch whether this commit closes a batch of items; under {@link FsyncPolicy#PER_BATCH}
 *     only such commits are forced before they are acknowledged
 * @param deferred whether the commit may be acknowledged before it is durable, under every fsync
 *     policy: it is applied in commit order and survives a crash of the process, but a power cut
 *     may lose it until a later commit that is not deferred (or an empty commit) has been
 *     acknowledged. For records whose loss costs nothing that was done, such as IN_PROGRESS marks,
 *     or that the caller makes durable itself
 */
public record Commit(List<Change> changes, boolean endsBatch, boolean deferred) {
  public Commit {
    Objects.requireNonNull(changes, "changes");
    // an immutable compact list (runs of ordinal items held as ranges) is kept as it is
    changes = changes instanceof CompactChanges ? changes : List.copyOf(changes);
  }

  /**
   * A commit that is durable when acknowledged (unless it does not end a batch, under PER_BATCH).
   */
  public Commit(List<Change> changes, boolean endsBatch) {
    this(changes, endsBatch, false);
  }

  public static Commit of(Change... changes) {
    return new Commit(List.of(changes), true);
  }

  public static Commit of(List<? extends Change> changes) {
    return new Commit(readOnly(changes), true);
  }

  /** A {@code deferred} commit: acknowledged once applied, made durable by a later commit. */
  public static Commit deferred(List<? extends Change> changes) {
    return new Commit(readOnly(changes), false, true);
  }

  /** The constructor copies what it keeps, so the list is only read here. */
  @SuppressWarnings("unchecked")
  private static List<Change> readOnly(List<? extends Change> changes) {
    return (List<Change>) changes;
  }
}
