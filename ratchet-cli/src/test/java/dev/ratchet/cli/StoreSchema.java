package dev.ratchet.cli;

import dev.ratchet.postgres.PostgresTarget;
import dev.ratchet.testkit.TestServices;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.UUID;

/**
 * A PostgreSQL schema of a test class's own (a fresh name, dropped at the end) and the store URL of
 * each server a test runs against: PostgreSQL in that schema, or Redis.
 */
final class StoreSchema {
  private final String name;

  StoreSchema(String prefix) {
    this.name = prefix + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
  }

  /** The URL of {@code store} ("postgres" or "redis"); PostgreSQL's names this schema. */
  String url(String store) {
    if (store.equals("redis")) {
      return TestServices.redis();
    }
    String base = TestServices.postgres();
    return base + (base.contains("?") ? "&" : "?") + "schema=" + name;
  }

  /** Drops the schema and everything in it. */
  void drop() throws Exception {
    PostgresTarget pg = PostgresTarget.parse(TestServices.postgres());
    try (Connection c = DriverManager.getConnection(pg.jdbcUrl(), pg.driverProperties());
        Statement st = c.createStatement()) {
      st.execute("DROP SCHEMA IF EXISTS \"" + name + "\" CASCADE");
    }
  }
}
