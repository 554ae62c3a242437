package dev.ratchet.cli.process;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The validated options of one {@code ratchet process} run.
 *
 * @param exec the shell command per item, or null for the built-in transform
 * @param execStream whether {@code exec} is one long-lived command per worker ({@code
 *     --exec-stream}) rather than one per item
 * @param crashLimit interruptions by a dying process after which an item is FAILED
 * @param simulateCrashAfter halt after this many items without committing the open batch, or 0
 * @param timeout the time limit of one attempt of an item, or null for none
 * @param maxResultBytes the most standard output one {@code --exec} item may print
 * @param stopGrace how long items in flight may finish after a stop signal before they are killed
 * @param streamAhead the most items in flight to one {@code --exec-stream} command
 * @param store the URL of a store that holds the one checkpoint instead of the checkpoint directory
 *     (SQLite: {@code sqlite:/abs/run.db}), with an absolute path; null for a directory
 */
public record ProcessSettings(
    Path input,
    Path output,
    Path checkpoint,
    int batchSize,
    int workers,
    String exec,
    boolean execStream,
    int retries,
    int crashLimit,
    boolean failFast,
    boolean fresh,
    boolean keepCheckpoint,
    int simulateCrashAfter,
    OutputFormat format,
    Duration timeout,
    long maxResultBytes,
    Duration stopGrace,
    int streamAhead,
    String store) {

  /**
   * The command that resumes this run, for the run history: the same options with absolute paths,
   * less {@code --fresh} and {@code --simulate-crash} (a retry resumes; it never starts over).
   */
  public List<String> resumeCommand() {
    List<String> argv = new ArrayList<>();
    argv.add("ratchet");
    argv.add("process");
    argv.addAll(List.of("--input", absolute(input), "--output", absolute(output)));
    argv.addAll(whereArguments());
    argv.addAll(workArguments());
    if (keepCheckpoint) {
      argv.add("--keep-checkpoint");
    }
    argv.addAll(List.of("--format", format.name(), "--progress", "lines"));
    return argv;
  }

  /**
   * The options that say how the items are worked on (batch size, workers, the command, retries,
   * crash limit, timeout, result limit, fail-fast), as given, for a command that resumes the run.
   */
  public List<String> workArguments() {
    List<String> argv = new ArrayList<>();
    argv.addAll(List.of("--batch-size", Integer.toString(batchSize)));
    argv.addAll(List.of("--workers", Integer.toString(workers)));
    if (exec != null) {
      argv.addAll(List.of(execStream ? "--exec-stream" : "--exec", exec));
    }
    if (streamAhead > 1) {
      argv.addAll(List.of("--stream-ahead", Integer.toString(streamAhead)));
    }
    if (retries > 0) {
      argv.addAll(List.of("--retries", Integer.toString(retries)));
    }
    if (crashLimit != 3) {
      argv.addAll(List.of("--crash-limit", Integer.toString(crashLimit)));
    }
    if (timeout != null) {
      argv.addAll(List.of("--timeout", Limits.text(timeout)));
    }
    if (maxResultBytes != ExecCommand.DEFAULT_MAX_RESULT_BYTES) {
      argv.addAll(List.of("--max-result-bytes", Long.toString(maxResultBytes)));
    }
    if (failFast) {
      argv.add("--fail-fast");
    }
    return argv;
  }

  /** Where the checkpoint is, for messages: the directory or the store's URL. */
  public String checkpointName() {
    return store != null ? store : checkpoint.toString();
  }

  /** The options that name the checkpoint: {@code --checkpoint DIR} or {@code --store URL}. */
  public List<String> whereArguments() {
    return store != null
        ? List.of("--store", store)
        : List.of("--checkpoint", absolute(checkpoint));
  }

  private static String absolute(Path path) {
    return path.toAbsolutePath().normalize().toString();
  }
}
