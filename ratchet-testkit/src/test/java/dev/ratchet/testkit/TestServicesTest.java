package dev.ratchet.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * How {@link TestServices} chooses a server. The embedded servers really start here on every run,
 * so the fallback that a machine without local servers takes is proven on machines that have them.
 */
class TestServicesTest {
  private static final Map<String, String> EMBEDDED =
      Map.of(TestServices.MODE_VARIABLE, "embedded");

  @Test
  void theEmbeddedSwitchStartsARealPostgresqlThatStoresAndReturnsRows() throws Exception {
    String url = new ServiceResolver(EMBEDDED).resolve(Service.POSTGRES).urlOrThrow();

    URI uri = URI.create(url);
    assertThat(uri.getScheme()).isEqualTo("postgresql");
    assertThat(uri.getPort()).isPositive().isNotEqualTo(5432);
    try (Connection c =
            DriverManager.getConnection(
                "jdbc:postgresql://" + uri.getHost() + ":" + uri.getPort() + uri.getPath(),
                "postgres",
                "");
        Statement st = c.createStatement()) {
      st.execute("CREATE TABLE IF NOT EXISTS testkit_probe (v int)");
      st.execute("INSERT INTO testkit_probe VALUES (42)");
      try (ResultSet rs = st.executeQuery("SELECT sum(v) FROM testkit_probe WHERE v = 42")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getLong(1)).isPositive();
      }
    }
  }

  @Test
  void theEmbeddedSwitchStartsARealRedisThatAnswers() {
    String url = new ServiceResolver(EMBEDDED).resolve(Service.REDIS).urlOrThrow();

    URI uri = URI.create(url);
    assertThat(uri.getScheme()).isEqualTo("redis");
    assertThat(uri.getPort()).isPositive().isNotEqualTo(6379);
    assertThat(Probes.redisPing(uri.getHost(), uri.getPort())).isNull();
  }

  @Test
  void aServerNamedByTheVariableIsUsedAsItIs() {
    String embedded = new ServiceResolver(EMBEDDED).resolve(Service.REDIS).urlOrThrow();
    Map<String, String> env =
        Map.of(TestServices.REDIS_VARIABLE, embedded, TestServices.MODE_VARIABLE, "auto");

    assertThat(new ServiceResolver(env).resolve(Service.REDIS).urlOrThrow()).isEqualTo(embedded);
  }

  @Test
  void aServerNamedByTheVariableThatDoesNotAnswerFailsWithOneClearLine() throws IOException {
    int closed = closedPort();
    Map<String, String> env =
        Map.of(TestServices.PG_VARIABLE, "postgresql://u:s3cret@127.0.0.1:" + closed + "/db");

    Resolution r = new ServiceResolver(env).resolve(Service.POSTGRES);

    assertThat(r.url()).isNull();
    assertThat(r.failure())
        .contains("RATCHET_TEST_PG=postgresql://u:***@127.0.0.1:" + closed + "/db does not answer")
        .contains("unset RATCHET_TEST_PG")
        .doesNotContain("s3cret")
        .doesNotContain("\n");
  }

  @Test
  void anUnknownModeIsRefusedWithTheValuesThatWork() {
    Resolution r =
        new ServiceResolver(Map.of(TestServices.MODE_VARIABLE, "docker")).resolve(Service.REDIS);

    assertThat(r.failure())
        .contains("RATCHET_TEST_SERVICES must be 'auto' or 'embedded', was 'docker'");
  }

  @Test
  void theEmbeddedServersStopWhenTheirJvmExits() throws Exception {
    Process child =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                PrintServices.class.getName())
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .redirectInput(ProcessBuilder.Redirect.PIPE)
            .start();
    child.getOutputStream().close();
    List<String> urls =
        new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
    assertThat(child.waitFor(3, TimeUnit.MINUTES)).isTrue();
    assertThat(child.exitValue()).isZero();
    assertThat(urls).hasSize(2);

    for (String url : urls) {
      URI uri = URI.create(url);
      assertThat(uri.getPort()).isNotIn(5432, 6379);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (Probes.tcp(uri.getHost(), uri.getPort()) == null && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      assertThat(Probes.tcp(uri.getHost(), uri.getPort())).as(url + " stopped").isNotNull();
    }
  }

  private static int closedPort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /** A JVM that starts both embedded servers, prints their URLs and exits. */
  public static final class PrintServices {
    private PrintServices() {}

    public static void main(String[] args) {
      System.out.println(new ServiceResolver(EMBEDDED).resolve(Service.POSTGRES).urlOrThrow());
      System.out.println(new ServiceResolver(EMBEDDED).resolve(Service.REDIS).urlOrThrow());
    }
  }
}
