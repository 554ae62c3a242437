package dev.ratchet.cli;

import dev.ratchet.cli.store.StoreDashboardSource;
import dev.ratchet.cli.store.StoreOptions;
import dev.ratchet.ui.Dashboard;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.BindException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ratchet ui}: the web dashboard over the runs under a directory. */
@Command(
    name = "ui",
    mixinStandardHelpOptions = true,
    description = {
      "Serve a web dashboard of the runs under a directory: live runs with progress, rate and"
          + " ETA, failed items with their errors, interrupted items, sub-steps, a pipeline's"
          + " graph with each step's state and log tail, and the run history. Checkpoints are"
          + " read without locking or changing them, so a live run is never blocked or slowed.",
      "",
      "With --allow-actions the dashboard can also retry failed items (it runs the recorded"
          + " command again), skip an item, rerun a pipeline step and clear a checkpoint. Each"
          + " action needs the token printed below, is refused while a live run holds the"
          + " checkpoint, and is recorded in the history as manual with who took it.",
      "",
      "With --store URL (PostgreSQL or Redis) the dashboard also shows that store's runs with"
          + " their counts and its run history, read without taking any lock a worker needs."
          + " Actions apply to checkpoint directories only."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  ratchet ui                                  # the runs under this directory, port 8000",
      "  ratchet ui --root runs --port 0             # any free port",
      "  ratchet ui --root runs --allow-actions      # open the printed link with its ?token=",
      "  ratchet ui --store postgresql://db.example:5432/jobs   # also that database's runs",
      "",
      "Stop it with Ctrl-C. It listens on 127.0.0.1 (this machine only) unless --bind says"
          + " otherwise.",
      "",
      ExitCodes.HELP_TEXT
    })
public final class UiCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--root",
      paramLabel = "DIR",
      defaultValue = ".",
      description = "The directory searched for checkpoints and history. Default: the current one.")
  Path root;

  @Option(
      names = "--port",
      paramLabel = "N",
      defaultValue = "8000",
      description = "The port; 0 picks a free one. Default: ${DEFAULT-VALUE}.")
  int port;

  @Option(
      names = "--bind",
      paramLabel = "ADDRESS",
      defaultValue = "127.0.0.1",
      description =
          "The address to listen on. Default: ${DEFAULT-VALUE} (this machine only); 0.0.0.0"
              + " lets any machine that reaches this one read the runs.")
  String bind;

  @Mixin StoreOptions store;

  @Option(
      names = "--allow-actions",
      description = "Serve the repair actions (retry, skip, rerun, clear), behind the token.")
  boolean allowActions;

  @Override
  public Integer call() throws InterruptedException {
    if (!Files.isDirectory(root)) {
      throw new UsageException(
          "--root " + root + " is not a directory; give the directory that holds the checkpoints");
    }
    if (port < 0 || port > 65535) {
      throw new UsageException("--port must be 0 to 65535, was " + port);
    }
    Dashboard.Builder builder =
        Dashboard.builder(root).port(port).bind(address()).ratchetLauncher(SelfLauncher.prefix());
    if (allowActions) {
      builder.allowActions();
    }
    try (StoreDashboardSource source = store.given() ? StoreDashboardSource.open(store) : null) {
      if (source != null) {
        builder.store(source);
      }
      return serve(builder.build(), source);
    }
  }

  private int serve(Dashboard dashboard, StoreDashboardSource source) throws InterruptedException {
    try {
      dashboard.start();
    } catch (BindException e) {
      throw new UsageException(
          "cannot listen on "
              + bind
              + ":"
              + port
              + " ("
              + e.getMessage()
              + "); choose another"
              + " --port (0 picks a free one)");
    } catch (IOException e) {
      throw new UsageException("cannot start the dashboard on " + bind + ":" + port + ": " + e);
    }
    Runtime.getRuntime().addShutdownHook(new Thread(dashboard::close, "ratchet-ui-stop"));
    printBanner(dashboard, source, spec.commandLine().getOut());
    dashboard.awaitStop();
    return ExitCodes.OK;
  }

  private InetAddress address() {
    try {
      return InetAddress.getByName(bind);
    } catch (UnknownHostException e) {
      throw new UsageException("--bind " + bind + " is not an address of this machine");
    }
  }

  private void printBanner(Dashboard dashboard, StoreDashboardSource source, PrintWriter out) {
    out.println(
        "Ratchet dashboard for "
            + root.toAbsolutePath().normalize()
            + (source == null ? "" : " and " + source.where()));
    if (dashboard.actionsAllowed()) {
      out.println("  open " + dashboard.url() + "?token=" + dashboard.token());
      out.println(
          "  actions are on; the token above is needed for each one and changes at every start");
    } else {
      out.println("  open " + dashboard.url());
      out.println("  read-only; add --allow-actions to retry, skip, rerun and clear");
    }
    if (!address().isLoopbackAddress()) {
      out.println(
          "  warning: listening on "
              + bind
              + ": anyone who can reach this machine can read these runs");
    }
    out.println("Press Ctrl-C to stop.");
    out.flush();
  }
}
