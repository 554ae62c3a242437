package dev.ratchet.store;

import java.util.List;

/**
 * What one {@link CheckpointRetention#sweep} found, one entry per checkpoint directory, sorted by
 * path.
 */
public record RetentionReport(List<SweptCheckpoint> checkpoints) {
  public RetentionReport {
    checkpoints = List.copyOf(checkpoints);
  }

  /** Checkpoints removed (or, in a dry run, that would be removed). */
  public List<SweptCheckpoint.Removed> removed() {
    return of(SweptCheckpoint.Removed.class);
  }

  /** Old checkpoints kept because a live run holds their lock. */
  public List<SweptCheckpoint.Locked> locked() {
    return of(SweptCheckpoint.Locked.class);
  }

  /** Checkpoints kept because they are newer than the limit. */
  public List<SweptCheckpoint.Recent> recent() {
    return of(SweptCheckpoint.Recent.class);
  }

  /** Checkpoints kept because they could not be read. */
  public List<SweptCheckpoint.Unreadable> unreadable() {
    return of(SweptCheckpoint.Unreadable.class);
  }

  /** Bytes removed (or that would be removed). */
  public long bytesRemoved() {
    return removed().stream().mapToLong(SweptCheckpoint.Removed::bytes).sum();
  }

  private <T extends SweptCheckpoint> List<T> of(Class<T> type) {
    return checkpoints.stream().filter(type::isInstance).map(type::cast).toList();
  }
}
