package dev.ratchet.testkit;

import java.net.URI;
import java.util.Locale;
import java.util.Map;

/** Chooses the server for a service from an environment; see {@link TestServices} for the rules. */
final class ServiceResolver {
  private final Map<String, String> env;

  ServiceResolver(Map<String, String> env) {
    this.env = env;
  }

  Resolution resolve(Service service) {
    try {
      String url = choose(service);
      return Resolution.of(url);
    } catch (RuntimeException e) {
      String message = e.getMessage() == null ? e.toString() : e.getMessage();
      report(service.displayName() + ": cannot provide a server: " + message);
      return Resolution.failed(service.displayName() + " for the tests: " + message);
    }
  }

  private String choose(Service service) {
    String explicit = env.get(service.variable());
    if (explicit != null && !explicit.isBlank()) {
      String problem = explicitProblem(explicit, service);
      if (problem != null) {
        throw new IllegalStateException(
            service.variable()
                + "="
                + Probes.withoutPassword(explicit)
                + " does not answer ("
                + problem
                + "); start that server, correct the URL, or unset "
                + service.variable()
                + " to use a local or embedded one");
      }
      report(
          service.displayName() + ": " + Probes.withoutPassword(explicit) + " (from the variable)");
      return explicit;
    }
    String mode = env.getOrDefault(TestServices.MODE_VARIABLE, "auto").trim();
    switch (mode.toLowerCase(Locale.ROOT)) {
      case "", "auto":
        String problem = service.localProblem();
        if (problem == null) {
          report(
              service.displayName()
                  + ": local server at "
                  + service.localAddress()
                  + " ("
                  + TestServices.MODE_VARIABLE
                  + "=embedded starts an embedded one instead)");
          return service.localUrl();
        }
        return embedded(
            service, "no usable local server at " + service.localAddress() + ": " + problem);
      case "embedded":
        return embedded(service, TestServices.MODE_VARIABLE + "=embedded");
      default:
        throw new IllegalArgumentException(
            TestServices.MODE_VARIABLE + " must be 'auto' or 'embedded', was '" + mode + "'");
    }
  }

  private static String embedded(Service service, String why) {
    String url = service.startEmbedded();
    report(service.displayName() + ": embedded server at " + url + " (" + why + ")");
    return url;
  }

  /** A TCP check of the host and port a URL names: the test itself reports anything finer. */
  private static String explicitProblem(String url, Service service) {
    URI uri;
    try {
      uri = URI.create(url.startsWith("jdbc:") ? url.substring("jdbc:".length()) : url);
    } catch (IllegalArgumentException e) {
      return "not a URL: " + e.getMessage();
    }
    if (uri.getHost() == null) {
      return "no host in the URL";
    }
    int defaultPort = service == Service.POSTGRES ? 5432 : 6379;
    return Probes.tcp(uri.getHost(), uri.getPort() < 0 ? defaultPort : uri.getPort());
  }

  private static void report(String line) {
    System.err.println("[ratchet test services] " + line);
  }
}
