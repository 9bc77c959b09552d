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
import java.util.List;
import java.util.Map;
import java.util.Set;
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
    JsonNode task =
        template("smgov.yaml")
            .render(with(JOB, "PolicyParameterName", "smgov/policy"))
            .at("/Resources/TaskDefinition/Properties/ContainerDefinitions/0");
    Set<String> given = new TreeSet<>(task.path("Environment").findValuesAsText("Name"));
    // The policy comes from an SSM parameter, as a secret.
    given.addAll(task.path("Secrets").findValuesAsText("Name"));
    given.add("SMGOV_EVENT"); // a run by hand
    given.add("SMGOV_EVENT_BATCH"); // the state machine's container override
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
