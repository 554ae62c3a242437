package dev.ratchet.dag;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * What a running {@link Task} (or a node's condition) can see: its node, its attempt, and the
 * results of its direct upstream nodes, whether they ran in this call or were restored from the
 * checkpoint. Results are read back from their stored JSON, so a fresh run and a resume see the
 * same values.
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

  /** True once the run was cancelled; long tasks should check it and stop early. */
  boolean isCancelled();
}
