package dev.ratchet.internal.ui;

import dev.ratchet.history.RunRecord;
import dev.ratchet.store.StateCounts;
import dev.ratchet.ui.StoreSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JSON of a dashboard's store (runs with their counts, history records): a store that cannot be
 * read is an {@code error} in the JSON, never a failed page.
 */
final class StoreView {
  private static final Logger log = LoggerFactory.getLogger(StoreView.class);
  static final int RUNS_LIMIT = 100;

  private final StoreSource source;

  StoreView(StoreSource source) {
    this.source = source;
  }

  /** {@code {where, runs: [{runId, counts, total, progress}], error?}}. */
  Map<String, Object> runs() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("where", source.where());
    List<Map<String, Object>> runs = new ArrayList<>();
    try {
      for (StoreSource.StoreRun run : source.runs(RUNS_LIMIT)) {
        StateCounts c = run.counts();
        Map<String, Object> counts = new LinkedHashMap<>();
        counts.put("done", c.done());
        counts.put("failed", c.failed());
        counts.put("skipped", c.skipped());
        counts.put("inProgress", c.inProgress());
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("runId", run.runId());
        r.put("counts", counts);
        r.put("total", run.total());
        long finished = c.done() + c.failed() + c.skipped();
        r.put("progress", run.total() == 0 ? 1.0 : (double) finished / run.total());
        runs.add(r);
      }
    } catch (RuntimeException e) {
      json.put("error", problem(e));
    }
    json.put("runs", runs);
    return json;
  }

  /** The store's newest {@code limit} records, or none and why. */
  Records history(int limit) {
    try {
      return new Records(source.history(limit), null);
    } catch (RuntimeException e) {
      return new Records(List.of(), problem(e));
    }
  }

  /** Records read from the store, and the error if it could not be read (else null). */
  record Records(List<RunRecord> records, String error) {}

  private String problem(RuntimeException e) {
    log.warn("cannot read the store {}: {}", source.where(), e.getMessage());
    return "cannot read " + source.where() + ": " + e.getMessage();
  }
}
