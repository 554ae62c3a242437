package dev.ratchet.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Writes a run's results as JSON and as the Markdown document BENCHMARKS.md. */
public final class Report {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** Everything the JSON file holds. */
  public record Run(
      int schema,
      String mode,
      String command,
      String startedAt,
      double durationSeconds,
      Machine machine,
      Map<String, String> environment,
      List<SuiteInfo> suites,
      List<Figure> figures,
      List<TargetResult> targets) {}

  /** A suite as run: what it measures, how long it took, its notes and its error if it failed. */
  public record SuiteInfo(
      String name, String description, Double seconds, List<String> notes, String error) {}

  private Report() {}

  public static void writeJson(Run run, Path file) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    JSON.writeValue(file.toFile(), run);
  }

  public static Run readJson(Path file) throws IOException {
    return JSON.readValue(file.toFile(), Run.class);
  }

  public static String number(double v) {
    if (Double.isNaN(v) || Double.isInfinite(v)) {
      return String.valueOf(v);
    }
    double a = Math.abs(v);
    if (a >= 1000) {
      return String.format("%,.0f", v);
    }
    if (a >= 10) {
      return String.format("%.1f", v);
    }
    return String.format("%.3g", v);
  }

  public static String markdown(Run run, String jsonName) {
    StringBuilder md = new StringBuilder();
    md.append("# Ratchet benchmarks\n\n")
        .append("Written by the benchmark harness (`bench/run`); do not edit by hand. ")
        .append("Every figure is the median of its runs with the spread (min–max) beside it; ")
        .append("n is the number of measured runs after warm-up. The raw results are in `")
        .append(jsonName)
        .append("`.\n\n");
    md.append("## Run\n\n")
        .append("| | |\n|---|---|\n")
        .append(row("command", "`" + run.command() + "`"))
        .append(row("mode", run.mode()))
        .append(row("started", run.startedAt()))
        .append(row("duration", String.format("%.0f s", run.durationSeconds())))
        .append(row("cores", String.valueOf(run.machine().cores())))
        .append(
            row("memory", String.format("%.1f GiB", run.machine().memoryBytes() / 1073741824.0)))
        .append(row("cpu", run.machine().cpu()))
        .append(row("JDK", run.machine().jdk()))
        .append(row("OS", run.machine().os()))
        .append(row("disk (`df -hT`)", "`" + run.machine().disk() + "`"))
        .append(row("load average at start", run.machine().loadAverage()));
    run.environment().forEach((k, v) -> md.append(row(k, v)));
    md.append('\n')
        .append("The load averages above show how busy the machine was: on a shared machine the ")
        .append("disk's fsync rate moves from minute to minute (compare the `disk` and ")
        .append("`disk-again` sections), so ratios of figures measured in the same run are ")
        .append("more telling than the absolute figures. Suites run one after another; within ")
        .append("each, every contender reads the same generated input files.\n\n");

    md.append("## Targets\n\n")
        .append("Each target is a ratio or a bound computed from figures of this same run.\n\n")
        .append("| target | measured | required | verdict | why (for a miss) |\n")
        .append("|---|---|---|---|---|\n");
    for (TargetResult t : run.targets()) {
      md.append("| ")
          .append(cell(t.target()))
          .append(" | ")
          .append(cell(t.measured()))
          .append(" | ")
          .append(cell(t.required()))
          .append(" | **")
          .append(t.verdict())
          .append("** | ")
          .append(cell(t.why()))
          .append(" |\n");
    }
    md.append('\n');

    Map<String, List<Figure>> bySuite = new LinkedHashMap<>();
    for (Figure f : run.figures()) {
      bySuite.computeIfAbsent(f.suite(), s -> new ArrayList<>()).add(f);
    }
    for (SuiteInfo suite : run.suites()) {
      md.append("## ")
          .append(suite.name())
          .append("\n\n")
          .append(suite.description())
          .append("\n\n");
      if (suite.seconds() != null) {
        md.append(String.format("Took %.0f s.%n%n", suite.seconds()));
      }
      if (suite.error() != null) {
        md.append("**Not measured:** ").append(cell(suite.error())).append("\n\n");
      }
      List<Figure> figures = bySuite.getOrDefault(suite.name(), List.of());
      if (!figures.isEmpty()) {
        md.append(
            "| measurement | parameters | median | spread (min–max) | n | unit "
                + "| of disk limit | note |\n|---|---|---:|---|---:|---|---:|---|\n");
        for (Figure f : figures) {
          md.append("| ")
              .append(cell(f.label()))
              .append(" | ")
              .append(params(f.params()))
              .append(" | ")
              .append(number(f.stats().median()))
              .append(" | ")
              .append(number(f.stats().min()))
              .append(" – ")
              .append(number(f.stats().max()))
              .append(" | ")
              .append(f.stats().runs())
              .append(" | ")
              .append(f.unit())
              .append(" | ")
              .append(
                  f.fractionOfLimit() == null
                      ? ""
                      : String.format("%.0f%% of %s", 100 * f.fractionOfLimit(), f.limit()))
              .append(" | ")
              .append(f.note() == null ? "" : cell(f.note()))
              .append(" |\n");
        }
        md.append('\n');
      }
      for (String note : suite.notes()) {
        md.append("- ").append(note).append('\n');
      }
      if (!suite.notes().isEmpty()) {
        md.append('\n');
      }
    }
    return md.toString();
  }

  private static String row(String k, String v) {
    return "| " + k + " | " + cell(v) + " |\n";
  }

  private static String params(Map<String, Object> params) {
    return params.entrySet().stream()
        .map(
            e ->
                e.getKey()
                    + "="
                    + (e.getValue() instanceof Number n && n.longValue() >= 10_000
                        ? String.format("%,d", n.longValue())
                        : e.getValue()))
        .collect(Collectors.joining(", "));
  }

  private static String cell(String text) {
    return text == null ? "" : text.replace("|", "\\|").replace("\n", " ");
  }
}
