package dev.ratchet.cli.internal;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * SIGINT and SIGTERM as requests to stop, counted: the handler gets 1 for the first signal, 2 for
 * the second, and so on, while the command goes on to print its summary and return its exit code.
 * The JVM's default (run the shutdown hooks and exit at once) is replaced while installed and
 * restored by {@link #close}. Uses {@code sun.misc.Signal} (module jdk.unsupported) reflectively;
 * where it is not available, or the signal is ignored (a background job started by a
 * non-interactive shell ignores SIGINT), {@link #install} reports false for it.
 */
public final class StopSignals implements AutoCloseable {
  private static final String[] NAMES = {"INT", "TERM"};

  private final AtomicInteger count = new AtomicInteger();
  private final List<Object[]> previous = new ArrayList<>();
  private boolean installed;

  private StopSignals() {}

  /** Installs {@code onSignal} for SIGINT and SIGTERM; see {@link #installed()}. */
  public static StopSignals install(IntConsumer onSignal) {
    StopSignals signals = new StopSignals();
    try {
      Class<?> signalClass = Class.forName("sun.misc.Signal");
      Class<?> handlerClass = Class.forName("sun.misc.SignalHandler");
      Method handle = signalClass.getMethod("handle", signalClass, handlerClass);
      InvocationHandler invocation =
          (proxy, method, args) -> {
            switch (method.getName()) {
              case "handle" -> onSignal.accept(signals.count.incrementAndGet());
              case "hashCode" -> {
                return System.identityHashCode(proxy);
              }
              case "equals" -> {
                return proxy == args[0];
              }
              case "toString" -> {
                return "ratchet stop signals";
              }
              default -> {}
            }
            return null;
          };
      Object handler =
          Proxy.newProxyInstance(
              StopSignals.class.getClassLoader(), new Class<?>[] {handlerClass}, invocation);
      for (String name : NAMES) {
        Object signal = signalClass.getConstructor(String.class).newInstance(name);
        try {
          Object old = handle.invoke(null, signal, handler);
          signals.previous.add(new Object[] {handle, signal, old});
          signals.installed = true;
        } catch (ReflectiveOperationException ignoredOrTaken) {
          // SIGINT ignored since the start, or used by the JVM (-Xrs): left as it is
        }
      }
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      // no sun.misc.Signal: installed() stays false and the caller falls back to a shutdown hook
    }
    return signals;
  }

  /** Whether at least one of the signals is now handled here. */
  public boolean installed() {
    return installed;
  }

  /** How many stop signals arrived so far. */
  public int received() {
    return count.get();
  }

  @Override
  public void close() {
    for (Object[] p : previous) {
      try {
        ((Method) p[0]).invoke(null, p[1], p[2]);
      } catch (ReflectiveOperationException e) {
        // best effort: the process is about to end anyway
      }
    }
    previous.clear();
  }
}
