package dev.ratchet.history;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import dev.ratchet.internal.history.HistoryFiles;
import dev.ratchet.internal.history.RecordJson;
import dev.ratchet.internal.history.Who;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What one run did, or one manual action on a checkpoint, as kept in the {@link RunHistory}. Stored
 * as one JSON file; unknown fields are ignored when read, so newer versions may add fields.
 *
 * @param format the record format version ({@link #FORMAT})
 * @param kind {@link #RUN} for a run that ended, {@link #ACTION} for a manual action
 * @param runId the checkpoint's run id (null for an action on a checkpoint that had none)
 * @param shape what kind of work: {@code items} or {@code dag}
 * @param checkpoint the checkpoint's location (an absolute directory for the file store)
 * @param outcome how the run ended, in lower case ({@code succeeded}, {@code
 *     completed_with_failures}, {@code failed_fast}, {@code stopped}, {@code failed}) or, for an
 *     action, what was done ({@code retry}, {@code skip}, {@code rerun}, {@code clear})
 * @param started when the run started (the action: when it was taken)
 * @param ended when the run ended
 * @param counts items (or DAG nodes) per state at the end: done, failed, skipped, inProgress
 * @param processed items (nodes) this run finished
 * @param failed the first {@link #FAILED_LIMIT} failed items with their errors (bounded)
 * @param failedTotal how many items were failed in all
 * @param steps for a DAG run, every node's state at the end ({@code done}, {@code failed}, ...)
 * @param edges for a DAG run, its edges as {@code [from, to]} pairs
 * @param input the input's description and fingerprint, or null
 * @param output the output's description, or null
 * @param command the command line that runs this again (resuming it), or null if unknown
 * @param workDir the directory the command runs in, or null
 * @param user who ran it (the OS user, or the name an operator gave for an action)
 * @param host where it ran
 * @param pid the process that ran it
 * @param target for an action: the item or step it was taken on, or null
 * @param manual whether this is an operator's action rather than a run
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record RunRecord(
    int format,
    String kind,
    String runId,
    String shape,
    String checkpoint,
    String outcome,
    Instant started,
    Instant ended,
    Map<String, Long> counts,
    long processed,
    List<FailedItem> failed,
    long failedTotal,
    Map<String, String> steps,
    List<List<String>> edges,
    Identity input,
    String output,
    List<String> command,
    String workDir,
    String user,
    String host,
    long pid,
    String target,
    boolean manual) {

  /** The current record format version. */
  public static final int FORMAT = 1;

  /** {@link #kind()} of a run that ended. */
  public static final String RUN = "run";

  /** {@link #kind()} of a manual action. */
  public static final String ACTION = "action";

  /** At most this many failed items are kept in a record. */
  public static final int FAILED_LIMIT = 20;

  /** Errors are cut to this many characters in a record. */
  public static final int ERROR_LIMIT = 2000;

  public RunRecord {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(checkpoint, "checkpoint");
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(ended, "ended");
    counts = counts == null ? Map.of() : Map.copyOf(counts);
    failed = failed == null ? List.of() : List.copyOf(failed);
    steps = steps == null ? null : Map.copyOf(steps);
    edges = edges == null ? null : List.copyOf(edges);
    command = command == null ? null : List.copyOf(command);
  }

  /**
   * The record of a manual action taken by {@code user} on a checkpoint, here and now.
   *
   * @param action what was done: {@code retry}, {@code skip}, {@code rerun}, {@code clear}
   * @param target the item or step it was taken on, or null
   */
  public static RunRecord action(
      String checkpoint, String runId, String shape, String action, String target, String user) {
    return new RunRecord(
        FORMAT,
        ACTION,
        runId,
        shape,
        checkpoint,
        action,
        null,
        Instant.now(),
        null,
        0,
        null,
        0,
        null,
        null,
        null,
        null,
        null,
        Path.of("").toAbsolutePath().toString(),
        user,
        Who.host(),
        Who.pid(),
        target,
        true);
  }

  /** This record as the JSON text it is stored as (indented). */
  public String toJson() {
    return RecordJson.write(this);
  }

  /**
   * Reads a record from the JSON text {@link #toJson()} wrote (unknown fields are ignored).
   *
   * @throws IllegalArgumentException if the text is not a run record
   */
  public static RunRecord fromJson(String json) {
    try {
      return HistoryFiles.JSON.readValue(json, RunRecord.class);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not a run record: " + e.getOriginalMessage(), e);
    }
  }

  /** How long the run took (zero for an action). */
  public Duration duration() {
    return started == null ? Duration.ZERO : Duration.between(started, ended);
  }

  /** Whether this is a run that ended with every item done or skipped. */
  public boolean succeeded() {
    return RUN.equals(kind) && "succeeded".equals(outcome);
  }

  /** A failed item (or node) and its error, cut to {@link #ERROR_LIMIT} characters. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record FailedItem(String key, String error) {
    public FailedItem {
      Objects.requireNonNull(key, "key");
      if (error != null && error.length() > ERROR_LIMIT) {
        error = error.substring(0, ERROR_LIMIT) + "…";
      }
    }
  }

  /** What identifies an input: its description (a path) and its content fingerprint. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Identity(String description, String fingerprint) {}
}
