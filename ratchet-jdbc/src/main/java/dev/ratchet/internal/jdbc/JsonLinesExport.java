package dev.ratchet.internal.jdbc;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Writes the DONE items of a run, in input order, as JSON lines {@code {"key":…,"input":…,
 * "result":…}} to a temporary file beside the target, forces it, then renames it into place: the
 * output file is either complete or absent.
 */
public final class JsonLinesExport {
  private static final ObjectMapper JSON = new ObjectMapper();

  private JsonLinesExport() {}

  public static long export(Connection c, Tables t, String runId, Path output) throws SQLException {
    Path target = output.toAbsolutePath();
    Path dir = target.getParent();
    if (dir == null || !Files.isDirectory(dir)) {
      throw new IllegalArgumentException(
          "cannot write " + output + ": its directory does not exist; create it first");
    }
    Path tmp = dir.resolve("." + target.getFileName() + ".ratchet-export.tmp");
    long n = 0;
    try {
      try (OutputStream out = Files.newOutputStream(tmp);
          JsonGenerator gen = JSON.getFactory().createGenerator(out);
          PreparedStatement ps =
              c.prepareStatement(
                  "SELECT key, input, result FROM "
                      + t.items()
                      + " WHERE run_id = ? AND state = 2 ORDER BY ordinal, key")) {
        gen.setRootValueSeparator(null);
        ps.setFetchSize(2000);
        ps.setString(1, runId);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            gen.writeStartObject();
            gen.writeStringField("key", rs.getString(1));
            gen.writeStringField("input", rs.getString(2));
            gen.writeFieldName("result");
            gen.writeTree(result(rs.getString(3)));
            gen.writeEndObject();
            gen.writeRaw('\n');
            n++;
          }
        }
      }
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        ch.force(true);
      }
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
        d.force(true);
      } catch (IOException ignored) {
        // Some platforms cannot open a directory; the rename itself has happened.
      }
    } catch (IOException e) {
      try {
        Files.deleteIfExists(tmp);
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw new UncheckedIOException("cannot write " + output + ": " + e.getMessage(), e);
    }
    return n;
  }

  private static JsonNode result(String text) {
    if (text == null) {
      return JSON.nullNode();
    }
    try {
      return JSON.readTree(text);
    } catch (JsonProcessingException e) {
      return JSON.getNodeFactory().textNode(text);
    }
  }
}
