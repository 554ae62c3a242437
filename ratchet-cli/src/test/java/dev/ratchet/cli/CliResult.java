package dev.ratchet.cli;

/** What one run of the ratchet command produced. */
record CliResult(int exitCode, String out, String err) {
  @Override
  public String toString() {
    return "exit " + exitCode + "\n--- stdout:\n" + out + "\n--- stderr:\n" + err;
  }
}
