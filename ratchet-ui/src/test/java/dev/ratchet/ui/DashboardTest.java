package dev.ratchet.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ratchet.ItemState;
import dev.ratchet.history.RunHistory;
import dev.ratchet.history.RunRecord;
import dev.ratchet.store.Change;
import dev.ratchet.store.Commit;
import dev.ratchet.store.FileStore;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DashboardTest {
  @TempDir Path root;
  private final HttpClient http = HttpClient.newHttpClient();
  private Dashboard dashboard;

  @AfterEach
  void stop() {
    if (dashboard != null) {
      dashboard.close();
    }
  }

  @Test
  void bindsLoopbackByDefaultAndServesThePageWithAStrictPolicy() throws Exception {
    start(false);
    assertThat(dashboard.url().getHost()).isEqualTo("127.0.0.1");
    assertThat(InetAddress.getByName(dashboard.url().getHost()).isLoopbackAddress()).isTrue();
    HttpResponse<String> page = get("/");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("<script src=\"/static/app.js\"");
    assertThat(page.headers().firstValue("Content-Security-Policy").orElseThrow())
        .contains("script-src 'self'")
        .doesNotContain("unsafe-inline");
    assertThat(get("/static/app.js").body())
        .doesNotContain(".innerHTML", "insertAdjacentHTML", "document.write");
  }

  @Test
  void aRequestAddressedToAnotherHostIsRefused() throws Exception {
    start(false);
    try (Socket socket = new Socket("127.0.0.1", dashboard.url().getPort())) {
      OutputStream out = socket.getOutputStream();
      out.write(
          "GET /api/runs HTTP/1.1\r\nHost: attacker.example\r\nConnection: close\r\n\r\n"
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      String answer = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      assertThat(answer).startsWith("HTTP/1.1 403").contains("only requests to 127.0.0.1");
    }
  }

  @Test
  void aLiveRunIsShownAsRunningWithItsHolderAndActionsAgainstItAreRefused() throws Exception {
    start(true);
    Path ckpt = root.resolve("jobs/out.jsonl.ratchet");
    try (FileStore store = FileStore.at(ckpt)) {
      store.open();
      store.commit(Commit.of(Change.Item.failed("3", 1, 0, "<b>boom</b>")));

      String runs = get("/api/runs").body();
      assertThat(runs)
          .contains("\"id\":\"jobs/out.jsonl.ratchet\"")
          .contains("\"state\":\"running\"");
      assertThat(runs).contains("\"pid\":" + ProcessHandle.current().pid());
      String run = get("/api/run?id=jobs/out.jsonl.ratchet").body();
      assertThat(run).contains("\"error\":\"<b>boom</b>\"");

      HttpResponse<String> refused = act(dashboard.token(), "jobs/out.jsonl.ratchet", "skip", "3");
      assertThat(refused.statusCode()).isEqualTo(409);
      assertThat(refused.body()).contains("a live run holds");
    }
  }

  @Test
  void pollingNeverHoldsTheLockARunStartingMeanwhileNeeds() throws Exception {
    start(false);
    Path ckpt = root.resolve("busy");
    try (FileStore store = FileStore.at(ckpt)) {
      store.open();
      store.commit(Commit.of(Change.Item.done("0", 1, null)));
    }
    AtomicBoolean polling = new AtomicBoolean(true);
    AtomicInteger polls = new AtomicInteger();
    Thread poller =
        new Thread(
            () -> {
              while (polling.get()) {
                try {
                  assertThat(get("/api/run?id=busy").statusCode()).isEqualTo(200);
                  polls.incrementAndGet();
                } catch (Exception e) {
                  throw new AssertionError(e);
                }
              }
            });
    poller.start();
    try {
      for (int run = 0; run < 200 || polls.get() < 20; run++) {
        try (FileStore store = FileStore.at(ckpt)) {
          store.open(); // a run starting: never refused because the dashboard was reading
          store.commit(Commit.of(Change.Item.done(Integer.toString(run + 1), 1, null)));
        }
      }
    } finally {
      polling.set(false);
      poller.join();
    }
    assertThat(polls.get()).isGreaterThanOrEqualTo(20);
  }

  @Test
  void aRecordBeingWrittenAtTheTailDoesNotStopTheReading() throws Exception {
    start(false);
    Path ckpt = root.resolve("torn");
    try (FileStore store = FileStore.at(ckpt)) {
      store.open();
      store.commit(Commit.of(Change.Item.failed("4", 1, 0, "bad")));
    }
    Files.write(
        ckpt.resolve("journal-1.log"), new byte[] {0, 0, 1, 7, 42}, StandardOpenOption.APPEND);

    HttpResponse<String> run = get("/api/run?id=torn");
    assertThat(run.statusCode()).isEqualTo(200);
    assertThat(run.body()).contains("\"failed\":1").contains("\"key\":\"4\"");
  }

  @Test
  void actionsNeedTheTokenAndAreRecordedAsManualWithWhoTookThem() throws Exception {
    start(true);
    Path ckpt = root.resolve("out.ratchet");
    try (FileStore store = FileStore.at(ckpt)) {
      store.open();
      store.commit(Commit.of(Change.Item.failed("7", 1, 0, "bad")));
    }

    assertThat(act(null, "out.ratchet", "skip", "7").statusCode()).isEqualTo(403);
    assertThat(act("0".repeat(32), "out.ratchet", "skip", "7").statusCode()).isEqualTo(403);
    assertThat(FileStore.inspect(ckpt).counts().failed()).isEqualTo(1);

    HttpResponse<String> done = act(dashboard.token(), "out.ratchet", "skip", "7");
    assertThat(done.statusCode()).isEqualTo(200);
    try (FileStore store = FileStore.at(ckpt)) {
      store.open();
      assertThat(store.get("7").orElseThrow().state()).isEqualTo(ItemState.SKIPPED);
      assertThat(store.get("7").orElseThrow().manual()).isTrue();
    }
    List<RunRecord> history = RunHistory.of(ckpt);
    assertThat(history)
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.manual()).isTrue();
              assertThat(r.outcome()).isEqualTo("skip");
              assertThat(r.target()).isEqualTo("7");
              assertThat(r.user()).isEqualTo("ann");
            });
  }

  @Test
  void withoutAllowActionsNoActionIsServedEvenWithTheToken() throws Exception {
    start(false);
    HttpResponse<String> refused = act(dashboard.token(), "out.ratchet", "clear", null);
    assertThat(refused.statusCode()).isEqualTo(403);
    assertThat(refused.body()).contains("--allow-actions");
  }

  @Test
  void anIdOutsideTheRootIsNotFound() throws Exception {
    start(false);
    assertThat(get("/api/run?id=../..").statusCode()).isEqualTo(404);
    assertThat(get("/api/run?id=%2Fetc").statusCode()).isEqualTo(404);
  }

  @Test
  void theRootMustBeADirectory() {
    assertThatThrownBy(() -> Dashboard.builder(root.resolve("missing")).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is not a directory");
  }

  private void start(boolean actions) throws Exception {
    Dashboard.Builder builder = Dashboard.builder(root).port(0);
    if (actions) {
      builder.allowActions();
    }
    dashboard = builder.build().start();
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(dashboard.url().resolve(path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> act(String token, String id, String action, String key)
      throws Exception {
    String body =
        "{\"action\":\""
            + action
            + "\",\"id\":\""
            + id
            + "\",\"by\":\"ann\""
            + (key == null ? "" : ",\"key\":\"" + key + "\"")
            + "}";
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(dashboard.url() + "api/actions"))
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      request.header("X-Ratchet-Token", token);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
