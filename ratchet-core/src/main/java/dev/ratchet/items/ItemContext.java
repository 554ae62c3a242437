package dev.ratchet.items;

import java.util.List;
import java.util.concurrent.Callable;

/**
 * What a processor knows about the item it is working on. One context serves one attempt of one
 * item on one thread.
 */
public interface ItemContext {

  /** The item's key. */
  String key();

  /**
   * A key that is stable across attempts and reruns of this run: the run id, a colon, and the item
   * key. Hand it to external systems so they can drop repeated requests (processing is
   * at-least-once).
   */
  String idempotencyKey();

  /** Which attempt this is, counting from 1 across retries and reruns. */
  int attempt();

  /**
   * Runs a memoized sub-step. The first time, {@code body} runs and its value is committed as JSON
   * as soon as it returns; on any later attempt or rerun (after a crash, say) the stored value is
   * returned and {@code body} does not run. The value is always returned as read back from JSON, so
   * the first run and a rerun see the same thing.
   *
   * @param name the step's name, unique within the item
   * @param type the value's type, for reading it back with Jackson
   */
  <T> T step(String name, Class<T> type, Callable<? extends T> body) throws Exception;

  /**
   * Like {@link #step(String, Class, Callable)} for JSON-native values: strings, numbers, booleans,
   * lists and maps of them. Numbers come back as Jackson reads them (Integer, Long, Double, …).
   */
  <T> T step(String name, Callable<T> body) throws Exception;

  /**
   * The inputs this thread processes next, after this one, in the same batch and in input order: a
   * processor that hands its work to another process may send them ahead, so that they wait there
   * rather than in a round trip each. The pipeline still calls the processor for each of them, one
   * after another on this thread, unless the run stops first; a retry of this item comes before
   * them. Empty for the last item of a batch, and by default.
   */
  default List<?> upcoming() {
    return List.of();
  }
}
