package io.smgov;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smgov.config.RegistryEvent;
import io.smgov.testing.Checkout;
import io.smgov.testing.CloudFormation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The templates of {@code deploy/cloudformation} as CloudFormation reads them: every reference
 * resolves, every branch renders, the event rule hands the task an event smgov understands, and the
 * task's environment is what its entry point reads.
 */
class DeployTemplatesTest {
  private static final Path DEPLOY = Checkout.resolve("deploy");
  private static final ObjectMapper JSON = new ObjectMapper();
  static final Map<String, String> JOB =
      Map.of(
          "ImageUri", "111111111111.dkr.ecr.eu-west-1.amazonaws.com/smgov:0.1.0",
          "ImageRepositoryArn", "arn:aws:ecr:eu-west-1:111111111111:repository/smgov",
          "Accounts", "222222222222,333333333333",
          "Regions", "eu-west-1,us-east-1",
          "ExternalId", "smgov-external-id",
          "WarehouseBucket", "governance-bucket",
          "KmsKeyArn", "arn:aws:kms:eu-west-1:111111111111:key/0000-1111",
          "Subnets", "subnet-1,subnet-2",
          "SecurityGroup", "sg-1");
  static final Map<String, String> READER =
      Map.of(
          "JobRoleArn", "arn:aws:iam::111111111111:role/smgov-JobRole-ABC",
          "ExternalId", "smgov-external-id",
          "ReportLocations", "arn:aws:s3:::sagemaker-eu-west-1-222222222222/model-reports/*",
          "ArtifactLocations", "arn:aws:s3:::sagemaker-eu-west-1-222222222222/models/*",
          "ArtifactBuckets", "arn:aws:s3:::sagemaker-eu-west-1-222222222222");

  /** The job stack with the daily run fanned out: 200 shards, 50 at once. */
  static final Map<String, String> FAN_OUT =
      with(JOB, "Orchestration", "fan-out", "ShardCount", "200", "ShardConcurrency", "50");

  static CloudFormation template(String name) throws Exception {
    return CloudFormation.load(DEPLOY.resolve("cloudformation").resolve(name));
  }

  static Map<String, String> with(Map<String, String> base, String... pairs) {
    Map<String, String> out = new HashMap<>(base);
    for (int i = 0; i < pairs.length; i += 2) {
      out.put(pairs[i], pairs[i + 1]);
    }
    return out;
  }

  @Test
  void everyReferenceResolvesAndEveryParameterIsUsed() throws Exception {
    assertThat(template("smgov.yaml").problems()).isEmpty();
    assertThat(template("reader-role.yaml").problems()).isEmpty();
  }

  @Test
  void theJobStackRendersForListedAccountsAndForTheOrganization() throws Exception {
    ObjectNode listed = template("smgov.yaml").render(JOB);
    assertNoIntrinsicsLeft(listed);
    assertThat(listed.path("Resources").has("Cluster")).isTrue();
    assertThat(listed.path("Resources").has("OrganizationEvents")).isFalse();
    JsonNode statements =
        listed.at("/Resources/JobRole/Properties/Policies/0/PolicyDocument/Statement");
    assertThat(statements.findValuesAsText("Sid")).doesNotContain("OrganizationAccounts");
    assertThat(statements.get(0).at("/Condition/StringEquals/aws:ResourceAccount").toString())
        .isEqualTo("[\"222222222222\",\"333333333333\"]");
    assertThat(
            listed
                .at("/Resources/TaskDefinition/Properties/ContainerDefinitions/0/Environment")
                .findValuesAsText("Value"))
        .contains(
            "s3://governance-bucket/smgov",
            "222222222222,333333333333",
            "eu-west-1,us-east-1",
            "smgov");

    ObjectNode org =
        template("smgov.yaml")
            .render(
                with(JOB, "Accounts", "org", "ClusterName", "ops", "OrganizationId", "o-abc123"));
    assertNoIntrinsicsLeft(org);
    assertThat(org.path("Resources").has("Cluster")).isFalse();
    assertThat(org.at("/Resources/DailyExport/Properties/Target/Arn").asText())
        .isEqualTo("arn:aws:ecs:eu-west-1:111111111111:cluster/ops");
    JsonNode orgStatements =
        org.at("/Resources/JobRole/Properties/Policies/0/PolicyDocument/Statement");
    assertThat(orgStatements.findValuesAsText("Sid")).contains("OrganizationAccounts");
    assertThat(orgStatements.get(0).has("Condition"))
        .as("any member account's reader role")
        .isFalse();
    assertThat(
            org.at(
                    "/Resources/OrganizationEvents/Properties/Statement/Condition/StringEquals/aws:PrincipalOrgID")
                .asText())
        .isEqualTo("o-abc123");
  }

