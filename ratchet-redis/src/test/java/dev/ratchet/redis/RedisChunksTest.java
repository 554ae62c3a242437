package dev.ratchet.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ratchet.ItemState;
import dev.ratchet.store.CheckpointInfo;
import dev.ratchet.store.ClaimResult;
import dev.ratchet.store.ClaimedItem;
import dev.ratchet.store.DoneItem;
import dev.ratchet.store.ItemInput;
import dev.ratchet.store.ItemOutcome;
import dev.ratchet.store.RunProgress;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The chunk layout of Redis shared runs, seen from outside: what a claim reads, what it keeps. */
class RedisChunksTest {
  private static final Duration LEASE = Duration.ofSeconds(30);
  private RedisTestSupport.Runs runs;
  private RedisDatabase db;

  @BeforeEach
  void connect() {
    runs = new RedisTestSupport.Runs();
    db = runs.db;
  }

  @AfterEach
  void cleanUp() {
    runs.close();
  }

  private RedisRun run(List<ItemInput> items) {
    String name = runs.name("chunks");
    RedisRun run = db.run(name);
    run.load("fp", items::iterator);
    return run;
  }

  private static List<ItemInput> items(int n) {
    return IntStream.range(0, n).mapToObj(i -> new ItemInput("k" + i, "item " + i)).toList();
  }

  private static List<ClaimedItem> claimed(ClaimResult r) {
    assertThat(r).isInstanceOf(ClaimResult.Claimed.class);
    return ((ClaimResult.Claimed) r).items();
  }

  private static List<ItemOutcome> done(List<ClaimedItem> items) {
    return items.stream().<ItemOutcome>map(i -> new ItemOutcome.Done(i, null)).toList();
  }

  /**
   * What the server ran while the next chunk was claimed and completed after 300 items were
   * finished (MONITOR shows the commands scripts run): every read or write of the items' inputs,
   * outcomes and bits names only the new chunk's ordinals, and nothing walks a whole key.
   */
  @Test
  void aClaimAndItsCompletionTouchOnlyTheirOwnChunk() throws Exception {
    RedisRun run = run(items(400));
    try (RedisWorker w = run.join(LEASE)) {
      for (int i = 0; i < 3; i++) {
        w.complete(done(claimed(w.claim(100))));
      }
      List<List<String>> commands;
      try (Monitor monitor = new Monitor(RedisTarget.parse(RedisTestSupport.url()))) {
        List<ClaimedItem> next = claimed(w.claim(100));
        assertThat(next.get(0).ordinal()).isEqualTo(300);
        assertThat(w.complete(done(next)).committed()).hasSize(100);
        String end = "end-" + run.name();
        db.commands().echo(end);
        commands = monitor.until("ECHO", end);
      }
      List<String> touched = new ArrayList<>();
      for (List<String> c : commands) {
        if (c.size() < 2 || !c.get(1).startsWith("ratchet:{" + run.name() + "}:")) {
          continue; // another client's
        }
        String op = c.get(0).toUpperCase();
        assertThat(op).isNotIn("HGETALL", "HVALS", "HKEYS", "HSCAN", "SMEMBERS", "HLEN");
        String key = c.get(1).substring(c.get(1).lastIndexOf(':') + 1);
        touched.add(op + " " + key);
        if (key.equals("out")) {
          for (int i = 2; i < c.size(); i += op.equals("HSET") ? 2 : 1) {
            assertThat(Long.parseLong(c.get(i))).as(String.join(" ", c)).isBetween(300L, 399L);
          }
        } else if (key.equals("in")) {
          c.subList(2, c.size()).forEach(b -> assertThat(b).isEqualTo("3"));
        } else if (key.equals("rec") && op.equals("GETRANGE")) {
          assertThat(Long.parseLong(c.get(2))).isGreaterThanOrEqualTo(300 / 8);
        } else if (key.equals("rec") && op.equals("BITFIELD")) {
          for (int i = 4; i < c.size(); i += 4) {
            assertThat(Long.parseLong(c.get(i))).isBetween(300L, 399L);
          }
        }
      }
      assertThat(touched)
          .as("one lease, one block read, one append of 100 outcomes")
          .contains("HMGET in", "BITFIELD rec", "HSET out");
      assertThat(db.commands().hlen("ratchet:{" + run.name() + "}:chunks"))
          .as("finished chunks leave no record")
          .isZero();
    }
  }

