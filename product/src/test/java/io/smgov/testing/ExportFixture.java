package io.smgov.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smgov.aws.AwsClients;
import io.smgov.aws.AwsEndpoints;
import io.smgov.config.ExportConfig;
import io.smgov.config.ExportConfigBuilder;
import io.smgov.findings.FindingRecorder;
import io.smgov.run.ExportJob;
import io.smgov.run.ProgressLog;
import io.smgov.simulator.GeneratedEstate;
import io.smgov.simulator.PortfolioGenerator;
import io.smgov.simulator.PortfolioLoader;
import io.smgov.simulator.RequestLog;
import io.smgov.simulator.Simulator;
import io.smgov.sink.LocalWarehouse;
import io.smgov.sink.WarehouseLocation;
import io.smgov.views.EmbeddedEngine;
import io.smgov.views.Policy;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A generated portfolio served by the simulator, and real exports against it: what the export tests
 * share.
 */
public final class ExportFixture implements AutoCloseable {
  public final PortfolioGenerator.Spec spec;
  public final ObjectNode document;
  public final GeneratedEstate estate;
  public final Simulator simulator;
  private final AwsClients clients;
  private final ByteArrayOutputStream logBuffer = new ByteArrayOutputStream();

  private ExportFixture(
      PortfolioGenerator.Spec spec,
      ObjectNode document,
      GeneratedEstate estate,
      Optional<URI> warehouseEndpoint,
      Optional<URI> catalogEndpoint) {
    this.spec = spec;
    this.document = document;
    this.estate = estate;
    this.simulator =
        Simulator.start(
            PortfolioLoader.fromJson(document, "fixture"), Simulator.Options.defaults());
    AwsEndpoints endpoints = AwsEndpoints.all(simulator.endpoint());
    if (catalogEndpoint.isPresent()) {
      endpoints =
          endpoints
              .with(AwsEndpoints.GLUE, catalogEndpoint.get())
              .with(AwsEndpoints.ATHENA, catalogEndpoint.get());
    }
    this.clients = TestAws.clients(endpoints, warehouseEndpoint);
  }

  public static ExportFixture start(PortfolioGenerator.Spec spec) {
    return start(spec, d -> {}, Optional.empty());
  }

  /** {@code edit} changes the generated document before it is served. */
  public static ExportFixture start(
      PortfolioGenerator.Spec spec, Consumer<ObjectNode> edit, Optional<URI> warehouseEndpoint) {
    return start(spec, edit, warehouseEndpoint, Optional.empty());
  }

  /** As above, with Glue and Athena answered by another simulator (the one Trino reads). */
  public static ExportFixture start(
      PortfolioGenerator.Spec spec,
      Consumer<ObjectNode> edit,
      Optional<URI> warehouseEndpoint,
      Optional<URI> catalogEndpoint) {
    PortfolioGenerator.Generated generated = PortfolioGenerator.generate(spec);
    edit.accept(generated.portfolio());
    return new ExportFixture(
        spec, generated.portfolio(), generated.estate(), warehouseEndpoint, catalogEndpoint);
  }

  public List<String> accounts() {
    List<String> accounts = new ArrayList<>();
    document.path("accounts").fieldNames().forEachRemaining(accounts::add);
    return accounts;
  }

  /**
   * The default options of a fixture run: every account through the reader role, fixed snapshot
   * time.
   */
  public ExportConfigBuilder options(String warehouse, String snapshotTime) {
    return new ExportConfigBuilder()
        .warehouse(warehouse)
        .accounts(String.join(",", accounts()))
        .regions(String.join(",", spec.regions()))
        .roleName(PortfolioGenerator.READER_ROLE)
        .externalId(PortfolioGenerator.EXTERNAL_ID)
        // The rate limiter has its own test; here it would only make the suite slow.
        .requestsPerSecond(500.0)
        .snapshotTime(snapshotTime);
  }

  public ExportJob.Outcome export(Path warehouse, String snapshotTime) throws InterruptedException {
    return export(options(warehouse.toString(), snapshotTime));
  }

  public ExportJob.Outcome export(ExportConfigBuilder options) throws InterruptedException {
    ExportConfig config = options.build();
    PrintStream out = new PrintStream(logBuffer, true, StandardCharsets.UTF_8);
    return new ExportJob(config, clients, new ProgressLog(out, config.logFormat())).run();
  }

  /**
   * Records the findings of the warehouse's newest snapshots under {@code policy}, as {@code smgov
   * findings record} does on a local warehouse.
   */
  public static FindingRecorder.Outcome recordFindings(Path warehouse, Policy policy)
      throws InterruptedException {
    try (EmbeddedEngine engine = EmbeddedEngine.open(warehouse, policy)) {
      FindingRecorder.Engine local = FindingRecorder.Engine.duckdb(engine);
      return FindingRecorder.record(
          local,
          new LocalWarehouse(WarehouseLocation.parse(warehouse.toString())),
          policy,
          "test-policy",
          Clock.systemUTC());
    }
  }

  public String log() {
    return logBuffer.toString(StandardCharsets.UTF_8);
  }

  public RequestLog requests() {
    return simulator.requestLog();
  }

  /** The portfolio data of one account and region. */
  public JsonNode region(String account, String region) {
    return document.path("accounts").path(account).path(region);
  }

  @Override
  public void close() {
    clients.close();
    simulator.close();
  }
}
