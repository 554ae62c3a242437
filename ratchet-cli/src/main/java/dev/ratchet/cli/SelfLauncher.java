package dev.ratchet.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Runs this same ratchet build as a child JVM (so a simulated crash ends only the child). */
final class SelfLauncher {
  private SelfLauncher() {}

  /**
   * Runs {@code ratchet ARGS}, prints the command and its output indented, returns the exit code.
   */
  static int run(List<String> args, PrintWriter out) throws IOException, InterruptedException {
    out.println("   $ ratchet " + String.join(" ", args));
    out.flush();
    List<String> command = prefix();
    command.addAll(args);
    Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
    child.getOutputStream().close();
    QuickstartCommand.copyIndented(child.getInputStream(), out);
    return child.waitFor();
  }

  /** How to start this same ratchet build: java, its class path and the main class. */
  static List<String> prefix() {
    List<String> command = new ArrayList<>();
    command.add(javaExecutable());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(Main.class.getName());
    return command;
  }

  private static String javaExecutable() {
    return ProcessHandle.current()
        .info()
        .command()
        .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
  }
}
