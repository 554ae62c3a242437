package dev.ratchet.internal.items;

import dev.ratchet.DurableFiles;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes the lines of a JSON-lines file as one JSON array, atomically. */
public final class JsonArrayFile {
  private JsonArrayFile() {}

  public static void write(Path jsonLines, Path target) throws IOException {
    Files.createDirectories(target.toAbsolutePath().getParent());
    DurableFiles.replace(
        target,
        out -> {
          try (BufferedReader in = Files.newBufferedReader(jsonLines, StandardCharsets.UTF_8)) {
            out.write('[');
            boolean first = true;
            for (String line = in.readLine(); line != null; line = in.readLine()) {
              out.write((first ? "\n" : ",\n").getBytes(StandardCharsets.UTF_8));
              out.write(line.getBytes(StandardCharsets.UTF_8));
              first = false;
            }
            out.write((first ? "]\n" : "\n]\n").getBytes(StandardCharsets.UTF_8));
          }
        });
  }
}
