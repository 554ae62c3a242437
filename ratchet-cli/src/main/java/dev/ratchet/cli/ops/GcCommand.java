package dev.ratchet.cli.ops;

import dev.ratchet.cli.ExitCodes;
import dev.ratchet.cli.UsageException;
import dev.ratchet.cli.store.StoreCommands;
import dev.ratchet.cli.store.StoreOptions;
import dev.ratchet.history.RunHistory;
import dev.ratchet.store.CheckpointRetention;
import dev.ratchet.store.RetentionReport;
import dev.ratchet.store.SweptCheckpoint;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ratchet gc}: removes old checkpoints under a directory, never one a live run holds. */
@Command(
    name = "gc",
    mixinStandardHelpOptions = true,
    description = {
      "Remove checkpoints under a directory whose last commit is older than a limit (runs that"
          + " failed or were abandoned), and run history records older than it. A checkpoint"
          + " locked by a live run is never removed; damaged checkpoints are listed and kept."
          + " Only the store's own files are removed.",
      "With --store URL (PostgreSQL or Redis): remove the finished runs (no item pending or in"
          + " progress) whose last commit is older than the limit; runs with items left are listed"
          + " and kept, as are runs a live worker holds."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  ratchet gc --root runs --older-than 7d --dry-run",
      "  ratchet gc --root runs --older-than 36h",
      "  ratchet gc --store postgresql://ratchet@db/jobs --older-than 30d --dry-run",
      "",
      ExitCodes.HELP_TEXT
    })
public final class GcCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin StoreOptions store;

  @Option(
      names = "--root",
      paramLabel = "DIR",
      description = "The directory searched for checkpoints (recursively; links not followed).")
  Path root;

  @Option(
      names = "--older-than",
      required = true,
      paramLabel = "DURATION",
      description = "Remove checkpoints last committed longer ago than this: 30m, 12h, 7d, 2w.")
  String olderThan;

  @Option(names = "--dry-run", description = "List what would be removed; remove nothing.")
  boolean dryRun;

  private final Clock clock = Clock.systemUTC();

  @Override
  public Integer call() {
    if (store.given()) {
      if (root != null) {
        throw new UsageException("give either --root DIR or --store URL, not both");
      }
      if (store.namesRun()) {
        throw new UsageException(
            "gc --store sweeps every run of the store; to remove one run, use 'ratchet clear"
                + " --store URL --run-id ID'");
      }
      Duration age = age();
      PrintWriter out = spec.commandLine().getOut();
      return StoreCommands.withConnection(
          store, true, c -> StoreGc.sweep(c, age, dryRun, clock.instant(), out));
    }
    if (root == null) {
      throw new UsageException("gc needs --root DIR, the directory that holds the checkpoints");
    }
    Duration age = age();
    if (!Files.isDirectory(root)) {
      throw new UsageException(
          "--root " + root + " is not a directory; give the directory that holds the checkpoints");
    }
    CheckpointRetention retention = CheckpointRetention.olderThan(age).clock(clock);
    RetentionReport report = (dryRun ? retention.dryRun() : retention).sweep(root);
    PrintWriter out = spec.commandLine().getOut();
    print(report, clock.instant(), out);
    RunHistory.Pruning history = RunHistory.prune(root, clock.instant().minus(age), dryRun);
    for (String kept : history.kept()) {
      out.printf("%-12s run history %s%n", "kept", kept);
    }
    out.printf(
        "%s %d run history record(s) older than the limit ('ratchet history' lists them)%s.%n",
        dryRun ? "Would remove" : "Removed",
        history.removed(),
        history.kept().isEmpty()
            ? ""
            : "; kept the old records of "
                + history.kept().size()
                + " history director"
                + (history.kept().size() == 1 ? "y" : "ies")
                + " that cannot be changed (fix the permissions and run gc again)");
    out.flush();
    return ExitCodes.OK;
  }

  private Duration age() {
    Duration age = Durations.parse("--older-than", olderThan);
    if (age.isZero() || age.isNegative()) {
      throw new UsageException("--older-than must be more than zero, was '" + olderThan + "'");
    }
    return age;
  }

  private void print(RetentionReport report, Instant now, PrintWriter out) {
    String verb = dryRun ? "would remove" : "removed";
    for (SweptCheckpoint c : report.checkpoints()) {
      if (c instanceof SweptCheckpoint.Removed r) {
        out.printf(
            "%-12s %s  (last commit %s ago, %s)%n",
            verb,
            r.dir(),
            Durations.human(Duration.between(r.lastCommit(), now)),
            Durations.bytes(r.bytes()));
      } else if (c instanceof SweptCheckpoint.Locked l) {
        out.printf("%-12s %s  (locked by a live run)%n", "kept", l.dir());
      } else if (c instanceof SweptCheckpoint.Unreadable u) {
        out.printf(
            "%-12s %s  (cannot be judged: %s; 'ratchet clear' removes it)%n",
            "kept", u.dir(), u.reason());
      }
    }
    out.printf(
        "%s %d checkpoint(s), %s; kept %d recent, %d locked, %d unreadable.%n",
        dryRun ? "Would remove" : "Removed",
        report.removed().size(),
        Durations.bytes(report.bytesRemoved()),
        report.recent().size(),
        report.locked().size(),
        report.unreadable().size());
    out.flush();
  }
}
