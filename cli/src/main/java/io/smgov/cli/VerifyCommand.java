package io.smgov.cli;

import io.smgov.aws.AwsClients;
import io.smgov.run.WarehouseAudit;
import io.smgov.sink.LocalWarehouse;
import io.smgov.sink.S3Warehouse;
import io.smgov.sink.WarehouseLocation;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code smgov verify}: every snapshot against what its export_runs say was written. */
@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
    header = "Check that the warehouse holds what its exports say they wrote.",
    description = {
      "Each export records in export_runs how many rows it wrote to each table for its snapshot, region and account. verify checks every snapshot (the newest run of each day that did not fail): each object must exist, read as Parquet and hold that many rows. It lists every problem, each with the object and what export_runs recorded.",
      "findings, report and query make the same check on each account and region's newest snapshot before they read it, and stop (exit 1) rather than show fewer findings.",
      "An S3 warehouse is read with the caller's credentials (s3:ListBucket, s3:GetObject); each object is downloaded once into a temporary folder."
    },
    footer = {"", "Exit codes: 0 every snapshot whole, 1 a problem was found, 2 bad options."})
final class VerifyCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--warehouse",
      paramLabel = "DIR|s3://…",
      required = true,
      description = "The warehouse: a local folder or s3://bucket/prefix.")
  String warehouse;

  @Mixin AwsOptions aws;

  @Override
  public Integer call() {
    WarehouseLocation location;
    try {
      location = WarehouseLocation.parse(warehouse);
    } catch (IllegalArgumentException e) {
      throw new UsageException("--warehouse: " + e.getMessage());
    }
    if (!location.isS3() && !Files.isDirectory(location.localRoot().orElseThrow())) {
      throw new UsageException("There is no warehouse at " + warehouse);
    }
    WarehouseAudit.Result result;
    if (location.isS3()) {
      try (AwsClients clients = aws.clients()) {
        result =
            WarehouseAudit.all(new S3Warehouse(location, clients.warehouseS3(aws.region(), null)));
      }
    } else {
      result = WarehouseAudit.all(new LocalWarehouse(location));
    }
    PrintWriter out = spec.commandLine().getOut();
    result.problems().forEach(p -> out.println(p));
    out.printf(
        "%s: %d snapshots, %d objects checked, %s%n",
        location,
        result.snapshots(),
        result.objects(),
        result.whole()
            ? "every object present and whole"
            : result.problems().size()
                + (result.problems().size() == 1 ? " problem" : " problems"));
    out.flush();
    return result.whole() ? ExitCodes.OK : ExitCodes.FATAL;
  }
}
