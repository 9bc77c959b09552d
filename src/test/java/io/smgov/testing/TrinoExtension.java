package io.smgov.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * One Trino per test run, shared by every test class that uses this extension: started on first
 * use, stopped when the run ends. Its {@code hive} catalog keeps tables in a file metastore over
 * local files under {@link #dataRoot()}, where tests put the warehouses Trino reads.
 */
public final class TrinoExtension implements ParameterResolver {
  private static final String KEY = "smgov.trino";

  /** Where warehouses for Trino live: table locations are local:/// paths below it. */
  public static Path dataRoot() {
    Path root = Path.of(System.getProperty("trino.work", "target/trino-work")).toAbsolutePath().resolve("warehouses");
    try {
      Files.createDirectories(root);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return root;
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == TrinoServer.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
        .getOrComputeIfAbsent(KEY, k -> new Resource(start()), Resource.class)
        .server;
  }

  private static TrinoServer start() {
    long started = System.currentTimeMillis();
    TrinoServer server = TrinoServer.start(Map.of("hive", Map.of(
        "connector.name", "hive",
        "hive.metastore", "file",
        "hive.metastore.catalog.dir", "local:///metastore",
        "fs.native-local.enabled", "true",
        "local.location", dataRoot().toString(),
        "hive.non-managed-table-writes-enabled", "true")));
    System.out.printf("Trino 476 started in %.1f s on port %d%n", (System.currentTimeMillis() - started) / 1000.0, server.port());
    return server;
  }

  /** Closed by JUnit when the run ends. */
  private record Resource(TrinoServer server) implements ExtensionContext.Store.CloseableResource {
    @Override
    public void close() {
      server.close();
    }
  }
}
