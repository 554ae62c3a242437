package dev.ratchet.cli;

import dev.ratchet.cli.ops.GcCommand;
import dev.ratchet.cli.process.ProcessCommand;
import dev.ratchet.cli.run.GraphCommand;
import dev.ratchet.cli.run.RunCommand;
import dev.ratchet.cli.store.ExportCommand;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The root {@code ratchet} command.
 *
 * <p><b>Adding a command:</b> write a {@code @Command} class implementing {@code Callable<Integer>}
 * and add it to {@link #SUBCOMMANDS}; nothing else needs to change.
 */
@Command(
    name = "ratchet",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Crash-safe, resumable processing: run it, kill it, run it again, and only the work"
          + " that is left is done."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  ratchet quickstart",
      "  ratchet process --input urls.txt --output out.jsonl --exec 'curl -fsS \"$RATCHET_ITEM\"'",
      "  ratchet status --checkpoint out.jsonl.ratchet",
      "  ratchet ui --allow-actions",
      "  source <(ratchet completion)",
      "",
      ExitCodes.HELP_TEXT
    })
public final class RatchetCommand implements Callable<Integer> {
  /** The subcommands, in the order {@code ratchet --help} shows them. */
  static final List<Class<?>> SUBCOMMANDS =
      List.of(
          ProcessCommand.class,
          StatusCommand.class,
          ClearCommand.class,
          ExportCommand.class,
          MarkCommand.class,
          QuickstartCommand.class,
          CompletionCommand.class,
          GcCommand.class,
          RunCommand.class,
          GraphCommand.class,
          HistoryCommand.class,
          UiCommand.class);

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().getErr().println("ratchet: missing command.");
    spec.commandLine().usage(spec.commandLine().getErr());
    return ExitCodes.USAGE;
  }
}
