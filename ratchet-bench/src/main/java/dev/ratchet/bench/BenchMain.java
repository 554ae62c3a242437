package dev.ratchet.bench;

import dev.ratchet.bench.suites.Suites;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The end-to-end benchmark harness. Runs every suite (or those named with {@code --only}), prints
 * each figure as it is measured, checks the targets and writes the JSON results and BENCHMARKS.md.
 *
 * <pre>
 * BenchMain [--mode quick|full|tiny] [--only disk,naive,...] [--work DIR] [--json FILE]
 *           [--markdown FILE] [--repo DIR] [--command TEXT]
 * </pre>
 */
public final class BenchMain {
  private BenchMain() {}

  /** Parsed command line. */
  record Options(
      Mode mode, Set<String> only, Path work, Path json, Path markdown, Path repo, String command) {

    static Options parse(String[] args) {
      Mode mode = Mode.QUICK;
      Set<String> only = Set.of();
      Path work = Path.of("target", "bench-work");
      Path json = null;
      Path markdown = null;
      Path repo = Path.of(".");
      String command = "BenchMain " + String.join(" ", args);
      for (int i = 0; i < args.length; i++) {
        String a = args[i];
        String v = i + 1 < args.length ? args[i + 1] : null;
        switch (a) {
          case "--mode" -> mode = Mode.valueOf(need(a, v).toUpperCase(Locale.ROOT));
          case "--only" -> only = Set.of(need(a, v).split(","));
          case "--work" -> work = Path.of(need(a, v));
          case "--json" -> json = Path.of(need(a, v));
          case "--markdown" -> markdown = Path.of(need(a, v));
          case "--repo" -> repo = Path.of(need(a, v));
          case "--command" -> command = need(a, v);
          default ->
              throw new IllegalArgumentException(
                  "unknown option " + a + "; see the BenchMain javadoc for the options");
        }
        i++;
      }
      if (json == null) {
        json = repo.resolve("bench/results/" + mode.name().toLowerCase(Locale.ROOT) + ".json");
      }
      return new Options(mode, only, work, json, markdown, repo, command);
    }

    private static String need(String option, String value) {
      if (value == null) {
        throw new IllegalArgumentException(option + " needs a value");
      }
      return value;
    }
  }

  public static void main(String[] args) throws Exception {
    if (args.length >= 2 && args[0].equals("--rerender")) {
      rerender(Path.of(args[1]), args.length >= 3 ? Path.of(args[2]) : null);
      return;
    }
    Options options = Options.parse(args);
    Report.Run run = run(options);
    long failed = run.suites().stream().filter(s -> s.error() != null).count();
    System.out.printf(
        "%nwrote %s%s; %d suite(s) failed%n",
        options.json(), options.markdown() == null ? "" : " and " + options.markdown(), failed);
    if (failed > 0) {
      System.exit(3);
    }
  }

  /** Runs the suites and writes the results; returns what was written. */
  public static Report.Run run(Options options) throws Exception {
    Files.createDirectories(options.work());
    Results results = new Results();
    BenchContext ctx =
        new BenchContext(
            options.mode(),
            options.work().toAbsolutePath(),
            options.repo().toAbsolutePath(),
            results);
    Machine machine = Machine.describe(options.work());
    Instant started = Instant.now();
    long t0 = System.nanoTime();
    List<Suite> suites =
        Suites.all().stream()
            .filter(s -> options.only().isEmpty() || options.only().contains(s.name()))
            .collect(Collectors.toList());
    System.out.printf(
        "ratchet-bench %s on %d cores, %s; suites %s%n",
        options.mode(),
        machine.cores(),
        machine.jdk(),
        suites.stream().map(Suite::name).collect(Collectors.joining(",")));
    for (Suite suite : suites) {
      System.out.println("== " + suite.name());
      long s0 = System.nanoTime();
      ctx.startSuite(suite);
      try {
        suite.run(ctx);
      } catch (Exception | Error e) {
        String error = e.getClass().getSimpleName() + ": " + e.getMessage();
        System.out.println("  FAILED: " + error);
        e.printStackTrace(System.out);
        results.failed(suite.name(), error);
      }
      results.took(suite.name(), (System.nanoTime() - s0) / 1e9);
    }
    results.environment("load average at end", Machine.currentLoadAverage());
    Targets.evaluate(ctx).forEach(results::target);
    System.out.println("== targets");
    for (TargetResult t : results.targets()) {
      System.out.printf(
          "  %-6s %-70s %s (%s)%n", t.verdict(), t.target(), t.measured(), t.required());
    }
    List<Report.SuiteInfo> infos = new ArrayList<>();
    for (Suite s : suites) {
      infos.add(
          new Report.SuiteInfo(
              s.name(),
              s.description(),
              results.suiteSeconds().get(s.name()),
              results.suiteNotes().getOrDefault(s.name(), List.of()),
              results.suiteErrors().get(s.name())));
    }
    Report.Run run =
        new Report.Run(
            1,
            options.mode().name().toLowerCase(Locale.ROOT),
            options.command(),
            started.toString(),
            (System.nanoTime() - t0) / 1e9,
            machine,
            results.environment(),
            infos,
            results.figures(),
            results.targets());
    Report.writeJson(run, options.json());
    if (options.markdown() != null) {
      Path relative =
          options
              .repo()
              .toAbsolutePath()
              .normalize()
              .relativize(options.json().toAbsolutePath().normalize());
      Files.writeString(options.markdown(), Report.markdown(run, relative.toString()));
    }
    return run;
  }

  /**
   * Evaluates the targets again from the figures of a results file and rewrites it and, if given,
   * the Markdown document: {@code BenchMain --rerender JSON [MARKDOWN]}. The figures are not
   * touched; the run is marked as re-rendered.
   */
  static void rerender(Path json, Path markdown) throws Exception {
    Report.Run old = Report.readJson(json);
    Results results = new Results();
    old.figures().forEach(results::add);
    for (Report.SuiteInfo suite : old.suites()) {
      suite.notes().forEach(n -> results.note(suite.name(), n));
      if (suite.error() != null) {
        results.failed(suite.name(), suite.error());
      }
    }
    old.environment().forEach(results::environment);
    results.environment(
        "report",
        "targets re-evaluated from this run's figures by "
            + "`BenchMain --rerender` after the run (figures unchanged)");
    Path repo = json.toAbsolutePath().getParent().getParent().getParent();
    BenchContext ctx =
        new BenchContext(
            Mode.valueOf(old.mode().toUpperCase(Locale.ROOT)),
            Files.createTempDirectory("bench-rerender"),
            repo,
            results);
    Report.Run run =
        new Report.Run(
            old.schema(),
            old.mode(),
            old.command(),
            old.startedAt(),
            old.durationSeconds(),
            old.machine(),
            results.environment(),
            old.suites(),
            old.figures(),
            Targets.evaluate(ctx));
    Report.writeJson(run, json);
    if (markdown != null) {
      Files.writeString(
          markdown, Report.markdown(run, repo.relativize(json.toAbsolutePath()).toString()));
    }
  }
}
