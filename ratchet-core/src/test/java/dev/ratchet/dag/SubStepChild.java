package dev.ratchet.dag;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;

/**
 * The child JVM of {@link SubStepsTest}: runs the DAG {@code extract → work}, whose {@code work}
 * node takes three sub-steps; once sub-step two has returned it prints {@code AFTER-TWO} and waits
 * to be killed. Arguments: checkpoint directory, log file (one line per sub-step body that ran).
 */
public final class SubStepChild {
  private SubStepChild() {}

  static final Dag DAG = Dag.builder().addEdge("extract", "work").build();

  /**
   * The {@code work} node: three sub-steps, each logging that its body ran; {@code between} runs
   * after two.
   */
  static Task work(Path log, Runnable between) {
    return ctx -> {
      int one = ctx.step("one", Integer.class, () -> ran(log, "one", 1));
      int two = ctx.step("two", Integer.class, () -> ran(log, "two", 2));
      between.run();
      int three = ctx.step("three", Integer.class, () -> ran(log, "three", 3));
      return ctx.result("extract", Integer.class) + one + two + three;
    };
  }

  static int ran(Path log, String step, int value) {
    try {
      Files.writeString(log, step + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return value;
  }

  public static void main(String[] args) throws Exception {
    Path ckpt = Path.of(args[0]);
    Path log = Path.of(args[1]);
    Runnable waitToBeKilled =
        () -> {
          System.out.println("AFTER-TWO");
          System.out.flush();
          try {
            Thread.sleep(Long.MAX_VALUE);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        };
    CheckpointExecutor.builder(DAG)
        .store(Checkpoints.stores(ckpt))
        .build()
        .execute(Map.of("extract", ctx -> 100, "work", work(log, waitToBeKilled)));
    System.out.println("NOT KILLED");
  }
}
