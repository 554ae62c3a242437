package dev.ratchet.internal.ui;

import dev.ratchet.CheckpointLockedException;
import dev.ratchet.ItemState;
import dev.ratchet.RatchetException;
import dev.ratchet.history.RunHistory;
import dev.ratchet.history.RunRecord;
import dev.ratchet.store.Change;
import dev.ratchet.store.CheckpointInfo;
import dev.ratchet.store.Commit;
import dev.ratchet.store.FileStore;
import dev.ratchet.store.ItemRecord;
import dev.ratchet.store.MetaKeys;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The repair actions. Each is refused while a live run holds the checkpoint, and each leaves a
 * manual record in the run history naming who took it.
 *
 * <ul>
 *   <li>{@code retry}: runs the checkpoint's recorded command again (it resumes: failed and
 *       interrupted items run again, done ones do not);
 *   <li>{@code rerun}: for a pipeline, the recorded command with {@code --from STEP};
 *   <li>{@code skip}: records one item SKIPPED by hand, under the checkpoint's own lock;
 *   <li>{@code clear}: removes the checkpoint, under its own lock (its history stays).
 * </ul>
 */
final class Actions {
  /** One request. {@code by} is the name the operator gave, or blank. */
  record Request(String action, String id, String key, String step, String by) {}

  private final Settings settings;
  private final Catalog catalog;

  Actions(Settings settings, Catalog catalog) {
    this.settings = settings;
    this.catalog = catalog;
  }

  /** Takes the action; returns what to tell the operator. */
  String perform(Request request) {
    Path dir =
        catalog
            .resolve(request.id())
            .orElseThrow(() -> new ActionRefused(404, "no run '" + request.id() + "' here"));
    String who = who(request.by());
    String message =
        switch (request.action() == null ? "" : request.action()) {
          case "retry" -> relaunch(dir, null, who);
          case "rerun" -> relaunch(dir, require(request.step(), "step"), who);
          case "skip" -> skip(dir, require(request.key(), "key"), who);
          case "clear" -> clear(dir, who);
          default ->
              throw new ActionRefused(
                  400,
                  "unknown action '" + request.action() + "'; use retry, rerun, skip or clear");
        };
    catalog.invalidate();
    return message;
  }

  private String relaunch(Path dir, String step, String who) {
    refuseIfLive(dir);
    RunRecord last =
        RunHistory.latestRun(dir)
            .filter(r -> r.command() != null)
            .orElseThrow(
                () ->
                    new ActionRefused(
                        409,
                        "no recorded command for this run (it was not started by a ratchet"
                            + " command, or it never ended); run it again the way it was started"));
    if (step != null && !"dag".equals(last.shape())) {
      throw new ActionRefused(400, "only a pipeline's steps can be rerun");
    }
    List<String> argv = command(last.command());
    if (step != null) {
      argv.addAll(List.of("--from", step));
    }
    Path log =
        RunHistory.directoryOf(dir).resolve(System.currentTimeMillis() + "-dashboard-run.log");
    long pid;
    try {
      pid = Relaunch.start(argv, Path.of(last.workDir() == null ? "." : last.workDir()), log);
    } catch (IOException e) {
      throw new ActionRefused(500, "could not start the run again: " + e.getMessage());
    }
    String action = step == null ? "retry" : "rerun";
    String target = step != null ? step : failedSummary(dir);
    RunHistory.append(
        dir, RunRecord.action(dir.toString(), last.runId(), last.shape(), action, target, who));
    return (step == null ? "Started the run again" : "Started a rerun from step " + step)
        + " (pid "
        + pid
        + "); its output goes to "
        + log;
  }

  private String skip(Path dir, String key, String who) {
    refuseIfLive(dir);
    String runId;
    try (FileStore store = FileStore.at(dir)) {
      openLocked(store, dir);
      ItemRecord record =
          store
              .get(key)
              .orElseThrow(() -> new ActionRefused(404, "item '" + key + "' has no record here"));
      if (record.state() == ItemState.DONE || record.state() == ItemState.SKIPPED) {
        throw new ActionRefused(
            409, "item '" + key + "' is already " + Details.state(record.state()));
      }
      runId = store.metadata().get(MetaKeys.RUN_ID);
      store.commit(
          Commit.of(
              new Change.Item(
                  key,
                  ItemState.SKIPPED,
                  record.attempts(),
                  record.interruptions(),
                  null,
                  "skipped by hand by " + who + " (dashboard)",
                  true)));
    }
    RunHistory.append(dir, RunRecord.action(dir.toString(), runId, null, "skip", key, who));
    return "Item " + key + " is skipped; it will not run again.";
  }

  private String clear(Path dir, String who) {
    refuseIfLive(dir);
    if (!FileStore.exists(dir)) {
      throw new ActionRefused(404, "there is no checkpoint to clear at " + dir);
    }
    String runId;
    try (FileStore store = FileStore.at(dir)) {
      openLocked(store, dir);
      runId = store.metadata().get(MetaKeys.RUN_ID);
      store.delete();
    }
    RunHistory.append(dir, RunRecord.action(dir.toString(), runId, null, "clear", null, who));
    return "Removed the checkpoint " + dir + "; its history is kept.";
  }

  private static void openLocked(FileStore store, Path dir) {
    try {
      store.open();
    } catch (CheckpointLockedException e) {
      throw live(dir);
    } catch (RatchetException e) {
      throw new ActionRefused(409, e.getMessage());
    }
  }

  private static void refuseIfLive(Path dir) {
    if (LockProbe.read().holder(dir.resolve("ratchet.lock")).isPresent()) {
      throw live(dir);
    }
  }

  private static ActionRefused live(Path dir) {
    return new ActionRefused(
        409, "a live run holds " + dir + "; wait for it to end (or stop it) and try again");
  }

  private List<String> command(List<String> recorded) {
    List<String> argv = new ArrayList<>();
    if ("ratchet".equals(recorded.get(0))) {
      if (settings.launcher() == null) {
        throw new ActionRefused(409, "this dashboard cannot start the ratchet command");
      }
      argv.addAll(settings.launcher());
      argv.addAll(recorded.subList(1, recorded.size()));
    } else {
      argv.addAll(recorded);
    }
    return argv;
  }

  private static String failedSummary(Path dir) {
    try {
      CheckpointInfo info = FileStore.inspect(dir);
      return info.exists()
          ? info.counts().failed() + " failed, " + info.interrupted().size() + " interrupted"
          : null;
    } catch (RatchetException e) {
      return null; // the summary only labels the action
    }
  }

  private static String require(String value, String name) {
    if (value == null || value.isBlank()) {
      throw new ActionRefused(400, "this action needs a " + name);
    }
    return value;
  }

  private static String who(String by) {
    String name = by == null ? "" : by.strip();
    if (name.length() > 80) {
      name = name.substring(0, 80);
    }
    return name.isEmpty() ? System.getProperty("user.name", "unknown") : name;
  }
}
