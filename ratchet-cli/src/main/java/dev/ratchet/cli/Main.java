package dev.ratchet.cli;

import dev.ratchet.cli.internal.ProcessGroups;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Entry point of the {@code ratchet} command. The only place that calls {@link System#exit}; every
 * command returns its exit code (see {@link ExitCodes}).
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    int code = execute(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
    ProcessGroups.closeShared();
    System.exit(code);
  }

  /** Runs one command line with the given writers and returns its exit code. Used by tests. */
  public static int execute(PrintWriter out, PrintWriter err, String... args) {
    return commandLine(out, err, subcommandsFor(args)).execute(args);
  }

  /** The configured command line with every subcommand. */
  public static CommandLine commandLine(PrintWriter out, PrintWriter err) {
    return commandLine(out, err, RatchetCommand.SUBCOMMANDS);
  }

  private static CommandLine commandLine(
      PrintWriter out, PrintWriter err, List<Class<?>> subcommands) {
    CommandLine cli = new CommandLine(new RatchetCommand());
    for (Class<?> subcommand : subcommands) {
      cli.addSubcommand(subcommand);
    }
    cli.setOut(out);
    cli.setErr(err);
    cli.setExecutionExceptionHandler(new ErrorHandler());
    cli.setParameterExceptionHandler(new ErrorHandler());
    cli.setExitCodeExceptionMapper(ErrorHandler::exitCodeOf);
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    cli.setUsageHelpWidth(100);
    return cli;
  }

  /**
   * The subcommands a command line needs: the one it names alone, or all of them (for the root's
   * help, an unknown name and {@code completion}). picocli builds each subcommand's model by
   * reflection on its options, which was half of the start-up time of every command.
   */
  static List<Class<?>> subcommandsFor(String... args) {
    if (args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"))) {
      return List.of();
    }
    if (args.length > 0 && !args[0].equals("completion")) {
      for (Class<?> subcommand : RatchetCommand.SUBCOMMANDS) {
        if (subcommand.getAnnotation(Command.class).name().equals(args[0])) {
          return List.of(subcommand);
        }
      }
    }
    return RatchetCommand.SUBCOMMANDS;
  }
}