  @Test
  void releasedItemsAreCutOutOfTheirChunkAndTheRestStaysLeased() throws Exception {
    RedisRun run = run(items(10));
    try (RedisWorker first = run.join(LEASE);
        RedisWorker second = run.join(LEASE)) {
      List<ClaimedItem> all = claimed(first.claim(10));
      assertThat(
              first
                  .complete(
                      List.of(
                          new ItemOutcome.Done(all.get(0), "0"),
                          new ItemOutcome.Released(all.get(3)),
                          new ItemOutcome.Released(all.get(7))))
                  .committed())
          .containsExactly("k0", "k3", "k7");
      assertThat(run.progress()).isEqualTo(new RunProgress(10, 2, 7, 1, 0, 0));
      assertThat(claimed(second.claim(10))).extracting(ClaimedItem::key).containsExactly("k3");
      assertThat(claimed(second.claim(10))).extracting(ClaimedItem::key).containsExactly("k7");
      assertThat(second.claim(10)).isEqualTo(new ClaimResult.Wait(9));

      assertThat(first.complete(List.of(new ItemOutcome.Done(all.get(3), "late"))).fenced())
          .as("a released item is no longer the releasing worker's")
          .containsExactly("k3");
      List<ItemOutcome> rest = new ArrayList<>();
      for (int i : new int[] {1, 2, 4, 5, 6, 8, 9}) {
        rest.add(new ItemOutcome.Done(all.get(i), Integer.toString(i)));
      }
      assertThat(first.complete(rest).committed()).hasSize(7);
      assertThat(run.progress()).isEqualTo(new RunProgress(10, 0, 2, 8, 0, 0));
    }
  }

  @Test
  void eachItemsStateIsReadableWhileTheRunGoesOn() {
    RedisRun run = run(items(6));
    try (RedisWorker w = run.join(LEASE)) {
      List<ClaimedItem> b = claimed(w.claim(4));
      w.complete(
          List.of(
              new ItemOutcome.Done(b.get(0), "\"r0\""),
              new ItemOutcome.Failed(b.get(1), "boom"),
              new ItemOutcome.Skipped(b.get(2), "not needed")));
      CheckpointInfo info = run.info();
      assertThat(info.counts().inProgress()).isEqualTo(1);
      assertThat(info.counts().done()).isEqualTo(1);
      assertThat(info.counts().failed()).isEqualTo(1);
      assertThat(info.counts().skipped()).isEqualTo(1);
      assertThat(info.failed()).containsExactly(new CheckpointInfo.FailedItem("k1", "boom"));
      assertThat(info.interrupted()).containsExactly("k3");
      assertThat(db.inspect(run.name()).interrupted()).containsExactly("k3");

      RedisStore reader = db.store(run.name());
      assertThat(reader.get("k0").orElseThrow().state()).isEqualTo(ItemState.DONE);
      assertThat(reader.get("k0").orElseThrow().result()).isEqualTo("\"r0\"");
      assertThat(reader.get("k1").orElseThrow().error()).isEqualTo("boom");
      assertThat(reader.get("k2").orElseThrow().state()).isEqualTo(ItemState.SKIPPED);
      assertThat(reader.get("k3").orElseThrow().state()).isEqualTo(ItemState.IN_PROGRESS);
      assertThat(reader.get("k4")).as("pending: no record yet").isEmpty();
      assertThat(run.progress()).isEqualTo(new RunProgress(6, 2, 1, 1, 1, 1));
    }
  }

  @Test
  void aCompletionSentTwiceIsAcknowledgedTwiceAndCountedOnce() {
    RedisRun run = run(items(5));
    try (RedisWorker w = run.join(LEASE)) {
      List<ClaimedItem> b = claimed(w.claim(5));
      List<ItemOutcome> first = done(b.subList(0, 3));
      assertThat(w.complete(first).committed()).hasSize(3);
      assertThat(w.complete(first).committed())
          .as("an acknowledgement lost on the way: the retry finds them written by its token")
          .containsExactly("k0", "k1", "k2");
      assertThat(w.complete(List.of(new ItemOutcome.Failed(b.get(0), "other"))).fenced())
          .as("but another outcome for a recorded item is refused")
          .containsExactly("k0");
      assertThat(run.progress()).isEqualTo(new RunProgress(5, 0, 2, 3, 0, 0));
      w.complete(done(b.subList(3, 5)));
      assertThat(w.claim(5)).isInstanceOf(ClaimResult.Finished.class);
    }
  }

