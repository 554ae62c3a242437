package dev.ratchet.cli;

import dev.ratchet.cli.internal.ProcessGroups;
import java.io.PrintWriter;
import picocli.CommandLine;

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
    return commandLine(out, err).execute(args);
  }

  /** The configured command line: subcommands, writers and the exit-code mapping. */
  public static CommandLine commandLine(PrintWriter out, PrintWriter err) {
    CommandLine cli = new CommandLine(new RatchetCommand());
    cli.setOut(out);
    cli.setErr(err);
    cli.setExecutionExceptionHandler(new ErrorHandler());
    cli.setParameterExceptionHandler(new ErrorHandler());
    cli.setExitCodeExceptionMapper(ErrorHandler::exitCodeOf);
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    cli.setUsageHelpWidth(100);
    return cli;
  }
}
