package dev.ratchet.cli;

import dev.ratchet.CheckpointLockedException;
import dev.ratchet.ItemState;
import dev.ratchet.cli.store.IgnoredWithStore;
import dev.ratchet.cli.store.StoreCommands;
import dev.ratchet.cli.store.StoreOptions;
import dev.ratchet.store.Change;
import dev.ratchet.store.CheckpointStore;
import dev.ratchet.store.Commit;
import dev.ratchet.store.ItemRecord;
import dev.ratchet.store.SharedRun;
import dev.ratchet.store.StoreConnection;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ratchet mark}: an operator sets one item's state by hand. */
@Command(
    name = "mark",
    mixinStandardHelpOptions = true,
    description = {
      "Set one item's state by hand, recorded in the checkpoint as manual:",
      "  --done     the item was handled outside Ratchet; it is not run again (and gets no"
          + " output record)",
      "  --skipped  leave the item out; it is not run again",
      "  --pending  run the item again on the next run; refused for an item that is done and"
          + " already has its record in the output ('ratchet process' writes each item once)",
      "The key must be an item of the input (for 'ratchet process': a line number below the"
          + " input's line count).",
      "The checkpoint must not be in use by a running process. With --store: a SQLite"
          + " (sqlite:PATH) or file (file:PATH) checkpoint, or with --run-id an item of a run that"
          + " workers share in PostgreSQL or Redis (while the workers run; an item a worker is"
          + " working on is refused). In a shared run, --pending works for a done item too: the"
          + " output is written anew when the run finishes."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  ratchet mark --checkpoint out.jsonl.ratchet --key 17 --skipped",
      "  ratchet mark --checkpoint out.jsonl.ratchet --key 17 --pending",
      "  ratchet mark --store postgresql://ratchet@db/jobs --run-id nightly --key 17 --pending",
      "",
      "Keys of 'ratchet process' items are line numbers counted from 0 (see 'ratchet status').",
      "",
      ExitCodes.HELP_TEXT
    })
public final class MarkCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin StoreOptions store;

  @Option(names = "--checkpoint", paramLabel = "PATH", description = "The checkpoint directory.")
  Path checkpoint;

  @Option(names = "--key", required = true, paramLabel = "K", description = "The item's key.")
  String key;

  @ArgGroup(exclusive = true, multiplicity = "1")
  Target target;

  /** Exactly one of the new states. */
  static final class Target {
    @Option(names = "--done", required = true, description = "Mark the item done.")
    boolean done;

    @Option(names = "--skipped", required = true, description = "Mark the item skipped.")
    boolean skipped;

    @Option(names = "--pending", required = true, description = "Mark the item to run again.")
    boolean pending;

    ItemState state() {
      return done ? ItemState.DONE : skipped ? ItemState.SKIPPED : ItemState.PENDING;
    }
  }

  @Override
  public Integer call() {
    if (store.given()) {
      IgnoredWithStore.refuseCheckpoint(spec);
      if (store.namesRun()) {
        return StoreCommands.withConnection(store, true, this::markInRun);
      }
      return StoreCommands.withConnection(store, false, this::markInStore);
    }
    store.requireCheckpoint(checkpoint);
    if (!CheckpointAccess.exists(checkpoint)) {
      throw new UsageException(
          "no checkpoint at " + checkpoint + "; check the --checkpoint path ('ratchet status')");
    }
    return mark(CheckpointAccess.store(checkpoint), checkpoint.toString());
  }

  private int markInRun(StoreConnection connection) {
    String where = connection.location();
    if (!connection.sharesRuns()) {
      throw new UsageException(
          "--run-id names a run that workers share in PostgreSQL or Redis; "
              + where
              + " holds one checkpoint. Leave out --run-id");
    }
    SharedRun run = connection.run(store.runId());
    if (!run.exists()) {
      throw new UsageException(
          "there is no run '"
              + run.name()
              + "' in "
              + where
              + "; check --run-id ('ratchet history --store …' lists the runs). Nothing was changed");
    }
    ItemState state = target.state();
    ItemState was;
    try {
      was = run.mark(key, state);
    } catch (NoSuchElementException e) {
      long count = run.progress().total();
      throw new UsageException(
          "key "
              + key
              + " is not an item of "
              + run.location()
              + (count > 0
                  ? ": its keys are line numbers from 0 to "
                      + (count - 1)
                      + " ("
                      + count
                      + " items)"
                  : ": it holds no items")
              + ". Nothing was changed.");
    } catch (UnsupportedOperationException e) {
      throw new UsageException(
          run.location() + " cannot be marked: " + e.getMessage() + ". Nothing was changed");
    } catch (IllegalStateException e) {
      throw new CheckpointLockedException(
          run.location(),
          "item " + key + " cannot be marked now: " + e.getMessage() + ". Nothing was changed");
    }
    spec.commandLine()
        .getOut()
        .println(
            "Marked item "
                + key
                + " "
                + state.name().toLowerCase()
                + " (was "
                + was.name().toLowerCase()
                + ") in "
                + run.location()
                + ".");
    return ExitCodes.OK;
  }

  private int markInStore(StoreConnection connection) {
    if (connection.sharesRuns()) {
      store.runId(); // says that --run-id is needed
    }
    if (!connection.inspect(null).exists()) {
      throw new UsageException(
          "no checkpoint in " + connection.location() + "; check --store ('ratchet status')");
    }
    return mark(connection.store(null), connection.location());
  }

  private int mark(CheckpointStore checkpointStore, String where) {
    PrintWriter out = spec.commandLine().getOut();
    ItemState state = target.state();
    try (CheckpointStore checkpoint = checkpointStore) {
      checkpoint.open();
      MarkChecks.requireItemOfInput(checkpoint, key);
      MarkChecks.requireAStateAStepCanTake(checkpoint, key, state);
      Optional<ItemRecord> before = checkpoint.get(key);
      MarkChecks.requireNoDuplicateOutput(checkpoint, key, before, state);
      int attempts = before.map(ItemRecord::attempts).orElse(0);
      String error = state == ItemState.SKIPPED ? "marked skipped by hand" : null;
      checkpoint.commit(Commit.of(new Change.Item(key, state, attempts, 0, null, error, true)));
      String was = before.map(r -> r.state().name().toLowerCase()).orElse("pending (no record)");
      out.println(
          "Marked item "
              + key
              + " "
              + state.name().toLowerCase()
              + " (was "
              + was
              + ") in "
              + where
              + ".");
    }
    return ExitCodes.OK;
  }
}
