package dev.ratchet.internal.jdbc;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ratchet.DurableFiles;
import dev.ratchet.items.OutputRecords;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Writes the DONE items of a run, in input order, as JSON lines {@code {"key":…,"input":…,
 * "result":…}} ({@link OutputRecords}) through {@link DurableFiles}: the output file is either
 * complete or absent.
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
    long[] n = {0};
    try {
      DurableFiles.replace(
          target,
          out -> {
            try (JsonGenerator gen = JSON.getFactory().createGenerator(out);
                PreparedStatement ps =
                    c.prepareStatement(
                        "SELECT r.key, coalesce(r.input, i.input), r.result FROM "
                            + t.recorded()
                            + " r LEFT JOIN "
                            + t.inputs()
                            + " i ON i.run_id = r.run_id AND i.ordinal = r.ordinal"
                            + " WHERE r.run_id = ? AND r.state = 2 AND NOT r.manual AND r.error IS NULL ORDER BY r.ordinal, r.key")) {
              gen.setRootValueSeparator(null);
              ps.setFetchSize(2000);
              ps.setString(1, runId);
              try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                  OutputRecords.write(gen, rs.getString(1), rs.getString(2), rs.getString(3));
                  n[0]++;
                }
              }
            } catch (SQLException e) {
              throw new SqlFailure(e);
            }
          });
    } catch (SqlFailure e) {
      throw e.getCause();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + output + ": " + e.getMessage(), e);
    }
    return n[0];
  }

  /** A query failure carried out of the file writer. */
  private static final class SqlFailure extends IOException {
    SqlFailure(SQLException cause) {
      super(cause);
    }

    @Override
    public synchronized SQLException getCause() {
      return (SQLException) super.getCause();
    }
  }
}
