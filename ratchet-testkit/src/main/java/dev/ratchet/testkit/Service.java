package dev.ratchet.testkit;

/** The two servers the tests may need, with where each runs locally when it does. */
enum Service {
  POSTGRES(
      "PostgreSQL",
      TestServices.PG_VARIABLE,
      "postgresql://postgres@127.0.0.1:5432/test",
      "127.0.0.1",
      5432),
  REDIS("Redis", TestServices.REDIS_VARIABLE, "redis://127.0.0.1:6379/0", "127.0.0.1", 6379);

  private final String displayName;
  private final String variable;
  private final String localUrl;
  private final String localHost;
  private final int localPort;

  Service(String displayName, String variable, String localUrl, String localHost, int localPort) {
    this.displayName = displayName;
    this.variable = variable;
    this.localUrl = localUrl;
    this.localHost = localHost;
    this.localPort = localPort;
  }

  String displayName() {
    return displayName;
  }

  String variable() {
    return variable;
  }

  String localUrl() {
    return localUrl;
  }

  String localAddress() {
    return localHost + ":" + localPort;
  }

  /** Why the local server cannot serve the tests, or null when it can. */
  String localProblem() {
    return switch (this) {
      case POSTGRES -> Probes.postgres(localHost, localPort, "test", "postgres");
      case REDIS -> Probes.redisPing(localHost, localPort);
    };
  }

  /** Starts (once per JVM) an embedded server and returns its URL. */
  String startEmbedded() {
    return switch (this) {
      case POSTGRES -> EmbeddedPostgresServer.url();
      case REDIS -> EmbeddedRedisServer.url();
    };
  }
}
