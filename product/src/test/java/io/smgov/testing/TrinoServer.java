package io.smgov.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * One Trino 476 (the engine behind Athena engine v3) on loopback, started from the distribution the
 * build unpacked into {@code target/trino}, with a JDK 22+ found on this machine. Catalogs are
 * given at start. Missing JDK or distribution: an exception that says what to do, so the tests that
 * need Trino fail rather than skip.
 */
public final class TrinoServer implements AutoCloseable {
  /** Trino refuses Java 17: "Trino requires Java 22+". */
  private static final int MIN_JAVA = 22;

  private static final long START_TIMEOUT_SECONDS = 240;

  private final Process process;
  private final int port;
  private final Path work;
  private final Path log;
  private final long startMillis;

  private TrinoServer(Process process, int port, Path work, Path log, long startMillis) {
    this.process = process;
    this.port = port;
    this.work = work;
    this.log = log;
    this.startMillis = startMillis;
  }

  /**
   * Starts Trino with the given catalogs (name → properties). Blocks until the server reports it
   * has started, and fails with its log when it exits instead.
   */
  public static TrinoServer start(Map<String, Map<String, String>> catalogs) {
    Path home =
        Path.of(
                requiredProperty(
                    "trino.home",
                    "the Trino distribution (the build unpacks it: run 'mvn generate-test-resources')"))
            .toAbsolutePath();
    if (!Files.isDirectory(home.resolve("lib")) || !Files.isDirectory(home.resolve("plugin"))) {
      throw new IllegalStateException(
          "No Trino distribution at "
              + home
              + ": the build unpacks io.trino:trino-server-core and trino-hive there in"
              + " generate-test-resources; run 'mvn -B verify' (or 'mvn generate-test-resources') first");
    }
    Path java = javaExecutable();
    Path work =
        Path.of(System.getProperty("trino.work", "target/trino-work"))
            .toAbsolutePath()
            .resolve(UUID.randomUUID().toString().substring(0, 8));
    int port = freePort();
    try {
      Path etc = work.resolve("etc");
      Files.createDirectories(etc.resolve("catalog"));
      // Only the plugins the catalogs use: some bundled ones (exchange-filesystem) do not load
      // alone.
      Path plugins = work.resolve("plugin");
      Files.createDirectories(plugins);
      try (Stream<Path> bundled = Files.list(home.resolve("plugin"))) {
        for (Path plugin :
            bundled.filter(p -> p.getFileName().toString().startsWith("trino-hive")).toList()) {
          Files.createSymbolicLink(plugins.resolve(plugin.getFileName()), plugin);
        }
      }
      write(
          etc.resolve("config.properties"),
          Map.of(
              "coordinator",
              "true",
              "node-scheduler.include-coordinator",
              "true",
              "http-server.http.port",
              Integer.toString(port),
              "discovery.uri",
              "http://127.0.0.1:" + port,
              "query.max-memory",
              "1GB",
              "query.max-memory-per-node",
              "1GB",
              "plugin.dir",
              plugins.toString(),
              "catalog.config-dir",
              etc.resolve("catalog").toString()));
      write(etc.resolve("log.properties"), Map.of("io.trino", "WARN", "io.airlift", "WARN"));
      for (Map.Entry<String, Map<String, String>> catalog : catalogs.entrySet()) {
        write(etc.resolve("catalog").resolve(catalog.getKey() + ".properties"), catalog.getValue());
      }
      Path log = work.resolve("server.log");
      List<String> command =
          new ArrayList<>(
              List.of(
                  java.toString(),
                  "-Xmx2G",
                  "-XX:+UseG1GC",
                  "-XX:+ExitOnOutOfMemoryError",
                  "-XX:-OmitStackTraceInFastThrow",
                  "-XX:ReservedCodeCacheSize=256M",
                  "-XX:+EnableDynamicAgentLoading",
                  "-Djdk.attach.allowAttachSelf=true",
                  "-Dfile.encoding=UTF-8",
                  "-Duser.timezone=UTC",
                  "-Dconfig=" + etc.resolve("config.properties"),
                  "-Dlog.levels-file=" + etc.resolve("log.properties"),
                  "-Dlog.path=" + work.resolve("server.log"),
                  "-Dnode.environment=smgov_test",
                  "-Dnode.id=" + UUID.randomUUID(),
                  "-Dnode.data-dir=" + work.resolve("data"),
                  "-Dnode.internal-address=127.0.0.1",
                  "-Dnode.bind-ip=127.0.0.1",
                  "-cp",
                  home.resolve("lib") + "/*",
                  "io.trino.server.TrinoServer"));
      long started = System.currentTimeMillis();
      Process process =
          new ProcessBuilder(command)
              .directory(work.toFile())
              .redirectErrorStream(true)
              .redirectOutput(work.resolve("stdout.log").toFile())
              .start();
      TrinoServer server = new TrinoServer(process, port, work, log, started);
      server.awaitStarted();
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot start Trino in " + work + ": " + e.getMessage(), e);
    }
  }

