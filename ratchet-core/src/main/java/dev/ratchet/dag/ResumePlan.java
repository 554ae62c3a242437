package dev.ratchet.dag;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a call that found a checkpoint is about to do, given to {@link
 * DagListener#resumePlanned(ResumePlan)} before any node runs.
 *
 * @param done nodes already complete (restored from the checkpoint, or skipped by their condition)
 * @param remaining nodes that will run (or be skipped or failed) in this call
 * @param changed nodes that run again although the checkpoint held them, because they are new,
 *     their definition or needs changed, an upstream of theirs changed, or {@link
 *     CheckpointExecutor#rerun} named them; each with why
 * @param removed nodes the checkpoint held that the DAG no longer has; dropped from the checkpoint
 */
public record ResumePlan(
    List<String> done, List<String> remaining, Map<String, String> changed, List<String> removed) {
  public ResumePlan {
    done = List.copyOf(done);
    remaining = List.copyOf(remaining);
    changed = Collections.unmodifiableMap(new LinkedHashMap<>(changed));
    removed = List.copyOf(removed);
  }

  /** {@code Resume plan: X done, Y remaining}, the checkpoint-list seed's words. */
  public String summary() {
    return "Resume plan: " + done.size() + " done, " + remaining.size() + " remaining";
  }
}
