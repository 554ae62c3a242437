package dev.ratchet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

/**
 * {@code ratchet ui} end to end: the real command serves the dashboard, real runs are started as
 * child processes, and a real headless Chromium looks at them and repairs them. Runs are held at a
 * gate file rather than timed, so every wait is on a condition.
 */
class DashboardBrowserTest {
  private static final Pattern OPEN =
      Pattern.compile("open (http://\\S+/)(?:\\?token=([0-9a-f]+))?");

  private static final String ROW = "#runs tr[data-id='orders.jsonl.ratchet']";

  @TempDir Path root;
  @TempDir Path profile;
  private ChildCli cli;
  private ChildCli.Started ui;
  private ChildCli.Started run;
  private Browser browser;
  private URI url;
  private String token;

  @BeforeEach
  void startDashboard() throws Exception {
    cli = new ChildCli(root);
    ui = cli.start("ui", "--root", ".", "--port", "0", "--allow-actions");
    Matcher opened = awaitOutput(ui, OPEN);
    url = URI.create(opened.group(1));
    token = opened.group(2);
    browser = new Browser(profile);
  }

  @AfterEach
  void stop() throws Exception {
    if (browser != null) {
      browser.close();
    }
    if (ui != null) {
      ui.kill9();
    }
    if (run != null && run.process().isAlive()) {
      run.process().descendants().forEach(ProcessHandle::destroyForcibly);
      run.kill9(); // a run held at its gate by a test that failed early
    }
  }

  @Test
  void watchASlowRunFailThenRepairItWithTheToken() throws Exception {
    List<String> items =
        new ArrayList<>(IntStream.range(0, 30).mapToObj(i -> "order-" + i).toList());
    items.set(12, "<b>bad</b> order-12");
    items.set(20, "<img src=x onerror=\"document.title='pwned'\"> order-20");
    Files.write(root.resolve("orders.txt"), items);
    String exec =
        "n=${RATCHET_ITEM##*-}; if [ \"$n\" -ge 10 ]; then while [ ! -f release ]; do sleep 0.05;"
            + " done; fi; case \"$RATCHET_ITEM\" in *'<'*) [ -f fixed ] || { echo \"gateway"
            + " refused: $RATCHET_ITEM\" >&2; exit 3; };; esac; echo ok";
    run =
        cli.start(
            "process",
            "--input",
            "orders.txt",
            "--output",
            "orders.jsonl",
            "--batch-size",
            "5",
            "--progress",
            "none",
            "--exec",
            exec);

    WebDriver page = browser.driver();
    page.get(url + "?token=" + token);
    browser.await(
        "the run is shown running at 10 of 30", d -> progressOf(d).equals("10 / 30 done (33%)"));
    browser.await("its state is running", d -> inRow(d, ".badge").equals("running"));
    browser.screenshot("ui-runs.png");
    Files.createFile(root.resolve("release"));
    browser.await("progress moves on without a reload", d -> !progressOf(d).startsWith("10 /"));
    browser.await(
        "the bar is filled (by a style the page's policy allows)",
        d -> d.findElement(By.cssSelector(ROW + " .bar .fill")).getSize().getWidth() > 0);
    assertThat(run.waitFor()).as("two items fail").isEqualTo(1);

    // the list is redrawn as it polls: a link found a moment ago can be gone, so click in an await
    browser.await(
        "the run's link is clicked",
        d -> {
          d.findElement(By.linkText("orders.jsonl.ratchet")).click();
          return true;
        });
    browser.await("the failed run with its two failed items", d -> failedRows(d).size() == 2);
    assertThat(page.findElement(By.cssSelector(".meta .badge")).getText()).isEqualTo("failed");
    List<WebElement> errors = page.findElements(By.cssSelector("#failed .error-text"));
    assertThat(errors.get(0).getText())
        .isEqualTo("exit code 3: gateway refused: <b>bad</b> order-12");
    assertThat(errors.get(1).getText()).contains("<img src=x onerror=");
    assertThat(page.findElements(By.cssSelector("#failed b, #failed img"))).isEmpty();
    assertThat(page.getTitle()).isEqualTo("Ratchet");
    browser.screenshot("ui-run-failed.png");

    WebElement tokenBox = page.findElement(By.id("token"));
    tokenBox.clear();
    failedRows(page).get(0).findElement(By.tagName("button")).click();
    browser.await(
        "an action without the token is refused",
        d -> message(d).startsWith("Refused: missing or wrong token"));
    assertThat(failedRows(page)).hasSize(2);

    tokenBox.sendKeys(token);
    page.findElement(By.id("by")).sendKeys("ann");
    Files.createFile(root.resolve("fixed"));
    page.findElement(By.id("retry")).click();
    browser.await("the retry starts", d -> message(d).startsWith("Started the run again"));
    browser.await("the retried run finishes", d -> stateBadge(d).equals("succeeded"));
    assertThat(page.findElement(By.id("run-history")).getText())
        .contains("manual retry")
        .contains("ann@");
    assertThat(Files.readAllLines(root.resolve("orders.jsonl"))).hasSize(30);
    browser.screenshot("ui-run-repaired.png");
  }

