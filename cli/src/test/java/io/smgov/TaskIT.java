package io.smgov;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smgov.aws.AwsClients;
import io.smgov.aws.AwsEndpoints;
import io.smgov.aws.CallCounter;
import io.smgov.catalog.AthenaQueries;
import io.smgov.simulator.PortfolioGenerator;
import io.smgov.testing.Checkout;
import io.smgov.testing.ExportFixture;
import io.smgov.testing.TestAws;
import io.smgov.testing.TrinoExtension;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.glue.GlueClient;

/**
 * The container's entry point as ECS runs it ({@code deploy/bin/smgov-task}, configured only by the
 * task definition's environment) over the packaged jar: the scheduled run exports every account to
 * S3 (S3Proxy) and keeps Glue and the Athena views in step (the simulators, Trino behind Athena);
 * an approval event, delivered twice and then again out of order, refreshes its version to what
 * SageMaker holds now.
 */
@ExtendWith(TrinoExtension.class)
class TaskIT {
  private static final Path CHECKOUT = Checkout.root();
  private static final PortfolioGenerator.Spec SPEC =
      new PortfolioGenerator.Spec(
          2, List.of("eu-west-1"), 3, 4, 17L, PortfolioGenerator.DEFAULT_AS_OF);

  record Result(int exitCode, String out) {}

