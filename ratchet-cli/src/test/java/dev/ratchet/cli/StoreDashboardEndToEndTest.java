package dev.ratchet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ratchet.postgres.PostgresTarget;
import dev.ratchet.testkit.TestServices;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ratchet ui --store URL} over a real PostgreSQL: its JSON API lists the store's runs with
 * their counts and the history its workers left, and never the password of the URL.
 */
class StoreDashboardEndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern LINK = Pattern.compile("open (http://\\S+/)");

  @TempDir Path dir;

  @Test
  void theDashboardShowsTheStoresRunsAndHistory() throws Exception {
    String base = TestServices.postgres();
    String schema = "ratchet_ui_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
    String plain = base + (base.contains("?") ? "&" : "?") + "schema=" + schema;
    String url =
        StoreHistoryEndToEndTest.passwordOf(plain) != null
            ? plain
            : StoreHistoryEndToEndTest.withPassword(plain, "Ui-s3cret-pw");
    String secret = StoreHistoryEndToEndTest.passwordOf(url);
    try {
      Files.write(dir.resolve("in.txt"), List.of("a", "b bad", "c <i>html</i>", "d"));
      ChildCli cli = new ChildCli(dir);
      String runId = "ui-" + UUID.randomUUID().toString().substring(0, 8);
      CliResult run =
          cli.run(
              "process",
              "--store",
              url,
              "--run-id",
              runId,
              "--input",
              "in.txt",
              "--exec",
              StoreHistoryEndToEndTest.EXEC);
      assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.ITEMS_FAILED);

      ChildCli.Started ui = cli.start("ui", "--root", ".", "--port", "0", "--store", url);
      try {
        String link = awaitLink(ui);
        assertThat(ui.outSoFar()).contains("postgresql://").doesNotContain(secret);

        String runs = get(link + "api/runs");
        assertThat(runs).doesNotContain(secret);
        JsonNode store = JSON.readTree(runs).get("store");
        assertThat(store.get("where").asText()).contains("schema=" + schema);
        assertThat(store.has("error")).as(runs).isFalse();
        JsonNode ours = null;
        for (JsonNode r : store.get("runs")) {
          ours = r.get("runId").asText().equals(runId) ? r : ours;
        }
        assertThat(ours).as(runs).isNotNull();
        assertThat(ours.get("counts").get("done").asLong()).isEqualTo(3);
        assertThat(ours.get("counts").get("failed").asLong()).isEqualTo(1);
        assertThat(ours.get("total").asLong()).isEqualTo(4);
        JsonNode recent = JSON.readTree(runs).get("history");
        assertThat(recent).hasSize(1);
        assertThat(recent.get(0).get("store").asBoolean()).isTrue();

        String history = get(link + "api/history");
        assertThat(history).doesNotContain(secret);
        JsonNode records = JSON.readTree(history).get("records");
        assertThat(records).hasSize(1);
        JsonNode record = records.get(0);
        assertThat(record.get("runId").asText()).isEqualTo(runId);
        assertThat(record.get("outcome").asText()).isEqualTo("completed_with_failures");
        assertThat(record.get("failed").get(0).get("error").asText()).contains("boom: b bad");
      } finally {
        ui.interrupt();
        ui.waitFor();
      }
    } finally {
      PostgresTarget t = PostgresTarget.parse(base);
      try (Connection c = DriverManager.getConnection(t.jdbcUrl(), t.driverProperties());
          Statement st = c.createStatement()) {
        st.execute("DROP SCHEMA IF EXISTS \"" + schema + "\" CASCADE");
      }
    }
  }

  private static String awaitLink(ChildCli.Started ui) throws InterruptedException {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
    while (Instant.now().isBefore(deadline)) {
      Matcher m = LINK.matcher(ui.outSoFar());
      if (m.find()) {
        return m.group(1);
      }
      if (!ui.process().isAlive()) {
        throw new AssertionError("ratchet ui ended: " + ui.result());
      }
      Thread.sleep(50); // waiting for the banner file to be written
    }
    throw new AssertionError("ratchet ui printed no link: " + ui.outSoFar());
  }

  private static String get(String url) throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60)).build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return response.body();
  }
}
