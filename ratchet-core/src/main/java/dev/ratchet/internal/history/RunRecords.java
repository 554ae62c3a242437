package dev.ratchet.internal.history;

import dev.ratchet.RatchetException;
import dev.ratchet.dag.Dag;
import dev.ratchet.dag.ExecutionResult;
import dev.ratchet.dag.NodeResult;
import dev.ratchet.dag.NodeStatus;
import dev.ratchet.history.RunHistory;
import dev.ratchet.history.RunRecord;
import dev.ratchet.items.RunResult;
import dev.ratchet.store.CheckpointStore;
import dev.ratchet.store.MetaKeys;
import dev.ratchet.store.StateCounts;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the history record of a run that ended and writes it beside a file checkpoint. Writing
 * history never fails a run: a record that cannot be written is logged.
 */
public final class RunRecords {
  private static final Logger log = LoggerFactory.getLogger(RunRecords.class);

  private RunRecords() {}

  /** What an item run knows about itself besides its result. */
  public record ItemRun(
      Optional<Path> checkpoint,
      Instant started,
      String inputDescription,
      String inputFingerprint,
      String output,
      List<String> command) {}

  /** Writes the record of an item run that ended, if its checkpoint is a directory. */
  public static void itemsEnded(ItemRun run, RunResult result) {
    fileCheckpoint(run.checkpoint())
        .ifPresent(
            dir -> {
              List<RunRecord.FailedItem> failed = new ArrayList<>();
              for (RunResult.FailedItem item : result.failed()) {
                if (failed.size() == RunRecord.FAILED_LIMIT) {
                  break;
                }
                failed.add(new RunRecord.FailedItem(item.key(), item.error()));
              }
              write(
                  dir,
                  new RunRecord(
                      RunRecord.FORMAT,
                      RunRecord.RUN,
                      result.runId(),
                      "items",
                      dir.toString(),
                      result.outcome().name().toLowerCase(Locale.ROOT),
                      run.started(),
                      Instant.now(),
                      counts(result.counts()),
                      result.processed(),
                      failed,
                      result.failed().size(),
                      null,
                      null,
                      new RunRecord.Identity(run.inputDescription(), run.inputFingerprint()),
                      run.output(),
                      run.command(),
                      workDir(run.command()),
                      Who.user(),
                      Who.host(),
                      Who.pid(),
                      null,
                      false));
            });
  }

  /** What a DAG run knows when it starts, for its record at the end. */
  public record DagStart(Optional<Path> checkpoint, String runId, Instant started) {
    public static DagStart of(CheckpointStore store) {
      return new DagStart(store.localPath(), store.metadata().get(MetaKeys.RUN_ID), Instant.now());
    }
  }

  /**
   * A builder's {@code command(argv)} option: set once, not empty.
   *
   * @param current the value set before, or null
   */
  public static List<String> checkedCommand(List<String> current, List<String> argv) {
    if (current != null) {
      throw new IllegalStateException("command was already set to " + current);
    }
    if (argv.isEmpty()) {
      throw new IllegalArgumentException("command must not be empty");
    }
    return List.copyOf(argv);
  }

  /** Writes the record of a DAG run that ended, if its checkpoint is a directory. */
  public static void dagEnded(
      DagStart start, Dag dag, ExecutionResult result, List<String> command) {
    fileCheckpoint(start.checkpoint())
        .ifPresent(
            dir -> {
              Map<String, String> steps = new LinkedHashMap<>();
              List<RunRecord.FailedItem> failed = new ArrayList<>();
              long done = 0;
              long ran = 0;
              for (String node : dag.topologicalOrder()) {
                NodeResult nodeResult = result.nodeResult(node);
                NodeStatus status = nodeResult == null ? NodeStatus.NOT_RUN : nodeResult.status();
                steps.put(node, stepState(status));
                done += nodeResult != null && nodeResult.isComplete() ? 1 : 0;
                ran += status == NodeStatus.SUCCEEDED || status == NodeStatus.FAILED ? 1 : 0;
                if (status == NodeStatus.FAILED && failed.size() < RunRecord.FAILED_LIMIT) {
                  failed.add(new RunRecord.FailedItem(node, nodeResult.error()));
                }
              }
              List<List<String>> edges =
                  dag.edges().stream().map(e -> List.of(e.from(), e.to())).toList();
              Map<String, Long> counts = new LinkedHashMap<>();
              counts.put("done", done);
              counts.put("failed", (long) result.failed());
              counts.put("skipped", (long) result.skipped());
              write(
                  dir,
                  new RunRecord(
                      RunRecord.FORMAT,
                      RunRecord.RUN,
                      start.runId(),
                      "dag",
                      dir.toString(),
                      result.isSuccess() ? "succeeded" : "failed",
                      start.started(),
                      Instant.now(),
                      counts,
                      ran,
                      failed,
                      result.failed(),
                      steps,
                      edges,
                      null,
                      null,
                      command,
                      workDir(command),
                      Who.user(),
                      Who.host(),
                      Who.pid(),
                      null,
                      false));
            });
  }

  /** The checkpoint's directory or file, absolute, if it has one on this machine. */
  private static Optional<Path> fileCheckpoint(Optional<Path> checkpoint) {
    return checkpoint.map(path -> path.toAbsolutePath().normalize());
  }

  private static String stepState(NodeStatus status) {
    return switch (status) {
      case SUCCEEDED, RESTORED -> "done";
      case FAILED -> "failed";
      case SKIPPED -> "skipped";
      case NOT_RUN -> "pending";
    };
  }

  private static Map<String, Long> counts(StateCounts counts) {
    Map<String, Long> map = new LinkedHashMap<>();
    map.put("done", counts.done());
    map.put("failed", counts.failed());
    map.put("skipped", counts.skipped());
    map.put("inProgress", counts.inProgress());
    return map;
  }

  private static String workDir(List<String> command) {
    return Path.of("").toAbsolutePath().toString();
  }

  private static void write(Path dir, RunRecord record) {
    try {
      RunHistory.append(dir, record);
    } catch (RatchetException | IllegalArgumentException e) {
      log.warn("the run finished, but its history record could not be written: {}", e.getMessage());
    }
  }
}
