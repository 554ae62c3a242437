package dev.ratchet.internal.jdbc;

import dev.ratchet.store.ItemInput;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Iterator;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * Loads the inputs of a shared run with {@code COPY … FROM STDIN}, streamed in chunks, inside the
 * caller's transaction.
 */
public final class CopyLoader {
  private static final int CHUNK = 1 << 16;

  private CopyLoader() {}

  /** Returns the number of items written. */
  public static long load(Connection c, Tables t, String runId, Iterator<ItemInput> items)
      throws SQLException {
    CopyIn copy =
        c.unwrap(PGConnection.class)
            .getCopyAPI()
            .copyIn("COPY " + t.inputs() + " (run_id, key, ordinal, input) FROM STDIN");
    long n = 0;
    StringBuilder sb = new StringBuilder(CHUNK + 1024);
    String run = escape(runId);
    try {
      while (items.hasNext()) {
        ItemInput item = items.next();
        sb.append(run)
            .append('\t')
            .append(escape(item.key()))
            .append('\t')
            .append(n)
            .append('\t')
            .append(escape(item.input()))
            .append('\n');
        n++;
        if (sb.length() >= CHUNK) {
          write(copy, sb);
        }
      }
      write(copy, sb);
      copy.endCopy();
    } finally {
      if (copy.isActive()) {
        copy.cancelCopy();
      }
    }
    return n;
  }

  private static void write(CopyIn copy, StringBuilder sb) throws SQLException {
    byte[] bytes = sb.toString().getBytes(StandardCharsets.UTF_8);
    copy.writeToCopy(bytes, 0, bytes.length);
    sb.setLength(0);
  }

  /** Escapes text for COPY's text format. */
  static String escape(String s) {
    StringBuilder out = null;
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      String rep =
          switch (ch) {
            case '\\' -> "\\\\";
            case '\t' -> "\\t";
            case '\n' -> "\\n";
            case '\r' -> "\\r";
            default -> null;
          };
      if (rep != null && out == null) {
        out = new StringBuilder(s.length() + 8).append(s, 0, i);
      }
      if (out != null) {
        if (rep != null) {
          out.append(rep);
        } else {
          out.append(ch);
        }
      }
    }
    return out == null ? s : out.toString();
  }
}