  @Test
  void aDuplicateKeyIsLoadedOnceAndSkippedByClaims() {
    List<ItemInput> items = new ArrayList<>(items(5));
    items.add(2, new ItemInput("k0", "again"));
    RedisRun run = run(items);
    assertThat(run.progress().total()).isEqualTo(5);
    try (RedisWorker w = run.join(LEASE)) {
      List<ClaimedItem> b = claimed(w.claim(10));
      assertThat(b).extracting(ClaimedItem::key).containsExactly("k0", "k1", "k2", "k3", "k4");
      assertThat(b).extracting(ClaimedItem::ordinal).containsExactly(0L, 1L, 3L, 4L, 5L);
      w.complete(done(b));
    }
    List<DoneItem> out = new ArrayList<>();
    run.forEachDone(out::add);
    assertThat(out)
        .extracting(DoneItem::input)
        .containsExactly("item 0", "item 1", "item 2", "item 3", "item 4");
  }

  @Test
  void aRunOfTheOlderLayoutIsReadableButNotJoined() {
    String name = runs.name("older");
    String p = "ratchet:{" + name + "}:";
    var redis = db.commands();
    redis.hset(p + "info", java.util.Map.of("format", "1", "created", "0", "fingerprint", "fp"));
    redis.hset(p + "meta", "run.id", "old");
    redis.set(p + "loaded", "fp");
    redis.hset(p + "input", "a", "{\"o\":0,\"v\":\"x\"}");
    redis.hset(p + "input", "b", "{\"o\":1,\"v\":\"y\"}");
    redis.hset(p + "items", "a", "{\"s\":2,\"a\":1,\"i\":0,\"r\":\"\\\"ra\\\"\"}");
    redis.hset(p + "items", "b", "{\"s\":3,\"a\":1,\"i\":0,\"e\":\"bad\"}");
    redis.hset(p + "counts", java.util.Map.of("2", "1", "3", "1"));
    redis.sadd(p + "failed", "b");
    redis.rpush(p + "output", "{\"k\":\"a\",\"r\":\"\\\"ra\\\"\"}");
    redis.xadd(p + "queue", java.util.Map.of("k", "a"));
    RedisRun run = db.run(name);

    assertThat(run.progress()).isEqualTo(new RunProgress(2, 0, 0, 1, 1, 0));
    List<DoneItem> done = new ArrayList<>();
    run.forEachDone(done::add);
    assertThat(done).containsExactly(new DoneItem("a", "x", "\"ra\""));
    assertThat(run.info().failed()).containsExactly(new CheckpointInfo.FailedItem("b", "bad"));
    assertThat(run.load("fp", () -> items(2).iterator())).isZero();
    assertThatThrownBy(() -> run.join(LEASE))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("older Ratchet")
        .hasMessageContaining("delete it");
    assertThatThrownBy(() -> run.mark("a", ItemState.PENDING))
        .as("a layout mark cannot change is not a busy item: retrying would not help")
        .isInstanceOf(UnsupportedOperationException.class)
        .hasMessageContaining("older Ratchet");
  }

  /** MONITOR on a plain socket: the commands the server runs, scripts' commands included. */
  private static final class Monitor implements AutoCloseable {
    private static final Pattern ARG = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"");
    private final Socket socket;
    private final BufferedReader in;

    Monitor(RedisTarget target) throws Exception {
      socket = new Socket(target.host(), target.port());
      OutputStream out = socket.getOutputStream();
      if (target.password() != null) {
        out.write(("AUTH " + target.password() + "\r\n").getBytes(StandardCharsets.UTF_8));
      }
      out.write("MONITOR\r\n".getBytes(StandardCharsets.UTF_8));
      out.flush();
      in =
          new BufferedReader(
              new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
      String ok;
      while (!(ok = in.readLine()).equals("+OK")) {
        assertThat(ok).startsWith("+");
      }
    }

    /** The commands seen up to {@code command} with {@code arg}, each as its arguments. */
    List<List<String>> until(String command, String arg) throws Exception {
      List<List<String>> commands = new ArrayList<>();
      String line;
      while ((line = in.readLine()) != null) {
        List<String> args = new ArrayList<>();
        Matcher m = ARG.matcher(line);
        while (m.find()) {
          args.add(m.group(1));
        }
        if (args.size() == 2 && args.get(0).equalsIgnoreCase(command) && args.get(1).equals(arg)) {
          return commands;
        }
        commands.add(args);
      }
      throw new AssertionError("MONITOR ended before " + command + " " + arg);
    }

    @Override
    public void close() throws Exception {
      socket.close();
    }
  }
}
