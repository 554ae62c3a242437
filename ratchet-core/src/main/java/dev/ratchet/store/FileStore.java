package dev.ratchet.store;

import dev.ratchet.ItemState;
import dev.ratchet.internal.store.JournalStore;
import dev.ratchet.internal.store.NioStoreFileSystem;
import dev.ratchet.internal.store.StoreFileSystem;
import dev.ratchet.internal.store.StoreInspector;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The embedded checkpoint store: a directory holding a descriptor ({@code checkpoint.json}), an
 * append-only journal, compacted snapshots and a lock file. The default store of every shape.
 *
 * <pre>{@code
 * try (FileStore store = FileStore.builder(Path.of("run.ckpt")).build()) {
 *   Recovery recovery = store.open();
 *   store.commit(Commit.of(Change.Item.done("42", 1, null)));
 * }
 * }</pre>
 *
 * <p><b>Durability.</b> Each {@link Commit} is one journal record framed with its length and a
 * CRC32C (and, with {@link Builder#hmacKey}, an HMAC-SHA256 chained over all records), so it is
 * applied entirely or not at all. Under {@link FsyncPolicy#ALWAYS} (the default) {@link #commit}
 * returns after the record is forced to disk; concurrent committers share one force. New files are
 * written under a temp name, forced, renamed, and their directory forced.
 *
 * <p><b>Recovery.</b> {@link #open()} replays the newest snapshot and the journal after it. A cut
 * last record (a crash mid-write) is truncated and reported in {@link Recovery#tornTail()}; a bad
 * record followed by valid ones, a checksum or MAC mismatch, or a file from a newer format is a
 * {@link dev.ratchet.CheckpointDamagedException} naming file and offset. Nothing is ever discarded
 * silently.
 *
 * <p><b>Cost.</b> A commit is an O(1) amortized append. When the journal outgrows the live state it
 * is compacted into a snapshot. DONE items with ordinal keys ({@code "0"}, {@code "1"}, ...), one
 * attempt and no result are held as bits, so ten million of them take a few megabytes at most.
 *
 * <p><b>Threading and failure.</b> All methods are thread-safe. One process at a time: {@link
 * #open()} takes an OS lock, and a second opener (another process, or another store on the same
 * directory in this JVM) gets {@link dev.ratchet.CheckpointLockedException}. After an I/O error the
 * store refuses commits with {@link dev.ratchet.StoreUnavailableException} until it is closed and
 * reopened. Directories are created 0700 and files 0600.
 */
public final class FileStore implements CheckpointStore {
  private final JournalStore store;

  private FileStore(JournalStore store) {
    this.store = store;
  }

  /** A builder for the store in {@code dir} (created on {@link #open()} if absent). */
  public static Builder builder(Path dir) {
    return new Builder(dir);
  }

  /** A store in {@code dir} with the defaults: fsync always, no MAC. */
  public static FileStore at(Path dir) {
    return builder(dir).build();
  }

  /**
   * What the checkpoint in {@code dir} holds, without taking the lock or changing any file (a torn
   * tail is ignored, not cut). MACs are not verified: use {@link #inspect(Path, byte[])} for that.
   * Returns {@link CheckpointInfo#absent} when there is no checkpoint.
   */
  public static CheckpointInfo inspect(Path dir) {
    return StoreInspector.inspect(NioStoreFileSystem.INSTANCE, dir, null);
  }

  /** Like {@link #inspect(Path)}, verifying every record's MAC with {@code hmacKey}. */
  public static CheckpointInfo inspect(Path dir, byte[] hmacKey) {
    return StoreInspector.inspect(NioStoreFileSystem.INSTANCE, dir, hmacKey);
  }

  /**
   * Calls {@code action} for every record of the checkpoint in {@code dir} (as {@link
   * #forEachRecord} does), without taking the lock or changing any file; for status displays.
   */
  public static void inspectRecords(Path dir, Consumer<ItemRecord> action) {
    StoreInspector.forEachRecord(NioStoreFileSystem.INSTANCE, dir, null, action);
  }

  /** Whether {@code dir} holds a checkpoint (a completely created one). */
  public static boolean exists(Path dir) {
    return StoreInspector.exists(NioStoreFileSystem.INSTANCE, dir);
  }

  @Override
  public String location() {
    return store.location();
  }

  @Override
  public Optional<Path> localPath() {
    return Optional.of(Path.of(store.location()));
  }

  @Override
  public Recovery open() {
    return store.open();
  }

  @Override
  public void commit(Commit commit) {
    store.commit(Objects.requireNonNull(commit, "commit"));
  }

  @Override
  public Optional<ItemRecord> get(String key) {
    return store.get(Objects.requireNonNull(key, "key"));
  }

  @Override
  public void forEachRecord(Consumer<ItemRecord> action) {
    store.forEachRecord(Objects.requireNonNull(action, "action"));
  }

  @Override
  public void forEachRecordIn(ItemState state, Consumer<ItemRecord> action) {
    store.forEachRecordIn(
        Objects.requireNonNull(state, "state"), Objects.requireNonNull(action, "action"));
  }

  @Override
  public long nextUndoneOrdinal(long from) {
    return store.nextUndoneOrdinal(from);
  }

  @Override
  public long nextRecordedOrdinal(long from) {
    return store.nextRecordedOrdinal(from);
  }

  @Override
  public long doneOrdinalPrefix() {
    return store.doneOrdinalPrefix();
  }

  @Override
  public StateCounts counts() {
    return store.counts();
  }

  @Override
  public Map<String, String> metadata() {
    return store.metadata();
  }

  @Override
  public Map<String, Long> positions() {
    return store.positions();
  }

  @Override
  public CheckpointInfo info() {
    return store.info();
  }

  @Override
  public void close() {
    store.close();
  }

  @Override
  public void delete() {
    store.delete();
  }

  /** Configures a {@link FileStore}. Each option may be set once. */
  public static final class Builder {
    private static final long DEFAULT_COMPACT_AT = 8L << 20;

    private final Path dir;
    private FsyncPolicy fsync;
    private byte[] hmacKey;
    private StoreFileSystem fileSystem;
    private Clock clock;
    private Long compactAtBytes;

    private Builder(Path dir) {
      this.dir = Objects.requireNonNull(dir, "dir");
    }

    /** When commits are forced to disk; default {@link FsyncPolicy#ALWAYS}. */
    public Builder fsync(FsyncPolicy policy) {
      Objects.requireNonNull(policy, "policy");
      requireUnset(fsync, "fsync");
      this.fsync = policy;
      return this;
    }

    /**
     * Protects every record with an HMAC-SHA256 chain under this key (at least 16 bytes). A
     * checkpoint created with a key can only be opened with the same key. The key is copied and
     * never printed.
     */
    public Builder hmacKey(byte[] key) {
      Objects.requireNonNull(key, "key");
      requireUnset(hmacKey, "hmacKey");
      if (key.length < 16) {
        throw new IllegalArgumentException(
            "hmacKey must be at least 16 bytes, was " + key.length + " bytes");
      }
      this.hmacKey = key.clone();
      return this;
    }

    /**
     * Internal: the file system seam (fault-injection and power-loss tests). Not for applications.
     */
    public Builder fileSystem(StoreFileSystem fileSystem) {
      Objects.requireNonNull(fileSystem, "fileSystem");
      requireUnset(this.fileSystem, "fileSystem");
      this.fileSystem = fileSystem;
      return this;
    }

    /** The clock that stamps commits and the creation time; default the system UTC clock. */
    public Builder clock(Clock clock) {
      Objects.requireNonNull(clock, "clock");
      requireUnset(this.clock, "clock");
      this.clock = clock;
      return this;
    }

    /**
     * Internal: the journal size in bytes below which it is never compacted (default 8 MiB); the
     * journal is compacted once it is larger than this and twice the live state. For tests.
     */
    public Builder compactAtBytes(long bytes) {
      if (bytes < 1) {
        throw new IllegalArgumentException("compactAtBytes must be > 0, was " + bytes);
      }
      requireUnset(compactAtBytes, "compactAtBytes");
      this.compactAtBytes = bytes;
      return this;
    }

    public FileStore build() {
      return new FileStore(
          new JournalStore(
              fileSystem == null ? NioStoreFileSystem.INSTANCE : fileSystem,
              dir,
              fsync == null ? FsyncPolicy.ALWAYS : fsync,
              hmacKey,
              clock == null ? Clock.systemUTC() : clock,
              compactAtBytes == null ? DEFAULT_COMPACT_AT : compactAtBytes));
    }

    private static void requireUnset(Object current, String option) {
      if (current != null) {
        throw new IllegalStateException(option + " was already set");
      }
    }
  }
}
