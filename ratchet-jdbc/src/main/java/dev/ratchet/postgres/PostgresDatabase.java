package dev.ratchet.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.ratchet.history.RunRecord;
import dev.ratchet.internal.jdbc.CheckpointSql;
import dev.ratchet.internal.jdbc.ChunkSql;
import dev.ratchet.internal.jdbc.ConnectionProbe;
import dev.ratchet.internal.jdbc.HistorySql;
import dev.ratchet.internal.jdbc.JdbcInfo;
import dev.ratchet.internal.jdbc.Migrations;
import dev.ratchet.internal.jdbc.RunIds;
import dev.ratchet.internal.jdbc.Tables;
import dev.ratchet.internal.jdbc.Tx;
import dev.ratchet.store.CheckpointInfo;
import dev.ratchet.store.CheckpointStore;
import dev.ratchet.store.FsyncPolicy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A PostgreSQL database holding Ratchet runs: a connection pool (HikariCP) and Ratchet's own tables
 * ({@code ratchet_…}, optionally in a schema), created or migrated on first use. Many runs live
 * side by side, each keyed by its run id.
 *
 * <p>Use {@link #store(String)} for the plain one-writer {@link CheckpointStore} of a run, and
 * {@link #run(String)} for cooperating workers. Thread-safe; close it when done.
 */
public final class PostgresDatabase implements AutoCloseable {
  /** How many run records the history table keeps; older ones are removed as new ones come. */
  public static final int HISTORY_KEPT = 1000;

  private final PostgresTarget target;
  private final Tables tables;
  private final HikariDataSource pool;
  private final Tx tx;
  private final boolean ratchetTables;

  private PostgresDatabase(Builder b) {
    this.target = b.target;
    this.tables = new Tables(b.target.schema());
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(target.jdbcUrl());
    config.setDataSourceProperties(target.driverProperties());
    config.setMaximumPoolSize(b.poolSize);
    config.setMinimumIdle(0);
    config.setConnectionTimeout(b.connectTimeout.toMillis());
    config.setValidationTimeout(Math.max(250, Math.min(b.connectTimeout.toMillis(), 5000)));
    config.setInitializationFailTimeout(-1);
    config.setPoolName("ratchet-" + b.applicationName);
    config.addDataSourceProperty("ApplicationName", b.applicationName);
    config.addDataSourceProperty(
        "connectTimeout", Long.toString(Math.max(1, b.connectTimeout.toSeconds())));
    config.addDataSourceProperty(
        "socketTimeout", Long.toString(Math.max(10, b.retryFor.toSeconds())));
    ConnectionProbe.check(
        target.jdbcUrl(),
        target.driverProperties(),
        b.connectTimeout,
        target.display(),
        target.database());
    this.pool = new HikariDataSource(config);
    this.tx = new Tx(pool, b.retryFor, target.display());
    try {
      this.ratchetTables =
          b.readOnly
              ? tx.run("reading Ratchet's schema version", c -> readable(c, tables, target))
              : tx.run(
                  "applying Ratchet's schema migrations",
                  c -> {
                    Migrations.postgres(c, tables);
                    return true;
                  });
    } catch (RuntimeException e) {
      pool.close();
      throw e;
    }
  }

  /** Whether Ratchet's tables are there; refuses a schema older than this build reads. */
  private static boolean readable(Connection c, Tables tables, PostgresTarget target)
      throws SQLException {
    int version = Migrations.installed(c, tables);
    if (version > 0 && version < Migrations.CURRENT) {
      throw new IllegalStateException(
          "the database "
              + target.display()
              + " holds Ratchet's schema version "
              + version
              + ", older than this build's "
              + Migrations.CURRENT
              + ", and a read-only connection migrates nothing; connect once with a command"
              + " that writes (a worker joining, ratchet process --store), which migrates it"
              + " and keeps every run, then read it again");
    }
    return version > 0;
  }

  /**
   * Whether the database (schema) holds Ratchet's tables. Always true unless built {@link
   * Builder#readOnly()}: a read-only database creates nothing, and without tables it has no runs.
   */
  public boolean hasRatchetTables() {
    return ratchetTables;
  }

  /** Connects with default settings and applies migrations. */
  public static PostgresDatabase connect(PostgresTarget target) {
    return builder(target).build();
  }

  public static Builder builder(PostgresTarget target) {
    return new Builder(target);
  }

  /** The plain store of a run: one writer at a time, enforced by a lease. */
  public PostgresStore store(String runId) {
    return new PostgresStore(
        this, RunIds.check(runId), FsyncPolicy.ALWAYS, Duration.ofSeconds(30), false);
  }

  /** The plain store of a run with a chosen fsync policy and writer lease. */
  public PostgresStore store(String runId, FsyncPolicy fsync, Duration lease) {
    return new PostgresStore(this, RunIds.check(runId), fsync, lease, false);
  }

  /** A run that cooperating workers join. */
  public PostgresRun run(String runId) {
    return new PostgresRun(this, RunIds.check(runId));
  }

  /** What the run holds, read without locking anything; {@code exists} is false if absent. */
  public CheckpointInfo inspect(String runId) {
    RunIds.check(runId);
    String location = location(runId);
    if (!ratchetTables) {
      return CheckpointInfo.absent(location + " (" + noTables() + ")");
    }
    CheckpointSql sql = new CheckpointSql(tables, runId);
    return tx.run(
        "reading run " + location,
        c -> {
          if (!sql.runExists(c)) {
            return CheckpointInfo.absent(location);
          }
          return JdbcInfo.read(location, runId, sql, new ChunkSql(tables, runId), c);
        });
  }

  /** The ids of every run in this database (schema), sorted. */
  public List<String> runIds() {
    if (!ratchetTables) {
      return List.of();
    }
    return tx.run(
        "listing runs",
        c -> {
          List<String> ids = new ArrayList<>();
          try (PreparedStatement ps =
                  c.prepareStatement("SELECT run_id FROM " + tables.runs() + " ORDER BY run_id");
              ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              ids.add(rs.getString(1));
            }
          }
          return ids;
        });
  }

  /**
   * Adds a run record to this database's history table (which keeps the newest {@link
   * #HISTORY_KEPT}); the record must hold no secrets.
   */
  public void appendHistory(RunRecord record) {
    String json = record.toJson();
    tx.run(
        "writing a run history record",
        c -> {
          HistorySql.append(c, tables, record.runId(), record.ended(), json, HISTORY_KEPT);
          return null;
        });
  }

  /**
   * The newest {@code limit} run records of this database, newest first; unreadable ones left out.
   */
  public List<RunRecord> history(int limit) {
    if (!ratchetTables) {
      return List.of();
    }
    List<String> texts =
        tx.run("reading the run history", c -> HistorySql.newest(c, tables, limit));
    List<RunRecord> records = new ArrayList<>();
    for (String text : texts) {
      try {
        records.add(RunRecord.fromJson(text));
      } catch (IllegalArgumentException e) {
        // a record of a newer, incompatible format: left out
      }
    }
    return records;
  }

  public PostgresTarget target() {
    return target;
  }

  /** Why a read-only database without Ratchet's tables has no runs, for messages. */
  public String noTables() {
    return (target.schema() == null ? "the database" : "schema '" + target.schema() + "'")
        + " holds no Ratchet tables; nothing was created. Check the database and schema in --store";
  }

  String location(String runId) {
    return target.display() + " run '" + runId + "'";
  }

  Tables tables() {
    return tables;
  }

  Tx tx() {
    return tx;
  }

  @Override
  public void close() {
    pool.close();
  }

  /** Settings of a {@link PostgresDatabase}. */
  public static final class Builder {
    private final PostgresTarget target;
    private int poolSize = 4;
    private Duration retryFor = Duration.ofSeconds(60);
    private Duration connectTimeout = Duration.ofSeconds(5);
    private String applicationName = "ratchet";
    private boolean readOnly;

    private Builder(PostgresTarget target) {
      this.target = Objects.requireNonNull(target, "target");
    }

    /** Connections in the pool (default 4). */
    public Builder poolSize(int poolSize) {
      if (poolSize < 1) {
        throw new IllegalArgumentException("poolSize must be > 0, was " + poolSize);
      }
      this.poolSize = poolSize;
      return this;
    }

    /** How long a transaction is retried while the database is unreachable (default 60 s). */
    public Builder retryFor(Duration retryFor) {
      if (retryFor.isNegative()) {
        throw new IllegalArgumentException("retryFor must be >= 0, was " + retryFor);
      }
      this.retryFor = retryFor;
      return this;
    }

    /** How long to wait for one connection (default 5 s; at least 250 ms). */
    public Builder connectTimeout(Duration connectTimeout) {
      if (connectTimeout.toMillis() < 250) {
        throw new IllegalArgumentException(
            "connectTimeout must be >= 250 ms, was " + connectTimeout);
      }
      this.connectTimeout = connectTimeout;
      return this;
    }

    /** The application name the server shows for this pool's connections. */
    public Builder applicationName(String applicationName) {
      this.applicationName = Objects.requireNonNull(applicationName, "applicationName");
      return this;
    }

    /**
     * Creates and migrates nothing: for commands that only read ({@code status}, {@code export},
     * {@code history}). A database (schema) without Ratchet's tables then has no runs.
     */
    public Builder readOnly() {
      this.readOnly = true;
      return this;
    }

    public PostgresDatabase build() {
      return new PostgresDatabase(this);
    }
  }
}
