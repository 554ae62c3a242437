package dev.ratchet.internal.store;

import dev.ratchet.store.Change;
import dev.ratchet.store.MetaKeys;
import dev.ratchet.store.Recovery;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Opens a locked checkpoint directory for writing: creates a new checkpoint, or recovers an
 * existing one (replays it, cuts a torn tail, forces what was read, retires stale files and marks
 * an older format as this one).
 */
final class JournalOpening {
  private final StoreFileSystem fs;
  private final StoreLayout layout;
  private final GenerationFiles files;
  private final byte[] key;
  private final Clock clock;
  private final String location;

  /** The live state, the journal to append to, and what recovery found. */
  record Opened(LiveState state, JournalTail tail, Recovery recovery) {}

  JournalOpening(
      StoreFileSystem fs,
      StoreLayout layout,
      GenerationFiles files,
      byte[] key,
      Clock clock,
      String location) {
    this.fs = fs;
    this.layout = layout;
    this.files = files;
    this.key = key;
    this.clock = clock;
    this.location = location;
  }

  Opened open() throws IOException {
    return fs.exists(layout.descriptor()) ? recover() : create();
  }

  private Opened create() throws IOException {
    LeftoverCheck.requireOnlyCrashedCreation(fs, layout);
    files.deleteStale(Long.MAX_VALUE);
    String runId = UUID.randomUUID().toString();
    String created = clock.instant().toString();
    List<Change> initial =
        List.of(
            new Change.Meta(MetaKeys.RUN_ID, runId), new Change.Meta(MetaKeys.CREATED, created));
    long now = clock.millis();
    LiveState state = new LiveState();
    state.apply(now, initial);
    JournalTail tail = new JournalTail(files.createJournal(1, ChangeCodec.encode(now, initial)), 1);
    try {
      files.writeDescriptor(new Descriptor(FileHeader.FORMAT_VERSION, key != null), runId, created);
    } catch (IOException | RuntimeException e) {
      GenerationFiles.closeQuietly(tail, e);
      throw e;
    }
    return new Opened(state, tail, new Recovery(true, List.of(), Optional.empty()));
  }

  private Opened recover() throws IOException {
    Descriptor descriptor = Descriptor.read(fs, layout.descriptor());
    descriptor.checkKey(location, key != null);
    CheckpointLoader.Loaded loaded = CheckpointLoader.load(fs, layout, descriptor, key, true);
    LiveState state = loaded.state();
    long generation = loaded.generation();
    if (loaded.journal() == null) {
      JournalTail tail =
          new JournalTail(files.createJournal(generation, runIdCommit(state)), generation);
      return finishRecovery(descriptor, state, tail, Optional.empty());
    }
    JournalScanner.Result scan = loaded.scan();
    StoreFile journal = loaded.journal();
    JournalTail tail = new JournalTail(journal, generation, scan.validEnd(), scan.chain());
    try {
      if (scan.tornTail().isPresent()) {
        journal.truncate(scan.validEnd());
      }
      // What was read may sit only in the page cache (a crashed process): force it, so that later
      // records may rightly claim that everything before them is on disk.
      journal.force();
    } catch (IOException | RuntimeException e) {
      GenerationFiles.closeQuietly(tail, e);
      throw e;
    }
    return finishRecovery(descriptor, state, tail, scan.tornTail());
  }

  private Opened finishRecovery(
      Descriptor descriptor, LiveState state, JournalTail tail, Optional<Recovery.TornTail> torn)
      throws IOException {
    try {
      files.deleteStale(tail.generation());
      if (descriptor.formatVersion() < FileHeader.FORMAT_VERSION) {
        // Older builds must refuse this checkpoint from now on: it will hold records they cannot
        // read.
        files.writeDescriptor(
            new Descriptor(FileHeader.FORMAT_VERSION, key != null),
            state.metadata().get(MetaKeys.RUN_ID),
            state.metadata().get(MetaKeys.CREATED));
      }
    } catch (IOException | RuntimeException e) {
      GenerationFiles.closeQuietly(tail, e);
      throw e;
    }
    return new Opened(state, tail, new Recovery(false, StateViews.interrupted(state), torn));
  }

  /** Each journal starts by naming its run, so journals of two checkpoints cannot be mixed. */
  static byte[] runIdCommit(LiveState state) {
    String runId = state.metadata().get(MetaKeys.RUN_ID);
    return runId == null
        ? null
        : ChangeCodec.encode(0, List.of(new Change.Meta(MetaKeys.RUN_ID, runId)));
  }
}
