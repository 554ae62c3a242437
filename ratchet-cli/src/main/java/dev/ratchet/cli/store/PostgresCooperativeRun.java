package dev.ratchet.cli.store;

import dev.ratchet.store.ClaimResult;
import dev.ratchet.store.CompleteResult;
import dev.ratchet.store.ItemInput;
import dev.ratchet.store.ItemOutcome;
import dev.ratchet.store.PostgresDatabase;
import dev.ratchet.store.PostgresRun;
import dev.ratchet.store.StateCounts;
import dev.ratchet.store.WorkerSession;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
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
  public Worker join(Duration lease) {
    WorkerSession session = run.join(lease);
    return new Worker() {
      @Override
      public String workerId() {
        return session.workerId();
      }

      @Override
      public ClaimResult claim(int max) {
        return session.claim(max);
      }

      @Override
      public CompleteResult complete(List<ItemOutcome> outcomes) {
        return session.complete(outcomes);
      }

      @Override
      public void close() {
        session.close();
      }
    };
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