  @Test
  void theReaderRoleRendersInItsFirstRegionAndForwardsOnlyInTheOthers() throws Exception {
    ObjectNode first =
        template("reader-role.yaml")
            .render(
                with(
                    READER,
                    "CentralEventBusArn",
                    "arn:aws:events:eu-west-1:111111111111:event-bus/default",
                    "ReportKeyArns",
                    "arn:aws:kms:eu-west-1:222222222222:key/k"));
    assertNoIntrinsicsLeft(first);
    assertThat(first.path("Resources").has("ReaderRole")).isTrue();
    assertThat(first.path("Resources").has("ForwardingRule")).isTrue();
    assertThat(
            first
                .at("/Resources/ReaderRole/Properties/Policies/0/PolicyDocument/Statement")
                .findValuesAsText("Sid"))
        .contains("EncryptedReports");
    assertThat(
            first
                .at(
                    "/Resources/ReaderRole/Properties/AssumeRolePolicyDocument/Statement/0/Condition/StringEquals/sts:ExternalId")
                .asText())
        .isEqualTo("smgov-external-id");

    ObjectNode other =
        template("reader-role.yaml")
            .render(
                with(
                    READER,
                    "ForwardingOnly",
                    "true",
                    "CentralEventBusArn",
                    "arn:aws:events:eu-west-1:111111111111:event-bus/default"));
    assertNoIntrinsicsLeft(other);
    assertThat(other.path("Resources").has("ReaderRole")).isFalse();
    assertThat(other.path("Outputs").has("ReaderRoleArn")).isFalse();
    assertThat(other.path("Resources").has("ForwardingRule")).isTrue();

    ObjectNode plain = template("reader-role.yaml").render(READER);
    assertThat(plain.path("Resources").has("ForwardingRule")).isFalse();
    assertThat(
            plain
                .at("/Resources/ReaderRole/Properties/Policies/0/PolicyDocument/Statement")
                .findValuesAsText("Sid"))
        .doesNotContain("EncryptedReports");
  }

  @Test
  void stateChangesReachOneTaskPerBatchThroughTheQueueThePipeAndTheStateMachine() throws Exception {
    ObjectNode stack = template("smgov.yaml").render(JOB);
    JsonNode resources = stack.path("Resources");
    JsonNode rule = resources.at("/StateChangeRule/Properties");
    Set<String> detailTypes = new TreeSet<>();
    rule.at("/EventPattern/detail-type").forEach(t -> detailTypes.add(t.asText()));
    Set<String> understood = new TreeSet<>(RegistryEvent.ENDPOINT_CHANGES);
    understood.add(RegistryEvent.MODEL_PACKAGE_STATE_CHANGE);
    assertThat(detailTypes).isEqualTo(understood);
    // The rule queues the whole event; the queue lets only this rule send; three receives, then
    // the dead-letter queue.
    assertThat(rule.at("/Targets/0/Arn").toString()).contains("EventQueue");
    assertThat(rule.at("/Targets/0").has("InputTransformer")).isFalse();
    JsonNode allow = resources.at("/EventQueuePolicy/Properties/PolicyDocument/Statement/0");
    assertThat(allow.at("/Principal/Service").asText()).isEqualTo("events.amazonaws.com");
    assertThat(allow.at("/Condition/ArnEquals/aws:SourceArn").toString())
        .contains("StateChangeRule");
    assertThat(resources.at("/EventQueue/Properties/RedrivePolicy/maxReceiveCount").asInt())
        .isEqualTo(3);
    // The pipe batches within the window (the parameter, 60 s by default, at most 300) into the
    // state machine.
    JsonNode pipe = resources.at("/EventPipe/Properties");
    assertThat(
            pipe.at("/SourceParameters/SqsQueueParameters/MaximumBatchingWindowInSeconds").asInt())
        .isEqualTo(60);
    assertThat(template("smgov.yaml").root().at("/Parameters/EventBatchingWindow/MaxValue").asInt())
        .isEqualTo(300);
    assertThat(pipe.at("/Target").toString()).contains("RefreshBatch");
    // The state machine: every transition names a state, the task reads the object the first
    // state wrote, three tries, then the dead-letter queue.
    JsonNode machine = resources.at("/RefreshBatch/Properties/Definition");
    JsonNode states = machine.path("States");
    assertThat(states.has(machine.path("StartAt").asText())).isTrue();
    states.forEach(
        state -> {
          state.findValuesAsText("Next").forEach(next -> assertThat(states.has(next)).isTrue());
          assertThat(
                  state.has("Next")
                      || state.path("End").asBoolean()
                      || state.path("Type").asText().equals("Fail"))
              .as(state.toString())
              .isTrue();
        });
    String key = states.at("/SaveBatch/Parameters/Key.$").asText();
    JsonNode environment =
        states.at("/Refresh/Parameters/Overrides/ContainerOverrides/0/Environment/0");
    assertThat(environment.path("Name").asText()).isEqualTo("SMGOV_EVENT_BATCH");
    assertThat(environment.path("Value.$").asText())
        .isEqualTo(
            key.replace(
                "States.Format('", "States.Format('s3://" + JOB.get("WarehouseBucket") + "/"))
        .contains(JOB.get("WarehouseBucket") + "/smgov/_smgov-events/");
    assertThat(states.at("/Refresh/Parameters/NetworkConfiguration/AwsvpcConfiguration/Subnets"))
        .hasSize(JOB.get("Subnets").split(",").length);
    String container =
        stack.at("/Resources/TaskDefinition/Properties/ContainerDefinitions/0/Name").asText();
    assertThat(states.at("/Refresh/Parameters/Overrides/ContainerOverrides/0/Name").asText())
        .isEqualTo(container);
    assertThat(states.at("/Refresh/Retry/0/MaxAttempts").asInt()).isEqualTo(2);
    assertThat(states.at("/Refresh/Catch/0/Next").asText()).isEqualTo("DeadLetter");

    // What the task reads: the batch as the pipe hands it over, SQS records whose body is the
    // event. An approval names its version, an endpoint change its endpoint.
    String arn = "arn:aws:sagemaker:eu-west-1:222222222222:model-package/churn-model/7";
    ObjectNode approval = event("SageMaker Model Package State Change", "222222222222");
    approval.putArray("resources").add(arn);
    approval
        .putObject("detail")
        .put("ModelPackageGroupName", "churn-model")
        .put("ModelPackageVersion", 7)
        .put("ModelPackageArn", arn)
        .put("ModelApprovalStatus", "Approved")
        .put("ModelPackageStatus", "Completed");
    ObjectNode endpoint = event("SageMaker Endpoint State Change", "333333333333");
    endpoint
        .putObject("detail")
        .put("EndpointName", "churn-prod")
        .put("EndpointStatus", "IN_SERVICE");
    ArrayNode batch = JSON.createArrayNode();
    for (ObjectNode event : List.of(approval, endpoint)) {
      batch
          .addObject()
          .put("messageId", UUID.randomUUID().toString())
          .put("eventSource", "aws:sqs")
          .put("body", JSON.writeValueAsString(event));
    }
    List<RegistryEvent> read = RegistryEvent.parseAll(List.of(JSON.readTree(batch.toString())));
    assertThat(read).hasSize(2);
    assertThat(read.get(0).version()).contains(arn);
    assertThat(read.get(0).account()).isEqualTo("222222222222");
    assertThat(read.get(1).kind()).isEqualTo(RegistryEvent.Kind.ENDPOINT);
    assertThat(read.get(1).endpoint()).contains("churn-prod");
  }

