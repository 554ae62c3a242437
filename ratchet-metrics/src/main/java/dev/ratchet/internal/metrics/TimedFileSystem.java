package dev.ratchet.internal.metrics;

import dev.ratchet.internal.store.StoreFile;
import dev.ratchet.internal.store.StoreFileSystem;
import io.micrometer.core.instrument.Timer;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A store file system that times every fsync (of a file or a directory). */
public final class TimedFileSystem implements StoreFileSystem {
  private final StoreFileSystem fs;
  private final Timer fsync;

  public TimedFileSystem(StoreFileSystem fs, Timer fsync) {
    this.fs = fs;
    this.fsync = fsync;
  }

  @Override
  public void createDirectory(Path dir) throws IOException {
    fs.createDirectory(dir);
  }

  @Override
  public boolean exists(Path path) {
    return fs.exists(path);
  }

  @Override
  public boolean isWritable(Path dir) {
    return fs.isWritable(dir);
  }

  @Override
  public List<String> list(Path dir) throws IOException {
    return fs.list(dir);
  }

  @Override
  public StoreFile openForRead(Path file) throws IOException {
    return fs.openForRead(file);
  }

  @Override
  public StoreFile openForWrite(Path file) throws IOException {
    return new TimedFile(fs.openForWrite(file));
  }

  @Override
  public void atomicMove(Path source, Path target) throws IOException {
    fs.atomicMove(source, target);
  }

  @Override
  public void fsyncDirectory(Path dir) throws IOException {
    long started = System.nanoTime();
    fs.fsyncDirectory(dir);
    fsync.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
  }

  @Override
  public void delete(Path file) throws IOException {
    fs.delete(file);
  }

  @Override
  public boolean deleteDirectoryIfEmpty(Path dir) throws IOException {
    return fs.deleteDirectoryIfEmpty(dir);
  }

  @Override
  public Closeable tryLock(Path lockFile) throws IOException {
    return fs.tryLock(lockFile);
  }

  private final class TimedFile implements StoreFile {
    private final StoreFile file;

    TimedFile(StoreFile file) {
      this.file = file;
    }

    @Override
    public long size() throws IOException {
      return file.size();
    }

    @Override
    public int read(ByteBuffer dst, long position) throws IOException {
      return file.read(dst, position);
    }

    @Override
    public void write(ByteBuffer src, long position) throws IOException {
      file.write(src, position);
    }

    @Override
    public void force() throws IOException {
      long started = System.nanoTime();
      file.force();
      fsync.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
    }

    @Override
    public void truncate(long size) throws IOException {
      file.truncate(size);
    }

    @Override
    public void close() throws IOException {
      file.close();
    }
  }
}
