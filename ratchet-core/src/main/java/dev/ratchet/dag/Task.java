package dev.ratchet.dag;

import dev.ratchet.RetryPolicy;

/**
 * The work of one node. Its return value is the node's result: it is stored as JSON in the
 * checkpoint (so it must be something Jackson can serialize: a string, a number, a map, a list, a
 * record, or null) and is handed to downstream nodes through their {@link TaskContext}.
 *
 * <p>Throwing fails the attempt; the node's {@link RetryPolicy} decides whether it is tried again.
 * A task may run again after a crash (at-least-once), so work with side effects should be
 * idempotent; {@link TaskContext#idempotencyKey()} is stable across resumes.
 */
@FunctionalInterface
public interface Task {
  Object run(TaskContext ctx) throws Exception;
}
