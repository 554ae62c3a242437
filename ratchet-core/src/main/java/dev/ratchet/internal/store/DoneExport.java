package dev.ratchet.internal.store;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ratchet.DurableFiles;
import dev.ratchet.internal.items.JsonArrayFile;
import dev.ratchet.items.OutputRecords;
import dev.ratchet.store.DoneItem;
import dev.ratchet.store.SharedRun;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes the DONE items of a {@link SharedRun} as JSON lines {@code {"key","input","result"}}
 * ({@link OutputRecords}, as every output writer) in input order, through {@link
 * DurableFiles#replace}: the file is complete or absent.
 */
public final class DoneExport {
  private static final ObjectMapper JSON = new ObjectMapper();

  private DoneExport() {}

  /** Returns the number of lines written. */
  public static long write(SharedRun run, Path output) {
    Path dir = output.toAbsolutePath().getParent();
    if (dir == null || !Files.isDirectory(dir)) {
      throw new IllegalArgumentException(
          "cannot write " + output + ": its directory does not exist; create it first");
    }
    long[] lines = {0};
    try {
      DurableFiles.replace(
          output,
          out -> {
            lines[0] = 0;
            try (JsonGenerator gen = JSON.getFactory().createGenerator(out)) {
              gen.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
              gen.setRootValueSeparator(null);
              run.forEachDone(
                  item -> {
                    try {
                      line(gen, item);
                    } catch (IOException e) {
                      throw new UncheckedIOException(e);
                    }
                    lines[0]++;
                  });
            } catch (UncheckedIOException e) {
              throw e.getCause();
            }
          });
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + output + ": " + e.getMessage(), e);
    }
    return lines[0];
  }

  /**
   * Writes the DONE items as one JSON array of the same objects, in input order (the file is
   * complete or absent): the run's JSON lines go to a sibling {@code .partial.jsonl} file first,
   * which is removed once the array is written. Returns the number of items.
   */
  public static long writeArray(SharedRun run, Path output) {
    Path lines = output.resolveSibling(output.getFileName() + ".partial.jsonl");
    long n = run.exportJsonLines(lines);
    try {
      JsonArrayFile.write(lines, output);
      Files.delete(lines);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + output + ": " + e.getMessage(), e);
    }
    return n;
  }

  private static void line(JsonGenerator gen, DoneItem item) throws IOException {
    OutputRecords.write(gen, item.key(), item.input(), item.result());
  }
}