  @Test
  void theTaskEnvironmentIsWhatItsEntryPointReads() throws Exception {
    ObjectNode stack =
        template("smgov.yaml").render(with(FAN_OUT, "PolicyParameterName", "smgov/policy"));
    JsonNode task = stack.at("/Resources/TaskDefinition/Properties/ContainerDefinitions/0");
    Set<String> given = new TreeSet<>(task.path("Environment").findValuesAsText("Name"));
    // The policy comes from an SSM parameter, as a secret.
    given.addAll(task.path("Secrets").findValuesAsText("Name"));
    given.add("SMGOV_EVENT"); // a run by hand
    // The state machines' container overrides: RefreshBatch's event batch, ExportFanOut's steps.
    Set<String> overridden = new TreeSet<>();
    for (JsonNode machine : stateMachines(stack).values()) {
      machine
          .findValues("ContainerOverrides")
          .forEach(o -> overridden.addAll(o.findValuesAsText("Name")));
    }
    overridden.remove(task.path("Name").asText());
    assertThat(overridden)
        .contains(
            "SMGOV_EVENT_BATCH",
            "SMGOV_STEP",
            "SMGOV_SHARD",
            "SMGOV_SHARDS",
            "SMGOV_PLAN",
            "SMGOV_SNAPSHOT_TIME");
    given.addAll(overridden);
    String entryPoint = task.at("/EntryPoint/0").asText();
    Path script = DEPLOY.resolve("bin").resolve(Path.of(entryPoint).getFileName());
    assertThat(script).exists();
    Set<String> read = new TreeSet<>();
    Matcher m = Pattern.compile("\\$\\{?(SMGOV_[A-Z_]+)").matcher(Files.readString(script));
    while (m.find()) {
      read.add(m.group(1));
    }
    assertThat(given).isEqualTo(read);
    String dockerfile = Files.readString(DEPLOY.resolve("Dockerfile"));
    assertThat(dockerfile)
        .contains("deploy/bin/" + script.getFileName())
        .contains("/usr/local/bin/");
    assertThat(entryPoint).startsWith("/usr/local/bin/");
    assertThat(task.path("ReadonlyRootFilesystem").asBoolean()).isTrue();
    assertThat(task.path("MountPoints").findValuesAsText("ContainerPath")).contains("/tmp");
    assertThat(dockerfile).containsPattern("(?m)^USER [1-9][0-9]*");
  }

