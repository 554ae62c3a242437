package dev.ratchet.cli.ops;

import dev.ratchet.dag.DagCheckpointInfo;
import dev.ratchet.store.CheckpointInfo;
import dev.ratchet.store.MetaKeys;
import dev.ratchet.store.StateCounts;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * A checkpoint's status in the Prometheus text exposition format (version 0.0.4), for the node
 * exporter's textfile collector or a push gateway. Every sample carries the labels {@code
 * checkpoint} and {@code run_id}.
 *
 * <p>For an item run the total is the input's item count as recorded when the run started (metadata
 * {@value #TOTAL_KEY}); without one it is the number of items the runs have reached so far, and
 * {@code ratchet_checkpoint_total_known} is 0. Completed means DONE or SKIPPED; remaining is total
 * minus completed (FAILED items are tried again by the next run, so they remain). For a pipeline
 * (DAG) checkpoint the figures are those of {@code ratchet status}: completed steps are the DONE
 * ones (a step skipped because an upstream failed runs on resume), over every step.
 */
public final class PrometheusStatus {
  /** The metadata entry holding the input's item count, when known. */
  public static final String TOTAL_KEY = MetaKeys.INPUT_ITEMS;

  /** The metadata entry a store sets when its commits may not survive a server restart. */
  static final String DURABILITY_WARNING = "redis.durability.warning";

  private final StringBuilder out = new StringBuilder();
  private final String labels;

  private PrometheusStatus(String labels) {
    this.labels = labels;
  }

  /** The exposition text for {@code info}, ending with a newline. */
  public static String format(CheckpointInfo info) {
    PrometheusStatus p =
        new PrometheusStatus(
            "checkpoint=\""
                + escape(info.location())
                + "\",run_id=\""
                + escape(info.runId() == null ? "" : info.runId())
                + "\"");
    p.gauge("ratchet_checkpoint_exists", "1 if the checkpoint exists.", info.exists() ? 1 : 0);
    if (!info.exists()) {
      return p.out.toString();
    }
    StateCounts c = info.counts();
    long completed = c.done() + c.skipped();
    String recordedTotal = info.metadata().get(TOTAL_KEY);
    long total = parse(recordedTotal, c.total());
    boolean totalKnown = recordedTotal != null && total >= 0;
    Optional<DagCheckpointInfo> steps = steps(info);
    if (steps.isPresent()) {
      completed = steps.get().totalCheckpointed();
      total = steps.get().nodeCount();
      totalKnown = true;
    }
    p.header("ratchet_checkpoint_items", "Items recorded in the checkpoint, by state.");
    p.sample("ratchet_checkpoint_items", "state", "done", c.done());
    p.sample("ratchet_checkpoint_items", "state", "failed", c.failed());
    p.sample("ratchet_checkpoint_items", "state", "skipped", c.skipped());
    p.sample("ratchet_checkpoint_items", "state", "in_progress", c.inProgress());
    p.gauge(
        "ratchet_checkpoint_completed_items",
        "Items DONE or SKIPPED (pipeline steps: DONE).",
        completed);
    p.gauge(
        "ratchet_checkpoint_failed_items", "Items FAILED (the next run retries them).", c.failed());
    p.gauge(
        "ratchet_checkpoint_remaining_items",
        "Items not yet DONE or SKIPPED.",
        Math.max(0, total - completed));
    p.gauge(
        "ratchet_checkpoint_total_items",
        "Items in the input if recorded, else items reached so far.",
        total);
    p.gauge(
        "ratchet_checkpoint_total_known",
        "1 if the input's item count is recorded.",
        totalKnown ? 1 : 0);
    p.gauge(
        "ratchet_checkpoint_progress_percent",
        "Completed items as a percentage of the total.",
        total == 0 ? 0 : 100.0 * completed / total);
    p.gauge(
        "ratchet_checkpoint_interrupted_items",
        "Items found IN_PROGRESS (a crash interrupted them; they run again).",
        info.interrupted().size());
    p.gauge(
        "ratchet_checkpoint_created_timestamp_seconds",
        "When the checkpoint was created.",
        seconds(info.created()));
    p.gauge(
        "ratchet_checkpoint_last_commit_timestamp_seconds",
        "When the last commit was made.",
        seconds(info.lastCommit()));
    p.gauge(
        "ratchet_checkpoint_durability_warning",
        "1 if acknowledged commits may not survive a restart of the store's server.",
        info.metadata().containsKey(DURABILITY_WARNING) ? 1 : 0);
    return p.out.toString();
  }

  /** The steps of a pipeline (DAG) checkpoint in a directory, or empty for other checkpoints. */
  private static Optional<DagCheckpointInfo> steps(CheckpointInfo info) {
    if (!"dag".equals(info.metadata().get(MetaKeys.SHAPE))) {
      return Optional.empty();
    }
    try {
      return DagCheckpointInfo.inspect(Path.of(info.location())).filter(DagCheckpointInfo::exists);
    } catch (InvalidPathException e) {
      return Optional.empty();
    }
  }

  private void gauge(String name, String help, double value) {
    header(name, help);
    out.append(name).append('{').append(labels).append("} ").append(number(value)).append('\n');
  }

  private void header(String name, String help) {
    out.append("# HELP ").append(name).append(' ').append(help).append('\n');
    out.append("# TYPE ").append(name).append(" gauge\n");
  }

  private void sample(String name, String label, String value, double sample) {
    out.append(name)
        .append('{')
        .append(labels)
        .append(',')
        .append(label)
        .append("=\"")
        .append(value)
        .append("\"} ")
        .append(number(sample))
        .append('\n');
  }

  private static String number(double v) {
    if (Double.isNaN(v)) {
      return "NaN";
    }
    return v == Math.rint(v) && Math.abs(v) < 1e15
        ? Long.toString((long) v)
        : String.format(Locale.ROOT, "%.4f", v);
  }

  private static double seconds(Instant t) {
    return t == null ? Double.NaN : t.toEpochMilli() / 1000.0;
  }

  private static long parse(String value, long fallback) {
    try {
      return value == null ? fallback : Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      return fallback;
    }
  }

  static String escape(String s) {
    return s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
  }
}
