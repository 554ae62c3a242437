package dev.ratchet.internal.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.ratchet.CheckpointDamagedException;
import dev.ratchet.store.Change;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes the live state as a snapshot file and reads it back. A snapshot is complete by
 * construction (written to a temp file, forced, then renamed), so any bad record in it is damage.
 */
final class SnapshotFile {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int ENTRIES_PER_RECORD = 1000;
  private static final int RANGES_PER_RECORD = 4096;

  private SnapshotFile() {}

  /** Writes {@code state} to {@code file} (which must not exist) and forces it. */
  static void write(StoreFile file, long generation, LiveState state, byte[] key)
      throws IOException {
    try {
      writeRecords(file, generation, state, key);
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  private static void writeRecords(StoreFile file, long generation, LiveState state, byte[] key)
      throws IOException {
    byte[] header = FileHeader.current(FileHeader.Kind.SNAPSHOT, key != null, generation).encode();
    SequentialWriter out = new SequentialWriter(file, header, MacChain.start(key, header));
    List<Change> head = new ArrayList<>();
    state.metadata().forEach((name, value) -> head.add(new Change.Meta(name, value)));
    state.positions().forEach((name, value) -> head.add(new Change.Position(name, value)));
    out.append(RecordTypes.SNAPSHOT_CHANGES, ChangeCodec.encode(state.lastCommitMillis(), head));

    // Entries are written one change each (never folded into ranges): the end marker counts them.
    ChangeCodec.Writer[] chunk = {null};
    long[] entries = {0};
    state.forEachEntry(
        (itemKey, entry) -> {
          if (chunk[0] == null) {
            chunk[0] = new ChangeCodec.Writer(0, ChangeCodec.NO_FORCED_OFFSET, 1 << 16);
          }
          chunk[0].change(
              new Change.Item(
                  itemKey,
                  entry.state,
                  entry.attempts,
                  entry.interruptions,
                  entry.result,
                  entry.error,
                  entry.manual));
          if (entry.steps != null) {
            entry.steps.forEach(
                (step, value) -> chunk[0].change(new Change.Step(itemKey, step, value)));
          }
          if (++entries[0] % ENTRIES_PER_RECORD == 0) {
            appendUnchecked(out, RecordTypes.SNAPSHOT_CHANGES, chunk[0].finish());
            chunk[0] = null;
          }
        });
    if (chunk[0] != null) {
      out.append(RecordTypes.SNAPSHOT_CHANGES, chunk[0].finish());
    }

    ArrayNode ranges = JSON.createArrayNode();
    state
        .compactDone()
        .forEachRange(
            (start, end) -> {
              ranges.add(start).add(end);
              if (ranges.size() >= 2 * RANGES_PER_RECORD) {
                appendUnchecked(out, RecordTypes.SNAPSHOT_RANGES, bytes(ranges));
                ranges.removeAll();
              }
              return 0;
            });
    if (!ranges.isEmpty()) {
      out.append(RecordTypes.SNAPSHOT_RANGES, bytes(ranges));
    }
    writeWorking(out, state.compactWorking());
    out.append(
        RecordTypes.SNAPSHOT_END,
        bytes(
            JSON.createObjectNode()
                .put("entries", entries[0])
                .put("compact", state.compactDone().size())
                .put("working", state.compactWorking().size())));
    out.finish();
  }

  /** Writes the compact IN_PROGRESS items as working ranges, a few thousand per record. */
  private static void writeWorking(SequentialWriter out, OrdinalSet working) throws IOException {
    ChangeCodec.Writer[] chunk = {null};
    long[] ranges = {0};
    working.forEachRange(
        (start, end) -> {
          if (chunk[0] == null) {
            chunk[0] = new ChangeCodec.Writer(0, ChangeCodec.NO_FORCED_OFFSET, 4096);
          }
          chunk[0].workingRange(start, end);
          if (++ranges[0] % RANGES_PER_RECORD == 0) {
            appendUnchecked(out, RecordTypes.SNAPSHOT_CHANGES, chunk[0].finish());
            chunk[0] = null;
          }
          return 0;
        });
    if (chunk[0] != null) {
      out.append(RecordTypes.SNAPSHOT_CHANGES, chunk[0].finish());
    }
  }

  /** Reads a snapshot into {@code state}; {@code key} null skips MAC checks. */
  static void read(Path path, StoreFile file, long generation, byte[] key, LiveState state)
      throws IOException {
    long size = file.size();
    byte[] headerBytes = new byte[FileHeader.SIZE];
    int headerLength = readHeader(file, headerBytes);
    FileHeader header =
        FileHeader.decode(path, headerBytes, headerLength, FileHeader.Kind.SNAPSHOT);
    if (header.generation() != generation) {
      throw new CheckpointDamagedException(
          path, 0, "header says generation " + header.generation() + ", file name " + generation);
    }
    MacChain chain = MacChain.start(key, headerBytes);
    int macLength = header.mac() ? MacChain.LENGTH : 0;
    FrameReader reader = new FrameReader(file, size, macLength, RecordTypes::isSnapshotType);
    long offset = FileHeader.SIZE;
    long entries = 0;
    while (offset < size) {
      FrameReader.Result result = reader.readAt(offset);
      if (result instanceof FrameReader.Bad bad) {
        throw new CheckpointDamagedException(path, offset, bad.reason());
      }
      FrameReader.Frame frame = (FrameReader.Frame) result;
      JournalScanner.verifyMac(path, chain, frame);
      try {
        switch (frame.type()) {
          case RecordTypes.SNAPSHOT_CHANGES -> {
            ItemCounter counter = new ItemCounter(state);
            state.committedAt(ChangeCodec.decode(frame.payload(), counter));
            entries += counter.items;
          }
          case RecordTypes.SNAPSHOT_RANGES -> {
            JsonNode ranges = JSON.readTree(frame.payload());
            for (int i = 0; i + 1 < ranges.size(); i += 2) {
              state.compactDone().addRange(ranges.get(i).asLong(), ranges.get(i + 1).asLong());
            }
          }
          default -> {
            JsonNode end = JSON.readTree(frame.payload());
            if (frame.end() != size
                || end.path("entries").asLong() != entries
                || end.path("compact").asLong() != state.compactDone().size()
                || (end.has("working")
                    && end.path("working").asLong() != state.compactWorking().size())) {
              throw new IllegalArgumentException("end marker does not match the content");
            }
            return;
          }
        }
      } catch (IOException | IllegalArgumentException e) {
        throw new CheckpointDamagedException(path, offset, "unreadable record: " + e.getMessage());
      }
      offset = frame.end();
    }
    throw new CheckpointDamagedException(path, offset, "snapshot has no end marker");
  }

  /** Applies changes to the state and counts the item records among them. */
  private static final class ItemCounter implements ChangeVisitor {
    private final LiveState state;
    long items;

    ItemCounter(LiveState state) {
      this.state = state;
    }

    @Override
    public void change(Change change) {
      items += change instanceof Change.Item ? 1 : 0;
      state.change(change);
    }

    @Override
    public void doneRange(long start, long end) {
      state.doneRange(start, end);
    }

    @Override
    public void workingRange(long start, long end) {
      state.workingRange(start, end);
    }
  }

  static int readHeader(StoreFile file, byte[] into) throws IOException {
    ByteBuffer buf = ByteBuffer.wrap(into);
    while (buf.hasRemaining() && file.read(buf, buf.position()) >= 0) {
      // read until full or end of file
    }
    return buf.position();
  }

  private static byte[] bytes(JsonNode node) {
    try {
      return JSON.writeValueAsBytes(node);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void appendUnchecked(SequentialWriter out, byte type, byte[] payload) {
    try {
      out.append(type, payload);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
