package dev.ratchet.internal.items;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/** Writes the lines of a JSON-lines file as one JSON array, atomically. */
public final class JsonArrayFile {
  private JsonArrayFile() {}

  public static void write(Path jsonLines, Path target) throws IOException {
    Path parent = target.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    Path temp = Files.createTempFile(parent, "." + target.getFileName(), ".tmp");
    try {
      try (BufferedReader in = Files.newBufferedReader(jsonLines, StandardCharsets.UTF_8);
          BufferedWriter out = Files.newBufferedWriter(temp, StandardCharsets.UTF_8)) {
        out.write('[');
        boolean first = true;
        for (String line = in.readLine(); line != null; line = in.readLine()) {
          out.write(first ? "\n" : ",\n");
          out.write(line);
          first = false;
        }
        out.write(first ? "]\n" : "\n]\n");
      }
      try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
        channel.force(true);
      }
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      Fsync.directory(parent);
    } finally {
      Files.deleteIfExists(temp);
    }
  }
}
