package dev.ratchet.internal.ui;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Set;

/**
 * What every request passes before a route sees it: security headers on every answer; on a loopback
 * address only requests addressed to a loopback host name (a page on another site that resolves its
 * own name to 127.0.0.1 is refused: DNS rebinding); and, for actions, the per-start token in the
 * {@code X-Ratchet-Token} header (a page on another site cannot set that header without a CORS
 * preflight, which is never granted).
 */
final class Guard {
  static final String TOKEN_HEADER = "X-Ratchet-Token";
  private static final String CSP =
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
          + " connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

  private final Settings settings;
  private final byte[] token;
  private final Set<String> loopbackHosts;

  Guard(Settings settings, String token, int port) {
    this.settings = settings;
    this.token = token.getBytes(StandardCharsets.US_ASCII);
    this.loopbackHosts =
        Set.of("127.0.0.1:" + port, "localhost:" + port, "[::1]:" + port, "127.0.0.1", "localhost");
  }

  /** Adds the headers; answers and returns false if the request must go no further. */
  boolean admit(HttpExchange exchange) throws IOException {
    Headers headers = exchange.getResponseHeaders();
    headers.set("Content-Security-Policy", CSP);
    headers.set("X-Content-Type-Options", "nosniff");
    headers.set("Referrer-Policy", "no-referrer");
    headers.set("X-Frame-Options", "DENY");
    headers.set("Cache-Control", "no-store");
    if (settings.bind().isLoopbackAddress()) {
      String host = exchange.getRequestHeaders().getFirst("Host");
      if (host == null || !loopbackHosts.contains(host.toLowerCase(java.util.Locale.ROOT))) {
        Responses.error(exchange, 403, "this dashboard answers only requests to 127.0.0.1");
        return false;
      }
    }
    return true;
  }

  /** Whether the request carries the token (compared in constant time). */
  boolean hasToken(HttpExchange exchange) {
    String given = exchange.getRequestHeaders().getFirst(TOKEN_HEADER);
    return given != null
        && MessageDigest.isEqual(token, given.strip().getBytes(StandardCharsets.US_ASCII));
  }
}
