package dev.ratchet.cli;

import dev.ratchet.RatchetException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Turns exceptions into a one-paragraph message on standard error and a documented exit code
 * ({@link ExitCodes}). Only unexpected exceptions print a stack trace.
 */
final class ErrorHandler implements IExecutionExceptionHandler, IParameterExceptionHandler {

  @Override
  public int handleParseException(ParameterException ex, String[] args) {
    CommandLine cli = ex.getCommandLine();
    PrintWriter err = cli.getErr();
    err.println(prefix(cli) + ex.getMessage());
    UnmatchedArgumentException.printSuggestions(ex, err);
    err.println("Run '" + cli.getCommandSpec().qualifiedName() + " --help' for usage.");
    err.flush();
    return ExitCodes.USAGE;
  }

  @Override
  public int handleExecutionException(Exception ex, CommandLine cli, ParseResult parseResult) {
    PrintWriter err = cli.getErr();
    int code = exitCodeOf(ex);
    String full = diskFull(ex);
    if (full != null) {
      err.println(
          prefix(cli)
              + "the disk is full ("
              + full
              + "); what was committed is kept: free some space and run the same command again");
    } else if (code == ExitCodes.INTERNAL) {
      err.println(prefix(cli) + "internal error: " + ex);
      ex.printStackTrace(err);
    } else {
      err.println(prefix(cli) + ex.getMessage());
      if (code == ExitCodes.USAGE) {
        err.println("Run '" + cli.getCommandSpec().qualifiedName() + " --help' for usage.");
      }
    }
    err.flush();
    return code;
  }

  /** The exit code for an exception thrown by a command. */
  static int exitCodeOf(Throwable ex) {
    if (diskFull(ex) != null) {
      return ExitCodes.CHECKPOINT;
    }
    if (ex instanceof UsageException
        || ex instanceof ParameterException
        || ex instanceof IllegalArgumentException) {
      return ExitCodes.USAGE;
    }
    if (ex instanceof RatchetException) {
      return ExitCodes.CHECKPOINT;
    }
    return ExitCodes.INTERNAL;
  }

  /** The message of a "no space left" error in the cause chain of {@code ex}, or null. */
  static String diskFull(Throwable ex) {
    for (Throwable t = ex; t != null; t = t.getCause() == t ? null : t.getCause()) {
      String m = t.getMessage();
      if (m != null
          && (m.contains("No space left on device") || m.contains("Disk quota exceeded"))) {
        return m.strip();
      }
    }
    return null;
  }

  private static String prefix(CommandLine cli) {
    return cli.getCommandSpec().qualifiedName() + ": ";
  }
}
