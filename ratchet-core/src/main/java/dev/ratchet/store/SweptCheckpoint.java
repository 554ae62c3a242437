package dev.ratchet.store;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Objects;

/** What {@link CheckpointRetention} decided about one checkpoint directory. */
public sealed interface SweptCheckpoint {
  /** The checkpoint directory. */
  Path dir();

  /**
   * The checkpoint's last commit was older than the limit and it was not locked: it was removed
   * (or, in a dry run, would have been).
   *
   * @param bytes the size of the files removed
   * @param dryRun true if nothing was actually removed
   */
  record Removed(Path dir, Instant lastCommit, long bytes, boolean dryRun)
      implements SweptCheckpoint {
    public Removed {
      Objects.requireNonNull(dir, "dir");
      Objects.requireNonNull(lastCommit, "lastCommit");
    }
  }

  /** Old enough to remove, but a live run holds its lock: kept. */
  record Locked(Path dir, Instant lastCommit) implements SweptCheckpoint {
    public Locked {
      Objects.requireNonNull(dir, "dir");
    }
  }

  /** Its last commit is newer than the limit: kept. */
  record Recent(Path dir, Instant lastCommit) implements SweptCheckpoint {
    public Recent {
      Objects.requireNonNull(dir, "dir");
    }
  }

  /**
   * It could not be read (damaged, unreadable, or without a commit time): kept, because removing
   * what cannot be judged is the user's explicit choice ({@code ratchet clear}).
   */
  record Unreadable(Path dir, String reason) implements SweptCheckpoint {
    public Unreadable {
      Objects.requireNonNull(dir, "dir");
      Objects.requireNonNull(reason, "reason");
    }
  }
}