  @Test
  void theDailyScheduleStartsTheTaskOrWithFanOutTheStateMachineAndEventsStillRunOneTask()
      throws Exception {
    Set<String> fanOutOnly =
        Set.of("ExportFanOut", "ExportFanOutRole", "FanOutScheduleRole", "DailyFanOut");
    Set<String> singleTaskOnly = Set.of("DailyExport", "RunTaskRole");

    JsonNode single = template("smgov.yaml").render(JOB).path("Resources");
    assertThat(fieldNames(single))
        .containsAll(singleTaskOnly)
        .doesNotContainAnyElementsOf(fanOutOnly);
    JsonNode target = single.at("/DailyExport/Properties/Target");
    assertThat(target.at("/EcsParameters/TaskDefinitionArn").asText()).contains("TaskDefinition");
    assertThat(target.at("/RoleArn").asText()).contains("RunTaskRole");

    ObjectNode stack = template("smgov.yaml").render(FAN_OUT);
    assertNoIntrinsicsLeft(stack);
    JsonNode fanOut = stack.path("Resources");
    assertThat(fieldNames(fanOut))
        .containsAll(fanOutOnly)
        .doesNotContainAnyElementsOf(singleTaskOnly);
    JsonNode schedule = fanOut.at("/DailyFanOut/Properties");
    assertThat(schedule.at("/Target/Arn").asText()).endsWith(":ExportFanOut");
    assertThat(schedule.at("/Target").has("EcsParameters")).isFalse();
    assertThat(schedule.at("/Target/RoleArn").asText()).endsWith(":FanOutScheduleRole");
    assertThat(schedule.at("/ScheduleExpression"))
        .isEqualTo(single.at("/DailyExport/Properties/ScheduleExpression"));
    // Event refreshes are the same either way: the pipe starts RefreshBatch, one task per batch.
    for (JsonNode resources : List.of(single, fanOut)) {
      assertThat(resources.at("/EventPipe/Properties/Target").asText()).endsWith(":RefreshBatch");
      assertThat(
              resources.at("/RefreshBatch/Properties/Definition/States/Refresh/Resource").asText())
          .isEqualTo("arn:aws:states:::ecs:runTask.sync");
    }
    assertThat(fanOut.at("/RefreshBatch")).isEqualTo(single.at("/RefreshBatch"));
  }

