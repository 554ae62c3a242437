package dev.ratchet.reliability;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * Counts failed (and skipped) tests per test class, so the figures a class records in its
 * {@code @AfterAll} carry its real number of violations rather than an assumed zero.
 */
public final class CountFailures implements TestWatcher {
  private static final Map<Class<?>, AtomicLong> FAILURES = new ConcurrentHashMap<>();
  private static final Map<Class<?>, AtomicLong> SKIPPED = new ConcurrentHashMap<>();

  /** How many tests of {@code testClass} have failed so far. */
  public static long of(Class<?> testClass) {
    return FAILURES.getOrDefault(testClass, new AtomicLong()).get();
  }

  /** How many tests of {@code testClass} were skipped (an assumption did not hold). */
  public static long skipped(Class<?> testClass) {
    return SKIPPED.getOrDefault(testClass, new AtomicLong()).get();
  }

  @Override
  public void testAborted(ExtensionContext context, Throwable cause) {
    SKIPPED
        .computeIfAbsent(context.getRequiredTestClass(), c -> new AtomicLong())
        .incrementAndGet();
  }

  @Override
  public void testFailed(ExtensionContext context, Throwable cause) {
    FAILURES
        .computeIfAbsent(context.getRequiredTestClass(), c -> new AtomicLong())
        .incrementAndGet();
  }
}
