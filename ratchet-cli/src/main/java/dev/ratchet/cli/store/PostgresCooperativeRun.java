package dev.ratchet.cli.store;

import dev.ratchet.history.RunRecord;
import dev.ratchet.postgres.PostgresDatabase;
import dev.ratchet.postgres.PostgresRun;
import dev.ratchet.store.CooperativeWorker;
import dev.ratchet.store.ItemInput;
import dev.ratchet.store.StateCounts;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.function.Supplier;

/** A {@link CooperativeRun} in PostgreSQL. */
record PostgresCooperativeRun(PostgresDatabase db, PostgresRun run) implements CooperativeRun {
  @Override
  public String runId() {
    return run.runId();
  }

  @Override
  public String where() {
    return db.target().display();
  }

  @Override
  public boolean exists() {
    return run.info().exists();
  }

  @Override
  public void delete() {
    run.delete();
  }

  @Override
  public boolean loaded() {
    return run.loaded();
  }

  @Override
  public long load(String fingerprint, Supplier<Iterator<ItemInput>> items) {
    return run.load(fingerprint, items);
  }

  @Override
  public CooperativeWorker join(Duration lease) {
    return run.join(lease);
  }

  @Override
  public void appendHistory(RunRecord record) {
    db.appendHistory(record);
  }

  @Override
  public StateCounts counts() {
    return run.counts();
  }

  @Override
  public long total() {
    return run.counts().total() + run.pending();
  }

  @Override
  public long export(Path output) {
    return run.exportJsonLines(output);
  }
}
