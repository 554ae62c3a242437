package dev.ratchet.cli;

import dev.ratchet.CheckpointDamagedException;
import dev.ratchet.cli.store.IgnoredWithStore;
import dev.ratchet.cli.store.StoreCommands;
import dev.ratchet.cli.store.StoreOptions;
import dev.ratchet.store.CheckpointInfo;
import dev.ratchet.store.CheckpointStore;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ratchet clear}: removes a checkpoint so the next run starts over. */
@Command(
    name = "clear",
    mixinStandardHelpOptions = true,
    description = {
      "Remove a checkpoint, so that the next run starts over. Refuses a checkpoint that a"
          + " running process holds. Removes only the files Ratchet wrote; anything else in the"
          + " directory is left, and so is the directory then. Works on a damaged checkpoint too."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  ratchet clear --checkpoint out.jsonl.ratchet",
      "",
      "'ratchet process … --fresh' does the same for the run it starts.",
      "",
      ExitCodes.HELP_TEXT
    })
public final class ClearCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @CommandLine.Mixin StoreOptions store;

  @Option(names = "--checkpoint", paramLabel = "PATH", description = "The checkpoint directory.")
  Path checkpoint;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    if (store.given()) {
      IgnoredWithStore.refuseCheckpoint(spec);
      return StoreCommands.clear(store, out);
    }
    store.requireCheckpoint(checkpoint);
    if (java.nio.file.Files.isRegularFile(checkpoint)) {
      return CheckpointFiles.clear(checkpoint, out);
    }
    if (!CheckpointAccess.exists(checkpoint)) {
      out.println("No checkpoint at " + checkpoint + "; nothing to clear.");
      return ExitCodes.OK;
    }
    String held = describe(checkpoint);
    try (CheckpointStore store = CheckpointAccess.store(checkpoint)) {
      store.delete();
    }
    out.println("Removed checkpoint " + checkpoint + held + ".");
    return ExitCodes.OK;
  }

  private static String describe(Path checkpoint) {
    try {
      CheckpointInfo info = CheckpointAccess.inspect(checkpoint);
      return " (run "
          + info.runId()
          + ": "
          + info.counts().done()
          + " done, "
          + info.counts().failed()
          + " failed, "
          + info.counts().skipped()
          + " skipped)";
    } catch (CheckpointDamagedException e) {
      return " (damaged: " + e.getMessage() + ")";
    }
  }
}
