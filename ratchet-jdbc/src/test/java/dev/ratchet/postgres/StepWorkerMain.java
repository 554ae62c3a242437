package dev.ratchet.postgres;

import dev.ratchet.items.ItemPipeline;
import dev.ratchet.items.RunResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;

/**
 * A worker process whose items take three sub-steps: runs an item pipeline on a shared PostgreSQL
 * run and appends {@code pid item/step} to a log each time a step's body runs. The item named by
 * {@code block} stops after its second step is stored, writes a file {@code blocked} beside the
 * log, and waits to be killed.
 *
 * <p>Arguments: url runId leaseMillis log block.
 */
public final class StepWorkerMain {
  public static void main(String[] args) throws Exception {
    Path log = Path.of(args[3]);
    String block = args[4];
    long pid = ProcessHandle.current().pid();
    try (PostgresDatabase db = PostgresDatabase.connect(PostgresTarget.parse(args[0]))) {
      RunResult result =
          ItemPipeline.<String, Object>builder()
              .sharedRun(db.run(args[1]), Duration.ofMillis(Long.parseLong(args[2])))
              .batchSize(2)
              .contextProcessor(
                  (item, ctx) -> {
                    String one = ctx.step("one", () -> ran(log, pid, item, "one"));
                    String two = ctx.step("two", () -> ran(log, pid, item, "two"));
                    if (item.equals(block)) {
                      // step two is stored once ctx.step returned: only now may the test kill us
                      Files.writeString(log.resolveSibling("blocked"), item);
                      Thread.sleep(Long.MAX_VALUE); // killed here, after step two
                    }
                    String three = ctx.step("three", () -> ran(log, pid, item, "three"));
                    return one + "," + two + "," + three;
                  })
              .build()
              .run();
      System.out.println("OUTCOME " + result.outcome());
    }
  }

  private static String ran(Path log, long pid, String item, String step) throws Exception {
    String line = pid + " " + item + "/" + step;
    Files.writeString(
        log,
        line + "\n",
        StandardCharsets.UTF_8,
        StandardOpenOption.CREATE,
        StandardOpenOption.APPEND,
        StandardOpenOption.WRITE);
    return line;
  }
}
