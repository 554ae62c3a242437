package dev.ratchet.cli.store;

import dev.ratchet.cli.UsageException;
import dev.ratchet.store.StoreAddress;
import dev.ratchet.store.StoreConnection;
import dev.ratchet.store.Stores;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import picocli.CommandLine.Option;

/**
 * The {@code --store URL --run-id ID} options that point a command at a store found by its URL
 * ({@link Stores}): a run in PostgreSQL or Redis, or the one checkpoint of a SQLite file or a file
 * checkpoint directory. A password comes from {@code --password-file}, else {@value #PASSWORD_ENV},
 * else the URL (and for PostgreSQL the {@code PG*} variables, {@code PGPASSFILE} or {@code
 * ~/.pgpass}); it is never printed.
 */
public final class StoreOptions {
  /** The environment variable that holds the store's password, so it need not be in argv. */
  public static final String PASSWORD_ENV = "RATCHET_STORE_PASSWORD";

  @Option(
      names = "--store",
      paramLabel = "URL",
      description =
          "Where the run is kept instead of a checkpoint directory:"
              + " postgresql://[USER@]HOST[:PORT]/DB[?schema=NAME], redis://HOST[:PORT][/DB]"
              + " (runs shared by workers, named by --run-id), sqlite:PATH or file:PATH (one"
              + " checkpoint). The password comes from --password-file, else the environment"
              + " variable "
              + PASSWORD_ENV
              + ", else the URL (or PG* variables and ~/.pgpass); it is never printed.")
  String store;

  @Option(
      names = "--run-id",
      paramLabel = "ID",
      description =
          "With a PostgreSQL or Redis --store: the run's id. Every worker of one run uses the same"
              + " id.")
  String runId;

  @Option(
      names = "--password-file",
      paramLabel = "FILE",
      description =
          "With a PostgreSQL or Redis --store: a file whose first line is the password (keeps it"
              + " out of the command line).")
  Path passwordFile;

  @Option(
      names = "--lease-seconds",
      paramLabel = "N",
      defaultValue = "30",
      description =
          "With --store: how long a worker's claim on its batch lasts without a heartbeat; after"
              + " a worker dies its items run again this long after. Default: ${DEFAULT-VALUE}.")
  int leaseSeconds;

  /** Reads the environment; tests replace it. */
  UnaryOperator<String> environment = System::getenv;

  /** The lease of a worker's claims. */
  public Duration lease() {
    if (leaseSeconds < 1) {
      throw new UsageException("--lease-seconds must be 1 or more, was " + leaseSeconds);
    }
    return Duration.ofSeconds(leaseSeconds);
  }

  /**
   * The options besides {@code --store} and {@code --run-id} that a command resuming the run needs:
   * {@code --password-file} (its absolute path, never the password) and a {@code --lease-seconds}
   * that is not the default.
   */
  public List<String> resumeArguments() {
    List<String> argv = new ArrayList<>();
    if (passwordFile != null) {
      argv.addAll(List.of("--password-file", passwordFile.toAbsolutePath().normalize().toString()));
    }
    if (leaseSeconds != 30) {
      argv.addAll(List.of("--lease-seconds", Integer.toString(leaseSeconds)));
    }
    return argv;
  }

  /** Whether {@code --store} was given. */
  public boolean given() {
    if (store == null && (runId != null || passwordFile != null)) {
      throw new UsageException("--run-id and --password-file need --store URL");
    }
    return store != null;
  }

  /**
   * Whether {@code --run-id} was given: it names a run that workers share (PostgreSQL, Redis); a
   * store that holds one checkpoint (SQLite) refuses it.
   */
  public boolean namesRun() {
    return runId != null;
  }

  /** The checkpoint directory, which is required when {@code --store} is not given. */
  public Path requireCheckpoint(Path checkpoint) {
    if (checkpoint == null) {
      throw new UsageException(
          "give --checkpoint PATH (a checkpoint directory) or --store URL --run-id ID");
    }
    if (store != null) {
      throw new UsageException("give either --checkpoint or --store, not both");
    }
    return checkpoint;
  }

  /** The store's address for messages: never a password. */
  public String display() {
    return store == null ? null : StoreAddress.mask(store);
  }

  /** The run id, which a store that holds many runs needs. */
  public String runId() {
    if (runId == null || runId.isBlank()) {
      throw new UsageException("--store needs --run-id ID (the id every worker of the run uses)");
    }
    return runId;
  }

  /**
   * The run id for {@code connection}: required by a server that holds many runs, refused by a
   * store that holds one checkpoint (null then).
   */
  public String runIdFor(StoreConnection connection) {
    return connection.sharesRuns() ? runId() : null;
  }

  /**
   * Connects to the store of {@code --store} through the registry. A {@code readOnly} connection
   * creates and migrates nothing. A URL no store takes, or options the store does not use, are
   * usage errors.
   */
  public StoreConnection connect(boolean readOnly) {
    StoreAddress address = new StoreAddress(store, password(), readOnly);
    StoreConnection connection;
    try {
      connection = Stores.connect(address);
    } catch (IllegalArgumentException e) {
      throw new UsageException("--store: " + StoreAddress.mask(e.getMessage()));
    }
    if (!connection.sharesRuns() && (runId != null || passwordFile != null)) {
      connection.close();
      throw new UsageException(
          "--store "
              + display()
              + " holds one checkpoint and takes no password: leave out"
              + (runId != null ? " --run-id" : "")
              + (passwordFile != null ? " --password-file" : "")
              + " (they are for postgresql:// and redis:// stores)");
    }
    return connection;
  }

  /** The password of {@code --password-file}, else of {@value #PASSWORD_ENV}, else null. */
  private String password() {
    if (passwordFile != null) {
      try {
        return Files.readAllLines(passwordFile, StandardCharsets.UTF_8).stream()
            .findFirst()
            .orElse("");
      } catch (IOException e) {
        throw new UsageException(
            "cannot read --password-file " + passwordFile + ": " + e.getMessage());
      }
    }
    String fromEnv = environment.apply(PASSWORD_ENV);
    return fromEnv == null || fromEnv.isEmpty() ? null : fromEnv;
  }
}