  @Test
  void theScheduledRunCataloguesTheExportAndBatchesOfApprovalEventsRefreshTheirVersion(
      TrinoExtension.Environment env) throws Exception {
    String bucket = "smgov-task-" + UUID.randomUUID().toString().substring(0, 8);
    String database = "task_" + UUID.randomUUID().toString().substring(0, 8);
    String warehouse = "s3://" + bucket + "/smgov";
    try (AwsClients clients =
            TestAws.clients(env.aws().endpoint(), Optional.of(env.s3().endpoint()));
        ExportFixture registry =
            ExportFixture.start(SPEC, d -> {}, Optional.of(env.s3().endpoint()))) {
      clients.warehouseS3(Region.EU_WEST_1, new CallCounter()).createBucket(r -> r.bucket(bucket));
      Map<String, String> task =
          new HashMap<>(
              Map.of(
                  "SMGOV_WAREHOUSE",
                  warehouse,
                  "SMGOV_ACCOUNTS",
                  String.join(",", registry.accounts()),
                  "SMGOV_REGIONS",
                  "eu-west-1",
                  "SMGOV_ROLE_NAME",
                  PortfolioGenerator.READER_ROLE,
                  "SMGOV_EXTERNAL_ID",
                  PortfolioGenerator.EXTERNAL_ID,
                  "SMGOV_GLUE_DATABASE",
                  database,
                  "SMGOV_ATHENA_WORKGROUP",
                  "primary"));
      task.put("SMGOV_NOTIFY_EVENT_BUS", "default");
      task.put("SMGOV_NOTIFY_SECURITY_HUB", "true");

      Result scheduled = task(task, registry.simulator.endpoint(), env);
      assertThat(scheduled.exitCode()).as(scheduled.out()).isZero();
      assertThat(scheduled.out().lines().filter(l -> l.startsWith("{")))
          .as("export logs JSON lines for CloudWatch")
          .isNotEmpty()
          .allSatisfy(l -> new ObjectMapper().readTree(l));
      GlueClient glue = clients.glue(Region.EU_WEST_1);
      assertThat(glue.getTables(r -> r.databaseName(database)).tableList())
          .extracting(t -> t.name())
          .contains("model_packages", "export_runs", "governance_findings", "rollback_targets");
      AthenaQueries athena =
          new AthenaQueries(
              clients.athena(Region.EU_WEST_1),
              database,
              Optional.of("primary"),
              Optional.of("s3://" + bucket + "/athena-results/"));
      assertThat(count(athena, "SELECT count(*) FROM model_versions"))
          .isEqualTo(SPEC.totalVersions());

      // The run recorded both accounts' snapshots and sent the high and critical findings they
      // opened (every finding is new on a first run), once to EventBridge and once to Security Hub.
      assertThat(scheduled.out()).contains("Recorded 2 snapshots");
      String caller = registry.simulator.portfolio().callerAccount();
      List<String> sentEvents =
          registry.simulator.receivedEvents().stream()
              .map(e -> e.path("Detail").path("finding_id").asText())
              .sorted()
              .toList();
      List<String> imported =
          registry.simulator.securityHubFindings(caller, "eu-west-1").stream()
              .map(f -> f.path("Id").asText().substring("smgov/".length()))
              .sorted()
              .toList();
      long highOrWorse =
          count(
              athena,
              "SELECT count(*) FROM finding_history WHERE status = 'open' AND severity IN ('critical', 'high')");
      assertThat(highOrWorse).isPositive();
      assertThat(sentEvents).hasSize((int) highOrWorse).doesNotHaveDuplicates().isEqualTo(imported);
      assertThat(registry.simulator.receivedEvents())
          .allSatisfy(
              e -> {
                assertThat(e.path("DetailType").asText()).isEqualTo("smgov Governance Finding");
                assertThat(e.path("Detail").path("change").asText()).isEqualTo("opened");
                assertThat(e.path("Detail").path("severity").asText()).isIn("critical", "high");
              });
      // The same task again (a retry of the day's run): nothing is sent twice.
      Result again = task(task, registry.simulator.endpoint(), env);
      assertThat(again.exitCode()).as(again.out()).isZero();
      assertThat(again.out())
          .contains(
              "events-default: 0 sent (0 opened, 0 closed), "
                  + highOrWorse
                  + " sent before, 0 refused")
          .contains(
              "securityhub-eu-west-1: 0 sent (0 opened, 0 closed), "
                  + highOrWorse
                  + " sent before, 0 refused");
      assertThat(registry.simulator.receivedEvents()).hasSize((int) highOrWorse);

      // An approval in account B: SageMaker now holds the version as Approved, with the approver's
      // note.
      String account = registry.accounts().get(1);
      var version = (ObjectNode) registry.region(account, "eu-west-1").path("modelPackages").get(0);
      String arn = version.path("ModelPackageArn").asText();
      String group = version.path("ModelPackageGroupName").asText();
      try (ExportFixture approved =
          ExportFixture.start(
              SPEC,
              d ->
                  d.path("accounts")
                      .path(account)
                      .path("eu-west-1")
                      .path("modelPackages")
                      .forEach(
                          p -> {
                            if (p.path("ModelPackageArn").asText().equals(arn)) {
                              ((ObjectNode) p)
                                  .put("ModelApprovalStatus", "Rejected")
                                  .put("ApprovalDescription", "Rejected by the audit");
                            }
                          }),
              Optional.of(env.s3().endpoint()))) {
        // The state machine saves each batch the pipe hands it (SQS records whose body is the
        // event) and runs the task on it; after the export, the task refreshes the dashboard.
        Map<String, String> onEvent = new HashMap<>(task);
        onEvent.put("SMGOV_QUICKSIGHT_ACCOUNT", approved.simulator.portfolio().callerAccount());
        onEvent.put("SMGOV_SPICE_QUOTA", "32");
        String rejected = event(account, group, arn, "Rejected");
        onEvent.put("SMGOV_EVENT_BATCH", saveBatch(clients, bucket, "e-1", rejected, rejected));
        for (int delivery = 1; delivery <= 2; delivery++) {
          Result refresh = task(onEvent, approved.simulator.endpoint(), env);
          assertThat(refresh.exitCode()).as("delivery %d: %s", delivery, refresh.out()).isZero();
          assertThat(refresh.out())
              .as("the log names each event of the batch")
              .containsPattern("event [0-9a-f-]+: model_package " + Pattern.quote(arn))
              .contains("16 data sets: 0 ingested");
        }
        // An older event (the version's earlier PendingManualApproval) arriving last changes
        // nothing.
        onEvent.put(
            "SMGOV_EVENT_BATCH",
            saveBatch(clients, bucket, "e-2", event(account, group, arn, "PendingManualApproval")));
        Result late = task(onEvent, approved.simulator.endpoint(), env);
        assertThat(late.exitCode()).as(late.out()).isZero();
        assertThat(approved.requests().entries())
            .filteredOn(e -> e.service().equals("sagemaker"))
            .allSatisfy(e -> assertThat(e.account()).isEqualTo(account));
        // Each delivery read the one version the event names, and no other.
        assertThat(approved.requests().entries())
            .filteredOn(e -> e.operation().equals("DescribeModelPackage"))
            .extracting(e -> e.resource())
            .containsExactly(arn, arn, arn);
      }
      assertThat(count(athena, "SELECT count(*) FROM model_versions"))
          .isEqualTo(SPEC.totalVersions());
      assertThat(
              athena
                  .query(
                      "SELECT approval_status, approval_description FROM model_versions WHERE model_package_arn = '"
                          + arn
                          + "'")
                  .rows())
          .containsExactly(List.of("Rejected", "Rejected by the audit"));
      assertThat(
              count(
                  athena,
                  "SELECT count(*) FROM export_runs WHERE mode = 'versions' AND account_id = '"
                      + account
                      + "'"))
          .isEqualTo(3);
    }
  }

