package io.smgov.cli;

import static io.smgov.cli.CliTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smgov.simulator.PortfolioGenerator;
import io.smgov.testing.ExportFixture;
import io.smgov.testing.Warehouses;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * smgov findings record, --changes and the waivers of a policy, on a warehouse exported twice: each
 * newest snapshot recorded once, waived findings left out of the list (and of --fail-on), a policy
 * whose waiver lacks a field or has expired refused with the waiver named, and nothing written.
 */
class FindingsRecordCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final PortfolioGenerator.Spec SPEC =
      new PortfolioGenerator.Spec(
          2, List.of("eu-west-1"), 4, 5, 9L, PortfolioGenerator.DEFAULT_AS_OF);
  private static final Instant DAY2 = PortfolioGenerator.DEFAULT_AS_OF;
  private static final Instant DAY1 = DAY2.minusSeconds(86_400);

  @TempDir Path dir;

  List<JsonNode> jsonl(CliTest.Run run) throws Exception {
    List<JsonNode> rows = new ArrayList<>();
    for (String line : run.out().lines().toList()) {
      rows.add(JSON.readTree(line));
    }
    return rows;
  }

  Path policy(String waivers) throws Exception {
    Path file = Files.createTempFile(dir, "policy-", ".yaml");
    Files.writeString(file, waivers);
    return file;
  }

  @Test
  void recordStoresEachNewestSnapshotOnceAndWaiversAcceptFindingsOnPurpose() throws Exception {
    Path warehouse = dir.resolve("warehouse");
    String wh = warehouse.toString();
    try (ExportFixture fixture = ExportFixture.start(SPEC)) {
      fixture.export(warehouse, DAY1.toString());
    }
    // Nothing recorded yet: no changes to show.
    CliTest.Run none = run("findings", "--warehouse", wh, "--changes");
    assertThat(none.exitCode()).isZero();
    assertThat(none.out()).contains("0 changes: 0 opened, 0 resolved");

    List<JsonNode> all = jsonl(run("findings", "--warehouse", wh, "--format", "jsonl"));
    assertThat(all).isNotEmpty();
    // Waive every finding of the first finding's rule in its account (a glob over its ARNs).
    String rule = all.get(0).path("rule_id").asText();
    String account = all.get(0).path("account_id").asText();
    long ofRule =
        all.stream()
            .filter(
                f ->
                    f.path("rule_id").asText().equals(rule)
                        && f.path("resource_arn").asText().contains(":" + account + ":"))
            .count();
    Path waiving =
        policy(
            "waivers:\n"
                + "  - rule_id: "
                + rule
                + "\n    resource: 'arn:aws:sagemaker:*:"
                + account
                + ":*'\n    reason: accepted for the test\n"
                + "    approved_by: the test\n    expires: 2099-12-31\n"
                + "  - rule_id: MISSING_LINEAGE\n    resource: arn:aws:sagemaker:eu-west-1:000000000000:model-package/none/1\n"
                + "    reason: matches nothing\n    approved_by: the test\n    expires: 2099-12-31\n");

    CliTest.Run record =
        run("findings", "record", "--warehouse", wh, "--policy", waiving.toString());
    assertThat(record.exitCode()).as(record.err()).isZero();
    assertThat(record.out())
        .contains(
            "Recorded 2 snapshots ("
                + all.size()
                + " findings, "
                + ofRule
                + " waived); 0 already recorded as they are.");
    assertThat(record.err())
        .contains(
            "the waiver of MISSING_LINEAGE on arn:aws:sagemaker:eu-west-1:000000000000:model-package/none/1 accepts no finding");
    assertThat(Warehouses.rows(warehouse, "finding_runs")).hasSize(2);
    assertThat(Warehouses.rows(warehouse, "findings")).hasSize(all.size());
    assertThat(Warehouses.rows(warehouse, "waivers")).hasSize(4); // 2 waivers x 2 accounts

    // The same snapshots again: nothing to record.
    CliTest.Run again =
        run("findings", "record", "--warehouse", wh, "--policy", waiving.toString());
    assertThat(again.out())
        .contains("Recorded 0 snapshots (0 findings, 0 waived); 2 already recorded as they are.");

    // The list leaves the waived findings out, unless asked.
    CliTest.Run listed =
        run("findings", "--warehouse", wh, "--policy", waiving.toString(), "--format", "jsonl");
    assertThat(jsonl(listed)).hasSize(all.size() - (int) ofRule);
    assertThat(listed.err())
        .contains(ofRule + " findings accepted by the policy's waivers are left out");
    assertThat(
            jsonl(
                run(
                    "findings",
                    "--warehouse",
                    wh,
                    "--policy",
                    waiving.toString(),
                    "--format",
                    "jsonl",
                    "--include-waived")))
        .hasSize(all.size());

    // Every finding of the first record is new.
    CliTest.Run changes = run("findings", "--warehouse", wh, "--changes", "--format", "csv");
    assertThat(changes.out().lines().findFirst().orElseThrow())
        .isEqualTo(
            "snapshot_date,previous_snapshot_date,account_id,region,rule_id,category,severity,"
                + "model_package_group_name,model_package_arn,model_package_version,endpoint_name,"
                + "variant_name,owner,business_unit,detail,resource_arn,finding_id,change");
    assertThat(changes.out().lines().count()).isEqualTo(1 + all.size() - ofRule);
  }

  @Test
  void aWaiverWithoutAFieldOrOverTheWholeEstateIsRefusedAndAnExpiredOneFailsAfterRecording()
      throws Exception {
    Path warehouse = dir.resolve("warehouse");
    String wh = warehouse.toString();
    try (ExportFixture fixture = ExportFixture.start(SPEC)) {
      fixture.export(warehouse, DAY1.toString());
    }
    Path lacking =
        policy(
            "waivers:\n  - rule_id: IDLE_ENDPOINT\n    resource: arn:aws:sagemaker:*:111111111111:*\n"
                + "    approved_by: someone\n    expires: 2099-01-01\n");
    CliTest.Run refused =
        run("findings", "record", "--warehouse", wh, "--policy", lacking.toString());
    assertThat(refused.exitCode()).isEqualTo(2);
    assertThat(refused.err()).contains("waivers[1] lacks reason");

    Path everything =
        policy(
            "waivers:\n  - rule_id: IDLE_ENDPOINT\n    resource: 'arn:aws:sagemaker:*'\n"
                + "    reason: all of them\n    approved_by: someone\n    expires: 2099-01-01\n");
    CliTest.Run estate =
        run("findings", "record", "--warehouse", wh, "--policy", everything.toString());
    assertThat(estate.exitCode()).isEqualTo(2);
    assertThat(estate.err()).contains("must be a SageMaker ARN (or glob) naming its account");
    assertThat(Warehouses.rows(warehouse, "finding_runs")).isEmpty();

    // The snapshot is of 2026-10-31; a waiver whose last day was 2026-10-30 has expired: the day
    // is recorded with its findings open, then the record fails naming the waiver.
    Path expired =
        policy(
            "waivers:\n  - rule_id: IDLE_ENDPOINT\n    resource: arn:aws:sagemaker:*:111111111111:*\n"
                + "    reason: seasonal\n    approved_by: jane\n    expires: 2026-10-30\n");
    CliTest.Run late = run("findings", "record", "--warehouse", wh, "--policy", expired.toString());
    assertThat(late.exitCode()).isEqualTo(2);
    assertThat(late.err())
        .contains(
            "the waiver of IDLE_ENDPOINT on arn:aws:sagemaker:*:111111111111:* (approved by jane) expired on 2026-10-30");
    assertThat(Warehouses.rows(warehouse, "finding_runs")).hasSize(2);
    assertThat(Warehouses.rows(warehouse, "findings"))
        .allSatisfy(f -> assertThat(f.get("waiver_resource")).isNull());
  }
}
