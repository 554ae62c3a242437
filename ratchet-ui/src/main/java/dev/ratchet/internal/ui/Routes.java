package dev.ratchet.internal.ui;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.sun.net.httpserver.HttpExchange;
import dev.ratchet.history.RunHistory;
import dev.ratchet.history.RunRecord;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The dashboard's routes: the page (one HTML file whose script renders the runs, run and history
 * views from JSON), its static files, the JSON API and the actions.
 */
final class Routes {
  static final int HISTORY_ON_RUNS_PAGE = 25;
  static final int HISTORY_LIMIT = 1000;
  private static final int MAX_BODY = 16 * 1024;
  private static final Map<String, String> STATIC =
      Map.of(
          "/static/app.js", "text/javascript; charset=utf-8",
          "/static/app.css", "text/css; charset=utf-8",
          "/static/icon.svg", "image/svg+xml");

  private static final TypeReference<Map<String, Object>> RECORD_AS_MAP = new TypeReference<>() {};

  private final Settings settings;
  private final Guard guard;
  private final Catalog catalog;
  private final Summaries summaries;
  private final Details details;
  private final Actions actions;
  private final StoreView store;

  Routes(Settings settings, Guard guard) {
    this.settings = settings;
    this.guard = guard;
    this.catalog = new Catalog(settings.root());
    this.summaries = new Summaries(new RateMeter());
    this.details = new Details(summaries);
    this.actions = new Actions(settings, catalog);
    this.store = settings.store() == null ? null : new StoreView(settings.store());
  }

  void handle(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath();
    String method = exchange.getRequestMethod();
    if (path.equals("/api/actions")) {
      if (!method.equals("POST")) {
        Responses.error(exchange, 405, "actions are POST requests");
        return;
      }
      action(exchange);
      return;
    }
    if (!method.equals("GET") && !method.equals("HEAD")) {
      Responses.error(exchange, 405, "only GET here");
      return;
    }
    switch (path) {
      case "/", "/run", "/history" ->
          page(exchange, "/static/index.html", "text/html; charset=utf-8");
      case "/api/runs" -> Responses.json(exchange, 200, runs());
      case "/api/run" -> run(exchange);
      case "/api/history" -> Responses.json(exchange, 200, history(HISTORY_LIMIT));
      default -> {
        String type = STATIC.get(path);
        if (type != null) {
          page(exchange, path, type);
        } else {
          Responses.error(exchange, 404, "nothing at " + path);
        }
      }
    }
  }

  private Map<String, Object> runs() {
    LockProbe.Snapshot locks = LockProbe.read();
    List<Map<String, Object>> runs = new ArrayList<>();
    for (Path dir : catalog.checkpoints()) {
      runs.add(summaries.of(Checkpoint.read(catalog.idOf(dir), dir, locks)));
    }
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("root", settings.root().toString());
    json.put("actions", settings.allowActions());
    json.put("liveProbe", locks.available());
    json.put("runs", runs);
    if (store != null) {
      json.put("store", store.runs());
    }
    json.put("history", history(HISTORY_ON_RUNS_PAGE).get("records"));
    return json;
  }

  private Map<String, Object> history(int limit) {
    List<RunRecord> all = new ArrayList<>();
    for (Path dir : catalog.withHistory()) {
      all.addAll(RunHistory.of(dir));
    }
    Set<RunRecord> fromStore = Collections.newSetFromMap(new IdentityHashMap<>());
    String storeError = null;
    if (store != null) {
      StoreView.Records stored = store.history(limit);
      fromStore.addAll(stored.records());
      all.addAll(stored.records());
      storeError = stored.error();
    }
    all.sort((a, b) -> b.ended().compareTo(a.ended()));
    List<Map<String, Object>> records = new ArrayList<>();
    for (RunRecord record : all.subList(0, Math.min(limit, all.size()))) {
      Map<String, Object> json = Json.MAPPER.convertValue(record, RECORD_AS_MAP);
      if (fromStore.contains(record)) {
        json.put("store", true);
      } else {
        json.put("id", catalog.idOf(Path.of(record.checkpoint())));
      }
      records.add(json);
    }
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("records", records);
    json.put("total", all.size());
    if (storeError != null) {
      json.put("storeError", storeError);
    }
    return json;
  }

  private void run(HttpExchange exchange) throws IOException {
    String id = query(exchange, "id");
    Path dir = catalog.resolve(id).orElse(null);
    if (dir == null) {
      Responses.error(exchange, 404, "no run '" + id + "' under " + settings.root());
      return;
    }
    Map<String, Object> json = details.of(id, dir, LockProbe.read());
    json.put("actions", settings.allowActions());
    Responses.json(exchange, 200, json);
  }

  private void action(HttpExchange exchange) throws IOException {
    if (!settings.allowActions()) {
      Responses.error(
          exchange, 403, "actions are off; start the dashboard with --allow-actions to use them");
      return;
    }
    if (!guard.hasToken(exchange)) {
      Responses.error(
          exchange,
          403,
          "missing or wrong token; use the link with ?token=… that 'ratchet ui' printed");
      return;
    }
    Actions.Request request;
    try (InputStream body = exchange.getRequestBody()) {
      byte[] bytes = body.readNBytes(MAX_BODY + 1);
      if (bytes.length > MAX_BODY) {
        Responses.error(exchange, 413, "request too large");
        return;
      }
      request = Json.MAPPER.readValue(bytes, Actions.Request.class);
    } catch (JsonProcessingException e) {
      Responses.error(exchange, 400, "the request is not the JSON of an action");
      return;
    }
    try {
      Responses.json(exchange, 200, Map.of("message", actions.perform(request)));
    } catch (ActionRefused e) {
      Responses.error(exchange, e.status(), e.getMessage());
    }
  }

  private static void page(HttpExchange exchange, String resource, String type) throws IOException {
    try (InputStream in = Routes.class.getResourceAsStream("/dev/ratchet/ui" + resource)) {
      if (in == null) {
        Responses.error(exchange, 404, "missing resource " + resource);
        return;
      }
      exchange.getResponseHeaders().set("Cache-Control", "no-cache");
      Responses.send(exchange, 200, type, in.readAllBytes());
    }
  }

  private static String query(HttpExchange exchange, String name) {
    String query = exchange.getRequestURI().getRawQuery();
    if (query == null) {
      return null;
    }
    for (String pair : query.split("&")) {
      int eq = pair.indexOf('=');
      String key = eq < 0 ? pair : pair.substring(0, eq);
      if (key.equals(name)) {
        return URLDecoder.decode(eq < 0 ? "" : pair.substring(eq + 1), StandardCharsets.UTF_8);
      }
    }
    return null;
  }
}