  @Test
  void theFanOutPlansOnceExportsEveryShardAndFinishesOnce() throws Exception {
    ObjectNode stack = template("smgov.yaml").render(FAN_OUT);
    JsonNode machine = stack.at("/Resources/ExportFanOut/Properties/Definition");
    JsonNode states = machine.path("States");
    assertTransitionsResolve(machine);
    String container =
        stack.at("/Resources/TaskDefinition/Properties/ContainerDefinitions/0/Name").asText();

    // Every ECS task of the state machine: the plan and finish steps at the top level, once each
    // (no state is reached twice: the top level has no cycle), the shard step inside the Map.
    Map<String, String> topSteps = new TreeMap<>();
    states
        .fields()
        .forEachRemaining(
            e -> {
              String step = ecsStep(e.getValue(), container);
              if (step != null) {
                topSteps.put(step, e.getKey());
              }
            });
    assertThat(topSteps).containsOnlyKeys("plan", "finish");
    assertThat(cycle(machine)).as("a loop in the top level").isNull();
    List<String> order = path(machine, topSteps.get("plan"), topSteps.get("finish"));
    assertThat(order).as("plan, then the shards, then finish").contains("Shards");

    // The plan: the shard count and where this execution's plan goes.
    JsonNode plan = states.path(topSteps.get("plan"));
    Map<String, JsonNode> planEnv = environment(plan);
    assertThat(planEnv.get("SMGOV_SHARDS").path("Value").asText()).isEqualTo("200");
    assertThat(planEnv.get("SMGOV_PLAN").path("Value.$").asText()).isEqualTo("$.plan");
    JsonNode prepared = states.at("/" + machine.path("StartAt").asText() + "/Parameters");
    assertThat(prepared.path("plan.$").asText())
        .isEqualTo(
            "States.Format('s3://governance-bucket/smgov/_smgov-plan/{}.json', $$.Execution.Name)");
    assertThat(prepared.path("shards.$").asText())
        .isEqualTo("States.ArrayRange(0, States.MathAdd(200, -1), 1)");
    // One snapshot time for the whole run: the execution's start (a shard's child execution has
    // its own, hence through the Map's items).
    assertThat(prepared.path("snapshotTime.$").asText()).isEqualTo("$$.Execution.StartTime");
    // States.ArrayRange makes at most 1,000 items; smgov plan splits into at most 1,000 shards.
    assertThat(template("smgov.yaml").root().at("/Parameters/ShardCount/MaxValue").asInt())
        .isEqualTo(1000);

    // The Map: one item per shard, at most ShardConcurrency at once (a number from the state's
    // input: a DefinitionSubstitution is text, and MaxConcurrency must be a number).
    JsonNode map = states.path("Shards");
    assertThat(map.path("Type").asText()).isEqualTo("Map");
    assertThat(map.path("ItemsPath").asText()).isEqualTo("$.shards");
    assertThat(map.has("MaxConcurrency")).isFalse();
    assertThat(map.path("MaxConcurrencyPath").asText()).isEqualTo("$.concurrency");
    assertThat(prepared.path("concurrency.$").asText()).isEqualTo("States.StringToJson('50')");
    assertThat(map.at("/ItemProcessor/ProcessorConfig/Mode").asText())
        .as("more than 40 at once, a history per shard")
        .isEqualTo("DISTRIBUTED");
    assertThat(map.path("ItemSelector").path("shard.$").asText()).isEqualTo("$$.Map.Item.Value");
    assertThat(map.path("ItemSelector").path("plan.$").asText()).isEqualTo("$.plan");
    assertThat(map.path("ItemSelector").path("snapshotTime.$").asText())
        .isEqualTo("$.snapshotTime");
    JsonNode processor = map.path("ItemProcessor");
    assertTransitionsResolve(processor);
    JsonNode shardStates = processor.path("States");
    JsonNode export = shardStates.path(processor.path("StartAt").asText());
    assertThat(ecsStep(export, container)).isEqualTo("shard");
    List<String> shardSteps = new ArrayList<>();
    shardStates.forEach(
        st -> {
          String step = ecsStep(st, container);
          if (step != null) {
            shardSteps.add(step);
          }
        });
    assertThat(shardSteps).containsExactly("shard");
    Map<String, JsonNode> shardEnv = environment(export);
    assertThat(shardEnv.get("SMGOV_SHARD").path("Value.$").asText())
        .isEqualTo("States.Format('{}/200', $.shard)");
    assertThat(shardEnv.get("SMGOV_PLAN").path("Value.$").asText()).isEqualTo("$.plan");
    assertThat(shardEnv.get("SMGOV_SNAPSHOT_TIME").path("Value.$").asText())
        .isEqualTo("$.snapshotTime");
    assertThat(export.at("/Parameters/NetworkConfiguration/AwsvpcConfiguration/Subnets"))
        .hasSize(JOB.get("Subnets").split(",").length);

    // Retries with backoff on every task; a task that failed (the container's exit code) is
    // retried, the shard's with jitter. ECS not starting the task is retried first: RunTask's
    // Failures (Fargate capacity) reach a .sync state as AmazonECS.Unknown; an invalid parameter
    // is permanent. A timeout (a hung task) is not retried. Every task has a time limit.
    JsonNode finish = states.path(topSteps.get("finish"));
    Map<JsonNode, Integer> timeouts = Map.of(plan, 3600, export, 21600, finish, 7200);
    for (JsonNode task : List.of(plan, export, finish)) {
      assertThat(task.path("TimeoutSeconds").asInt()).isEqualTo(timeouts.get(task));
      assertThat(task.path("Retry")).isNotEmpty();
      task.path("Retry")
          .forEach(
              r -> {
                if (r.path("ErrorEquals").toString().equals("[\"States.Timeout\"]")) {
                  assertThat(r.path("MaxAttempts").asInt()).isZero();
                  return;
                }
                assertThat(r.path("IntervalSeconds").asInt()).isPositive();
                assertThat(r.path("BackoffRate").asDouble()).isGreaterThan(1.0);
                assertThat(r.path("MaxAttempts").asInt()).isPositive();
              });
      List<String> notStarted = texts(task.at("/Retry/0/ErrorEquals"));
      assertThat(notStarted)
          .contains("AmazonECS.Unknown", "ECS.AmazonECSException", "ECS.ServerException")
          .doesNotContain("ECS.InvalidParameterException");
      assertThat(task.at("/Retry/0/JitterStrategy").asText()).isEqualTo("FULL");
      List<String> timedOut = new ArrayList<>();
      task.path("Retry")
          .forEach(
              r -> {
                if (texts(r.path("ErrorEquals")).contains("States.Timeout")) {
                  timedOut.add(r.path("MaxAttempts").asText());
                }
              });
      assertThat(timedOut).containsExactly("0");
      JsonNode last = task.path("Retry").get(task.path("Retry").size() - 1);
      assertThat(last.path("ErrorEquals").toString()).isEqualTo("[\"States.ALL\"]");
    }
    assertThat(export.path("Retry").findValuesAsText("JitterStrategy")).contains("FULL");

    // A shard that still fails is caught: the iteration ends with failed: true, the other shards
    // go on; one that wrote ends with failed: false.
    JsonNode caught = export.at("/Catch/0");
    assertThat(caught.path("ErrorEquals").toString()).isEqualTo("[\"States.ALL\"]");
    JsonNode failedShard = shardStates.path(caught.path("Next").asText());
    assertThat(failedShard.path("End").asBoolean()).isTrue();
    assertThat(failedShard.at("/Parameters/failed").asBoolean()).isTrue();
    assertThat(failedShard.at("/Parameters/shard.$").asText())
        .isEqualTo("States.Format('{}/200', $.shard)");
    JsonNode written = shardStates.path(export.path("Next").asText());
    assertThat(written.at("/Parameters/failed").isBoolean()).isTrue();
    assertThat(written.at("/Parameters/failed").asBoolean()).isFalse();

    // The Map itself failing (a child execution failed outside its Catch, or was stopped) still
    // leads to Finish, over whatever was written; the execution then fails with MapFailed.
    JsonNode mapCaught = map.at("/Catch/0");
    assertThat(map.path("Catch")).hasSize(1);
    assertThat(mapCaught.path("ErrorEquals").toString()).isEqualTo("[\"States.ALL\"]");
    assertThat(mapCaught.path("ResultPath").asText()).isEqualTo("$.mapError");
    assertThat(path(machine, mapCaught.path("Next").asText(), topSteps.get("finish")))
        .as("from the Map's Catch to finish")
        .isNotNull();
    assertThat(states.at("/ShardsUnknown/Parameters/failed").toString()).isEqualTo("[false,true]");
    assertThat(path(machine, topSteps.get("finish"), "MapFailed")).isNotNull();
    assertThat(states.at("/MapFailed/Type").asText()).isEqualTo("Fail");
    assertThat(states.at("/MapFailed/CausePath").asText()).contains("$.mapError.Error");

    // After the Map: finish runs when some shard wrote, and the execution then fails if any
    // failed (naming them); when none wrote it fails without finishing.
    assertThat(map.at("/ResultSelector/failed.$").asText()).isEqualTo("$[*].failed");
    assertThat(states.at("/Tally/Parameters/anyFailed.$").asText())
        .isEqualTo("States.ArrayContains($.results.failed, true)");
    assertThat(states.at("/Tally/Parameters/anyWritten.$").asText())
        .isEqualTo("States.ArrayContains($.results.failed, false)");
    JsonNode anyWritten = states.path("AnyShardWritten");
    assertThat(anyWritten.at("/Choices/0/Variable").asText()).isEqualTo("$.tally.anyWritten");
    assertThat(anyWritten.at("/Choices/0/Next").asText()).isEqualTo(topSteps.get("finish"));
    assertThat(states.at("/" + anyWritten.path("Default").asText() + "/Type").asText())
        .isEqualTo("Fail");
    JsonNode anyFailed = states.path(states.path(topSteps.get("finish")).path("Next").asText());
    // The Map's failure first (its ShardsUnknown marks a shard failed, but names none).
    assertThat(anyFailed.at("/Choices/0/Variable").asText()).isEqualTo("$.mapError");
    assertThat(anyFailed.at("/Choices/0/IsPresent").asBoolean()).isTrue();
    assertThat(anyFailed.at("/Choices/0/Next").asText()).isEqualTo("MapFailed");
    assertThat(anyFailed.at("/Choices/1/Variable").asText()).isEqualTo("$.tally.anyFailed");
    assertThat(path(machine, anyFailed.at("/Choices/1/Next").asText(), "ShardsFailed")).isNotNull();
    assertThat(states.at("/ShardsFailed/Type").asText()).isEqualTo("Fail");
    assertThat(states.at("/ShardsFailed/CausePath").asText()).contains("$.failedShards.shards");
    assertThat(states.at("/" + anyFailed.path("Default").asText() + "/Type").asText())
        .isEqualTo("Succeed");
  }

