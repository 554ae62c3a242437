package dev.ratchet.internal.store;

import dev.ratchet.ItemState;
import dev.ratchet.RatchetException;
import dev.ratchet.StoreUnavailableException;
import dev.ratchet.store.CheckpointInfo;
import dev.ratchet.store.Commit;
import dev.ratchet.store.FsyncPolicy;
import dev.ratchet.store.ItemRecord;
import dev.ratchet.store.Recovery;
import dev.ratchet.store.StateCounts;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The journal file store behind {@link dev.ratchet.store.FileStore}. Appends happen under {@code
 * appendLock} in commit order; durability is shared through {@link GroupSync}; reads take the read
 * side of {@code stateLock}. Once an I/O error happens, {@code failure} is set and every later
 * commit is refused.
 */
public final class JournalStore {
  private final StoreFileSystem fs;
  private final StoreLayout layout;
  private final FsyncPolicy policy;
  private final byte[] key;
  private final Clock clock;
  private final long compactAtBytes;
  private final GenerationFiles files;
  private final GroupSync sync = new GroupSync();
  private final Object appendLock = new Object();
  private final ReadWriteLock stateLock = new ReentrantReadWriteLock();
  private final String location;

  private LiveState state;
  private Closeable lock;
  private volatile JournalTail tail;
  private volatile boolean open;
  private boolean closed;
  private volatile Throwable failure;

  public JournalStore(
      StoreFileSystem fs,
      Path dir,
      FsyncPolicy policy,
      byte[] key,
      Clock clock,
      long compactAtBytes) {
    this.fs = fs;
    this.layout = new StoreLayout(dir);
    this.policy = policy;
    this.key = key == null ? null : key.clone();
    this.clock = clock;
    this.compactAtBytes = compactAtBytes;
    this.files = new GenerationFiles(fs, layout, this.key);
    this.location = dir.toString();
  }

  public String location() {
    return location;
  }

  public Recovery open() {
    synchronized (appendLock) {
      if (open || closed) {
        throw new IllegalStateException(
            "open() may be called once; the store "
                + location
                + (closed ? " is closed" : " is already open"));
      }
      lock = DirectoryLock.acquire(fs, layout, location);
      try {
        JournalOpening.Opened opened =
            new JournalOpening(fs, layout, files, key, clock, location).open();
        state = opened.state();
        tail = opened.tail();
        open = true;
        return opened.recovery();
      } catch (IOException e) {
        StoreUnavailableException error =
            new StoreUnavailableException("cannot open checkpoint " + location + ": " + e, e);
        releaseLockAfterFailedOpen(error);
        throw error;
      } catch (RuntimeException e) {
        releaseLockAfterFailedOpen(e);
        throw e;
      }
    }
  }

  private void releaseLockAfterFailedOpen(Exception primary) {
    try {
      lock.close();
    } catch (IOException e) {
      primary.addSuppressed(e);
    }
    lock = null;
  }

  public void commit(Commit commit) {
    requireOpen();
    boolean force =
        !commit.deferred()
            && (policy == FsyncPolicy.ALWAYS
                || (policy == FsyncPolicy.PER_BATCH && commit.endsBatch()));
    long sequence;
    if (commit.changes().isEmpty()) {
      sequence = sync.lastWritten();
    } else {
      long now = clock.millis();
      JournalTail encodedFor = tail;
      long claims = claim(encodedFor);
      byte[] payload = ChangeCodec.encode(now, claims, commit.changes());
      synchronized (appendLock) {
        requireUsable();
        if (tail != encodedFor) { // compacted meanwhile: offsets of the old journal mean nothing
          claims = claim(tail);
          payload = ChangeCodec.encode(now, claims, commit.changes());
        }
        try {
          tail.append(payload, claims);
        } catch (IOException e) {
          throw fail("writing to the journal", e);
        }
        withState(() -> state.apply(now, commit.changes()));
        sequence = sync.markWritten();
        if (tail.end() - FileHeader.SIZE
            > Math.max(compactAtBytes, 2 * state.estimatedSnapshotBytes())) {
          compact();
        }
      }
    }
    if (force) {
      try {
        sync.awaitDurable(sequence, this::forceJournal);
      } catch (IOException e) {
        throw fail("forcing the journal to disk", e);
      }
    }
  }

  /**
   * How far a record appended to {@code journal} now may claim the journal intact: as far as it is
   * known to be forced, or, under {@link FsyncPolicy#NEVER} (which promises nothing across a power
   * cut), everything written before it.
   */
  private long claim(JournalTail journal) {
    return policy == FsyncPolicy.NEVER ? journal.end() : journal.forcedEnd();
  }

  /**
   * Forces the journal, then checks that the checkpoint is still there: a directory deleted while
   * the run holds its journal open would otherwise take acknowledged commits with it silently.
   */
  private void forceJournal() throws IOException {
    tail.force();
    if (!fs.exists(layout.descriptor())) {
      throw new NoSuchFileException(
          layout.descriptor().toString(),
          null,
          "the checkpoint directory or its files were deleted during the run");
    }
  }

