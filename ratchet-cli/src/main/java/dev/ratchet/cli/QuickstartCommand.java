package dev.ratchet.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ratchet quickstart}: processes the shipped sample input, crashing on purpose halfway, then
 * resumes and checks that the output holds every item exactly once. Needs nothing but Java.
 */
@Command(
    name = "quickstart",
    mixinStandardHelpOptions = true,
    description = {
      "A two-minute tour: process the 100-line sample input with the built-in transform,"
          + " crash on purpose after "
          + QuickstartCommand.CRASH_AFTER
          + " items (as kill -9"
          + " would), run the same command again to resume, and check that the output holds"
          + " every item exactly once. Each step is a real 'ratchet process' in its own process."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  ratchet quickstart",
      "  ratchet quickstart --dir /tmp/ratchet-demo",
      "",
      ExitCodes.HELP_TEXT
    })
public final class QuickstartCommand implements Callable<Integer> {
  static final int CRASH_AFTER = 42;
  private static final String SAMPLE = "examples/sample-input.txt";

  @Spec CommandSpec spec;

  @Option(
      names = "--dir",
      paramLabel = "DIR",
      defaultValue = "ratchet-quickstart",
      description = "Where the input copy, output and checkpoint go. Default: ${DEFAULT-VALUE}.")
  Path dir;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    Files.createDirectories(dir);
    Path input = dir.resolve("sample-input.txt");
    Path output = dir.resolve("output.jsonl");
    try (InputStream sample = QuickstartCommand.class.getResourceAsStream("/" + SAMPLE)) {
      if (sample == null) {
        throw new IllegalStateException("the sample input is missing from the jar");
      }
      Files.write(input, sample.readAllBytes());
    }
    List<String> lines = Files.readAllLines(input, StandardCharsets.UTF_8);
    out.printf(
        "Ratchet quickstart: %d items from %s, copied to %s%n%n", lines.size(), SAMPLE, input);

    List<String> run =
        List.of(
            "process",
            "--input",
            input.toString(),
            "--output",
            output.toString(),
            "--batch-size",
            "10",
            "--progress",
            "lines");
    out.println(
        "1. Start from scratch and crash after "
            + CRASH_AFTER
            + " items (the open batch is"
            + " not committed, as in a real crash):");
    List<String> first = new ArrayList<>(run);
    first.addAll(List.of("--fresh", "--simulate-crash", String.valueOf(CRASH_AFTER)));
    int crashed = SelfLauncher.run(first, out);
    if (crashed != ExitCodes.SIMULATED_CRASH) {
      throw new IllegalStateException(
          "the crashing run ended with exit code "
              + crashed
              + ", expected "
              + ExitCodes.SIMULATED_CRASH);
    }
    long survived = Files.exists(output) ? Files.readAllLines(output).size() : 0;
    out.printf(
        "   -> exit code %d. %s holds %d records; the checkpoint knows exactly which.%n%n",
        crashed, output, survived);

    out.println("2. Run the same command again: it resumes and does only what is left:");
    int resumed = SelfLauncher.run(run, out);
    out.printf("   -> exit code %d.%n%n", resumed);

    out.println("3. Check the output:");
    int problems = check(output, lines, out);
    if (resumed != ExitCodes.OK || problems > 0) {
      out.println("Quickstart FAILED: see above.");
      return ExitCodes.INTERNAL;
    }
    out.println();
    out.println("Next: try your own file and command, for example");
    out.println(
        "  ./ratchet process --input "
            + input
            + " --output "
            + dir.resolve("wc.jsonl")
            + " --exec 'wc -c'");
    out.println("and press Ctrl-C or kill -9 it halfway, then run it again. See ./ratchet --help.");
    out.println(
        "Watch and repair runs in a browser: ./ratchet ui (the run above is in its history).");
    return ExitCodes.OK;
  }

  private static int check(Path output, List<String> input, PrintWriter out) throws IOException {
    ObjectMapper mapper = new ObjectMapper();
    List<String> records = Files.readAllLines(output, StandardCharsets.UTF_8);
    Set<String> keys = new HashSet<>();
    int problems = 0;
    for (String record : records) {
      JsonNode node = mapper.readTree(record);
      String key = node.get("key").asText();
      if (!keys.add(key)) {
        out.println("   duplicate record for key " + key);
        problems++;
      } else if (!input.get(Integer.parseInt(key)).equals(node.get("input").asText())) {
        out.println("   record " + key + " does not match input line " + key);
        problems++;
      }
    }
    if (keys.size() != input.size()) {
      out.printf("   %d of %d items are missing%n", input.size() - keys.size(), input.size());
      problems++;
    }
    if (problems == 0) {
      out.printf(
          "   %s holds %d records: every item exactly once, in input order.%n",
          output, records.size());
      out.println("   First records:");
      records.stream().limit(3).forEach(r -> out.println("     " + r));
      out.println("   Line 8 was shell syntax, processed as text:");
      out.println("     " + records.get(7));
    }
    return problems;
  }

  /** Reads a child's combined output and prints it indented. */
  static void copyIndented(InputStream in, PrintWriter out) throws IOException {
    BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    for (String line; (line = reader.readLine()) != null; ) {
      out.println("   | " + line);
    }
    out.flush();
  }
}
