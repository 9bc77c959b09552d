package io.smgov.cli;

import io.smgov.aws.AwsClients;
import io.smgov.findings.FindingRecorder;
import io.smgov.sink.LocalWarehouse;
import io.smgov.sink.S3Warehouse;
import io.smgov.sink.Warehouse;
import io.smgov.sink.WarehouseLocation;
import io.smgov.views.EmbeddedEngine;
import io.smgov.views.Policy;

/**
 * A warehouse to read the views of and write to: a local folder with the embedded engine, or an
 * s3:// warehouse with Athena ({@code --athena-database}). What {@code findings record} and {@code
 * notify} share.
 */
final class WarehouseViews implements AutoCloseable {
  private final Warehouse store;
  private final FindingRecorder.Engine engine;
  private final AutoCloseable resource;

  private WarehouseViews(Warehouse store, FindingRecorder.Engine engine, AutoCloseable resource) {
    this.store = store;
    this.engine = engine;
    this.resource = resource;
  }

  /** Opens {@code warehouse}; {@code clients} serve Athena and S3 (closed by the caller). */
  static WarehouseViews open(
      String warehouse, Policy policy, AthenaOptions athena, AwsOptions aws, AwsClients clients) {
    if (warehouse == null) {
      throw new UsageException(
          "--warehouse is required: the folder or s3:// prefix smgov export wrote");
    }
    WarehouseLocation location;
    try {
      location = WarehouseLocation.parse(warehouse);
    } catch (IllegalArgumentException e) {
      throw new UsageException("--warehouse: " + e.getMessage());
    }
    if (location.isS3()) {
      if (!athena.given()) {
        throw new UsageException(
            "--warehouse "
                + warehouse
                + " is on S3: give --athena-database D (the Glue database smgov catalog apply keeps) so the views run on Athena");
      }
      Warehouse store = new S3Warehouse(location, clients.warehouseS3(aws.region(), null));
      FindingRecorder.Engine engine =
          FindingRecorder.Engine.of("athena", sql -> athena.query(clients, aws, sql));
      return new WarehouseViews(store, engine, () -> {});
    }
    if (athena.given()) {
      throw new UsageException(
          "--athena-database is for an s3:// warehouse; a local one is read with the embedded engine");
    }
    WarehouseOptions options = new WarehouseOptions();
    options.warehouse = warehouse;
    EmbeddedEngine local;
    try {
      local = EmbeddedEngine.open(options.checkedWarehouse(), policy);
    } catch (EmbeddedEngine.WarehouseException e) {
      throw new UsageException(e.getMessage());
    }
    FindingRecorder.Engine engine = FindingRecorder.Engine.duckdb(local);
    return new WarehouseViews(new LocalWarehouse(location), engine, local);
  }

  Warehouse store() {
    return store;
  }

  FindingRecorder.Engine engine() {
    return engine;
  }

  @Override
  public void close() throws Exception {
    resource.close();
  }
}
