package dev.ratchet.internal.jdbc;

import dev.ratchet.RatchetException;
import dev.ratchet.StoreUnavailableException;
import dev.ratchet.history.RunRecord;
import dev.ratchet.postgres.PostgresDatabase;
import dev.ratchet.postgres.PostgresTarget;
import dev.ratchet.store.CheckpointInfo;
import dev.ratchet.store.CheckpointStore;
import dev.ratchet.store.SharedRun;
import dev.ratchet.store.StoreAddress;
import dev.ratchet.store.StoreConnection;
import dev.ratchet.store.StoreProvider;
import java.time.Duration;
import java.util.List;

/**
 * PostgreSQL by URL: {@code postgresql://[USER@]HOST[:PORT]/DB[?schema=NAME]} (or {@code
 * postgres://}, {@code jdbc:postgresql://}). Credentials come from the address's password, the URL,
 * the {@code PG*} environment variables or a password file; a read-only connection creates and
 * migrates nothing, and has no runs in a database (schema) without Ratchet's tables.
 */
public final class PostgresProvider implements StoreProvider {
  @Override
  public String urlForm() {
    return "postgresql://[USER@]HOST[:PORT]/DB[?schema=NAME]";
  }

  @Override
  public boolean accepts(String url) {
    return PostgresTarget.isPostgresUrl(url.trim());
  }

  @Override
  public StoreConnection connect(StoreAddress address) {
    PostgresTarget parsed;
    try {
      parsed = PostgresTarget.parse(address.url().trim());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(StoreAddress.mask(e.getMessage()), e);
    }
    PostgresTarget target =
        address.password() == null ? parsed : parsed.withPassword(address.password());
    PostgresDatabase.Builder builder =
        PostgresDatabase.builder(target)
            .poolSize(2)
            .retryFor(Duration.ofSeconds(10))
            .applicationName("ratchet");
    if (address.readOnly()) {
      builder.readOnly();
    }
    try {
      return new Connection(builder.build());
    } catch (RatchetException e) {
      throw scrubbed(target, e);
    }
  }

  private static StoreUnavailableException scrubbed(PostgresTarget target, RatchetException e) {
    StoreUnavailableException clean = new StoreUnavailableException(target.scrub(e.getMessage()));
    clean.setStackTrace(e.getStackTrace());
    return clean;
  }

  private record Connection(PostgresDatabase db) implements StoreConnection {
    @Override
    public String location() {
      return db.target().display();
    }

    @Override
    public boolean sharesRuns() {
      return true;
    }

    @Override
    public CheckpointInfo inspect(String runId) {
      return db.inspect(runId);
    }

    @Override
    public CheckpointStore store(String runId) {
      requireTables(runId);
      return db.store(runId);
    }

    @Override
    public SharedRun run(String runId) {
      requireTables(runId);
      return db.run(runId);
    }

    /** A read-only connection to a schema without Ratchet's tables has no runs. */
    private void requireTables(String runId) {
      if (!db.hasRatchetTables()) {
        throw new IllegalArgumentException(
            "there is no run '" + runId + "' in " + location() + ": " + db.noTables());
      }
    }

    @Override
    public List<String> runIds() {
      return db.runIds();
    }

    @Override
    public List<RunRecord> history(int limit) {
      return db.history(limit);
    }

    @Override
    public void appendHistory(RunRecord record) {
      db.appendHistory(record);
    }

    @Override
    public String scrub(String text) {
      return db.target().scrub(text);
    }

    @Override
    public void close() {
      db.close();
    }
  }
}
