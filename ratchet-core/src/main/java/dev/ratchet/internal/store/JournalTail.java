package dev.ratchet.internal.store;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * The journal file of the current generation, open for appending: where it ends, its MAC chain, and
 * how far it is known to be forced. Appends happen under the store's append lock; {@link #force()}
 * runs outside it, as the group-commit leader, so {@code end} and {@code forcedEnd} are volatile.
 */
final class JournalTail implements Closeable {
  private final StoreFile file;
  private final long generation;
  private final MacChain chain;
  private volatile long end;
  private volatile long forcedEnd;
  private long lastStart;
  private long claimed;

  /** A journal whose first {@code end} bytes are already forced. */
  JournalTail(StoreFile file, long generation, long end, MacChain chain) {
    this.file = file;
    this.generation = generation;
    this.chain = chain;
    this.end = end;
    this.forcedEnd = end;
    this.lastStart = end;
    this.claimed = end;
  }

  JournalTail(GenerationFiles.OpenJournal opened, long generation) {
    this(opened.file(), generation, opened.end(), opened.chain());
  }

  long generation() {
    return generation;
  }

  long end() {
    return end;
  }

  /** Every byte before this offset has been forced to the disk. */
  long forcedEnd() {
    return forcedEnd;
  }

  /**
   * Frames and appends one commit record whose payload claims that the journal is intact up to
   * {@code claims} (see {@link ChangeCodec#forcedThrough}). Call under the append lock.
   */
  void append(byte[] payload, long claims) throws IOException {
    ByteBuffer frame = Frames.encode(RecordTypes.COMMIT, payload, payload.length, chain);
    int length = frame.remaining();
    file.write(frame, end);
    lastStart = end;
    claimed = Math.max(claimed, claims);
    end += length;
  }

  /**
   * Whether records before the last one are claimed by no later record: damage to them would pass
   * for a torn write. A clean close then appends a seal (see {@link JournalStore#close}).
   */
  boolean needsSeal() {
    return claimed < lastStart;
  }

  /** Forces everything appended so far. */
  void force() throws IOException {
    long covered = end;
    file.force();
    if (covered > forcedEnd) {
      forcedEnd = covered;
    }
  }

  @Override
  public void close() throws IOException {
    file.close();
  }
}
