package io.smgov.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The checkout's root folder, whichever module's tests run: the tests read {@code sql/}, {@code
 * glue/}, {@code deploy/}, {@code docs/} and the launchers from there. The build names it (system
 * property {@code smgov.root}); elsewhere (an IDE) it is the nearest folder upwards that holds the
 * {@code smgov} launcher and {@code sql/}.
 */
public final class Checkout {
  private Checkout() {}

  public static Path root() {
    String named = System.getProperty("smgov.root");
    if (named != null) {
      return Path.of(named).toAbsolutePath().normalize();
    }
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve("smgov")) && Files.isDirectory(dir.resolve("sql"))) {
        return dir;
      }
    }
    throw new IllegalStateException(
        "Cannot find the checkout's root from "
            + Path.of("").toAbsolutePath()
            + ": set -Dsmgov.root=DIR (the folder with the smgov launcher)");
  }

  public static Path resolve(String relative) {
    return root().resolve(relative);
  }
}
