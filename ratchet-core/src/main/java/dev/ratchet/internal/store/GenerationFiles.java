package dev.ratchet.internal.store;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * Creates and retires the files of a journal generation. Every new file is written under a temp
 * name, forced, renamed into place and then its directory is forced, so a crash leaves either the
 * old file or the complete new one.
 */
final class GenerationFiles {
  private final StoreFileSystem fs;
  private final StoreLayout layout;
  private final byte[] key;

  GenerationFiles(StoreFileSystem fs, StoreLayout layout, byte[] key) {
    this.fs = fs;
    this.layout = layout;
    this.key = key;
  }

  /** A newly created journal, open for appending at {@code end}, its MAC chain at the end. */
  record OpenJournal(StoreFile file, long end, MacChain chain) {}

  /** Creates journal {@code generation}, holding {@code firstCommit} if it is not null. */
  OpenJournal createJournal(long generation, byte[] firstCommit) throws IOException {
    Path path = layout.journal(generation);
    byte[] header = FileHeader.current(FileHeader.Kind.JOURNAL, key != null, generation).encode();
    MacChain chain = MacChain.start(key, header);
    writeAtomically(
        path,
        file -> {
          SequentialWriter out = new SequentialWriter(file, header, chain);
          if (firstCommit != null) {
            out.append(RecordTypes.COMMIT, firstCommit);
          }
          out.finish();
        });
    StoreFile file = fs.openForWrite(path);
    try {
      return new OpenJournal(file, file.size(), chain);
    } catch (IOException e) {
      closeQuietly(file, e);
      throw e;
    }
  }

  /** Writes {@code state} as snapshot {@code generation}. */
  void writeSnapshot(long generation, LiveState state) throws IOException {
    writeAtomically(
        layout.snapshot(generation), file -> SnapshotFile.write(file, generation, state, key));
  }

  /** Writes the descriptor; its appearance is what makes a new checkpoint exist. */
  void writeDescriptor(Descriptor descriptor, String runId, String created) throws IOException {
    byte[] bytes = descriptor.encode(runId, created);
    writeAtomically(layout.descriptor(), file -> file.write(ByteBuffer.wrap(bytes), 0));
  }

  /** Deletes temp files and files of generations before {@code current}. */
  void deleteStale(long current) throws IOException {
    boolean deleted = false;
    for (String name : fs.list(layout.dir())) {
      OptionalLong journal = StoreLayout.journalGeneration(name);
      OptionalLong snapshot = StoreLayout.snapshotGeneration(name);
      boolean stale =
          (name.endsWith(StoreLayout.TMP) && StoreLayout.isStoreFile(name))
              || (journal.isPresent() && journal.getAsLong() < current)
              || (snapshot.isPresent() && snapshot.getAsLong() < current);
      if (stale) {
        fs.delete(layout.dir().resolve(name));
        deleted = true;
      }
    }
    if (deleted) {
      fs.fsyncDirectory(layout.dir());
    }
  }

  private interface Content {
    void writeTo(StoreFile file) throws IOException;
  }

  private void writeAtomically(Path target, Content content) throws IOException {
    Path temp = StoreLayout.temp(target);
    fs.delete(temp);
    AtomicReplace.replace(fs, temp, target, content::writeTo);
  }

  static void closeQuietly(Closeable file, Exception primary) {
    if (file == null) {
      return;
    }
    try {
      file.close();
    } catch (IOException e) {
      primary.addSuppressed(e);
    }
  }
}
