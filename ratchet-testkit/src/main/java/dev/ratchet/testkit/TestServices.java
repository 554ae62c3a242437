package dev.ratchet.testkit;

import java.util.HashMap;
import java.util.Map;

/**
 * The PostgreSQL and Redis servers that tests use, as Ratchet store URLs. Every test that needs one
 * of them asks here, so the same test count runs on any machine; none is skipped.
 *
 * <p>Which server, for each of the two services, in this order:
 *
 * <ol>
 *   <li>{@code RATCHET_TEST_PG} / {@code RATCHET_TEST_REDIS} set: exactly that server; a test fails
 *       with one clear line when it does not answer.
 *   <li>{@code RATCHET_TEST_SERVICES=embedded}: a real embedded server started for this JVM, even
 *       when local servers run.
 *   <li>otherwise the local server ({@code postgresql://postgres@127.0.0.1:5432/test}, {@code
 *       redis://127.0.0.1:6379/0}) when it answers,
 *   <li>else a real embedded server (PostgreSQL binaries from {@code io.zonky.test}, Redis from
 *       {@code com.github.codemonstur:embedded-redis}) started once for this JVM and stopped when
 *       it exits.
 * </ol>
 *
 * <p>Child processes that a test starts (worker JVMs, the command line) must get the URL passed in
 * (an argument, or {@link #environment()}), never resolve it again: they would start servers of
 * their own. Each choice is printed once to standard error, naming the server and why.
 *
 * <p>Thread-safe; each service is resolved at most once per JVM, and a failure is repeated to every
 * caller.
 */
public final class TestServices {
  /** A server for the PostgreSQL tests, as {@code postgresql://user@host:port/database}. */
  public static final String PG_VARIABLE = "RATCHET_TEST_PG";

  /** A server for the Redis tests, as {@code redis://host:port/db}. */
  public static final String REDIS_VARIABLE = "RATCHET_TEST_REDIS";

  /** {@code auto} (the default) or {@code embedded} (start embedded servers in every case). */
  public static final String MODE_VARIABLE = "RATCHET_TEST_SERVICES";

  private static final Map<Service, Resolution> RESOLVED = new HashMap<>();

  private TestServices() {}

  /** The PostgreSQL server's URL, for example {@code postgresql://postgres@127.0.0.1:5432/test}. */
  public static String postgres() {
    return resolve(Service.POSTGRES);
  }

  /** The Redis server's URL, for example {@code redis://127.0.0.1:6379/0}. */
  public static String redis() {
    return resolve(Service.REDIS);
  }

  /**
   * Environment variables that make a child JVM using this class reach the same servers as this
   * one: {@code RATCHET_TEST_PG} and {@code RATCHET_TEST_REDIS} for the services resolved so far.
   */
  public static synchronized Map<String, String> environment() {
    Map<String, String> env = new HashMap<>();
    Resolution pg = RESOLVED.get(Service.POSTGRES);
    if (pg != null && pg.url() != null) {
      env.put(PG_VARIABLE, pg.url());
    }
    Resolution redis = RESOLVED.get(Service.REDIS);
    if (redis != null && redis.url() != null) {
      env.put(REDIS_VARIABLE, redis.url());
    }
    return env;
  }

  private static synchronized String resolve(Service service) {
    Resolution r =
        RESOLVED.computeIfAbsent(service, s -> new ServiceResolver(System.getenv()).resolve(s));
    return r.urlOrThrow();
  }
}
