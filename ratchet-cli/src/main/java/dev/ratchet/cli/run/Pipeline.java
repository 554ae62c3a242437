package dev.ratchet.cli.run;

import dev.ratchet.dag.Dag;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A validated pipeline: steps (shell commands) with their dependencies, in file order.
 *
 * @param file the pipeline file
 * @param workDir where steps run: the pipeline file's directory
 */
record Pipeline(String name, Path file, Path workDir, List<Step> steps) {

  /**
   * One step.
   *
   * @param retries extra attempts after a failure (0 = run once)
   * @param timeout the time limit of one attempt, or null
   * @param when the condition, or null to always run
   */
  record Step(
      String name,
      String command,
      List<String> needs,
      int retries,
      Duration timeout,
      Map<String, String> env,
      StepCondition when) {

    /**
     * What defines the step's result, recorded in the checkpoint: a step whose definition changed
     * runs again on resume, with the steps after it.
     */
    Map<String, String> definition() {
      Map<String, String> definition = new TreeMap<>();
      definition.put("run", command);
      if (!env.isEmpty()) {
        definition.put("env", new TreeMap<>(env).toString());
      }
      if (when != null) {
        definition.put("when", when.toString());
      }
      if (timeout != null) {
        definition.put("timeout", timeout.toString());
      }
      if (retries > 0) {
        definition.put("retries", Integer.toString(retries));
      }
      return definition;
    }
  }

  Dag dag() {
    Map<String, List<String>> needs = new LinkedHashMap<>();
    for (Step step : steps) {
      needs.put(step.name(), step.needs());
    }
    return Dag.ofDependencies(needs);
  }

  Step step(String name) {
    for (Step step : steps) {
      if (step.name().equals(name)) {
        return step;
      }
    }
    throw new IllegalArgumentException("unknown step '" + name + "'");
  }
}