  @Test
  void theStateMachinesAndTheSchedulerMayDoOnlyTheirOwnWork() throws Exception {
    for (Map<String, String> parameters :
        List.of(JOB, FAN_OUT, with(FAN_OUT, "ClusterName", "ops"))) {
      JsonNode resources = template("smgov.yaml").render(parameters).path("Resources");
      String cluster = parameters.getOrDefault("ClusterName", "smgov");
      List<String> roles = new ArrayList<>(List.of("RefreshBatchRole"));
      roles.addAll(
          parameters.containsKey("Orchestration")
              ? List.of("ExportFanOutRole", "FanOutScheduleRole")
              : List.of("RunTaskRole"));
      for (String role : roles) {
        JsonNode statements =
            resources.at("/" + role + "/Properties/Policies/0/PolicyDocument/Statement");
        assertThat(statements).as(role).isNotEmpty();
        for (JsonNode s : statements) {
          List<String> actions = texts(s.path("Action"));
          List<String> granted = texts(s.path("Resource"));
          String where = role + " " + s;
          // Every action here supports resource-level permissions: none is granted on "*".
          assertThat(granted).as(where).isNotEmpty().doesNotContain("*");
          assertThat(actions).as(where).noneMatch(a -> a.contains("*"));
          for (String action : actions) {
            for (String arn : granted) {
              assertThat(arn).as(where).matches(scopeOf(action, cluster));
            }
          }
          if (actions.contains("iam:PassRole")) {
            assertThat(granted).as(where).hasSize(2);
          }
        }
      }
      if (!parameters.containsKey("Orchestration")) {
        continue;
      }
      // The fan-out's role: exactly what runTask.sync and a Distributed Map need.
      JsonNode fanOut =
          resources.at("/ExportFanOutRole/Properties/Policies/0/PolicyDocument/Statement");
      Set<String> actions = new TreeSet<>();
      fanOut.forEach(s -> actions.addAll(texts(s.path("Action"))));
      assertThat(actions)
          .containsExactlyInAnyOrder(
              "ecs:RunTask",
              "ecs:StopTask",
              "ecs:DescribeTasks",
              "events:PutTargets",
              "events:PutRule",
              "events:DescribeRule",
              "iam:PassRole",
              "states:StartExecution",
              "states:DescribeExecution",
              "states:StopExecution");
      String name = resources.at("/ExportFanOut/Properties/StateMachineName").asText();
      assertThat(fanOut.toString())
          .contains(":stateMachine:" + name + "\"", ":execution:" + name + "/*\"");
      assertThat(
              resources
                  .at("/FanOutScheduleRole/Properties/Policies/0/PolicyDocument/Statement")
                  .toString())
          .isEqualTo(
              "[{\"Effect\":\"Allow\",\"Action\":\"states:StartExecution\",\"Resource\":\""
                  + resources.at("/DailyFanOut/Properties/Target/Arn").asText()
                  + "\"}]");
      // The roles are handed to ECS only.
      assertThat(fanOut.toString()).contains("\"iam:PassedToService\":\"ecs-tasks.amazonaws.com\"");
    }
  }

