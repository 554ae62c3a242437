package dev.ratchet.internal.items;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ratchet.DurableFiles;
import dev.ratchet.RatchetException;
import dev.ratchet.items.ItemOutput;
import dev.ratchet.items.ItemSink;
import dev.ratchet.items.JsonLinesSink;
import dev.ratchet.items.OutputRecords;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * The writer of a {@link JsonLinesSink}: appends, forces (or leaves the force to the run's
 * committer, {@link ForcedLater}), reports its length.
 */
public final class JsonLinesWriter implements ItemSink.Writer<Object, Object>, ForcedLater {
  private final Path file;
  private final JsonLinesSink.Shape shape;
  private final ObjectMapper mapper;
  private final WrittenOutput.Hook onSuccess;
  private final FileChannel channel;
  private long length;
  private OutputTail tail;
  private final OutputBytes bytes = new OutputBytes();
  private boolean forceEachWrite = true;

  /** The CRC32C of the whole file, while this writer wrote all of it (it started empty). */
  private final CRC32C written = new CRC32C();

  /**
   * Whether the file is known to hold its records in key order: it started empty and every key
   * written since was a line number greater than the one before. Then {@link #complete} need not
   * read it back to put it in order.
   */
  private boolean knownInOrder;

  private long lastLineNumber = -1;

  /**
   * Whether the mapper is the sink's own default one, which writes {@link OutputRecords#isPlain
   * plain} values as its generator does (a mapper given by the caller may be configured otherwise).
   */
  private final boolean plainMapper;

  /**
   * Opens the file and cuts it back to {@code committedLength}; a new checkpoint (null) starts it
   * empty. {@code defaultMapper}: whether {@code mapper} is the sink's default one.
   */
  public JsonLinesWriter(
      Path file,
      JsonLinesSink.Shape shape,
      ObjectMapper mapper,
      WrittenOutput.Hook onSuccess,
      Map<String, Long> committed,
      boolean defaultMapper)
      throws IOException {
    Long committedLength = committed.get(JsonLinesSink.POSITION);
    this.file = file;
    this.shape = shape;
    this.mapper = mapper;
    this.onSuccess = onSuccess;
    this.plainMapper = defaultMapper;
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    boolean existed = Files.exists(file);
    if (!existed && committedLength != null && committedLength > 0) {
      throw outputChanged(file, "is missing", committedLength);
    }
    this.channel =
        FileChannel.open(
            file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    try {
      long size = channel.size();
      long keep = committedLength == null ? 0 : committedLength;
      if (size < keep) {
        throw outputChanged(file, "has only " + size + " bytes", keep);
      }
      this.tail = OutputTail.verify(channel, committed, keep, file);
      if (size > keep) {
        channel.truncate(keep);
      }
      channel.position(keep);
      channel.force(true);
      if (!existed && parent != null) {
        DurableFiles.forceDirectory(parent);
      }
      this.length = keep;
      this.knownInOrder = keep == 0;
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  static RatchetException outputChanged(Path file, String what, long committed) {
    return new RatchetException(
        "output file "
            + file
            + " "
            + what
            + " but the checkpoint recorded "
            + committed
            + " bytes written: it was changed outside Ratchet. Nothing was changed; restore the"
            + " file, or discard the checkpoint and start over with --fresh (library: fresh()).");
  }

  @Override
  public Map<String, Long> write(List<ItemOutput<Object, Object>> outputs) throws IOException {
    if (!outputs.isEmpty()) {
      bytes.reset();
      @SuppressWarnings("unchecked")
      DoneItems<Object, Object> done =
          outputs instanceof DoneItems<?, ?> items ? (DoneItems<Object, Object>) items : null;
      int lastStart = 0;
      JsonGenerator gen = null;
      try {
        for (int i = 0, size = outputs.size(); i < size; i++) {
          String key;
          long ordinal = -1;
          Object input;
          Object result;
          if (done != null) {
            WorkItem<Object> work = done.work(i);
            key = work.keyFromOrdinal() ? null : work.key();
            ordinal = work.ordinal();
            input = work.value();
            result = done.result(i);
          } else {
            ItemOutput<Object, Object> output = outputs.get(i);
            key = output.key();
            input = output.input();
            result = output.result();
          }
          if (knownInOrder) {
            long lineNumber = key == null ? ordinal : OutputOrder.lineNumber(key);
            knownInOrder = lineNumber > lastLineNumber;
            lastLineNumber = lineNumber;
          }
          lastStart =
              bytes.end(); // (only the last record's start is needed: its tail is committed)
          if (plainMapper
              && (shape == JsonLinesSink.Shape.RESULT
                  ? PlainRecords.result(bytes, result)
                  : PlainRecords.record(bytes, key, ordinal, input, result))) {
            continue;
          }
          if (gen == null) {
            gen = mapper.getFactory().createGenerator(bytes);
            gen.setRootValueSeparator(null);
          }
          String text = key == null ? Long.toString(ordinal) : key;
          try {
            line(gen, text, input, result);
          } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new RatchetException(
                "cannot write item " + text + " to " + file + " as JSON: " + e.getMessage(), e);
          }
          gen.flush(); // (the next record may be appended to the bytes directly)
        }
      } finally {
        if (gen != null) {
          gen.close();
        }
      }
      tail = OutputTail.of(bytes.array(), lastStart, bytes.end() - lastStart);
      ByteBuffer buffer = ByteBuffer.wrap(bytes.array(), 0, bytes.end());
      while (buffer.hasRemaining()) {
        channel.write(buffer);
      }
      if (forceEachWrite) {
        channel.force(false);
      }
      length = channel.position();
      if (knownInOrder) {
        written.update(bytes.array(), 0, bytes.end());
      }
    }
    return tail.positions(length);
  }

  @Override
  public void forceLater() {
    forceEachWrite = false;
  }

  @Override
  public void force() throws IOException {
    channel.force(false);
  }

  /**
   * Writes one line, its newline included, that {@link PlainRecords} declined: through {@code gen}
   * when every value is one {@link OutputRecords#isPlain plain} value the default mapper writes as
   * the generator does, else value by value through the mapper, straight into the buffer (gen
   * flushed first).
   */
  private void line(JsonGenerator gen, String key, Object input, Object result) throws IOException {
    if (shape == JsonLinesSink.Shape.RESULT) {
      if (plainMapper && OutputRecords.isPlain(result)) {
        OutputRecords.writePlain(gen, result);
        gen.writeRaw('\n');
      } else {
        gen.flush();
        bytes.write(mapper.writeValueAsBytes(result));
        bytes.write('\n');
      }
      return;
    }
    if (plainMapper && OutputRecords.isPlain(input) && OutputRecords.isPlain(result)) {
      OutputRecords.writePlain(gen, key, input, result);
      gen.writeRaw('\n');
    } else {
      gen.flush();
      bytes.write(OutputRecords.line(mapper, key, input, result));
      bytes.write('\n');
    }
  }

  @Override
  public void complete() throws IOException {
    boolean rewritten = false;
    if (shape == JsonLinesSink.Shape.RECORD && !knownInOrder) {
      OutputOrder.restore(file);
      rewritten = true;
    }
    if (onSuccess != null) {
      // the hash covers the file only if this writer wrote all of it, in one order
      boolean hashed = knownInOrder && !rewritten && channel.size() == length;
      onSuccess.finish(
          hashed ? new WrittenOutput(file, length, written.getValue()) : new WrittenOutput(file));
    }
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
