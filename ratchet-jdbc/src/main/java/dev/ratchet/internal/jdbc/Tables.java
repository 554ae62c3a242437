package dev.ratchet.internal.jdbc;

import java.util.regex.Pattern;

/**
 * The names of Ratchet's tables, optionally inside a schema. A schema name is validated against a
 * strict pattern and quoted, so it can never carry SQL.
 */
public record Tables(String schema) {
  private static final Pattern SCHEMA = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");
  public static final String PREFIX = "ratchet_";

  public Tables {
    if (schema != null && !SCHEMA.matcher(schema).matches()) {
      throw new IllegalArgumentException(
          "schema name must be a letter or underscore followed by up to 62 letters, digits or"
              + " underscores, was '"
              + schema
              + "'");
    }
  }

  /** Tables in the connection's default schema. */
  public static Tables unqualified() {
    return new Tables(null);
  }

  /** The quoted schema, or null. */
  public String quotedSchema() {
    return schema == null ? null : '"' + schema + '"';
  }

  public String name(String table) {
    String quoted = '"' + PREFIX + table + '"';
    return schema == null ? quoted : quotedSchema() + "." + quoted;
  }

  public String version() {
    return name("schema_version");
  }

  public String runs() {
    return name("runs");
  }

  public String items() {
    return name("items");
  }

  public String steps() {
    return name("steps");
  }

  public String meta() {
    return name("meta");
  }

  public String positions() {
    return name("positions");
  }

  public String workers() {
    return name("workers");
  }

  public String history() {
    return name("history");
  }

  /** The inputs of shared runs, by ordinal. */
  public String inputs() {
    return name("inputs");
  }

  /** The appended outcomes of shared runs that lease chunks, by ordinal. */
  public String outcomes() {
    return name("outcomes");
  }

  /**
   * A view of every recorded item: the rows of {@link #items()} (single-writer checkpoints, runs
   * loaded by an older version) and of {@link #outcomes()}, with the columns of {@code items}.
   */
  public String recorded() {
    return name("recorded");
  }

  /** The leased and returned ranges of shared runs. */
  public String chunks() {
    return name("chunks");
  }
}
