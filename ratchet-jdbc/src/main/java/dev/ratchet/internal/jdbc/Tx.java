package dev.ratchet.internal.jdbc;

import dev.ratchet.StoreUnavailableException;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a unit of work in one transaction, retrying it with exponential backoff when the connection
 * drops, the server restarts or the transaction loses a deadlock. A body must be safe to run again:
 * every Ratchet transaction either sets values (idempotent) or checks a token that tells whether
 * its earlier attempt went through.
 */
public final class Tx {
  private static final Logger LOG = LoggerFactory.getLogger(Tx.class);

  /** Work done inside one transaction. */
  @FunctionalInterface
  public interface Body<T> {
    T run(Connection c) throws SQLException;
  }

  private final DataSource ds;
  private final Duration retryFor;
  private final String location;

  public Tx(DataSource ds, Duration retryFor, String location) {
    this.ds = ds;
    this.retryFor = retryFor;
    this.location = location;
  }

  public <T> T run(String what, Body<T> body) {
    return run(what, retryFor, body);
  }

  public <T> T run(String what, Duration retryFor, Body<T> body) {
    return run(what, retryFor, body, true);
  }

  /**
   * Runs a single statement in autocommit mode (no BEGIN and COMMIT around it: one round trip),
   * retried as {@link #run}: a read of what never changes once written, such as a run's inputs, or
   * a write whose retry finds out whether its earlier attempt went through.
   */
  public <T> T autocommit(String what, Body<T> body) {
    return run(what, retryFor, body, false);
  }

  private <T> T run(String what, Duration retryFor, Body<T> body, boolean transaction) {
    long deadline = System.nanoTime() + retryFor.toNanos();
    long backoffMillis = 25;
    for (int attempt = 1; ; attempt++) {
      try (Connection c = ds.getConnection()) {
        if (!transaction) {
          c.setAutoCommit(true);
          return body.run(c);
        }
        c.setAutoCommit(false);
        try {
          T result = body.run(c);
          c.commit();
          return result;
        } catch (SQLException | RuntimeException e) {
          rollbackQuietly(c, e);
          throw e;
        }
      } catch (SQLException e) {
        if (!isTransient(e)) {
          throw failure(what, e);
        }
        if (System.nanoTime() > deadline) {
          throw new StoreUnavailableException(
              what
                  + " on "
                  + location
                  + " failed: the database stayed unreachable for "
                  + retryFor.toSeconds()
                  + " s ("
                  + cause(e)
                  + "); check that the server is up, then run again",
              e);
        }
        LOG.warn("{} on {} failed (attempt {}), retrying: {}", what, location, attempt, cause(e));
        sleep(backoffMillis + ThreadLocalRandom.current().nextLong(backoffMillis));
        backoffMillis = Math.min(backoffMillis * 2, 1000);
      }
    }
  }

  private RuntimeException failure(String what, SQLException e) {
    String state = e.getSQLState();
    if (state != null && state.startsWith("22")) {
      return new IllegalArgumentException(
          what + " on " + location + ": the database rejected a value: " + e.getMessage(), e);
    }
    return new StoreUnavailableException(
        what + " on " + location + " failed: " + e.getMessage(), e);
  }

  /**
   * The innermost message of {@code e}: the pool's "Connection is not available, request timed out"
   * wraps the driver's reason ("Connection to host:port refused"), which is what a user can act on.
   */
  static String cause(Throwable e) {
    String message = e.getMessage();
    for (Throwable x = e.getCause(); x != null && x != x.getCause(); x = x.getCause()) {
      if (x.getMessage() != null && !x.getMessage().isBlank()) {
        message = x.getMessage();
      }
    }
    return message;
  }

  /** Connection lost, server shutting down or restarting, deadlock or serialization failure. */
  public static boolean isTransient(SQLException e) {
    for (Throwable x = e; x != null; x = x.getCause()) {
      if (x instanceof SQLException s && s.getSQLState() != null) {
        String state = s.getSQLState();
        if (state.startsWith("28") || state.startsWith("3D") || state.startsWith("42")) {
          return false; // bad credentials, no such database, bad SQL: retrying cannot help
        }
      }
    }
    for (Throwable x = e; x != null; x = x.getCause()) {
      if (x instanceof SQLTransientException || x instanceof SQLRecoverableException) {
        return true;
      }
      if (x instanceof IOException) {
        return true;
      }
      if (x instanceof SQLException s && s.getSQLState() != null) {
        String state = s.getSQLState();
        if (state.startsWith("08")
            || state.startsWith("57P")
            || state.equals("40001")
            || state.equals("40P01")
            || state.equals("53300")) {
          return true;
        }
      }
    }
    return false;
  }

  private static void rollbackQuietly(Connection c, Exception cause) {
    try {
      c.rollback();
    } catch (SQLException e) {
      cause.addSuppressed(e);
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreUnavailableException("interrupted while waiting to retry");
    }
  }
}
