package dev.ratchet.cli.store;

import dev.ratchet.cli.UsageException;
import dev.ratchet.cli.ops.RedisCheckpoints;
import dev.ratchet.postgres.PostgresTarget;
import dev.ratchet.redis.RedisTarget;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * The {@code --store URL --run-id ID} options that point a command at a run in PostgreSQL (or, for
 * process, status and clear, Redis) instead of a checkpoint directory. Credentials come from the
 * URL, the {@code PG*} environment variables, a password file ({@code --password-file}, {@code
 * PGPASSFILE} or {@code ~/.pgpass}); they are never printed.
 */
public final class StoreOptions {
  @Option(
      names = "--store",
      paramLabel = "URL",
      description =
          "A PostgreSQL database holding the run instead of a checkpoint directory:"
              + " postgresql://[USER@]HOST[:PORT]/DB[?schema=NAME] or jdbc:postgresql://…"
              + " Credentials from the URL, PG* variables or a password file; never printed."
              + " For process, status and clear also a Redis server: redis://HOST:PORT/DB"
              + " (--run-id is the run's name; a password in the URL is never printed).")
  String store;

  @Option(
      names = "--run-id",
      paramLabel = "ID",
      description = "With --store: the run's id. Every worker of one run uses the same id.")
  String runId;

  @Option(
      names = "--password-file",
      paramLabel = "FILE",
      description = "With --store: a file whose first line is the database password.")
  Path passwordFile;

  @Option(
      names = "--lease-seconds",
      paramLabel = "N",
      defaultValue = "30",
      description =
          "With --store: how long a worker's claim on its batch lasts without a heartbeat; after"
              + " a worker dies its items run again this long after. Default: ${DEFAULT-VALUE}.")
  int leaseSeconds;

  /** The lease of a worker's claims. */
  public Duration lease() {
    if (leaseSeconds < 1) {
      throw new UsageException("--lease-seconds must be 1 or more, was " + leaseSeconds);
    }
    return Duration.ofSeconds(leaseSeconds);
  }

  /** Whether {@code --store} was given. */
  public boolean given() {
    if (store == null && (runId != null || passwordFile != null)) {
      throw new UsageException("--run-id and --password-file need --store URL");
    }
    return store != null;
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
    if (store == null) {
      return null;
    }
    try {
      return RedisCheckpoints.isRedisUrl(store)
          ? RedisTarget.parse(store).display()
          : target().display();
    } catch (RuntimeException e) {
      return PostgresTarget.mask(store);
    }
  }

  /** The run id, which {@code --store} needs. */
  public String runId() {
    if (runId == null || runId.isBlank()) {
      throw new UsageException("--store needs --run-id ID (the id every worker of the run uses)");
    }
    return runId;
  }

  /** Where the database is, with credentials resolved. */
  public PostgresTarget target() {
    if (!PostgresTarget.isPostgresUrl(store)) {
      throw new UsageException(
          "--store must be a PostgreSQL URL such as postgresql://HOST:5432/DB?schema=ratchet"
              + " (or jdbc:postgresql://…; process, status and clear also take"
              + " redis://HOST:PORT/DB), was '"
              + PostgresTarget.mask(store)
              + "'");
    }
    PostgresTarget target = PostgresTarget.parse(store);
    if (passwordFile != null) {
      try {
        String password =
            Files.readAllLines(passwordFile, StandardCharsets.UTF_8).stream()
                .findFirst()
                .orElse("");
        target = target.withPassword(password);
      } catch (IOException e) {
        throw new UsageException(
            "cannot read --password-file " + passwordFile + ": " + e.getMessage());
      }
    }
    return target;
  }
}
