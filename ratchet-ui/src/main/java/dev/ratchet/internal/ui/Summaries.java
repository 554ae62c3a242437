package dev.ratchet.internal.ui;

import dev.ratchet.store.CheckpointInfo;
import dev.ratchet.store.StateCounts;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** The one-line view of a checkpoint on the runs page: state, counts, progress, rate, ETA. */
final class Summaries {
  private final RateMeter rates;

  Summaries(RateMeter rates) {
    this.rates = rates;
  }

  Map<String, Object> of(Checkpoint checkpoint) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("id", checkpoint.id());
    json.put("path", checkpoint.dir().toString());
    json.put("exists", true);
    CheckpointInfo info = checkpoint.info();
    if (info == null) {
      json.put("state", "unreadable");
      json.put("problem", checkpoint.problem());
      return json;
    }
    long total = total(checkpoint);
    json.put("shape", checkpoint.shape());
    json.put("state", checkpoint.state(total));
    json.put("live", checkpoint.live());
    checkpoint.holder().ifPresent(pid -> json.put("pid", pid));
    json.put("runId", info.runId());
    json.put("created", info.created());
    json.put("lastCommit", info.lastCommit());
    json.put("counts", counts(info.counts()));
    long finished = info.counts().done() + info.counts().failed() + info.counts().skipped();
    json.put("finished", finished);
    json.put("total", total < 0 ? null : total);
    long done = info.counts().done();
    json.put("progress", total > 0 ? Math.min(1.0, (double) done / total) : null);
    if (checkpoint.live()) {
      RateMeter.Rate rate = rates.observe(checkpoint.id(), System.nanoTime(), finished, total);
      json.put("rate", rate.perSecond());
      json.put("etaSeconds", rate.etaSeconds());
    } else {
      rates.forget(checkpoint.id());
    }
    return json;
  }

  static Map<String, Long> counts(StateCounts counts) {
    Map<String, Long> json = new LinkedHashMap<>();
    json.put("done", counts.done());
    json.put("failed", counts.failed());
    json.put("skipped", counts.skipped());
    json.put("inProgress", counts.inProgress());
    return json;
  }

  /** Items in the input, or nodes in the DAG; -1 if unknown. */
  static long total(Checkpoint checkpoint) {
    if (!checkpoint.isDag()) {
      return checkpoint.inputItems();
    }
    String structure = checkpoint.info().metadata().get(DagGraph.STRUCTURE);
    try {
      return structure == null ? -1 : DagGraph.parse(structure).nodes().size();
    } catch (IOException e) {
      return -1;
    }
  }
}
