package dev.ratchet.cli.run;

import dev.ratchet.cli.Main;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

/** A temporary directory with a pipeline file whose steps count their runs in marker files. */
final class PipelineDir {
  final Path dir;
  final Path file;

  PipelineDir(Path dir, String yaml) throws IOException {
    this.dir = dir;
    this.file = dir.resolve("pipeline.yaml");
    Files.createDirectories(dir.resolve("runs"));
    write(yaml);
  }

  void write(String yaml) throws IOException {
    Files.writeString(file, yaml);
  }

  /** A step command that records a run of {@code name} and then runs {@code command}. */
  static String counted(String name, String command) {
    return "echo run >> runs/" + name + " && " + command;
  }

  int runs(String step) throws IOException {
    Path marker = dir.resolve("runs").resolve(step);
    return Files.exists(marker) ? Files.readAllLines(marker).size() : 0;
  }

  void flag(String name, boolean on) throws IOException {
    if (on) {
      Files.writeString(dir.resolve(name), "");
    } else {
      Files.deleteIfExists(dir.resolve(name));
    }
  }

  Result run(String... args) {
    String[] full = new String[args.length + 2];
    full[0] = "run";
    full[1] = file.toString();
    System.arraycopy(args, 0, full, 2, args.length);
    return ratchet(full);
  }

  static Result ratchet(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
    return new Result(code, out.toString(), err.toString());
  }

  /** Exit code and output of one command. */
  record Result(int exitCode, String out, String err) {
    @Override
    public String toString() {
      return "exit " + exitCode + "\n--- stdout:\n" + out + "\n--- stderr:\n" + err;
    }
  }
}
