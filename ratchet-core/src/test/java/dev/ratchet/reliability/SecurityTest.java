package dev.ratchet.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ratchet.store.Change;
import dev.ratchet.store.Commit;
import dev.ratchet.store.FileStore;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Security properties as tests: owner-only permissions on everything the store writes, no Java
 * native serialization anywhere in the main code, and the HMAC key never in an error, a log line or
 * a printed object. (Tamper detection by HMAC is proven in {@link CorruptionTest}.)
 */
class SecurityTest {
  private static final Pattern NATIVE_SERIALIZATION =
      Pattern.compile(
          "\\b(ObjectOutputStream|ObjectInputStream|Serializable|Externalizable"
              + "|readObject\\s*\\(|writeObject\\s*\\(|readResolve|writeReplace|serialVersionUID)\\b");

  @TempDir Path tmp;

  @Test
  void checkpointDirectoriesAreOwnerOnlyAndFilesAreOwnerReadWriteOnly() throws IOException {
    Path dir = tmp.resolve("nested/run.ckpt");
    try (FileStore store = FileStore.builder(dir).compactAtBytes(200).build()) {
      store.open();
      for (int i = 0; i < 40; i++) {
        store.commit(Commit.of(Change.Item.done("k" + (i % 3), 1, "\"" + "r".repeat(50) + "\"")));
      }
    }
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)))
        .isEqualTo("rwx------");
    List<Path> files;
    try (Stream<Path> list = Files.list(dir)) {
      files = list.toList();
    }
    assertThat(files)
        .extracting(p -> p.getFileName().toString())
        .contains("checkpoint.json", "ratchet.lock")
        .anyMatch(n -> n.startsWith("snapshot-"))
        .anyMatch(n -> n.startsWith("journal-"));
    for (Path file : files) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
          .as(file.getFileName().toString())
          .isEqualTo("rw-------");
    }
  }

  @Test
  void noMainSourceUsesJavaNativeSerialization() throws IOException {
    Path root = Path.of("").toAbsolutePath().getParent();
    List<Path> sources = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(root)) {
      walk.filter(p -> p.toString().endsWith(".java"))
          .filter(p -> p.toString().contains("/src/main/java/"))
          .filter(p -> !p.toString().contains("/target/"))
          .forEach(sources::add);
    }
    assertThat(sources).as("main sources found under %s", root).hasSizeGreaterThan(50);
    List<String> offenders = new ArrayList<>();
    for (Path source : sources) {
      List<String> lines = Files.readAllLines(source, StandardCharsets.UTF_8);
      for (int i = 0; i < lines.size(); i++) {
        if (NATIVE_SERIALIZATION.matcher(lines.get(i)).find()) {
          offenders.add(root.relativize(source) + ":" + (i + 1) + ": " + lines.get(i).strip());
        }
      }
    }
    assertThat(offenders).as("Java native serialization in main code").isEmpty();
  }

  @Test
  void theHmacKeyNeverAppearsInErrorsLogsOrPrintedObjects() throws IOException {
    byte[] key = "SECRET-hmac-key-do-not-print-42".getBytes(StandardCharsets.UTF_8);
    byte[] other = "another-key-that-is-also-secret".getBytes(StandardCharsets.UTF_8);
    Path dir = tmp.resolve("keyed.ckpt");
    List<String> printed = new ArrayList<>();
    PrintStream err = System.err;
    PrintStream out = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream capture = new PrintStream(captured, true, StandardCharsets.UTF_8);
    System.setErr(capture);
    System.setOut(capture);
    try {
      FileStore.Builder builder = FileStore.builder(dir).hmacKey(key).compactAtBytes(200);
      printed.add(builder.toString());
      try (FileStore store = builder.build()) {
        printed.add(store.toString());
        store.open();
        for (int i = 0; i < 30; i++) {
          store.commit(Commit.of(Change.Item.done("k" + i, 1, "{\"v\":" + i + "}")));
        }
        printed.add(store.info().toString());
      }
      printed.add(FileStore.inspect(dir, key).toString());
      collect(printed, () -> FileStore.builder(dir).hmacKey(other).build().open());
      collect(printed, () -> FileStore.at(dir).open());
      collect(printed, () -> FileStore.inspect(dir, other));
      Path journal;
      try (Stream<Path> list = Files.list(dir)) {
        journal =
            list.filter(p -> p.getFileName().toString().startsWith("journal-"))
                .findFirst()
                .orElseThrow();
      }
      byte[] bytes = Files.readAllBytes(journal);
      bytes[bytes.length - 5] ^= 1;
      Files.write(journal, bytes);
      collect(printed, () -> FileStore.builder(dir).hmacKey(key).build().open());
      assertThatThrownBy(() -> FileStore.builder(dir).hmacKey(new byte[3]))
          .satisfies(e -> printed.add(stackTrace(e)));
    } finally {
      System.setErr(err);
      System.setOut(out);
    }
    printed.add(captured.toString(StandardCharsets.UTF_8));
    assertThat(printed).hasSizeGreaterThan(8);
    for (byte[] secret : List.of(key, other)) {
      for (String form : forms(secret)) {
        assertThat(printed).noneMatch(text -> text.contains(form));
      }
    }
  }

  static List<String> forms(byte[] secret) {
    return List.of(
        new String(secret, StandardCharsets.UTF_8),
        HexFormat.of().formatHex(secret),
        HexFormat.of().withUpperCase().formatHex(secret),
        Base64.getEncoder().encodeToString(secret),
        Arrays.toString(secret));
  }

  private static void collect(List<String> printed, Runnable action) {
    try {
      action.run();
      printed.add("no error");
    } catch (RuntimeException e) {
      printed.add(stackTrace(e));
    }
  }

  private static String stackTrace(Throwable e) {
    StringWriter text = new StringWriter();
    e.printStackTrace(new PrintWriter(text));
    return text.toString();
  }
}
