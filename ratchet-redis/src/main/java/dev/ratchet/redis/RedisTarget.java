package dev.ratchet.redis;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Where a Redis server is: {@code redis://[[user]:password@]host[:port][/db]} (port 6379 and
 * database 0 by default). The password is never shown by {@link #display()} or {@link #toString()}.
 */
public record RedisTarget(String host, int port, int database, String user, String password) {
  public RedisTarget {
    Objects.requireNonNull(host, "host");
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("Redis port must be 1 to 65535, was " + port);
    }
    if (database < 0) {
      throw new IllegalArgumentException("Redis database must be >= 0, was " + database);
    }
  }

  /** Reads {@code redis://host:port/db}; says what is wrong with a bad URL. */
  public static RedisTarget parse(String url) {
    Objects.requireNonNull(url, "url");
    String hint = "; write redis://HOST:PORT/DB, e.g. redis://127.0.0.1:6379/0";
    URI uri;
    try {
      uri = new URI(url.trim());
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("'" + safe(url) + "' is not a Redis URL" + hint, e);
    }
    if (!"redis".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
      throw new IllegalArgumentException("'" + safe(url) + "' is not a Redis URL" + hint);
    }
    int database = 0;
    String path = uri.getPath();
    if (path != null && !path.isEmpty() && !path.equals("/")) {
      try {
        database = Integer.parseInt(path.substring(1));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "the database in '" + safe(url) + "' must be a number" + hint, e);
      }
    }
    String user = null;
    String password = null;
    String info = uri.getRawUserInfo();
    if (info != null) {
      int colon = info.indexOf(':');
      user = colon < 0 ? null : decode(info.substring(0, colon));
      password = decode(colon < 0 ? info : info.substring(colon + 1));
      if (user != null && user.isEmpty()) {
        user = null;
      }
    }
    return new RedisTarget(
        uri.getHost(), uri.getPort() < 0 ? 6379 : uri.getPort(), database, user, password);
  }

  /**
   * The URL without the password, for messages and commands: {@link #parse} reads it back as the
   * same server, database and user (a user is written {@code USER:@}, since a lone {@code X@} is
   * read as a password).
   */
  public String display() {
    return "redis://"
        + (user == null ? "" : URLEncoder.encode(user, StandardCharsets.UTF_8) + ":@")
        + (host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host)
        + ":"
        + port
        + "/"
        + database;
  }

  @Override
  public String toString() {
    return display();
  }

  private static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }

  private static String safe(String url) {
    return url.replaceAll("//[^@/]*@", "//***@");
  }
}
