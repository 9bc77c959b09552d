package io.smgov.simulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.Set;

/**
 * Every distinct AWS operation the simulators of this JVM answered, and with which credentials:
 * {@code <service> <operation> <caller|role:NAME>}, one line each, appended to the file the system
 * property {@code smgov.simulator.census} names (the build sets it for the test suite; the IAM
 * policy test reads it). Off unless the property is set. The file is started afresh by the first
 * simulator of a JVM.
 */
final class Census {
  static final String PROPERTY = "smgov.simulator.census";
  private static final Set<String> SEEN = new HashSet<>();
  private static boolean started;

  private Census() {}

  /**
   * @param role the assumed role's name, or null for the caller's own credentials
   */
  static synchronized void record(String service, String operation, String role) {
    String file = System.getProperty(PROPERTY);
    if (file == null || file.isBlank() || operation == null) {
      return;
    }
    String line = service + " " + operation + " " + (role == null ? "caller" : "role:" + role);
    if (!SEEN.add(line)) {
      return;
    }
    try {
      Path path = Path.of(file);
      if (path.toAbsolutePath().getParent() != null) {
        Files.createDirectories(path.toAbsolutePath().getParent());
      }
      StandardOpenOption mode =
          started ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING;
      started = true;
      Files.writeString(
          path,
          line + "\n",
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.WRITE,
          mode);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write the request census to " + file, e);
    }
  }
}
