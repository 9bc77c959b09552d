package io.smgov.testing;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Headless Chromium from the system packages (Debian's {@code chromium} and {@code
 * chromium-driver}, which {@code .ci/run} installs): found on PATH, or at $CHROME_BIN /
 * $CHROMEDRIVER. Nothing is downloaded; without them the browser tests fail and say what to
 * install.
 */
public final class Chromium {
  private static final List<String> BROWSERS =
      List.of("chromium", "chromium-browser", "google-chrome", "google-chrome-stable");

  private Chromium() {}

  /**
   * A headless browser with a fixed window size (so screenshots are comparable across machines).
   */
  public static ChromeDriver start(int width, int height) {
    Path browser = find("CHROME_BIN", BROWSERS);
    Path driver = find("CHROMEDRIVER", List.of("chromedriver"));
    ChromeOptions options = new ChromeOptions();
    options.setBinary(browser.toFile());
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-extensions",
        "--disable-background-networking",
        "--no-first-run",
        "--hide-scrollbars",
        "--window-size=" + width + "," + height);
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(driver.toFile())
            .usingAnyFreePort()
            .build();
    ChromeDriver chrome = new ChromeDriver(service, options);
    chrome.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
    return chrome;
  }

  private static Path find(String variable, List<String> names) {
    Optional<Path> found =
        Optional.ofNullable(System.getenv(variable))
            .filter(v -> !v.isBlank())
            .map(Path::of)
            .filter(Files::isExecutable)
            .or(() -> names.stream().flatMap(Chromium::onPath).findFirst());
    return found.orElseThrow(
        () ->
            new IllegalStateException(
                "No "
                    + names.get(0)
                    + " found on PATH or in $"
                    + variable
                    + ". The browser tests use the system's Chromium:"
                    + " apt-get install chromium chromium-driver (.ci/run does this when they are missing)."));
  }

  private static Stream<Path> onPath(String name) {
    String path = System.getenv().getOrDefault("PATH", "");
    return Stream.of(path.split(File.pathSeparator))
        .filter(dir -> !dir.isBlank())
        .map(dir -> Path.of(dir, name))
        .filter(Files::isExecutable);
  }
}
