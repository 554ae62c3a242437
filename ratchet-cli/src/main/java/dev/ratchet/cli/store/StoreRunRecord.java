package dev.ratchet.cli.store;

import dev.ratchet.cli.process.ProcessSettings;
import dev.ratchet.history.RunRecord;
import dev.ratchet.internal.history.Who;
import dev.ratchet.items.RunResult;
import dev.ratchet.store.RunProgress;
import dev.ratchet.store.SharedRun;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The history record that one worker of a run in PostgreSQL or Redis leaves in that server when it
 * ends: the run-wide counts, the items this worker finished, the failed items it met (bounded) and
 * the command that resumes the run, without any password. Written once per worker; writing it never
 * fails the run (a record that cannot be written is logged).
 */
final class StoreRunRecord {
  private static final Logger log = LoggerFactory.getLogger(StoreRunRecord.class);

  private final SharedRun run;
  private final String where;
  private final Consumer<RunRecord> history;
  private final ProcessSettings settings;
  private final List<String> resumeArguments;
  private final Instant started = Instant.now();
  private final List<RunRecord.FailedItem> failedItems = new ArrayList<>();
  private final AtomicBoolean written = new AtomicBoolean();
  private long failedTotal;

  /**
   * @param resumeArguments the store options a resuming command needs besides the URL and run id
   *     ({@link StoreOptions#resumeArguments})
   */
  StoreRunRecord(
      SharedRun run,
      String where,
      Consumer<RunRecord> history,
      ProcessSettings settings,
      List<String> resumeArguments) {
    this.run = run;
    this.where = where;
    this.history = history;
    this.settings = settings;
    this.resumeArguments = List.copyOf(resumeArguments);
  }

  /** Notes the items this worker failed. */
  synchronized void failed(List<RunResult.FailedItem> failed) {
    for (RunResult.FailedItem f : failed) {
      failedTotal++;
      if (failedItems.size() < RunRecord.FAILED_LIMIT) {
        failedItems.add(new RunRecord.FailedItem(f.key(), f.error()));
      }
    }
  }

  /**
   * Writes the record once (later calls do nothing): {@code outcome} is {@code succeeded}, {@code
   * completed_with_failures}, {@code failed_fast}, {@code stopped} or {@code failed}.
   */
  void write(String outcome, long processed) {
    if (!written.compareAndSet(false, true)) {
      return;
    }
    try {
      history.accept(record(outcome, processed));
    } catch (RuntimeException e) {
      log.warn(
          "the worker ended, but its history record could not be written to {}: {}",
          where,
          e.getMessage());
    }
  }

  private synchronized RunRecord record(String outcome, long processed) {
    Map<String, Long> counts = new LinkedHashMap<>();
    try {
      RunProgress c = run.progress();
      counts.put("done", c.done());
      counts.put("failed", c.failed());
      counts.put("skipped", c.skipped());
      counts.put("inProgress", c.inProgress());
    } catch (RuntimeException e) {
      // the server went away: the record keeps what this worker knows
    }
    String input = settings.input() == null ? null : settings.input().toString();
    return new RunRecord(
        RunRecord.FORMAT,
        RunRecord.RUN,
        run.name(),
        "items",
        where,
        outcome,
        started,
        Instant.now(),
        counts,
        processed,
        failedItems,
        failedTotal,
        null,
        null,
        input == null ? null : new RunRecord.Identity(input, null),
        settings.output() == null ? null : settings.output().toString(),
        command(),
        Path.of("").toAbsolutePath().toString(),
        Who.user(),
        Who.host(),
        Who.pid(),
        null,
        false);
  }

  /**
   * The command that resumes the run, as this worker was started: the store's address without any
   * password ({@code --password-file FILE} when one was given), the input and output with absolute
   * paths, and the options of how items are worked on.
   */
  private List<String> command() {
    List<String> argv = new ArrayList<>();
    argv.addAll(
        List.of(
            "ratchet", "process", "--store", where.replace(":***@", "@"), "--run-id", run.name()));
    argv.addAll(resumeArguments);
    if (settings.input() != null) {
      argv.addAll(List.of("--input", absolute(settings.input())));
    }
    if (settings.output() != null) {
      argv.addAll(List.of("--output", absolute(settings.output())));
    }
    argv.addAll(settings.workArguments());
    return argv;
  }

  private static String absolute(Path path) {
    return path.toAbsolutePath().normalize().toString();
  }
}