  /** What each action of the state machines' and the scheduler's roles may act on. */
  private static String scopeOf(String action, String cluster) {
    String here = "arn:aws:[a-z]+:" + CloudFormation.REGION + ":" + CloudFormation.ACCOUNT + ":";
    return switch (action) {
      case "ecs:RunTask" ->
          Pattern.quote(here.replace("[a-z]+", "ecs")) + "task-definition/smgov-export:\\*";
      case "ecs:StopTask", "ecs:DescribeTasks" ->
          Pattern.quote(
              "arn:aws:ecs:"
                  + CloudFormation.REGION
                  + ":"
                  + CloudFormation.ACCOUNT
                  + ":task/"
                  + cluster
                  + "/*");
      case "events:PutTargets", "events:PutRule", "events:DescribeRule" ->
          Pattern.quote(
              "arn:aws:events:"
                  + CloudFormation.REGION
                  + ":"
                  + CloudFormation.ACCOUNT
                  + ":rule/StepFunctionsGetEventsForECSTaskRule");
      case "iam:PassRole" ->
          "arn:aws:iam::" + CloudFormation.ACCOUNT + ":(JobRole|TaskExecutionRole)";
      case "states:StartExecution" ->
          "arn:aws:(states:"
              + CloudFormation.REGION
              + ":"
              + CloudFormation.ACCOUNT
              + ":stateMachine:smgov-export-fan-out|stepfunctions:"
              + CloudFormation.REGION
              + ":"
              + CloudFormation.ACCOUNT
              + ":ExportFanOut)";
      case "states:DescribeExecution", "states:StopExecution" ->
          Pattern.quote(
              "arn:aws:states:"
                  + CloudFormation.REGION
                  + ":"
                  + CloudFormation.ACCOUNT
                  + ":execution:smgov-export-fan-out/*");
      case "s3:PutObject" ->
          Pattern.quote("arn:aws:s3:::" + JOB.get("WarehouseBucket") + "/smgov/_smgov-events/*");
      case "kms:GenerateDataKey" -> Pattern.quote(JOB.get("KmsKeyArn"));
      case "sqs:SendMessage" ->
          "arn:aws:sqs:"
              + CloudFormation.REGION
              + ":"
              + CloudFormation.ACCOUNT
              + ":EventDeadLetterQueue";
      default -> throw new AssertionError(action + ": say what it may act on (scopeOf)");
    };
  }

  private static List<String> texts(JsonNode node) {
    List<String> out = new ArrayList<>();
    if (node.isArray()) {
      node.forEach(n -> out.add(n.asText()));
    } else if (!node.isMissingNode()) {
      out.add(node.asText());
    }
    return out;
  }

