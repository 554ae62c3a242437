package dev.ratchet.cli;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.function.Function;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A real headless Chromium driven by Selenium through the system's chromedriver (Debian's {@code
 * chromium} and {@code chromium-driver}, which {@code .ci/run} installs), with a fresh profile.
 * Waits are explicit conditions with a generous deadline, never fixed sleeps.
 */
final class Browser implements AutoCloseable {
  static final Duration DEADLINE = Duration.ofSeconds(60);

  private final ChromeDriver driver;

  Browser(Path profile) {
    ChromeOptions options = new ChromeOptions();
    options.setBinary(executable("chromium").toString());
    options.addArguments(
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--no-first-run",
        "--user-data-dir=" + profile.toAbsolutePath(),
        "--window-size=1280,960");
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(executable("chromedriver").toFile())
            .usingAnyFreePort()
            .build();
    driver = new ChromeDriver(service, options);
  }

  WebDriver driver() {
    return driver;
  }

  /**
   * Waits until {@code condition} returns something other than null or false. The page re-renders
   * its tables as it polls, so an element found a moment ago can be gone: the condition is then
   * simply evaluated again.
   */
  <T> T await(String what, Function<WebDriver, T> condition) {
    return new WebDriverWait(driver, DEADLINE)
        .withMessage(what)
        .ignoring(StaleElementReferenceException.class)
        .until(condition);
  }

  /** Saves a screenshot to the directory named by -Dratchet.screenshots, if set (for docs). */
  void screenshot(String name) {
    String dir = System.getProperty("ratchet.screenshots");
    if (dir == null) {
      return;
    }
    File shot = driver.getScreenshotAs(OutputType.FILE);
    try {
      Files.createDirectories(Path.of(dir));
      Files.copy(shot.toPath(), Path.of(dir, name), StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    driver.quit();
  }

  private static Path executable(String name) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      Path candidate = Path.of(dir, name);
      if (Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    throw new IllegalStateException(
        name
            + " is not on the PATH: install Debian's chromium and chromium-driver"
            + " (apt-get install -y chromium chromium-driver; .ci/run does it)");
  }
}
