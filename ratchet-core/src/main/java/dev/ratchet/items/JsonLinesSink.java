package dev.ratchet.items;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ratchet.internal.items.JsonArrayFile;
import dev.ratchet.internal.items.JsonLinesWriter;
import dev.ratchet.internal.items.WrittenOutput;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * A JSON-lines output file with exactly-once output. Each batch's DONE items are appended in input
 * order, the file is forced to disk, and its length is committed (position {@link #POSITION}) in
 * the same commit as the items. A resumed run first cuts the file back to the committed length, so
 * after any crash no record is missing or duplicated. A new checkpoint starts the file empty.
 *
 * <p>By default each line is {@code {"key":…,"input":…,"result":…}}; {@link #resultsOnly()} writes
 * just the result. Values are written with Jackson. Immutable: each option returns a new sink.
 */
public final class JsonLinesSink implements ItemSink<Object, Object> {

  /** The committed position: the file's length in bytes. */
  public static final String POSITION = "sink.jsonl.bytes";

  /** What one line holds. */
  public enum Shape {
    /** {@code {"key":…,"input":…,"result":…}} */
    RECORD,
    /** Just the result. */
    RESULT
  }

  /** Runs once after a fully successful run, with the JSON-lines file. Must be repeatable. */
  @FunctionalInterface
  public interface SuccessHook {
    void finish(Path jsonLinesFile) throws IOException;
  }

  /**
   * Runs once after a fully successful run, with the JSON-lines file, its size and its CRC32C
   * (known without reading the file back when this run wrote all of it). Must be repeatable.
   */
  @FunctionalInterface
  public interface DigestHook {
    void finish(Path jsonLinesFile, long bytes, long crc32c) throws IOException;
  }

  private static final ObjectMapper DEFAULT_MAPPER = new ObjectMapper();

  private final Path file;
  private final Shape shape;
  private final ObjectMapper mapper;
  private final WrittenOutput.Hook onSuccess;

  private JsonLinesSink(Path file, Shape shape, ObjectMapper mapper, WrittenOutput.Hook onSuccess) {
    this.file = file;
    this.shape = shape;
    this.mapper = mapper;
    this.onSuccess = onSuccess;
  }

  static JsonLinesSink to(Path file) {
    return new JsonLinesSink(file, Shape.RECORD, DEFAULT_MAPPER, null);
  }

  /** Writes only each item's result per line. */
  public JsonLinesSink resultsOnly() {
    return new JsonLinesSink(file, Shape.RESULT, mapper, onSuccess);
  }

  /** Writes values with this mapper (for custom modules or naming). */
  public JsonLinesSink mapper(ObjectMapper mapper) {
    return new JsonLinesSink(file, shape, Objects.requireNonNull(mapper, "mapper"), onSuccess);
  }

  /**
   * Runs {@code hook} after a fully successful run, before the checkpoint is removed, after any
   * hook given before (a hook that throws stops the ones after it and keeps the checkpoint).
   */
  public JsonLinesSink onSuccess(SuccessHook hook) {
    Objects.requireNonNull(hook, "hook");
    return then(written -> hook.finish(written.file()));
  }

  /** As {@link #onSuccess(SuccessHook)}, for a hook that wants the file's size and CRC32C too. */
  public JsonLinesSink onSuccess(DigestHook hook) {
    Objects.requireNonNull(hook, "hook");
    return then(written -> hook.finish(written.file(), written.bytes(), written.crc32c()));
  }

  private JsonLinesSink then(WrittenOutput.Hook hook) {
    WrittenOutput.Hook before = onSuccess;
    WrittenOutput.Hook both =
        before == null
            ? hook
            : written -> {
              before.finish(written);
              hook.finish(written);
            };
    return new JsonLinesSink(file, shape, mapper, both);
  }

  /**
   * After a fully successful run, also writes {@code target} as one JSON array of the lines, in
   * order (atomically: temp file, force, rename). The JSON-lines file stays as it is.
   */
  public JsonLinesSink finishAsJsonArray(Path target) {
    Objects.requireNonNull(target, "target");
    if (target.toAbsolutePath().normalize().equals(file.toAbsolutePath().normalize())) {
      throw new IllegalArgumentException(
          "the JSON array target must differ from the JSON-lines file, was " + target);
    }
    return onSuccess(jsonLines -> JsonArrayFile.write(jsonLines, target));
  }

  public Path file() {
    return file;
  }

  public Shape shape() {
    return shape;
  }

  @Override
  public void check() {
    if (Files.isDirectory(file)) {
      throw new IllegalArgumentException(
          "output " + file + " is a directory; give the path of a file to write");
    }
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null && Files.exists(parent) && !Files.isDirectory(parent)) {
      throw new IllegalArgumentException(
          "output file " + file + " cannot be created: " + parent + " is not a directory");
    }
    if (Files.exists(file) && !Files.isWritable(file)) {
      throw new IllegalArgumentException(
          "output file " + file + " is not writable; fix its permissions or choose another path");
    }
  }

  /** The metadata key of the output file's canonical path. */
  public static final String OWNER = "sink.jsonl.file";

  @Override
  public Map<String, String> owner() {
    return Map.of(OWNER, canonical(file).toString());
  }

  /** The real path of {@code file}, or of its directory plus its name when it does not exist. */
  static Path canonical(Path file) {
    try {
      if (Files.exists(file)) {
        return file.toRealPath();
      }
      Path absolute = file.toAbsolutePath().normalize();
      Path parent = absolute.getParent();
      if (parent != null && Files.isDirectory(parent)) {
        return parent.toRealPath().resolve(absolute.getFileName().toString());
      }
      return absolute;
    } catch (IOException e) {
      return file.toAbsolutePath().normalize();
    }
  }

  @Override
  public Writer<Object, Object> open(Map<String, Long> committed) throws IOException {
    return new JsonLinesWriter(file, shape, mapper, onSuccess, committed, mapper == DEFAULT_MAPPER);
  }
}
