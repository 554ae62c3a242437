package dev.ratchet.internal.store;

import dev.ratchet.CheckpointDamagedException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * The 32-byte header at the start of every journal and snapshot file: magic (7 bytes and a kind
 * byte), format version, flags, generation, reserved, CRC32C of the preceding 28 bytes. The version
 * is read before the checksum so that a file from a newer Ratchet gets a message saying so rather
 * than "checksum mismatch". Format 2 added range changes and the forced offset to commit records
 * (see {@link ChangeCodec}); this build reads formats 1 and 2 and writes 2.
 */
record FileHeader(Kind kind, int formatVersion, boolean mac, long generation) {
  static final int SIZE = 32;
  static final int FORMAT_VERSION = 2;
  private static final byte[] MAGIC = "RATCHET".getBytes(StandardCharsets.US_ASCII);
  private static final int FLAG_MAC = 1;

  /** What a file holds. The byte is part of the magic. */
  enum Kind {
    JOURNAL((byte) 'J'),
    SNAPSHOT((byte) 'S');

    final byte code;

    Kind(byte code) {
      this.code = code;
    }
  }

  static FileHeader current(Kind kind, boolean mac, long generation) {
    return new FileHeader(kind, FORMAT_VERSION, mac, generation);
  }

  byte[] encode() {
    ByteBuffer buf = ByteBuffer.allocate(SIZE);
    buf.put(MAGIC).put(kind.code).putInt(formatVersion).putInt(mac ? FLAG_MAC : 0);
    buf.putLong(generation).putInt(0);
    CRC32C crc = new CRC32C();
    crc.update(buf.array(), 0, SIZE - 4);
    buf.putInt((int) crc.getValue());
    return buf.array();
  }

  /** Decodes a header, checking magic, kind, version and checksum, in that order. */
  static FileHeader decode(Path file, byte[] bytes, int length, Kind expected) {
    if (length < SIZE) {
      throw new CheckpointDamagedException(
          file, 0, "the file header is cut short (" + length + " of " + SIZE + " bytes)");
    }
    ByteBuffer buf = ByteBuffer.wrap(bytes, 0, SIZE);
    byte[] magic = new byte[MAGIC.length];
    buf.get(magic);
    byte kind = buf.get();
    if (!Arrays.equals(magic, MAGIC) || kind != expected.code) {
      throw new CheckpointDamagedException(
          file, 0, "not a Ratchet " + expected.name().toLowerCase() + " file (bad magic number)");
    }
    int version = buf.getInt();
    if (version > FORMAT_VERSION) {
      throw new CheckpointDamagedException(
          file,
          8,
          "written by a newer Ratchet (format "
              + version
              + "); this build reads format "
              + FORMAT_VERSION
              + ", upgrade Ratchet to resume it");
    }
    if (version < 1) {
      throw new CheckpointDamagedException(file, 8, "unknown format version " + version);
    }
    int flags = buf.getInt();
    long generation = buf.getLong();
    buf.getInt();
    int stored = buf.getInt();
    CRC32C crc = new CRC32C();
    crc.update(bytes, 0, SIZE - 4);
    if ((int) crc.getValue() != stored) {
      throw new CheckpointDamagedException(file, 0, "file header checksum mismatch");
    }
    return new FileHeader(expected, version, (flags & FLAG_MAC) != 0, generation);
  }
}
