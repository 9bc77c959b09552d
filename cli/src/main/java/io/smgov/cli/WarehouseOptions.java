package io.smgov.cli;

import io.smgov.run.WarehouseAudit;
import io.smgov.sink.LocalWarehouse;
import io.smgov.sink.WarehouseLocation;
import io.smgov.views.EmbeddedEngine;
import io.smgov.views.Policy;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/** The options every command that reads a warehouse shares. */
final class WarehouseOptions {
  @Option(
      names = "--warehouse",
      paramLabel = "DIR",
      description = "The warehouse folder smgov export wrote.")
  String warehouse;

  @Option(
      names = "--policy",
      paramLabel = "FILE",
      description =
          "Governance policy YAML: stale_after_days (90), pending_after_days (14), required_tags ([owner]), idle_days (30), latency_p90_ms (500), min_approval_note_chars (1), approver_roles (ARN globs; APPROVER_NOT_AUTHORIZED is silent without), required_evidence (report kinds or metric:<name>, for all or per business unit; MISSING_REQUIRED_EVIDENCE is silent without). See the README's Policy section.")
  Path policy;

  Path localWarehouse() {
    if (warehouse == null) {
      throw new UsageException("--warehouse is required: the folder smgov export wrote");
    }
    WarehouseLocation location;
    try {
      location = WarehouseLocation.parse(warehouse);
    } catch (IllegalArgumentException e) {
      throw new UsageException("--warehouse: " + e.getMessage());
    }
    if (location.isS3()) {
      throw new UsageException(
          "--warehouse "
              + warehouse
              + ": the embedded engine reads local warehouses only; query an S3 warehouse through"
              + " Athena (smgov findings --athena-database D) or copy it locally (aws s3 sync "
              + warehouse
              + " DIR)");
    }
    return location.localRoot().orElseThrow();
  }

  /**
   * The local warehouse, once each account and region's newest snapshot holds what its export_runs
   * say was written; else {@link DamagedWarehouseException}.
   */
  Path checkedWarehouse() {
    Path root = localWarehouse();
    if (!Files.isDirectory(root)) {
      return root; // the engine names a missing warehouse
    }
    WarehouseAudit.Result audit =
        WarehouseAudit.newest(new LocalWarehouse(WarehouseLocation.parse(root.toString())));
    if (!audit.whole()) {
      throw new DamagedWarehouseException(root.toString(), audit.problems());
    }
    return root;
  }

  /**
   * Names the damaged files of older snapshots the engine set aside, on stderr: those days read
   * short, and smgov verify lists what to restore.
   */
  static void warnSkipped(EmbeddedEngine engine, PrintWriter err) {
    List<String> skipped = engine.skipped();
    if (!skipped.isEmpty()) {
      err.println(
          "smgov: warning: "
              + skipped.size()
              + (skipped.size() == 1 ? " damaged object" : " damaged objects")
              + " of older snapshots set aside (their days read short; smgov verify lists what to"
              + " restore): "
              + String.join(", ", skipped));
      err.flush();
    }
  }

  Policy policy() {
    return policy == null ? Policy.defaults() : Policy.load(policy);
  }
}
