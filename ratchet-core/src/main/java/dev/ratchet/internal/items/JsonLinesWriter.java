package dev.ratchet.internal.items;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ratchet.DurableFiles;
import dev.ratchet.RatchetException;
import dev.ratchet.items.ItemOutput;
import dev.ratchet.items.ItemSink;
import dev.ratchet.items.JsonLinesSink;
import dev.ratchet.items.OutputRecords;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;

/** The writer of a {@link JsonLinesSink}: appends, forces, reports its length. */
public final class JsonLinesWriter implements ItemSink.Writer<Object, Object> {
  private final Path file;
  private final JsonLinesSink.Shape shape;
  private final ObjectMapper mapper;
  private final JsonLinesSink.SuccessHook onSuccess;
  private final FileChannel channel;
  private long length;
  private OutputTail tail;

  /**
   * Opens the file and cuts it back to {@code committedLength}; a new checkpoint (null) starts it
   * empty.
   */
  public JsonLinesWriter(
      Path file,
      JsonLinesSink.Shape shape,
      ObjectMapper mapper,
      JsonLinesSink.SuccessHook onSuccess,
      Map<String, Long> committed)
      throws IOException {
    Long committedLength = committed.get(JsonLinesSink.POSITION);
    this.file = file;
    this.shape = shape;
    this.mapper = mapper;
    this.onSuccess = onSuccess;
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
      ByteArrayOutputStream bytes = new ByteArrayOutputStream(outputs.size() * 64);
      byte[] last = null;
      for (ItemOutput<Object, Object> output : outputs) {
        last = line(output);
        bytes.write(last);
        bytes.write('\n');
      }
      tail = OutputTail.of(last);
      ByteBuffer buffer = ByteBuffer.wrap(bytes.toByteArray());
      while (buffer.hasRemaining()) {
        channel.write(buffer);
      }
      channel.force(false);
      length = channel.position();
    }
    return tail.positions(length);
  }

  private byte[] line(ItemOutput<Object, Object> output) {
    try {
      if (shape == JsonLinesSink.Shape.RESULT) {
        return mapper.writeValueAsBytes(output.result());
      }
      return OutputRecords.line(mapper, output.key(), output.input(), output.result());
    } catch (JsonProcessingException | IllegalArgumentException e) {
      throw new RatchetException(
          "cannot write item " + output.key() + " to " + file + " as JSON: " + e.getMessage(), e);
    }
  }

  @Override
  public void complete() throws IOException {
    if (shape == JsonLinesSink.Shape.RECORD) {
      OutputOrder.restore(file);
    }
    if (onSuccess != null) {
      onSuccess.finish(file);
    }
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