  private void compact() {
    sync.pause();
    IOException error = null;
    try {
      long next = tail.generation() + 1;
      files.writeSnapshot(next, state);
      GenerationFiles.OpenJournal opened =
          files.createJournal(next, JournalOpening.runIdCommit(state));
      JournalTail old = tail;
      tail = new JournalTail(opened, next);
      old.close();
      files.deleteStale(next);
    } catch (IOException e) {
      error = e;
    } finally {
      sync.resume(error == null, error);
    }
    if (error != null) {
      throw fail("compacting the journal", error);
    }
  }

  private void withState(Runnable action) {
    stateLock.writeLock().lock();
    try {
      action.run();
    } finally {
      stateLock.writeLock().unlock();
    }
  }

  private <T> T read(Supplier<T> reader) {
    requireOpen();
    stateLock.readLock().lock();
    try {
      return reader.get();
    } finally {
      stateLock.readLock().unlock();
    }
  }

  public Optional<ItemRecord> get(String itemKey) {
    return read(() -> state.get(itemKey));
  }

  /** Copies the records under the read lock, then visits them, so the action may commit. */
  public void forEachRecord(Consumer<ItemRecord> action) {
    List<ItemRecord> records =
        read(
            () -> {
              List<ItemRecord> copy = new ArrayList<>();
              state.forEachRecord(copy::add);
              return copy;
            });
    records.forEach(action);
  }

  /** Copies the records in {@code wanted} under the read lock, then visits them. */
  public void forEachRecordIn(ItemState wanted, Consumer<ItemRecord> action) {
    List<ItemRecord> records =
        read(
            () -> {
              List<ItemRecord> copy = new ArrayList<>();
              state.forEachRecordIn(wanted, copy::add);
              return copy;
            });
    records.forEach(action);
  }

  public long doneOrdinalPrefix() {
    return read(state::doneOrdinalPrefix);
  }

  public long nextUndoneOrdinal(long from) {
    return read(() -> state.nextUndoneOrdinal(from));
  }

  public long nextRecordedOrdinal(long from) {
    return read(() -> state.nextRecordedOrdinal(from));
  }

  public StateCounts counts() {
    return read(state::counts);
  }

  public Map<String, String> metadata() {
    return read(() -> Map.copyOf(state.metadata()));
  }

  public Map<String, Long> positions() {
    return read(() -> Map.copyOf(state.positions()));
  }

  public CheckpointInfo info() {
    return read(() -> StateViews.info(location, state));
  }

  private void requireOpen() {
    if (!open) {
      throw new IllegalStateException(
          "checkpoint store " + location + (closed ? " is closed" : " is not open; call open()"));
    }
  }

  private void requireUsable() {
    requireOpen();
    Throwable cause = failure;
    if (cause != null) {
      throw new StoreUnavailableException(
          "checkpoint "
              + location
              + " refuses commits after an earlier I/O error ("
              + cause
              + "); reopen it to recover",
          cause);
    }
  }

  private StoreUnavailableException fail(String what, IOException e) {
    if (failure == null) {
      failure = e;
    }
    return new StoreUnavailableException(
        "checkpoint "
            + location
            + ": I/O error while "
            + what
            + " ("
            + e
            + "); no further commits are accepted until the store is reopened",
        e);
  }

  public void close() {
    synchronized (appendLock) {
      if (closed) {
        return;
      }
      closed = true;
      boolean wasOpen = open;
      open = false;
      RatchetException error = null;
      try {
        if (wasOpen && failure == null) {
          seal();
        }
      } catch (IOException e) {
        error =
            new StoreUnavailableException(
                "checkpoint " + location + ": could not force the journal on close (" + e + ")", e);
      }
      error = closeResource(tail, error);
      error = closeResource(lock, error);
      tail = null;
      lock = null;
      if (error != null) {
        throw error;
      }
    }
  }

  /**
   * Forces what is not forced yet; then, if records written before a force (group commit, deferred
   * commits) are claimed by no later record, appends an empty record that claims them all and
   * forces it, so that damage to them is reported as damage rather than cut as a torn write.
   */
  private void seal() throws IOException {
    if (tail.forcedEnd() < tail.end()) {
      tail.force();
    }
    if (tail.needsSeal()) {
      long end = tail.end();
      tail.append(ChangeCodec.encode(state.lastCommitMillis(), end, List.of()), end);
      tail.force();
    }
  }

  private RatchetException closeResource(Closeable resource, RatchetException error) {
    if (resource == null) {
      return error;
    }
    try {
      resource.close();
    } catch (IOException e) {
      if (error == null) {
        return new StoreUnavailableException(
            "checkpoint " + location + ": could not close (" + e + ")", e);
      }
      error.addSuppressed(e);
    }
    return error;
  }

  /** Closes the store if open and removes the files it wrote, then the directory if empty. */
  public void delete() {
    close();
    StoreDeletion.delete(fs, layout, location);
  }
}
