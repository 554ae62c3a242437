package dev.ratchet.metrics;

import dev.ratchet.dag.DagListener;
import dev.ratchet.internal.metrics.DagMeters;
import dev.ratchet.internal.metrics.ItemMeters;
import dev.ratchet.internal.metrics.MeteredStore;
import dev.ratchet.internal.metrics.TimedFileSystem;
import dev.ratchet.internal.store.NioStoreFileSystem;
import dev.ratchet.items.ProgressListener;
import dev.ratchet.store.CheckpointStore;
import dev.ratchet.store.FileStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.util.Objects;

/**
 * A Micrometer binder for one Ratchet run: an item pipeline, a DAG executor, or both. Bind it to
 * any registry (Prometheus, Datadog, JMX, ...) and hook it into the run:
 *
 * <pre>{@code
 * RatchetMetrics metrics = new RatchetMetrics("nightly-import");
 * metrics.bindTo(registry);
 * ItemPipeline.<String, String>builder()
 *     .store(metrics.store(metrics.fileStore(FileStore.builder(dir)).build()))
 *     .progress(metrics.progressListener())
 *     ...
 * CheckpointExecutor.builder(dag).store(() -> metrics.store(FileStore.at(dir)))
 *     .listener(metrics.dagListener()) ...
 * }</pre>
 *
 * <p>Meters, all tagged {@code run=<name>}:
 *
 * <ul>
 *   <li>{@code ratchet.items.finished} (counter, tag {@code outcome=done|failed|skipped}): items
 *       whose final state was committed by this process;
 *   <li>{@code ratchet.items.retries} (counter): attempts beyond the first, as recorded in each
 *       finished item's commit (in-run retries and reruns after a crash);
 *   <li>{@code ratchet.items.in.flight} (gauge): items committed IN_PROGRESS and not yet finished;
 *   <li>{@code ratchet.items.interrupted} (counter): items found IN_PROGRESS when a store opened (a
 *       crash interrupted them);
 *   <li>{@code ratchet.commit} (timer): how long each store commit took to be acknowledged;
 *   <li>{@code ratchet.fsync} (timer): each fsync of a file store made with {@link #fileStore};
 *   <li>{@code ratchet.progress.done|failed|skipped|total|remaining|ratio|rate} (gauges): the
 *       pipeline's progress after each commit, through {@link #progressListener()} (NaN until then;
 *       {@code total}, {@code remaining} and {@code ratio} stay NaN while the input's size is
 *       unknown);
 *   <li>{@code ratchet.dag.nodes} (counter, tag {@code state=succeeded|restored|failed|skipped|
 *       not_run}), {@code ratchet.dag.nodes.running} (gauge), {@code ratchet.dag.retries}
 *       (counter), through {@link #dagListener()}.
 * </ul>
 *
 * <p>Thread-safe. Binding to several registries is allowed.
 */
public final class RatchetMetrics implements MeterBinder {
  private final CompositeMeterRegistry meters = new CompositeMeterRegistry();
  private final ItemMeters items;
  private final DagMeters dag;

  /** Metrics tagged {@code run=<run>}. */
  public RatchetMetrics(String run) {
    Objects.requireNonNull(run, "run");
    Tags tags = Tags.of("run", run);
    this.items = new ItemMeters(meters, tags);
    this.dag = new DagMeters(meters, tags);
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    meters.add(Objects.requireNonNull(registry, "registry"));
  }

  /**
   * Wraps a store so its commits and openings are measured: items by outcome, retries, items in
   * flight, interrupted items and commit latency. The wrapper behaves exactly like {@code store}.
   */
  public CheckpointStore store(CheckpointStore store) {
    return new MeteredStore(Objects.requireNonNull(store, "store"), items);
  }

  /** Makes the file store built by {@code builder} report each fsync to {@code ratchet.fsync}. */
  public FileStore.Builder fileStore(FileStore.Builder builder) {
    return builder.fileSystem(new TimedFileSystem(NioStoreFileSystem.INSTANCE, items.fsync()));
  }

  /** A progress listener for {@code ItemPipeline.Builder.progress} feeding the progress gauges. */
  public ProgressListener progressListener() {
    return p ->
        items.progress(
            new ItemMeters.Progress(
                p.done(), p.failed(), p.skipped(), p.total(), p.itemsPerSecond()));
  }

  /** A listener for {@code CheckpointExecutor.Builder.listener} counting nodes by state. */
  public DagListener dagListener() {
    return dag;
  }
}
