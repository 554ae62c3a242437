package dev.ratchet.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;

/**
 * The targets of the scale-out issue for PostgreSQL shared runs (the pgstore suite): throughput of
 * worker processes leasing chunks, as a fraction of the raw chunk design measured in the same run,
 * its growth with workers, its cost after many finished items, and how soon a killed worker's chunk
 * is claimed again.
 */
final class ScaleOutTargets {
  private static final int[] WORKERS = {1, 2, 4, 8};

  /**
   * A single run per cell on a shared two-core machine moves by a few percent from cell to cell; a
   * step to more workers counts as falling only below this fraction of the step before.
   */
  private static final double NOISE = 0.95;

  private final BenchContext ctx;
  private final Targets.Checks checks;

  ScaleOutTargets(BenchContext ctx, Targets.Checks checks) {
    this.ctx = ctx;
    this.checks = checks;
  }

  private OptionalDouble rate(String figure, int workers, int batch) {
    return ctx.median(
        "pgstore." + figure + ".workers=" + workers + ".batch=" + batch + ".n=100000");
  }

  void evaluate(List<TargetResult> out) {
    fourWorkers(out);
    oneWorker(out);
    growth(out, 1000);
    growth(out, 100);
    flat(out);
    reclaim(out);
  }

  private void fourWorkers(List<TargetResult> out) {
    String t =
        "PostgreSQL shared run, 4 worker processes, batch 1000: >= 100,000 items/s and >= 0.3 ×"
            + " the raw chunk baseline (4 clients) of the same run";
    OptionalDouble rate = rate("items_per_s", 4, 1000);
    OptionalDouble raw = rate("raw_items_per_s", 4, 1000);
    if (!checks.present(t, rate, raw)) {
      return;
    }
    double r = rate.getAsDouble();
    double ratio = r / raw.getAsDouble();
    boolean pass = r >= 100_000 && ratio >= 0.3;
    out.add(
        new TargetResult(
            t,
            String.format("%,.0f items/s, %.2f × raw (%,.0f)", r, ratio, raw.getAsDouble()),
            ">= 100,000 items/s, >= 0.30 ×",
            pass ? "PASS" : "MISS",
            pass ? "" : why(r, raw.getAsDouble(), 4)));
  }

  private void oneWorker(List<TargetResult> out) {
    String t = "PostgreSQL shared run, 1 worker process, batch 1000: >= 50,000 items/s";
    OptionalDouble rate = rate("items_per_s", 1, 1000);
    OptionalDouble raw = rate("raw_items_per_s", 1, 1000);
    if (checks.present(t, rate, raw)) {
      out.add(
          TargetResult.check(
              t,
              rate.getAsDouble(),
              50_000,
              "%,.0f",
              why(rate.getAsDouble(), raw.getAsDouble(), 1)));
    }
  }

  private String why(double rate, double raw, int workers) {
    OptionalDouble load = rate("load_1min", workers, 1000);
    return String.format(
        "measured: %.0f µs per chunk of 1000 per worker against %.0f µs for the raw design (%d"
            + " worker(s)), on two cores shared by the database and the worker processes%s. Per"
            + " chunk Ratchet runs a claim (cut from the worker's grown lease, or from the cursor),"
            + " a read of the chunk's 1000 inputs, and a completion that appends 1000 outcome rows"
            + " (run, ordinal, state, attempts, token, time) fenced by the chunk's token and"
            + " drops its lease row; the raw design reads no input and appends narrower rows",
        1e9 * workers / rate,
        1e9 * workers / raw,
        workers,
        load.isPresent()
            ? String.format(" (load average %.1f after the cell)", load.getAsDouble())
            : "");
  }

  /** The measured figures of one batch size: each cell's rate as a fraction of its raw baseline. */
  private String measuredAgainstRaw(int batch) {
    StringBuilder b =
        new StringBuilder("measured, as a fraction of the raw baseline of each cell:");
    for (int w : WORKERS) {
      OptionalDouble r = rate("items_per_s", w, batch);
      OptionalDouble raw = rate("raw_items_per_s", w, batch);
      OptionalDouble load = rate("load_1min", w, batch);
      if (r.isPresent() && raw.isPresent()) {
        b.append(
            String.format(
                " %d worker(s) %,.0f items/s = %.2f × raw (%,.0f)%s;",
                w,
                r.getAsDouble(),
                r.getAsDouble() / raw.getAsDouble(),
                raw.getAsDouble(),
                load.isPresent() ? String.format(", load %.1f", load.getAsDouble()) : ""));
      }
    }
    return b
        + " the raw baseline itself grows only to "
        + Runtime.getRuntime().availableProcessors()
        + " clients' worth of cores shared with the database";
  }

  private void growth(List<TargetResult> out, int batch) {
    int cores = Runtime.getRuntime().availableProcessors();
    String t =
        "PostgreSQL shared run, batch "
            + batch
            + ": throughput grows with workers up to the cores ("
            + cores
            + ") and never falls with more (each step >= "
            + NOISE
            + " × the one before, the noise of one run per cell)";
    List<Double> rates = new ArrayList<>();
    for (int w : WORKERS) {
      OptionalDouble r = rate("items_per_s", w, batch);
      if (!checks.present(t, r)) {
        return;
      }
      rates.add(r.getAsDouble());
    }
    StringBuilder measured = new StringBuilder();
    double worst = Double.MAX_VALUE;
    boolean grew = true;
    for (int i = 0; i < rates.size(); i++) {
      measured.append(i == 0 ? "" : " → ").append(String.format("%,.0f", rates.get(i)));
      if (i > 0) {
        double step = rates.get(i) / rates.get(i - 1);
        worst = Math.min(worst, step);
        if (WORKERS[i] <= cores && step <= 1) {
          grew = false;
        }
      }
    }
    boolean pass = grew && worst >= NOISE;
    out.add(
        new TargetResult(
            t,
            measured + String.format(" items/s (worst step %.2f ×)", worst),
            "grows to " + cores + ", each step >= " + NOISE + " ×",
            pass ? "PASS" : "MISS",
            pass ? "" : measuredAgainstRaw(batch)));
  }

  private void flat(List<TargetResult> out) {
    String t =
        "PostgreSQL shared run, cost per item flat: the rate of the last 100,000 items after "
            + "F finished (1,000,000 quick, 10,000,000 full) >= 0.9 × the first 100,000's";
    OptionalDouble ratio = checks.firstWithPrefix("pgstore.flat_ratio.");
    if (checks.present(t, ratio)) {
      out.add(
          TargetResult.check(
              t,
              ratio.getAsDouble(),
              0.9,
              "%.2f",
              "a claim reads no finished item, but the outcome table's index grows with the run:"
                  + " each appended row costs a deeper index insertion, and the machine's load "
                  + "moved between the two windows"));
    }
  }

  private void reclaim(List<TargetResult> out) {
    String t =
        "PostgreSQL shared run: a killed worker's chunk (100 items, lease 2 s) is claimed again"
            + " within its lease + 1 s";
    OptionalDouble seconds = checks.firstWithPrefix("pgstore.reclaim_s.");
    if (checks.present(t, seconds)) {
      out.add(
          TargetResult.checkAtMost(
              t,
              seconds.getAsDouble(),
              3.0,
              "%.2f s",
              "taken-over items are claimed one at a time (so an item that kills its worker "
                  + "cannot take its chunk with it): 100 items cost 100 claims after the lease"));
    }
  }
}
