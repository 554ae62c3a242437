package dev.ratchet.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/** Whether a server answers: each check returns why not, or null when it does. */
final class Probes {
  private static final int TIMEOUT_MILLIS = 2000;

  private Probes() {}

  static String tcp(String host, int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(host, port), TIMEOUT_MILLIS);
      return null;
    } catch (IOException e) {
      return e.getMessage() == null ? e.toString() : e.getMessage();
    }
  }

  /**
   * A login as {@code user} to {@code database}: a port that answers is not yet a usable server.
   */
  static String postgres(String host, int port, String database, String user) {
    String reachable = tcp(host, port);
    if (reachable != null) {
      return reachable;
    }
    Properties p = new Properties();
    p.setProperty("user", user);
    p.setProperty("connectTimeout", "3");
    p.setProperty("socketTimeout", "10");
    try (Connection c =
        DriverManager.getConnection("jdbc:postgresql://" + host + ":" + port + "/" + database, p)) {
      return c.isValid(3) ? null : "the connection is not valid";
    } catch (SQLException e) {
      return e.getMessage();
    }
  }

  /** A {@code PING} that must come back as {@code +PONG} (a server asking for a password fails). */
  static String redisPing(String host, int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(host, port), TIMEOUT_MILLIS);
      s.setSoTimeout(TIMEOUT_MILLIS);
      OutputStream out = s.getOutputStream();
      out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = s.getInputStream();
      byte[] reply = new byte[64];
      int n = in.read(reply);
      String text = n <= 0 ? "" : new String(reply, 0, n, StandardCharsets.US_ASCII).trim();
      return text.equals("+PONG") ? null : "answered '" + text + "' to PING";
    } catch (IOException e) {
      return e.getMessage() == null ? e.toString() : e.getMessage();
    }
  }

  /** The URL with any password replaced, for messages. */
  static String withoutPassword(String url) {
    return url.replaceFirst("://([^:@/]*):[^@/]*@", "://$1:***@");
  }
}