  private static Set<String> fieldNames(JsonNode node) {
    Set<String> names = new TreeSet<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  /** Every state machine of a rendered stack: its logical id and its (substituted) definition. */
  static Map<String, JsonNode> stateMachines(JsonNode stack) {
    Map<String, JsonNode> machines = new TreeMap<>();
    stack
        .path("Resources")
        .fields()
        .forEachRemaining(
            e -> {
              if (e.getValue().path("Type").asText().equals("AWS::StepFunctions::StateMachine")) {
                machines.put(e.getKey(), e.getValue().at("/Properties/Definition"));
              }
            });
    return machines;
  }

  /** The SMGOV_STEP of a state that runs the smgov task, or null for any other state. */
  private static String ecsStep(JsonNode state, String container) {
    if (!state.path("Resource").asText().startsWith("arn:aws:states:::ecs:runTask")) {
      return null;
    }
    assertThat(state.at("/Parameters/Overrides/ContainerOverrides/0/Name").asText())
        .isEqualTo(container);
    JsonNode step = environment(state).get("SMGOV_STEP");
    return step == null ? "" : step.path("Value").asText();
  }

  private static Map<String, JsonNode> environment(JsonNode task) {
    Map<String, JsonNode> out = new TreeMap<>();
    task.at("/Parameters/Overrides/ContainerOverrides/0/Environment")
        .forEach(v -> out.put(v.path("Name").asText(), v));
    return out;
  }

  /** The states a state can go to next. */
  private static List<String> successors(JsonNode state) {
    List<String> next = new ArrayList<>();
    if (state.has("Next")) {
      next.add(state.path("Next").asText());
    }
    state.path("Choices").forEach(c -> next.add(c.path("Next").asText()));
    if (state.has("Default")) {
      next.add(state.path("Default").asText());
    }
    state.path("Catch").forEach(c -> next.add(c.path("Next").asText()));
    return next;
  }

  /** Every transition (of this level) names a state, and every state goes on or ends. */
  private static void assertTransitionsResolve(JsonNode machine) {
    JsonNode states = machine.path("States");
    assertThat(states.has(machine.path("StartAt").asText())).isTrue();
    states.forEach(
        state -> {
          successors(state).forEach(next -> assertThat(states.has(next)).as(next).isTrue());
          String type = state.path("Type").asText();
          assertThat(
                  state.has("Next")
                      || state.path("End").asBoolean()
                      || Set.of("Fail", "Succeed", "Choice").contains(type))
              .as(state.toString())
              .isTrue();
        });
  }

  /** A shortest path of states from one state to another, or null when there is none. */
  private static List<String> path(JsonNode machine, String from, String to) {
    JsonNode states = machine.path("States");
    Map<String, String> cameFrom = new HashMap<>();
    List<String> queue = new ArrayList<>(List.of(from));
    cameFrom.put(from, null);
    for (int i = 0; i < queue.size(); i++) {
      String at = queue.get(i);
      if (at.equals(to)) {
        List<String> out = new ArrayList<>();
        for (String s = at; s != null; s = cameFrom.get(s)) {
          out.add(0, s);
        }
        return out;
      }
      for (String next : successors(states.path(at))) {
        if (!cameFrom.containsKey(next)) {
          cameFrom.put(next, at);
          queue.add(next);
        }
      }
    }
    return null;
  }

  /** A state that can reach itself, or null. */
  private static String cycle(JsonNode machine) {
    JsonNode states = machine.path("States");
    for (Iterator<String> names = states.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      for (String next : successors(states.path(name))) {
        if (path(machine, next, name) != null) {
          return name;
        }
      }
    }
    return null;
  }

  @Test
  void theWarehousePrefixCannotBreakTheStateMachinesStringLiterals() throws Exception {
    // The state machines build paths from the prefix inside States.Format('...'): an apostrophe
    // would end the literal (and a brace or backslash would need escaping there).
    Pattern allowed =
        Pattern.compile(
            template("smgov.yaml")
                .root()
                .at("/Parameters/WarehousePrefix/AllowedPattern")
                .asText());
    for (String good : List.of("smgov", "governance/smgov", "team-a/smgov_1.0", "x!*()")) {
      assertThat(allowed.matcher(good).matches()).as(good).isTrue();
    }
    for (String bad : List.of("o'brien", "smgov/", "/smgov", "a{b}", "a\\b", "a b", "")) {
      assertThat(allowed.matcher(bad).matches()).as(bad).isFalse();
    }
  }

  @Test
  void theTwoTemplatesAgreeOnTheReaderRoleAndItsExternalId() throws Exception {
    JsonNode job = template("smgov.yaml").root().path("Parameters");
    JsonNode reader = template("reader-role.yaml").root().path("Parameters");
    assertThat(job.at("/ReaderRoleName/Default")).isEqualTo(reader.at("/RoleName/Default"));
    assertThat(job.at("/ExternalId/AllowedPattern"))
        .isEqualTo(reader.at("/ExternalId/AllowedPattern"));
    String roleArn =
        template("smgov.yaml")
            .render(JOB)
            .at("/Resources/JobRole/Properties/Policies/0/PolicyDocument/Statement/0/Resource")
            .asText();
    assertThat(roleArn).isEqualTo("arn:aws:iam::*:role/" + reader.at("/RoleName/Default").asText());
  }

  private static ObjectNode event(String detailType, String account) {
    ObjectNode event = JSON.createObjectNode();
    event
        .put("version", "0")
        .put("id", UUID.randomUUID().toString())
        .put("detail-type", detailType)
        .put("source", "aws.sagemaker")
        .put("account", account)
        .put("time", "2026-11-23T10:00:00Z")
        .put("region", "eu-west-1");
    return event;
  }

  private static void assertNoIntrinsicsLeft(JsonNode node) {
    List<String> left = new ArrayList<>();
    collectIntrinsics(node, "", left);
    assertThat(left).isEmpty();
  }

  private static void collectIntrinsics(JsonNode node, String where, List<String> left) {
    if (node.isObject()) {
      node.fields()
          .forEachRemaining(
              e -> {
                if (e.getKey().equals("Ref") || e.getKey().startsWith("Fn::")) {
                  left.add(where + "/" + e.getKey());
                }
                collectIntrinsics(e.getValue(), where + "/" + e.getKey(), left);
              });
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        collectIntrinsics(node.get(i), where + "/" + i, left);
      }
    } else if (node.isTextual() && node.asText().contains("${")) {
      left.add(where + " = " + node.asText());
    }
  }
}
