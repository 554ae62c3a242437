package dev.ratchet.postgres;

import dev.ratchet.StoreUnavailableException;
import dev.ratchet.store.ClaimResult;
import dev.ratchet.store.ClaimedItem;
import dev.ratchet.store.CompleteResult;
import dev.ratchet.store.ItemOutcome;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * A worker process for the multi-process tests: joins a run and works until it is finished. Prints
 * {@code JOINED id}, one {@code C keys} line per acknowledged commit, {@code F keys} for fenced
 * keys, {@code LOST message} when it stopped claiming (it then joins again), and {@code FINISHED}.
 *
 * <p>Arguments: url runId leaseMillis batchSize sleepMillisPerBatch applicationName [hold]. In
 * {@code hold} mode it claims one batch, prints {@code CLAIMED n}, waits for a line on standard
 * input, completes the batch, prints the result and exits.
 */
public final class WorkerMain {
  public static void main(String[] args) throws Exception {
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    PostgresTarget target = PostgresTarget.parse(args[0]);
    String runId = args[1];
    Duration lease = Duration.ofMillis(Long.parseLong(args[2]));
    int batch = Integer.parseInt(args[3]);
    long sleep = Long.parseLong(args[4]);
    boolean hold = args.length > 6 && args[6].equals("hold");
    long pid = ProcessHandle.current().pid();
    try (PostgresDatabase db =
        PostgresDatabase.builder(target)
            .applicationName(args[5])
            .poolSize(2)
            .connectTimeout(Duration.ofSeconds(1))
            .build()) {
      PostgresRun run = db.run(runId);
      while (true) {
        try (WorkerSession w = run.join(lease)) {
          out.println("JOINED " + w.workerId());
          if (hold) {
            List<ClaimedItem> items = ((ClaimResult.Claimed) w.claim(batch)).items();
            out.println("CLAIMED " + items.size());
            new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            report(out, w.complete(done(items, pid)));
            return;
          }
          while (true) {
            ClaimResult r = w.claim(batch);
            if (r instanceof ClaimResult.Finished) {
              out.println("FINISHED");
              return;
            }
            if (r instanceof ClaimResult.Wait) {
              Thread.sleep(100);
              continue;
            }
            List<ClaimedItem> items = ((ClaimResult.Claimed) r).items();
            Thread.sleep(sleep);
            report(out, w.complete(done(items, pid)));
          }
        } catch (StoreUnavailableException e) {
          out.println("LOST " + e.getMessage());
        }
      }
    }
  }

  private static List<ItemOutcome> done(List<ClaimedItem> items, long pid) {
    return items.stream()
        .<ItemOutcome>map(
            i ->
                new ItemOutcome.Done(i, "{\"len\":" + i.input().length() + ",\"pid\":" + pid + "}"))
        .toList();
  }

  private static void report(PrintStream out, CompleteResult r) {
    out.println("C " + String.join(",", r.committed()));
    if (!r.fenced().isEmpty()) {
      out.println("F " + String.join(",", r.fenced()));
    }
  }
}
