package dev.ratchet.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ratchet.CheckpointLockedException;
import dev.ratchet.store.Change;
import dev.ratchet.store.CheckpointInfo;
import dev.ratchet.store.Commit;
import dev.ratchet.store.StateCounts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteStoreTest {
  @TempDir Path dir;

  @Test
  void theCheckpointIsAPrivateWalDatabaseAnyoneCanQuery() throws Exception {
    Path file = dir.resolve("sub").resolve("run.db");
    try (SqliteStore store = SqliteStore.of(file)) {
      store.open();
      store.commit(
          Commit.of(Change.Item.done("0", 1, "{\"a\":1}"), Change.Item.failed("1", 1, 0, "boom")));
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
          .isEqualTo("rw-------");
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())))
          .isEqualTo("rwx------");
      try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
          Statement st = c.createStatement()) {
        try (ResultSet rs = st.executeQuery("PRAGMA journal_mode")) {
          rs.next();
          assertThat(rs.getString(1)).isEqualTo("wal");
        }
        try (ResultSet rs = st.executeQuery("SELECT result FROM ratchet_items WHERE key = '0'")) {
          rs.next();
          assertThat(rs.getString(1)).isEqualTo("{\"a\":1}");
        }
      }
      CheckpointInfo info = SqliteStore.inspect(file);
      assertThat(info.counts()).isEqualTo(new StateCounts(0, 1, 1, 0));
      assertThat(info.failed())
          .extracting(CheckpointInfo.FailedItem::error)
          .containsExactly("boom");
    }
  }

  @Test
  void anotherProcessCannotOpenItWhileItIsOpen() throws Exception {
    Path file = dir.resolve("locked.db");
    String java = ProcessHandle.current().info().command().orElse("java");
    Process holder =
        new ProcessBuilder(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                SqliteHolder.class.getName(),
                file.toString())
            .redirectErrorStream(true)
            .start();
    try {
      assertThat(new String(holder.getInputStream().readNBytes(5))).isEqualTo("OPEN\n");
      SqliteStore second = SqliteStore.of(file);
      assertThatThrownBy(second::open).isInstanceOf(CheckpointLockedException.class);
      assertThatThrownBy(second::delete).isInstanceOf(CheckpointLockedException.class);
      assertThat(file).exists();
    } finally {
      holder.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
    // kill -9 released the OS lock: the next opener gets in and finds the commit.
    try (SqliteStore store = SqliteStore.of(file)) {
      assertThat(store.open().interrupted()).containsExactly("held");
    }
  }

  @Test
  void deleteRemovesOnlyWhatTheStoreWrote() throws Exception {
    Path file = dir.resolve("gone.db");
    Path neighbour = Files.writeString(dir.resolve("gone.db.txt"), "keep me");
    SqliteStore store = SqliteStore.of(file);
    store.open();
    store.commit(Commit.of(Change.Item.done("0", 1, null)));
    store.delete();
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString()).toList())
          .isEqualTo(List.of("gone.db.txt"));
    }
    assertThat(neighbour).hasContent("keep me");
  }

  /** Holds a SQLite store open in a child JVM until killed. */
  public static final class SqliteHolder {
    public static void main(String[] args) throws Exception {
      SqliteStore store = SqliteStore.of(Path.of(args[0]));
      store.open();
      store.commit(Commit.of(Change.Item.inProgress("held", 1, 0)));
      System.out.print("OPEN\n");
      System.out.flush();
      Thread.sleep(600_000);
    }
  }
}
