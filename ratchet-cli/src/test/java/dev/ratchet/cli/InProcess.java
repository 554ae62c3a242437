package dev.ratchet.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs the ratchet command in this JVM with captured writers (for commands that never halt). */
final class InProcess {
  private InProcess() {}

  static CliResult run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
    return new CliResult(code, out.toString(), err.toString());
  }
}
