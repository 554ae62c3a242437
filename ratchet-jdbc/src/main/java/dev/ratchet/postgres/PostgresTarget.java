package dev.ratchet.postgres;

import dev.ratchet.internal.jdbc.Tables;
import java.io.IOException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;

/**
 * Where a PostgreSQL store lives: host, port, database, user, password and an optional schema.
 * Parsed from {@code postgresql://[user[:password]@]host[:port]/database[?schema=…&…]} or a {@code
 * jdbc:postgresql://…} URL; what the URL leaves out comes from the standard {@code PGHOST}, {@code
 * PGPORT}, {@code PGDATABASE}, {@code PGUSER}, {@code PGPASSWORD} variables and the password file
 * ({@code passfile} parameter, {@code PGPASSFILE}, or {@code ~/.pgpass}).
 *
 * <p>The password never appears in {@link #toString()}, {@link #display()} or any message.
 */
public final class PostgresTarget {
  private final String host;
  private final int port;
  private final String database;
  private final String user;
  private final String password;
  private final String schema;
  private final Map<String, String> params;

  private PostgresTarget(
      String host,
      int port,
      String database,
      String user,
      String password,
      String schema,
      Map<String, String> params) {
    this.host = host;
    this.port = port;
    this.database = database;
    this.user = user;
    this.password = password;
    this.schema = schema;
    this.params = Map.copyOf(params);
  }

  /** Parses a URL using this process's environment for what the URL leaves out. */
  public static PostgresTarget parse(String url) {
    return parse(url, System.getenv(), Path.of(System.getProperty("user.home", ".")));
  }

  /** Whether the text looks like a PostgreSQL URL this class parses. */
  public static boolean isPostgresUrl(String text) {
    return text != null
        && (text.startsWith("postgresql://")
            || text.startsWith("postgres://")
            || text.startsWith("jdbc:postgresql:"));
  }

