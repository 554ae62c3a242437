package dev.ratchet.ui;

import dev.ratchet.internal.ui.DashboardServer;
import dev.ratchet.internal.ui.Settings;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * A web dashboard over the checkpoints and the run history under a root directory.
 *
 * <pre>{@code
 * try (Dashboard dashboard = Dashboard.builder(Path.of("runs")).port(8000).build().start()) {
 *   System.out.println("open " + dashboard.url());
 *   dashboard.awaitStop();
 * }
 * }</pre>
 *
 * <p><b>Read-only by default.</b> Checkpoints are read as a reader: the dashboard never takes a
 * run's lock to read, never writes to a checkpoint it shows, and tolerates a record being written
 * while it reads. Actions (retry failed items, skip an item, rerun a step, clear a checkpoint) are
 * served only with {@link Builder#allowActions()}, and each request must carry the per-start {@link
 * #token()}; every action is recorded in the run history as manual, with who took it. An action
 * that would race a live run (one that holds the checkpoint's lock) is refused.
 *
 * <p><b>Network.</b> Binds 127.0.0.1 unless {@link Builder#bind} says otherwise; on loopback it
 * answers only requests addressed to a loopback host name (no DNS rebinding). Pages are served with
 * a content security policy that allows only the dashboard's own script; all data is inserted as
 * text, never as markup.
 *
 * <p><b>Threading.</b> {@link #start()} once; requests are served on a small pool of daemon
 * threads; {@link #close()} stops the server and is idempotent.
 */
public final class Dashboard implements AutoCloseable {
  private final DashboardServer server;

  private Dashboard(DashboardServer server) {
    this.server = server;
  }

  /** A dashboard over the checkpoints and history under {@code root}. */
  public static Builder builder(Path root) {
    return new Builder(root);
  }

  /**
   * Starts serving.
   *
   * @throws IOException if the address cannot be bound (say, the port is taken)
   */
  public Dashboard start() throws IOException {
    server.start();
    return this;
  }

  /** The address to open, such as {@code http://127.0.0.1:8000/} (the real port if it was 0). */
  public URI url() {
    return server.url();
  }

  /** The per-start token that actions need (random, 128 bits, hex). */
  public String token() {
    return server.token();
  }

  /** Whether actions are served at all. */
  public boolean actionsAllowed() {
    return server.settings().allowActions();
  }

  /** Blocks until {@link #close()} is called (from another thread or a shutdown hook). */
  public void awaitStop() throws InterruptedException {
    server.awaitStop();
  }

  @Override
  public void close() {
    server.stop();
  }

  /** Options of a {@link Dashboard}. Each may be set once. */
  public static final class Builder {
    private final Path root;
    private Integer port;
    private InetAddress bind;
    private boolean allowActions;
    private List<String> launcher;
    private StoreSource store;

    private Builder(Path root) {
      this.root = Objects.requireNonNull(root, "root");
    }

    /** The port; 0 picks a free one. Default 8000. */
    public Builder port(int port) {
      if (this.port != null) {
        throw new IllegalStateException("port was already set to " + this.port);
      }
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port must be 0 to 65535, was " + port);
      }
      this.port = port;
      return this;
    }

    /** The address to listen on. Default 127.0.0.1 (this machine only). */
    public Builder bind(InetAddress address) {
      if (this.bind != null) {
        throw new IllegalStateException("bind was already set to " + this.bind);
      }
      this.bind = Objects.requireNonNull(address, "address");
      return this;
    }

    /** Serves the repair actions (each still needs the token). Off by default. */
    public Builder allowActions() {
      this.allowActions = true;
      return this;
    }

    /**
     * How to start the {@code ratchet} command, for actions that run a recorded {@code ratchet …}
     * command again (a recorded command that starts with {@code ratchet} has that word replaced by
     * this). Without it, such actions are refused.
     */
    public Builder ratchetLauncher(List<String> command) {
      if (this.launcher != null) {
        throw new IllegalStateException("ratchetLauncher was already set");
      }
      if (command.isEmpty()) {
        throw new IllegalArgumentException("ratchetLauncher must not be empty");
      }
      this.launcher = List.copyOf(command);
      return this;
    }

    /**
     * Shows the runs and history of a store (a PostgreSQL or Redis database, say) beside those of
     * the root. The dashboard reads it only; closing the source is the caller's.
     */
    public Builder store(StoreSource source) {
      if (this.store != null) {
        throw new IllegalStateException("store was already set to " + this.store.where());
      }
      this.store = Objects.requireNonNull(source, "source");
      return this;
    }

    /**
     * Builds the dashboard (not yet listening).
     *
     * @throws IllegalArgumentException if the root is not a directory
     */
    public Dashboard build() {
      if (!Files.isDirectory(root)) {
        throw new IllegalArgumentException(
            "root " + root + " is not a directory; give the directory that holds the checkpoints");
      }
      Settings settings =
          new Settings(
              root.toAbsolutePath().normalize(),
              port == null ? 8000 : port,
              bind == null ? InetAddress.getLoopbackAddress() : bind,
              allowActions,
              launcher,
              store);
      return new Dashboard(new DashboardServer(settings));
    }
  }
}
