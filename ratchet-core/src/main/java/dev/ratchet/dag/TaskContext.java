package dev.ratchet.dag;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * What a running {@link Task} (or a node's condition) can see: its node, its attempt, and the
 * results of its direct upstream nodes, whether they ran in this call or were restored from the
 * checkpoint; and memoized sub-steps ({@link #step}) that survive a crash of the node. One context
 * serves one attempt of one node on one thread. Results are read back from their stored JSON, so a
 * fresh run and a resume see the same values.
 */
public interface TaskContext {

  /** The node being run. */
  String node();

  /** The attempt number, starting at 1. */
  int attempt();

  /** The run id followed by the node name: stable across resumes of the same checkpoint. */
  String idempotencyKey();

  /** The node's direct upstream nodes, in the order their edges were added. */
  List<String> upstream();

  /**
   * The result of a direct upstream node as a JSON tree.
   *
   * @throws IllegalArgumentException if {@code node} is not a direct upstream node
   */
  JsonNode resultJson(String node);

  /**
   * The result of a direct upstream node, converted to {@code type}.
   *
   * @throws IllegalArgumentException if {@code node} is not a direct upstream node or its result
   *     cannot be read as {@code type}
   */
  <T> T result(String node, Class<T> type);

  /** Like {@link #result(String, Class)} for generic types such as {@code List<Row>}. */
  <T> T result(String node, TypeReference<T> type);

  /**
   * Runs a memoized sub-step of this node, as {@code ItemContext.step} does for items. The first
   * time, {@code body} runs and its value is committed to the checkpoint as JSON as soon as it
   * returns; on any later attempt, or on a resume after a crash or a failure, the stored value is
   * returned and {@code body} does not run. So a node that died after sub-step 2 of 3 resumes at
   * sub-step 3. The value is always returned as read back from JSON, so a first run and a resume
   * see the same thing. A node's sub-steps are forgotten once it completes, and when it runs again
   * because its definition changed or a rerun was asked for.
   *
   * @param name the sub-step's name, unique within the node
   * @param type the value's type, for reading it back with Jackson
   */
  <T> T step(String name, Class<T> type, Callable<? extends T> body) throws Exception;

  /**
   * Like {@link #step(String, Class, Callable)} for JSON-native values: strings, numbers, booleans,
   * lists and maps of them. Numbers come back as Jackson reads them (Integer, Long, Double, …).
   */
  <T> T step(String name, Callable<T> body) throws Exception;

  /** True once the run was cancelled; long tasks should check it and stop early. */
  boolean isCancelled();
}