  /** Parses a URL with the given environment and home directory (for the password file). */
  public static PostgresTarget parse(String url, Map<String, String> env, Path home) {
    Objects.requireNonNull(url, "url");
    String rest;
    if (url.startsWith("jdbc:postgresql://")) {
      rest = url.substring("jdbc:postgresql://".length());
    } else if (url.startsWith("postgresql://")) {
      rest = url.substring("postgresql://".length());
    } else if (url.startsWith("postgres://")) {
      rest = url.substring("postgres://".length());
    } else {
      throw new IllegalArgumentException(
          "not a PostgreSQL URL: '"
              + mask(url)
              + "'; expected postgresql://[user[:password]@]host[:port]/database[?schema=name]"
              + " or jdbc:postgresql://host:port/database");
    }
    Map<String, String> query = new LinkedHashMap<>();
    int q = rest.indexOf('?');
    if (q >= 0) {
      for (String pair : rest.substring(q + 1).split("&")) {
        if (pair.isEmpty()) {
          continue;
        }
        int eq = pair.indexOf('=');
        String k = decode(eq < 0 ? pair : pair.substring(0, eq));
        String v = eq < 0 ? "" : decode(pair.substring(eq + 1));
        query.put(k, v);
      }
      rest = rest.substring(0, q);
    }
    String user = null;
    String password = null;
    int at = rest.lastIndexOf('@');
    if (at >= 0) {
      String cred = rest.substring(0, at);
      rest = rest.substring(at + 1);
      int colon = cred.indexOf(':');
      user = decode(colon < 0 ? cred : cred.substring(0, colon));
      password = colon < 0 ? null : decode(cred.substring(colon + 1));
    }
    int slash = rest.indexOf('/');
    String hostPort = slash < 0 ? rest : rest.substring(0, slash);
    String database = slash < 0 ? "" : decode(rest.substring(slash + 1));
    String host = hostPort;
    Integer port = null;
    int colon = hostPort.lastIndexOf(':');
    if (colon >= 0 && !hostPort.endsWith("]")) {
      host = hostPort.substring(0, colon);
      String p = hostPort.substring(colon + 1);
      try {
        port = Integer.parseInt(p);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "port must be a number in " + mask(url) + ", was '" + p + "'");
      }
    }
    user =
        firstNonEmpty(
            query.remove("user"), user, env.get("PGUSER"), System.getProperty("user.name"));
    password = firstNonEmpty(query.remove("password"), password, env.get("PGPASSWORD"));
    host = firstNonEmpty(host, env.get("PGHOST"), "localhost");
    if (port == null) {
      String envPort = env.get("PGPORT");
      port = envPort == null || envPort.isBlank() ? 5432 : Integer.parseInt(envPort.trim());
    }
    database = firstNonEmpty(database, env.get("PGDATABASE"), user);
    String passfile = query.remove("passfile");
    String schema = query.remove("schema");
    if (schema == null) {
      schema = query.remove("currentSchema");
    }
    if (password == null) {
      Path file =
          passfile != null
              ? Path.of(passfile)
              : env.get("PGPASSFILE") != null
                  ? Path.of(env.get("PGPASSFILE"))
                  : home.resolve(".pgpass");
      password = fromPassfile(file, host, port, database, user);
    }
    if (schema != null) {
      new Tables(schema);
    }
    return new PostgresTarget(host, port, database, user, password, schema, query);
  }

  private static String fromPassfile(Path file, String host, int port, String db, String user) {
    if (!Files.isRegularFile(file)) {
      return null;
    }
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return null;
    }
    for (String line : lines) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      List<String> f = splitPassLine(line);
      if (f.size() == 5
          && matches(f.get(0), host)
          && matches(f.get(1), Integer.toString(port))
          && matches(f.get(2), db)
          && matches(f.get(3), user)) {
        return f.get(4);
      }
    }
    return null;
  }

  private static List<String> splitPassLine(String line) {
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    for (int i = 0; i < line.length(); i++) {
      char ch = line.charAt(i);
      if (ch == '\\' && i + 1 < line.length()) {
        cur.append(line.charAt(++i));
      } else if (ch == ':' && out.size() < 4) {
        out.add(cur.toString());
        cur.setLength(0);
      } else {
        cur.append(ch);
      }
    }
    out.add(cur.toString());
    return out;
  }

  private static boolean matches(String pattern, String value) {
    return pattern.equals("*") || pattern.equals(value);
  }

  private static String decode(String s) {
    return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  private static String firstNonEmpty(String... values) {
    for (String v : values) {
      if (v != null && !v.isEmpty()) {
        return v;
      }
    }
    return null;
  }

  /** Replaces any password in a URL-like text with {@code ***}, for messages. */
  public static String mask(String text) {
    if (text == null) {
      return null;
    }
    String masked = text.replaceAll("(://[^:/@?]*:)[^@/?]*@", "$1***@");
    return masked.replaceAll("(?i)(password=)[^&]*", "$1***");
  }

  /** The JDBC URL without credentials. */
  public String jdbcUrl() {
    StringBuilder sb =
        new StringBuilder("jdbc:postgresql://").append(host).append(':').append(port).append('/');
    sb.append(URLEncoder.encode(database, StandardCharsets.UTF_8));
    return sb.toString();
  }

  /** Driver properties: user, password and the URL's other parameters. */
  public Properties driverProperties() {
    Properties p = new Properties();
    params.forEach(p::setProperty);
    if (user != null) {
      p.setProperty("user", user);
    }
    if (password != null) {
      p.setProperty("password", password);
    }
    return p;
  }

  public String host() {
    return host;
  }

  public int port() {
    return port;
  }

  public String database() {
    return database;
  }

  public String user() {
    return user;
  }

  public boolean hasPassword() {
    return password != null;
  }

  /** The schema named in the URL, or null for the connection's default schema. */
  public String schema() {
    return schema;
  }

  /** This target with another schema. */
  public PostgresTarget withSchema(String schema) {
    if (schema != null) {
      new Tables(schema);
    }
    return new PostgresTarget(host, port, database, user, password, schema, params);
  }

  /** This target with another password (from a password file, say). */
  public PostgresTarget withPassword(String password) {
    return new PostgresTarget(host, port, database, user, password, schema, params);
  }

  /** Replaces this target's password, wherever it appears in {@code text}, with {@code ***}. */
  public String scrub(String text) {
    if (text == null) {
      return null;
    }
    String masked = mask(text);
    return password == null || password.isEmpty() ? masked : masked.replace(password, "***");
  }

  /** For messages: no password, ever. */
  public String display() {
    return "postgresql://"
        + (user == null ? "" : user + (password == null ? "" : ":***") + "@")
        + host
        + ":"
        + port
        + "/"
        + database
        + (schema == null ? "" : "?schema=" + schema);
  }

  @Override
  public String toString() {
    return display();
  }
}
