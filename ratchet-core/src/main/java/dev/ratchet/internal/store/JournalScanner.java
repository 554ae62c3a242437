package dev.ratchet.internal.store;

import dev.ratchet.CheckpointDamagedException;
import dev.ratchet.store.Recovery;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Replays a journal file into a {@link LiveState}, scanning forward. The first bad record ends the
 * scan: if a valid record follows it anywhere, the journal is damaged ({@link
 * CheckpointDamagedException}); otherwise it is a torn tail from a crash mid-write, reported so the
 * writer can cut it off.
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
        if (reader.anyValidFrameAfter(offset)) {
          throw new CheckpointDamagedException(
              path, offset, bad.reason() + ", and valid records follow it");
        }
        return new Result(
            offset,
            chain,
            Optional.of(new Recovery.TornTail(path.toString(), offset, size - offset)));
      }
      FrameReader.Frame frame = (FrameReader.Frame) result;
      verifyMac(path, chain, frame);
      ChangeCodec.Decoded decoded;
      try {
        decoded = ChangeCodec.decode(frame.payload());
      } catch (IllegalArgumentException e) {
        throw new CheckpointDamagedException(path, offset, "unreadable commit: " + e.getMessage());
      }
      state.apply(decoded.atMillis(), decoded.changes());
      offset = frame.end();
    }
    return new Result(offset, chain, Optional.empty());
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
