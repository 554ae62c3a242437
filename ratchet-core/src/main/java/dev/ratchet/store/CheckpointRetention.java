package dev.ratchet.store;

import dev.ratchet.internal.store.NioStoreFileSystem;
import dev.ratchet.internal.store.RetentionSweep;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * Removes file-store checkpoints whose last commit is older than a limit, so checkpoints of failed
 * or abandoned runs do not pile up on disk.
 *
 * <pre>{@code
 * RetentionReport report = CheckpointRetention.olderThan(Duration.ofDays(7)).sweep(Path.of("runs"));
 * report.removed().forEach(r -> log.info("removed {}", r.dir()));
 * }</pre>
 *
 * <p>Every directory under the root that holds a checkpoint is judged by its last commit time (its
 * creation time if it has no commit). A checkpoint locked by a live run is never removed: before
 * removing one, the sweep takes the checkpoint's own lock and checks its age again while holding
 * it, so a run that starts meanwhile either keeps it or waits for nothing. Damaged checkpoints are
 * reported and kept. Only files with the store's own names are removed, and the directory only if
 * it is then empty. Symbolic links are not followed. Instances are immutable.
 */
public final class CheckpointRetention {
  private final Duration olderThan;
  private final boolean dryRun;
  private final Clock clock;

  private CheckpointRetention(Duration olderThan, boolean dryRun, Clock clock) {
    this.olderThan = olderThan;
    this.dryRun = dryRun;
    this.clock = clock;
  }

  /** Removes checkpoints whose last commit is more than {@code age} ago (must be positive). */
  public static CheckpointRetention olderThan(Duration age) {
    Objects.requireNonNull(age, "age");
    if (age.isNegative() || age.isZero()) {
      throw new IllegalArgumentException(
          "the age limit must be positive, was "
              + age
              + "; give how old a checkpoint must be"
              + " to be removed, e.g. PT24H or 7d");
    }
    return new CheckpointRetention(age, false, Clock.systemUTC());
  }

  /**
   * Reports what would be removed without removing anything. Old checkpoints are still checked for
   * a live run's lock (the lock is taken and released at once).
   */
  public CheckpointRetention dryRun() {
    return new CheckpointRetention(olderThan, true, clock);
  }

  /** The clock "now" is read from; default the system UTC clock. */
  public CheckpointRetention clock(Clock clock) {
    return new CheckpointRetention(olderThan, dryRun, Objects.requireNonNull(clock, "clock"));
  }

  /**
   * Sweeps every checkpoint directory under {@code root} (including {@code root} itself).
   *
   * @throws IllegalArgumentException if {@code root} is not a directory
   */
  public RetentionReport sweep(Path root) {
    Objects.requireNonNull(root, "root");
    return new RetentionSweep(NioStoreFileSystem.INSTANCE, clock.instant().minus(olderThan), dryRun)
        .sweep(root);
  }
}
