package dev.ratchet.internal.store;

import dev.ratchet.CheckpointDamagedException;
import dev.ratchet.store.Recovery;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Replays a journal file into a {@link LiveState}, scanning forward. The first bad record ends the
 * scan. It is a torn tail from a crash mid-write, reported so the writer can cut it off together
 * with whatever follows it, unless a later valid record shows that it had been forced before: each
 * record carries the offset up to which its writer knew the journal was forced ({@link
 * ChangeCodec#forcedThrough}), and a record that was forced cannot be torn by a crash, so a bad one
 * is damage ({@link CheckpointDamagedException}). Records written while earlier ones were not yet
 * forced (group commit, deferred commits) may reach the disk before them; a power cut can then
 * leave an unforced record torn with valid ones after it, none of which was acknowledged as
 * durable, and this rule cuts them all. A record without that offset (format 1) claims that
 * everything before it was intact.
 */
final class JournalScanner {
  private JournalScanner() {}

  /**
   * The end of the valid records, the MAC chain positioned after them (null without a key), and the
   * torn tail if any.
   */
  record Result(long validEnd, MacChain chain, Optional<Recovery.TornTail> tornTail) {}

  static Result scan(Path path, StoreFile file, long generation, byte[] key, LiveState state)
      throws IOException {
    long size = file.size();
    byte[] headerBytes = new byte[FileHeader.SIZE];
    int headerLength = SnapshotFile.readHeader(file, headerBytes);
    FileHeader header = FileHeader.decode(path, headerBytes, headerLength, FileHeader.Kind.JOURNAL);
    if (header.generation() != generation) {
      throw new CheckpointDamagedException(
          path, 0, "header says generation " + header.generation() + ", file name " + generation);
    }
    if (key != null && !header.mac()) {
      throw new CheckpointDamagedException(path, 0, "records carry no MAC but a key was given");
    }
    MacChain chain = MacChain.start(key, headerBytes);
    int macLength = header.mac() ? MacChain.LENGTH : 0;
    FrameReader reader = new FrameReader(file, size, macLength, RecordTypes::isJournalType);
    long offset = FileHeader.SIZE;
    while (offset < size) {
      FrameReader.Result result = reader.readAt(offset);
      if (result instanceof FrameReader.Bad bad) {
        long confirming = confirmingRecordAfter(reader, offset);
        if (confirming >= 0) {
          throw new CheckpointDamagedException(
              path,
              offset,
              bad.reason()
                  + ", and valid records follow it (the one at offset "
                  + confirming
                  + " shows that this one had been written to disk before)");
        }
        return new Result(
            offset,
            chain,
            Optional.of(new Recovery.TornTail(path.toString(), offset, size - offset)));
      }
      FrameReader.Frame frame = (FrameReader.Frame) result;
      verifyMac(path, chain, frame);
      try {
        state.committedAt(ChangeCodec.decode(frame.payload(), state));
      } catch (IllegalArgumentException e) {
        throw new CheckpointDamagedException(path, offset, "unreadable commit: " + e.getMessage());
      }
      offset = frame.end();
    }
    return new Result(offset, chain, Optional.empty());
  }

  /**
   * The offset of a valid record after the bad one at {@code bad} that shows the bad one had been
   * forced (its forced offset lies past {@code bad}, or it has none), or -1.
   */
  private static long confirmingRecordAfter(FrameReader reader, long bad) throws IOException {
    FrameReader.Frame frame = reader.nextValidFrameAfter(bad);
    while (frame != null) {
      long forced = ChangeCodec.forcedThrough(frame.payload());
      if (forced == ChangeCodec.NO_FORCED_OFFSET || forced > bad) {
        return frame.offset();
      }
      frame = reader.nextValidFrameAfter(frame.end() - 1);
    }
    return -1;
  }

  static void verifyMac(Path path, MacChain chain, FrameReader.Frame frame) {
    if (chain == null) {
      return;
    }
    byte[] payload = frame.payload();
    if (!chain.verifyNext(frame.type(), payload, 0, payload.length, frame.mac())) {
      throw new CheckpointDamagedException(
          path,
          frame.offset(),
          "HMAC mismatch: the key is wrong, or the checkpoint was changed by someone without it");
    }
  }
}
