package dev.ratchet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The repository's {@code ./ratchet} launcher as users start it: through a symlink in another
 * directory (as {@code ~/bin/ratchet}), from any working directory, with spaces in every path. The
 * launcher is the real script, in a copy of the repository's layout whose jar is {@link
 * LauncherProbe} (built newer than the sources, so the launcher starts it without building).
 */
class LauncherEndToEndTest {
  @TempDir Path dir;
  Path repo;
  Path work;

  @BeforeEach
  void repository() throws IOException {
    repo = Files.createDirectories(dir.resolve("my repo"));
    Path launcher = repo.resolve("ratchet");
    Files.copy(Path.of("..", "ratchet"), launcher, StandardCopyOption.COPY_ATTRIBUTES);
    Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path pom = Files.writeString(repo.resolve("pom.xml"), "<project/>\n");
    Files.setLastModifiedTime(pom, FileTime.from(Instant.now().minusSeconds(3600)));
    Path jar = Files.createDirectories(repo.resolve("ratchet-cli/target")).resolve("ratchet.jar");
    probeJar(jar);
    work = Files.createDirectories(dir.resolve("work place"));
  }

  @Test
  void aSymlinkInAnotherDirectoryStartsTheRepositorysJar() throws Exception {
    Path bin = Files.createDirectories(dir.resolve("my bin"));
    Path link = Files.createSymbolicLink(bin.resolve("ratchet"), repo.resolve("ratchet"));

    List<String> out = launch(link, "--input", "in put.txt");

    assertThat(out)
        .containsExactly(
            "probe args --input|in put.txt", "probe dir " + work.toRealPath().toString());
  }

  @Test
  void aChainOfRelativeSymlinksIsFollowedToTheRepository() throws Exception {
    Path bin = Files.createDirectories(dir.resolve("my bin"));
    Files.createSymbolicLink(bin.resolve("ratchet-real"), Path.of("..", "my repo", "ratchet"));
    Path link = Files.createSymbolicLink(bin.resolve("r"), Path.of("ratchet-real"));

    List<String> out = launch(link, "status");

    assertThat(out).first().isEqualTo("probe args status");
  }

  @Test
  void theLauncherItselfRunsFromAnotherDirectory() throws Exception {
    List<String> out = launch(repo.resolve("ratchet"), "--version");

    assertThat(out).first().isEqualTo("probe args --version");
  }

  private List<String> launch(Path launcher, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(launcher.toString()));
    command.addAll(List.of(args));
    Path err = dir.resolve("launcher.err");
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(work.toFile())
            .redirectError(err.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
    String javaBin = Path.of(System.getProperty("java.home"), "bin").toString();
    builder.environment().put("PATH", javaBin + ":" + System.getenv("PATH"));
    builder.environment().put("RATCHET_CDS", "off");
    Process process = builder.start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the launcher ended").isTrue();
    assertThat(process.exitValue()).as(out + Files.readString(err)).isZero();
    return out.lines().toList();
  }

  /** A jar whose main class is {@link LauncherProbe}. */
  private static void probeJar(Path jar) throws IOException {
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, LauncherProbe.class.getName());
    String entry = LauncherProbe.class.getName().replace('.', '/') + ".class";
    try (OutputStream file = Files.newOutputStream(jar);
        JarOutputStream out = new JarOutputStream(file, manifest);
        InputStream in = LauncherProbe.class.getResourceAsStream("/" + entry)) {
      out.putNextEntry(new JarEntry(entry));
      in.transferTo(out);
      out.closeEntry();
    }
  }
}