  /**
   * Waits until the coordinator answers {@code /v1/info} with {@code "starting":false}, failing
   * with the log's tail when the process exits first or the start takes longer than the timeout.
   */
  private void awaitStarted() {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(START_TIMEOUT_SECONDS);
    HttpClient http = HttpClient.newHttpClient();
    HttpRequest info =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/info")).build();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "Trino exited with code "
                + process.exitValue()
                + " before it started; log "
                + log
                + ":\n"
                + tail());
      }
      try {
        var response = http.send(info, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 200 && response.body().contains("\"starting\":false")) {
          return;
        }
      } catch (IOException notListeningYet) {
        // the coordinator is still booting
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while Trino started", e);
      }
      try {
        process.waitFor(250, TimeUnit.MILLISECONDS); // returns at once if the process exits
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while Trino started", e);
      }
    }
    process.destroyForcibly();
    throw new IllegalStateException(
        "Trino did not start within " + START_TIMEOUT_SECONDS + " s; log " + log + ":\n" + tail());
  }

  private String tail() {
    try {
      List<String> lines = new ArrayList<>();
      for (Path file : List.of(log, work.resolve("stdout.log"))) {
        if (Files.exists(file)) {
          List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
          lines.addAll(all.subList(Math.max(0, all.size() - 30), all.size()));
        }
      }
      return String.join("\n", lines);
    } catch (IOException e) {
      return "(log unreadable: " + e.getMessage() + ")";
    }
  }

  public int port() {
    return port;
  }

  public long startMillis() {
    return startMillis;
  }

  public Connection connect(String catalog) throws SQLException {
    Properties properties = new Properties();
    properties.setProperty("user", "smgov-test");
    return DriverManager.getConnection(
        "jdbc:trino://127.0.0.1:" + port + "/" + catalog, properties);
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
    try (Stream<Path> paths = Files.walk(work.resolve("data"))) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // scratch only
    }
  }

  // ---------------------------------------------------------------- JDK discovery

  /**
   * A JDK 22+: {@code TRINO_JAVA_HOME}, {@code JAVA_HOME_25}, {@code JAVA_HOME} if new enough, then
   * the machine's JVM folders (Debian/Ubuntu /usr/lib/jvm, macOS, SDKMAN), newest first.
   */
  static Path javaExecutable() {
    List<Path> candidates = new ArrayList<>();
    for (String variable : List.of("TRINO_JAVA_HOME", "JAVA_HOME_25", "JAVA_HOME")) {
      Optional.ofNullable(System.getenv(variable))
          .filter(s -> !s.isBlank())
          .map(Path::of)
          .ifPresent(candidates::add);
    }
    for (Path folder :
        List.of(
            Path.of("/usr/lib/jvm"),
            Path.of("/Library/Java/JavaVirtualMachines"),
            Path.of(System.getProperty("user.home"), ".sdkman", "candidates", "java"),
            Path.of("/opt/java"))) {
      if (Files.isDirectory(folder)) {
        try (Stream<Path> children = Files.list(folder)) {
          children
              .map(
                  c ->
                      Files.isDirectory(c.resolve("Contents/Home"))
                          ? c.resolve("Contents/Home")
                          : c)
              .sorted(Comparator.comparing(TrinoServer::majorVersion).reversed())
              .forEach(candidates::add);
        } catch (IOException ignored) {
          // not readable: skip
        }
      }
    }
    for (Path candidate : candidates) {
      Path java = candidate.resolve("bin").resolve("java");
      if (Files.isExecutable(java) && majorVersion(candidate) >= MIN_JAVA) {
        return java;
      }
    }
    throw new IllegalStateException(
        "Trino needs Java "
            + MIN_JAVA
            + " or newer and none was found (looked at TRINO_JAVA_HOME, JAVA_HOME_25, JAVA_HOME,"
            + " /usr/lib/jvm, /Library/Java/JavaVirtualMachines, ~/.sdkman). Install a JDK 25 (e.g. Temurin) and set"
            + " TRINO_JAVA_HOME to it.");
  }

  /** The major version from a JDK's {@code release} file (JAVA_VERSION="25.0.1"), 0 if unknown. */
  static int majorVersion(Path home) {
    Path release = home.resolve("release");
    if (!Files.isRegularFile(release)) {
      return 0;
    }
    try {
      for (String line : Files.readAllLines(release, StandardCharsets.UTF_8)) {
        if (line.startsWith("JAVA_VERSION=")) {
          String version = line.substring("JAVA_VERSION=".length()).replace("\"", "");
          String major = version.startsWith("1.") ? version.substring(2) : version;
          int end = 0;
          while (end < major.length() && Character.isDigit(major.charAt(end))) {
            end++;
          }
          return end == 0 ? 0 : Integer.parseInt(major.substring(0, end));
        }
      }
    } catch (IOException | NumberFormatException ignored) {
      // unknown
    }
    return 0;
  }

  private static String requiredProperty(String name, String what) {
    String value = System.getProperty(name);
    if (value == null || value.isBlank()) {
      throw new IllegalStateException(
          "System property "
              + name
              + " ("
              + what
              + ") is not set: run the tests through Maven, which sets it");
    }
    return value;
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void write(Path file, Map<String, String> properties) throws IOException {
    StringBuilder text = new StringBuilder();
    properties.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(e -> text.append(e.getKey()).append('=').append(e.getValue()).append('\n'));
    Files.writeString(file, text.toString(), StandardCharsets.UTF_8);
  }
}
