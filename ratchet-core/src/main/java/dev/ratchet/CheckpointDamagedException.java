package dev.ratchet;

import java.nio.file.Path;

/**
 * A checkpoint file is damaged before its tail, fails its checksum or MAC, or was written by a
 * format version this build does not know. Ratchet never starts fresh silently: the message names
 * the file and the offset and says how to start over.
 */
public class CheckpointDamagedException extends RatchetException {
  private final Path file;
  private final long offset;

  public CheckpointDamagedException(Path file, long offset, String detail) {
    super(
        "checkpoint damaged: "
            + file
            + " at offset "
            + offset
            + ": "
            + detail
            + ". Nothing was changed; to discard this checkpoint and start over, run again with"
            + " --fresh (or delete the checkpoint directory).");
    this.file = file;
    this.offset = offset;
  }

  public Path file() {
    return file;
  }

  public long offset() {
    return offset;
  }
}
