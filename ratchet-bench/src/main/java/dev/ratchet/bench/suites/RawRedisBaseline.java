package dev.ratchet.bench.suites;

import dev.ratchet.bench.Measure;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The raw chunk design on plain Redis commands, the baseline of the redisstore suite: W clients
 * (threads of the benchmark's JVM, each with its own connection) lease a range of {@code batch}
 * ordinals by one {@code INCRBY} of a cursor, then append {@code batch} outcomes by one multi-field
 * {@code HSET}. No inputs are read, no worker lease, no fencing, no counts: what Redis itself
 * allows for this design on this machine.
 */
final class RawRedisBaseline {
  private RawRedisBaseline() {}

  static double throughput(String url, int workers, int batch, long n) throws Exception {
    String prefix = "ratchet-bench-raw:{" + UUID.randomUUID() + "}";
    String cursor = prefix + ":cursor";
    String results = prefix + ":results";
    RedisClient client = RedisClient.create(url);
    try {
      List<Throwable> errors = new CopyOnWriteArrayList<>();
      List<StatefulRedisConnection<String, String>> connections = new ArrayList<>();
      for (int w = 0; w < workers; w++) {
        connections.add(client.connect());
      }
      List<Thread> threads = new ArrayList<>();
      long t0 = System.nanoTime();
      for (StatefulRedisConnection<String, String> c : connections) {
        Thread t = new Thread(() -> client(c.sync(), cursor, results, batch, n, errors));
        t.start();
        threads.add(t);
      }
      for (Thread t : threads) {
        t.join();
      }
      long nanos = System.nanoTime() - t0;
      if (!errors.isEmpty()) {
        throw new IllegalStateException("a raw client failed", errors.get(0));
      }
      RedisCommands<String, String> redis = connections.get(0).sync();
      long written = redis.hlen(results);
      redis.del(cursor, results);
      connections.forEach(StatefulRedisConnection::close);
      if (written != n) {
        throw new IllegalStateException("expected " + n + " outcomes, found " + written);
      }
      return Measure.perSecond(n, nanos);
    } finally {
      client.shutdown();
    }
  }

  private static void client(
      RedisCommands<String, String> redis,
      String cursor,
      String results,
      int batch,
      long n,
      List<Throwable> errors) {
    try {
      while (true) {
        long hi = redis.incrby(cursor, batch);
        long lo = hi - batch;
        if (lo >= n) {
          return;
        }
        Map<String, String> outcomes = new HashMap<>();
        for (long o = lo; o < Math.min(hi, n); o++) {
          outcomes.put(Long.toString(o), "{\"s\":2}");
        }
        redis.hset(results, outcomes);
      }
    } catch (Throwable e) {
      errors.add(e);
    }
  }
}
