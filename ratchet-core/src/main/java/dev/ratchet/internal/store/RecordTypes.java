package dev.ratchet.internal.store;

/** Record type codes, persisted: never renumber. */
final class RecordTypes {
  /** Journal: one {@link dev.ratchet.store.Commit}, as a {@link ChangeCodec} payload. */
  static final byte COMMIT = 1;

  /** Snapshot: a chunk of the live state, as a {@link ChangeCodec} payload. */
  static final byte SNAPSHOT_CHANGES = 2;

  /** Snapshot: runs of compact DONE ordinals, a JSON array {@code [start, end, start, end...]}. */
  static final byte SNAPSHOT_RANGES = 3;

  /** Snapshot: the end marker, {@code {"entries":n,"compact":m}}. */
  static final byte SNAPSHOT_END = 4;

  private RecordTypes() {}

  static boolean isJournalType(byte type) {
    return type == COMMIT;
  }

  static boolean isSnapshotType(byte type) {
    return type == SNAPSHOT_CHANGES || type == SNAPSHOT_RANGES || type == SNAPSHOT_END;
  }
}
