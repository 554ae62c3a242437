package dev.ratchet.store;

import dev.ratchet.internal.store.NioStoreFileSystem;
import dev.ratchet.internal.store.StoreFile;
import dev.ratchet.internal.store.StoreFileSystem;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/** The real file system, counting journal forces and failing them or writes on demand. */
final class InstrumentedFileSystem implements StoreFileSystem {
  private final StoreFileSystem real = NioStoreFileSystem.INSTANCE;
  final AtomicInteger journalForces = new AtomicInteger();
  final AtomicBoolean failForce = new AtomicBoolean();
  final AtomicBoolean failWrite = new AtomicBoolean();

  @Override
  public void createDirectory(Path dir) throws IOException {
    real.createDirectory(dir);
  }

  @Override
  public boolean exists(Path path) {
    return real.exists(path);
  }

  @Override
  public boolean isWritable(Path dir) {
    return real.isWritable(dir);
  }

  @Override
  public List<String> list(Path dir) throws IOException {
    return real.list(dir);
  }

  @Override
  public StoreFile openForRead(Path file) throws IOException {
    return real.openForRead(file);
  }

  @Override
  public StoreFile openForWrite(Path file) throws IOException {
    StoreFile file1 = real.openForWrite(file);
    boolean journal = file.getFileName().toString().endsWith(".log");
    return new StoreFile() {
      @Override
      public long size() throws IOException {
        return file1.size();
      }

      @Override
      public int read(ByteBuffer dst, long position) throws IOException {
        return file1.read(dst, position);
      }

      @Override
      public void write(ByteBuffer src, long position) throws IOException {
        if (failWrite.get()) {
          throw new IOException("injected write failure (disk full)");
        }
        file1.write(src, position);
      }

      @Override
      public void force() throws IOException {
        if (failForce.get()) {
          throw new IOException("injected force failure");
        }
        if (journal) {
          journalForces.incrementAndGet();
        }
        file1.force();
      }

      @Override
      public void truncate(long size) throws IOException {
        file1.truncate(size);
      }

      @Override
      public void close() throws IOException {
        file1.close();
      }
    };
  }

  @Override
  public void atomicMove(Path source, Path target) throws IOException {
    real.atomicMove(source, target);
  }

  @Override
  public void fsyncDirectory(Path dir) throws IOException {
    real.fsyncDirectory(dir);
  }

  @Override
  public void delete(Path file) throws IOException {
    real.delete(file);
  }

  @Override
  public boolean deleteDirectoryIfEmpty(Path dir) throws IOException {
    return real.deleteDirectoryIfEmpty(dir);
  }

  @Override
  public Closeable tryLock(Path lockFile) throws IOException {
    return real.tryLock(lockFile);
  }
}
