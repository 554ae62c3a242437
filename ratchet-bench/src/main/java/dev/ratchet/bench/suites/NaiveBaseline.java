package dev.ratchet.bench.suites;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ratchet.bench.BenchContext;
import dev.ratchet.bench.Measure;
import dev.ratchet.bench.Stats;
import dev.ratchet.bench.Suite;
import java.io.BufferedReader;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The hand-rolled way: after every batch, the whole list of finished item keys is written as JSON
 * to a temporary file, forced, and renamed over the checkpoint. Its cost per batch grows with the
 * items done so far.
 */
public final class NaiveBaseline implements Suite {
  static final int BATCH = 100;
  private static final ObjectMapper JSON = new ObjectMapper();

  @Override
  public double quickBudgetSeconds() {
    return 40;
  }

  @Override
  public String name() {
    return "naive";
  }

  @Override
  public String description() {
    return "After every batch of "
        + BATCH
        + " items (no-op processing), the list of all "
        + "finished keys is written with Jackson to a temp file, forced (FileDescriptor.sync), and "
        + "atomically renamed over checkpoint.json (no directory fsync, as hand-rolled code "
        + "usually does). Runs that would take longer than the cap are stopped there; their rate "
        + "is over the items done before the cap, which flatters the baseline because later "
        + "batches cost more.";
  }

  /** How far one naive run got. */
  record Outcome(long items, long nanos, boolean capped, long checkpointBytes) {}

  @Override
  public void run(BenchContext ctx) throws Exception {
    long[] sizes =
        ctx.mode().atLeastQuick() ? new long[] {10_000, 100_000, 1_000_000} : new long[] {1_000};
    for (long n : sizes) {
      Path input = ctx.inputs().lines(n);
      if (ctx.overBudget("naive n=" + n)) {
        continue;
      }
      double cap = ctx.cap(n >= 1_000_000 ? ctx.mode().seconds(60) : ctx.mode().seconds(120));
      int runs =
          n >= 1_000_000 ? 1 : n >= 100_000 ? Math.min(2, ctx.mode().runs()) : ctx.mode().runs();
      int warmups = n >= 100_000 ? 0 : ctx.mode().warmups();
      List<Outcome> outcomes = new ArrayList<>();
      Stats rate =
          Measure.repeat(
              warmups,
              runs,
              i -> {
                Outcome o = checkpointAll(input, ctx.freshDir("naive"), BATCH, cap);
                if (i >= 0) {
                  outcomes.add(o);
                }
                return Measure.perSecond(o.items(), o.nanos());
              });
      Map<String, Object> params = new LinkedHashMap<>();
      params.put("n", n);
      params.put("batch", BATCH);
      Outcome last = outcomes.get(outcomes.size() - 1);
      String note = null;
      if (last.capped()) {
        note =
            String.format(
                "capped at %.0f s after %,d of %,d items: the rate is over those "
                    + "items only, and every later batch would cost more (it rewrites all keys done so "
                    + "far)",
                cap, last.items(), n);
        ctx.results().note(name(), "n=" + n + ": " + note);
      }
      ctx.figure(
          name(),
          "items_per_s",
          params,
          "rewrite-all JSON checkpoint",
          "items/s",
          rate,
          note,
          null,
          0);
      ctx.figure(
          name(),
          "us_per_item",
          params,
          "rewrite-all JSON checkpoint, cost per item",
          "us/item",
          rate.inverted(1e6));
    }
  }

  static Outcome checkpointAll(Path input, Path dir, int batch, double capSeconds)
      throws IOException {
    Path checkpoint = dir.resolve("checkpoint.json");
    Path temp = dir.resolve("checkpoint.json.tmp");
    List<String> done = new ArrayList<>();
    long start = System.nanoTime();
    long deadline = start + (long) (capSeconds * 1e9);
    boolean capped = false;
    try (BufferedReader in = Files.newBufferedReader(input, StandardCharsets.UTF_8)) {
      long ordinal = 0;
      String line;
      while ((line = in.readLine()) != null) {
        if (line.isEmpty()) {
          continue;
        }
        done.add(Long.toString(ordinal++));
        if (done.size() % batch == 0) {
          save(done, temp, checkpoint);
          if (System.nanoTime() > deadline) {
            capped = true;
            break;
          }
        }
      }
      if (!capped && done.size() % batch != 0) {
        save(done, temp, checkpoint);
      }
    }
    long nanos = System.nanoTime() - start;
    return new Outcome(done.size(), nanos, capped, Files.size(checkpoint));
  }

  private static void save(List<String> done, Path temp, Path checkpoint) throws IOException {
    try (FileOutputStream out = new FileOutputStream(temp.toFile())) {
      out.write(JSON.writeValueAsBytes(done));
      out.getFD().sync();
    }
    Files.move(
        temp, checkpoint, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }
}