  @Test
  void aPipelineGraphShowsItsFailedStepAndItsLog() throws Exception {
    Files.writeString(
        root.resolve("pipeline.yaml"),
        "name: nightly\nsteps:\n  extract:\n    run: echo extracted 3 rows\n  load:\n"
            + "    needs: [extract]\n    run: 'echo \"<i>db</i> unavailable\" >&2; exit 1'\n"
            + "  report:\n    needs: [load]\n    run: echo reported\n  audit:\n"
            + "    needs: [extract]\n    run: echo audited\n");
    assertThat(cli.run("run", "pipeline.yaml").exitCode()).isEqualTo(1);

    WebDriver page = browser.driver();
    page.get(url.resolve("/run?id=.ratchet/pipeline.yaml").toString());
    browser.await("the graph", d -> !d.findElements(By.cssSelector("#graph g.node")).isEmpty());
    assertThat(nodeState(page, "extract")).isEqualTo("done");
    assertThat(nodeState(page, "load")).isEqualTo("failed");
    assertThat(nodeState(page, "report")).isEqualTo("skipped");
    WebElement load = page.findElement(By.cssSelector("#steps tr[data-step='load']"));
    assertThat(load.getText()).contains("exit code 1").contains("<i>db</i> unavailable");
    assertThat(page.findElements(By.cssSelector("#steps i"))).isEmpty();
    browser.screenshot("ui-pipeline.png");
  }

  @Test
  void aRequestWithoutTheTokenIsRefusedAndTheServerListensOnLoopbackOnly() throws Exception {
    assertThat(url.getHost()).isEqualTo("127.0.0.1");
    HttpClient http = HttpClient.newHttpClient();
    HttpResponse<String> refused =
        http.send(
            HttpRequest.newBuilder(url.resolve("/api/actions"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"action\":\"clear\",\"id\":\"x\"}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(refused.statusCode()).isEqualTo(403);
    assertThat(refused.body()).contains("missing or wrong token");
    for (InetAddress address : otherAddressesOfThisMachine()) {
      try (Socket socket = new Socket(address, url.getPort())) {
        throw new AssertionError("the dashboard answered on " + address);
      } catch (ConnectException expected) {
        // refused: nothing listens there
      }
    }
    browser.driver().get(url.toString());
    browser.await("the runs page", d -> !d.findElements(By.id("runs")).isEmpty());
    assertThat(browser.driver().findElement(By.id("runs")).getText()).contains("No checkpoints");
  }

  private static List<InetAddress> otherAddressesOfThisMachine() throws IOException {
    List<InetAddress> addresses = new ArrayList<>();
    for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
      for (InetAddress address : Collections.list(nic.getInetAddresses())) {
        if (address instanceof Inet4Address && !address.isLoopbackAddress()) {
          addresses.add(address);
        }
      }
    }
    return addresses;
  }

  private static String progressOf(WebDriver page) {
    return inRow(page, ".progress-label");
  }

  /** The text of {@code selector} in the orders run's row, or "" while there is none. */
  private static String inRow(WebDriver page, String selector) {
    List<WebElement> found = page.findElements(By.cssSelector(ROW + " " + selector));
    return found.isEmpty() ? "" : found.get(0).getText();
  }

  private static List<WebElement> failedRows(WebDriver page) {
    return page.findElements(By.cssSelector("#failed tbody tr"));
  }

  private static String message(WebDriver page) {
    List<WebElement> text = page.findElements(By.id("message-text"));
    return text.isEmpty() ? "" : text.get(0).getText();
  }

  private static String stateBadge(WebDriver page) {
    List<WebElement> badge = page.findElements(By.cssSelector(".meta .badge"));
    return badge.isEmpty() ? "" : badge.get(0).getText();
  }

  private static String nodeState(WebDriver page, String step) {
    return page.findElement(By.cssSelector("#graph g.node[data-step='" + step + "']"))
        .getAttribute("data-state");
  }

  private static Matcher awaitOutput(ChildCli.Started child, Pattern pattern) throws Exception {
    long deadline = System.nanoTime() + Browser.DEADLINE.toNanos();
    while (System.nanoTime() < deadline) {
      Matcher matcher = pattern.matcher(child.outSoFar());
      if (matcher.find()) {
        return matcher;
      }
      if (!child.process().isAlive()) {
        throw new AssertionError("ratchet ui ended: " + child.result());
      }
      Thread.onSpinWait();
      Thread.sleep(20); // polling the child's output for a condition, not timing the test
    }
    throw new AssertionError("ratchet ui printed no address: " + child.outSoFar());
  }
}
