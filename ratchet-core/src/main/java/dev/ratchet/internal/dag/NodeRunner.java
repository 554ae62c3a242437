package dev.ratchet.internal.dag;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.ratchet.ItemState;
import dev.ratchet.Outcome;
import dev.ratchet.RetryPolicy;
import dev.ratchet.SkipCause;
import dev.ratchet.TimedOutException;
import dev.ratchet.dag.NodeResult;
import dev.ratchet.dag.Task;
import dev.ratchet.dag.TaskContext;
import dev.ratchet.dag.TaskFailedException;
import dev.ratchet.internal.results.LargeResultWarning;
import dev.ratchet.internal.results.SubSteps;
import dev.ratchet.store.Change;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one node on a worker thread: its condition, then attempts with backoff and timeout, and
 * records each transition in the store (IN_PROGRESS before an attempt, DONE with the JSON result or
 * FAILED after it).
 */
final class NodeRunner {
  private static final Logger log = LoggerFactory.getLogger(NodeRunner.class);

  private final DagRun run;
  private final String node;
  private final Task task;
  private final int previousAttempts;
  private final int interruptions;
  private final SubSteps steps;

  /**
   * @param previousSteps the node's memoized sub-step values from the checkpoint
   */
  NodeRunner(
      DagRun run,
      String node,
      Task task,
      int previousAttempts,
      int interruptions,
      Map<String, String> previousSteps) {
    this.run = run;
    this.node = node;
    this.task = task;
    this.previousAttempts = previousAttempts;
    this.interruptions = interruptions;
    this.steps = new SubSteps(node, previousSteps);
  }

  NodeResult call() {
    long start = run.micros();
    Predicate<TaskContext> condition = run.settings().conditions().get(node);
    if (condition != null) {
      boolean go;
      try {
        go = condition.test(context(1));
      } catch (RuntimeException e) {
        return fail(start, 0, "its condition threw " + describe(e));
      }
      if (!go) {
        String reason = "skipped by condition";
        run.record(
            NodeRecords.skipped(
                node, SkipCause.CONDITION, reason, previousAttempts, interruptions));
        return ended(start, new Outcome.Skipped<>(SkipCause.CONDITION, reason, 0));
      }
    }
    RetryPolicy retry = run.settings().retryFor(node);
    for (int attempt = 1; ; attempt++) {
      if (run.isCancelled()) {
        return notDone(start, attempt - 1, attempt > 1);
      }
      run.markInProgress(Change.Item.inProgress(node, previousAttempts + attempt, interruptions));
      run.listener().attemptStarted(node, attempt);
      Object value;
      try {
        value = invoke(context(attempt));
      } catch (InterruptedException e) {
        return notDone(start, attempt - 1, true);
      } catch (Throwable e) {
        if (e instanceof VirtualMachineError vmError) {
          throw vmError;
        }
        if (run.isKilling()) {
          return notDone(start, attempt - 1, true);
        }
        String error = describe(e);
        if (!retry.shouldRetry(e, attempt)) {
          if (e instanceof TaskFailedException || e instanceof TimedOutException) {
            log.debug("node '{}' failed after {} attempt(s): {}", node, attempt, error);
          } else {
            log.warn("node '{}' failed after {} attempt(s)", node, attempt, e);
          }
          return fail(
              start, attempt, attempt > 1 ? error + " (after " + attempt + " attempts)" : error);
        }
        if (run.isCancelled()) {
          return notDone(start, attempt, true);
        }
        Duration delay = retry.delayAfter(attempt);
        run.listener().attemptFailed(node, attempt, error, delay.toMillis());
        try {
          Thread.sleep(delay.toMillis());
        } catch (InterruptedException interrupted) {
          return notDone(start, attempt, true);
        }
        continue;
      }
      return succeed(start, attempt, value);
    }
  }

  private NodeResult succeed(long start, int attempt, Object value) {
    String json;
    JsonNode tree;
    try {
      json = Json.MAPPER.writeValueAsString(value);
      tree = Json.MAPPER.readTree(json);
    } catch (JsonProcessingException | RuntimeException e) {
      String type = value == null ? "null" : value.getClass().getName();
      return fail(
          start,
          attempt,
          "its result (a "
              + type
              + ") cannot be stored as JSON: "
              + (e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage())
              + ". Return a value Jackson can serialize: a string, number, boolean, list, map or"
              + " record");
    }
    LargeResultWarning.check("node", node, json);
    run.record(
        new Change.Item(
            node, ItemState.DONE, previousAttempts + attempt, interruptions, json, null, false));
    return ended(start, new Outcome.Done<>(tree, attempt, false));
  }

  private NodeResult fail(long start, int attempts, String error) {
    run.record(Change.Item.failed(node, previousAttempts + attempts, interruptions, error));
    return ended(start, new Outcome.Failed<>(error, attempts));
  }

  /** Stopped before or while it ran: recorded as not done (pending), so a resume runs it. */
  private NodeResult notDone(long start, int attempts, boolean wasRunning) {
    run.record(
        new Change.Item(
            node,
            ItemState.PENDING,
            previousAttempts + attempts,
            interruptions,
            null,
            null,
            false));
    return ended(start, new Outcome.NotDone<>(wasRunning, attempts));
  }

  private NodeResult ended(long start, Outcome<JsonNode> outcome) {
    return new NodeResult(
        node, outcome, start, run.micros() - start, Thread.currentThread().getName());
  }

  private Object invoke(TaskContext ctx) throws Exception {
    Duration timeout = run.settings().timeoutFor(node);
    if (timeout == null) {
      return task.run(ctx);
    }
    Future<Object> future = run.attemptPool().submit(() -> task.run(ctx));
    try {
      return future.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      future.cancel(true);
      throw new TimedOutException(timeout);
    } catch (InterruptedException e) {
      future.cancel(true);
      throw e;
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof Exception exception) {
        throw exception;
      }
      throw (Error) cause;
    }
  }

  private TaskContext context(int attempt) {
    List<String> upstream = run.dag().upstream(node);
    return new NodeContext(
        node, attempt, run.runId(), upstream, run.results(), run::isCancelled, steps, run.store());
  }

  static String describe(Throwable e) {
    if ((e instanceof TaskFailedException || e instanceof TimedOutException)
        && e.getMessage() != null) {
      return e.getMessage();
    }
    String name = e.getClass().getSimpleName();
    return e.getMessage() == null ? name : name + ": " + e.getMessage();
  }
}