  @Test
  void theImagesJarAnswersVersion() throws Exception {
    Result version =
        run(List.of(CHECKOUT.resolve("deploy/bin/smgov").toString(), "--version"), Map.of());
    assertThat(version.exitCode()).as(version.out()).isZero();
    assertThat(version.out()).containsPattern("smgov \\d+\\.\\d+\\.\\d+");
  }

  private static long count(AthenaQueries athena, String sql) throws Exception {
    return Long.parseLong(athena.query(sql).rows().get(0).get(0));
  }

  /**
   * Saves a batch as the RefreshBatch state machine does (the pipe's SQS records, each body an
   * event) under the warehouse's _smgov-events/; returns its s3:// URI, SMGOV_EVENT_BATCH.
   */
  private static String saveBatch(AwsClients clients, String bucket, String name, String... events)
      throws Exception {
    ObjectMapper json = new ObjectMapper();
    ArrayNode records = json.createArrayNode();
    for (String event : events) {
      records
          .addObject()
          .put("messageId", UUID.randomUUID().toString())
          .put("eventSource", "aws:sqs")
          .put("body", event);
    }
    String key = "smgov/_smgov-events/" + name + ".json";
    clients
        .warehouseS3(Region.EU_WEST_1, new CallCounter())
        .putObject(r -> r.bucket(bucket).key(key), RequestBody.fromString(records.toString()));
    return "s3://" + bucket + "/" + key;
  }

  /** A model package state change as SageMaker sends it. */
  private static String event(String account, String group, String arn, String status) {
    ObjectNode event = new ObjectMapper().createObjectNode();
    event
        .put("source", "aws.sagemaker")
        .put("id", UUID.randomUUID().toString())
        .put("detail-type", "SageMaker Model Package State Change")
        .put("account", account)
        .put("region", "eu-west-1");
    event
        .putObject("detail")
        .put("ModelPackageGroupName", group)
        .put("ModelPackageArn", arn)
        .put("EndpointName", "")
        .put("ModelApprovalStatus", status);
    return event.toString();
  }

  /**
   * Runs the entry point with the task's environment, SageMaker and STS on {@code registry}, Glue
   * and Athena on Trino's simulator.
   */
  private static Result task(Map<String, String> task, URI registry, TrinoExtension.Environment env)
      throws Exception {
    Map<String, String> environment = new HashMap<>(task);
    environment.put("AWS_ENDPOINT_URL", registry.toString());
    environment.put("AWS_ENDPOINT_URL_" + AwsEndpoints.GLUE, env.aws().endpoint().toString());
    environment.put("AWS_ENDPOINT_URL_" + AwsEndpoints.ATHENA, env.aws().endpoint().toString());
    environment.put("SMGOV_WAREHOUSE_ENDPOINT_URL", env.s3().endpoint().toString());
    return run(List.of(CHECKOUT.resolve("deploy/bin/smgov-task").toString()), environment);
  }

  private static Result run(List<String> command, Map<String, String> environment)
      throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    Map<String, String> env = builder.environment();
    env.keySet().removeIf(k -> k.startsWith("AWS_") || k.startsWith("SMGOV_"));
    env.put(
        "PATH",
        CHECKOUT.resolve("deploy/bin")
            + ":"
            + Path.of(System.getProperty("java.home"), "bin")
            + ":"
            + env.get("PATH"));
    env.put(
        "SMGOV_JAR",
        Path.of(
                System.getProperty(
                    "smgov.jar", CHECKOUT.resolve("cli/target/smgov.jar").toString()))
            .toString());
    env.put("AWS_ACCESS_KEY_ID", TestAws.CALLER.resolveCredentials().accessKeyId());
    env.put("AWS_SECRET_ACCESS_KEY", TestAws.CALLER.resolveCredentials().secretAccessKey());
    env.put("AWS_REGION", "eu-west-1");
    env.putAll(environment);
    Process process = builder.start();
    process.getOutputStream().close();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    // A guard against a hung process, not a synchronisation: the output was read to its end above.
    assertThat(process.waitFor(3, TimeUnit.MINUTES)).as("%s exited", command).isTrue();
    return new Result(process.exitValue(), out);
  }
}
