package dev.ratchet.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.stream.Stream;

/** What a suite needs: the mode, a scratch directory, the shared inputs and the results. */
public final class BenchContext {
  private final Mode mode;
  private final Path work;
  private final Path repoRoot;
  private final Inputs inputs;
  private final Results results;
  private String suite;
  private long suiteDeadline = Long.MAX_VALUE;

  public BenchContext(Mode mode, Path work, Path repoRoot, Results results) {
    this.mode = mode;
    this.work = work;
    this.repoRoot = repoRoot;
    this.inputs = new Inputs(work.resolve("inputs"));
    this.results = results;
  }

  /** Starts the time budget of a suite (only quick mode has budgets). */
  public void startSuite(Suite s) {
    suite = s.name();
    suiteDeadline =
        mode == Mode.QUICK
            ? System.nanoTime() + (long) (s.quickBudgetSeconds() * 1e9)
            : Long.MAX_VALUE;
  }

  /** Seconds left of the current suite's budget (a large number outside quick mode). */
  public double remainingSeconds() {
    return suiteDeadline == Long.MAX_VALUE ? 1e9 : (suiteDeadline - System.nanoTime()) / 1e9;
  }

  /** A per-run cap: {@code seconds}, or less if the suite's budget has less left (at least 1). */
  public double cap(double seconds) {
    return Math.max(1, Math.min(seconds, remainingSeconds()));
  }

  /**
   * Whether the suite's budget is spent; if so, notes that {@code what} was skipped. Suites call
   * this before each measurement.
   */
  public boolean overBudget(String what) {
    if (remainingSeconds() > 0) {
      return false;
    }
    results.note(
        suite,
        "not measured in this run: " + what + " (the suite's quick-mode time budget was spent)");
    return true;
  }

  public Mode mode() {
    return mode;
  }

  public Path repoRoot() {
    return repoRoot;
  }

  public Inputs inputs() {
    return inputs;
  }

  public Results results() {
    return results;
  }

  /** An empty scratch directory {@code name} under the work directory (emptied if it exists). */
  public Path freshDir(String name) throws IOException {
    Path dir = work.resolve(name);
    deleteTree(dir);
    Files.createDirectories(dir);
    return dir;
  }

  public static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.sorted(Comparator.reverseOrder())
          .forEach(
              p -> {
                try {
                  Files.delete(p);
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Records a figure measured by {@code suite}. */
  public Figure figure(
      String suite, String name, Map<String, Object> params, String label, String unit, Stats s) {
    return figure(suite, name, params, label, unit, s, null, null, 0);
  }

  /**
   * Records a figure with a note (a cap, a configuration) and, if {@code limitName} is not null,
   * its median as a fraction of {@code limitValue}.
   */
  public Figure figure(
      String suite,
      String name,
      Map<String, Object> params,
      String label,
      String unit,
      Stats s,
      String note,
      String limitName,
      double limitValue) {
    StringBuilder id = new StringBuilder(suite).append('.').append(name);
    params.forEach((k, v) -> id.append('.').append(k).append('=').append(v));
    Double fraction = limitName == null || !(limitValue > 0) ? null : s.median() / limitValue;
    return results.add(
        new Figure(
            id.toString(),
            suite,
            label,
            new LinkedHashMap<>(params),
            unit,
            s,
            fraction == null ? null : limitName,
            fraction,
            note));
  }

  /** The median of a figure measured earlier in this run, if it was measured. */
  public OptionalDouble median(String id) {
    return results
        .find(id)
        .map(f -> OptionalDouble.of(f.stats().median()))
        .orElse(OptionalDouble.empty());
  }
}
