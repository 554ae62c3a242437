package dev.ratchet.internal.items;

import dev.ratchet.items.ItemOutput;
import dev.ratchet.items.ItemSink;
import dev.ratchet.items.Sinks;
import dev.ratchet.store.SharedRun;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The sink of a pipeline on a shared run. The DONE items are spread over every worker, so the sink
 * is written once the run is finished, by each worker that sees it finish: it is opened afresh and
 * given every DONE item in input order ({@link SharedRun#forEachDone}), and completed if no item
 * failed. Results reach it as read back from their JSON. Within one JVM, sinks are written one at a
 * time, so two pipelines of this process writing one file do not interleave.
 */
final class SharedSink {
  private static final Object WRITING = new Object();
  private static final int PAGE = 1000;

  private SharedSink() {}

  @SuppressWarnings("unchecked")
  static <I, R> void write(ItemSink<I, R> sink, SharedRun run, boolean succeeded)
      throws IOException {
    if (sink == Sinks.none()) {
      return;
    }
    synchronized (WRITING) {
      try (ItemSink.Writer<I, R> writer = sink.open(Map.of())) {
        List<ItemOutput<I, R>> page = new ArrayList<>(PAGE);
        try {
          run.forEachDone(
              done -> {
                // a shared run's items are text, and its results JSON
                page.add(
                    new ItemOutput<>(
                        done.key(), (I) done.input(), (R) SharedOutcomes.result(done.result())));
                if (page.size() == PAGE) {
                  write(writer, page);
                }
              });
        } catch (UncheckedIOException e) {
          throw e.getCause();
        }
        write(writer, page);
        if (succeeded) {
          writer.complete();
        }
      }
    }
  }

  private static <I, R> void write(ItemSink.Writer<I, R> writer, List<ItemOutput<I, R>> page) {
    try {
      writer.write(List.copyOf(page));
      page.clear();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
