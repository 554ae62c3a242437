package dev.ratchet.cli;

import dev.ratchet.cli.store.StoreHistory;
import dev.ratchet.cli.store.StoreOptions;
import dev.ratchet.history.RunHistory;
import dev.ratchet.history.RunRecord;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ratchet history}: the runs that ended under a directory, and manual actions. */
@Command(
    name = "history",
    mixinStandardHelpOptions = true,
    description = {
      "List the run history under a directory, newest first: every run that ended (items and"
          + " pipelines) with its outcome, counts, duration and who ran it, and every manual"
          + " action taken on a checkpoint. Records are kept after a run's checkpoint is removed,"
          + " in .ratchet-history/ beside it; 'ratchet gc' removes old ones.",
      "",
      "With --store URL, the history of runs in that PostgreSQL database (table ratchet_history)"
          + " or Redis database (list ratchet:history) instead: one record per worker that ended,"
          + " the newest 1,000 kept. --run-id ID shows one run's. --root and --store are"
          + " exclusive."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  ratchet history",
      "  ratchet history --root runs --limit 20",
      "  ratchet history --root runs --json | jq '.[0].counts'",
      "  ratchet history --store postgresql://db.example:5432/jobs --run-id nightly",
      "  ratchet history --store redis://127.0.0.1:6379/0 --json",
      "",
      ExitCodes.HELP_TEXT
    })
public final class HistoryCommand implements Callable<Integer> {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.systemDefault());

  @Spec CommandSpec spec;

  @Option(
      names = "--root",
      paramLabel = "DIR",
      description = "The directory searched for history (recursively). Default: the current one.")
  Path root;

  @Mixin StoreOptions store;

  @Option(names = "--json", description = "Print a JSON array of the records, for scripts.")
  boolean json;

  @Option(
      names = "--limit",
      paramLabel = "N",
      defaultValue = "50",
      description = "Show at most N records (0: all). Default: ${DEFAULT-VALUE}.")
  int limit;

  @Override
  public Integer call() {
    if (store.given()) {
      return storeHistory();
    }
    if (root == null) {
      root = Path.of(".");
    }
    if (!Files.isDirectory(root)) {
      throw new UsageException(
          "--root " + root + " is not a directory; give the directory that holds the checkpoints");
    }
    if (limit < 0) {
      throw new UsageException("--limit must be 0 or more, was " + limit);
    }
    RunHistory.Listing listing = RunHistory.under(root);
    List<RunRecord> records = listing.records();
    if (limit > 0 && records.size() > limit) {
      records = records.subList(0, limit);
    }
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      printJson(records, out);
    } else {
      printTable(records, listing.records().size(), out);
    }
    PrintWriter err = spec.commandLine().getErr();
    listing.unreadable().forEach(problem -> err.println("ratchet: unreadable record " + problem));
    out.flush();
    err.flush();
    return ExitCodes.OK;
  }

  private int storeHistory() {
    if (root != null) {
      throw new UsageException("give either --root or --store, not both");
    }
    if (limit < 0) {
      throw new UsageException("--limit must be 0 or more, was " + limit);
    }
    List<RunRecord> records = StoreHistory.list(store, limit);
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      printJson(records, out);
    } else {
      printTable(records, records.size(), out);
    }
    out.flush();
    return ExitCodes.OK;
  }

  private static void printJson(List<RunRecord> records, PrintWriter out) {
    out.println("[" + String.join(",\n", records.stream().map(RunRecord::toJson).toList()) + "]");
  }

  private void printTable(List<RunRecord> records, int total, PrintWriter out) {
    if (records.isEmpty()) {
      out.println(
          "No run history "
              + (root == null ? "in " + store.display() : "under " + root)
              + " yet: runs leave a record when they end.");
      return;
    }
    out.printf(
        "%-19s  %-24s  %-8s  %8s  %7s  %7s  %8s  %-16s  %s%n",
        "ended", "outcome", "kind", "done", "failed", "skipped", "took", "by", "checkpoint");
    Path base = root == null ? null : root.toAbsolutePath().normalize();
    for (RunRecord r : records) {
      Map<String, Long> counts = r.counts();
      String outcome = r.manual() ? "manual " + r.outcome() + target(r) : r.outcome();
      out.printf(
          "%-19s  %-24s  %-8s  %8s  %7s  %7s  %8s  %-16s  %s%n",
          TIME.format(r.ended()),
          cut(outcome, 24),
          r.shape() == null ? "" : "dag".equals(r.shape()) ? "pipeline" : r.shape(),
          count(counts, "done"),
          count(counts, "failed"),
          count(counts, "skipped"),
          r.manual() ? "" : took(r.duration()),
          cut(r.user() + "@" + r.host(), 16),
          base == null ? "run " + r.runId() : relative(base, r.checkpoint()));
    }
    if (total > records.size()) {
      out.printf("… %d older records ('--limit 0' shows all)%n", total - records.size());
    }
  }

  private static String target(RunRecord r) {
    return r.target() == null ? "" : " " + r.target();
  }

  private static String count(Map<String, Long> counts, String state) {
    Long n = counts.get(state);
    return n == null ? "" : n.toString();
  }

  private static String took(Duration d) {
    long millis = d.toMillis();
    return millis < 10_000 ? String.format("%.2fs", millis / 1000.0) : d.toSeconds() + "s";
  }

  private static String relative(Path base, String checkpoint) {
    Path path = Path.of(checkpoint);
    return path.startsWith(base) && !path.equals(base)
        ? base.relativize(path).toString()
        : checkpoint;
  }

  private static String cut(String text, int width) {
    return text.length() <= width ? text : text.substring(0, width - 1) + "…";
  }
}
