package io.smgov.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A portfolio is refused with the file, the path in the document and the problem named. */
class PortfolioLoaderTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PACKAGE = "$.accounts.111111111111.eu-west-1.modelPackages[0]";

  @TempDir Path dir;

  private ObjectNode small() {
    return PortfolioGenerator.generate(PortfolioGenerator.Spec.of(1, 1, 2, 3L)).portfolio();
  }

  private ObjectNode firstPackage(ObjectNode portfolio) {
    return (ObjectNode)
        portfolio
            .path("accounts")
            .path("111111111111")
            .path("eu-west-1")
            .path("modelPackages")
            .get(0);
  }

  private Path write(ObjectNode portfolio) throws Exception {
    Path file = dir.resolve("portfolio.json");
    JSON.writeValue(file.toFile(), portfolio);
    return file;
  }

  @Test
  void aGeneratedPortfolioLoads() throws Exception {
    Portfolio portfolio = PortfolioLoader.load(write(small()));
    assertThat(portfolio.versionCount()).isEqualTo(2);
    assertThat(portfolio.callerAccount()).isEqualTo("111111111111");
  }

  @Test
  void aStringPastTheReadersLimitNamesTheLimitNotALibrarySetting() throws Exception {
    Path file = dir.resolve("huge.json");
    Files.writeString(file, "{\n  \"note\": \"" + "x".repeat(20_000_001) + "\"\n}");
    assertThatThrownBy(() -> PortfolioLoader.load(file))
        .isInstanceOf(PortfolioException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining(
            "too large to read: String value length (20000001) exceeds the maximum allowed"
                + " (20000000)")
        .hasMessageNotContaining("StreamReadConstraints");
  }

  @Test
  void malformedJsonNamesTheFileLineAndColumn() throws Exception {
    Path file = dir.resolve("broken.json");
    Files.writeString(file, "{\n  \"accounts\": {\n    \"111111111111\": [}\n}");
    assertThatThrownBy(() -> PortfolioLoader.load(file))
        .isInstanceOf(PortfolioException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("malformed JSON at line 3, column");
  }

  @Test
  void aMissingFileIsNamed() {
    Path file = dir.resolve("nope.json");
    assertThatThrownBy(() -> PortfolioLoader.load(file))
        .hasMessageContaining(file.toString())
        .hasMessageContaining("file not found");
  }

  @Test
  void anUnknownFieldIsNamedWithItsPathAndTheShapeItIsNotIn() throws Exception {
    ObjectNode portfolio = small();
    firstPackage(portfolio).put("ModelApprovalStatuss", "Approved");
    Path file = write(portfolio);
    assertThatThrownBy(() -> PortfolioLoader.load(file))
        .hasMessageContaining(file.toString())
        .hasMessageContaining(PACKAGE + ".ModelApprovalStatuss: unknown field")
        .hasMessageContaining("DescribeModelPackageResponse");
  }

  @Test
  void anUnknownNestedFieldIsNamedWithItsFullPath() throws Exception {
    ObjectNode portfolio = small();
    ((ObjectNode) firstPackage(portfolio).path("InferenceSpecification").path("Containers").get(0))
        .put("Imagee", "x");
    assertThatThrownBy(() -> PortfolioLoader.load(write(portfolio)))
        .hasMessageContaining(
            PACKAGE + ".InferenceSpecification.Containers[0].Imagee: unknown field");
  }

  @Test
  void aMissingRequiredFieldIsNamed() throws Exception {
    ObjectNode portfolio = small();
    firstPackage(portfolio).remove("ModelPackageArn");
    assertThatThrownBy(() -> PortfolioLoader.load(write(portfolio)))
        .hasMessageContaining(PACKAGE + ".ModelPackageArn: required field is missing");
  }

  @Test
  void aWrongTypeAndABadTimestampAreNamed() throws Exception {
    ObjectNode portfolio = small();
    firstPackage(portfolio).put("ModelPackageVersion", "three");
    firstPackage(portfolio).put("CreationTime", "last tuesday");
    assertThatThrownBy(() -> PortfolioLoader.load(write(portfolio)))
        .hasMessageContaining(
            PACKAGE + ".ModelPackageVersion: expected an integer, found string \"three\"")
        .hasMessageContaining(
            PACKAGE + ".CreationTime: expected an ISO-8601 timestamp or epoch seconds");
  }

  @Test
  void isoAndEpochTimestampsAreTheSameInstant() {
    ObjectNode iso = small();
    firstPackage(iso).put("CreationTime", "2026-01-02T03:04:05Z");
    ObjectNode epoch = small();
    firstPackage(epoch).put("CreationTime", 1767323045L);
    Portfolio a = PortfolioLoader.fromJson(iso, "iso");
    Portfolio b = PortfolioLoader.fromJson(epoch, "epoch");
    String arn = firstPackage(iso).path("ModelPackageArn").asText();
    assertThat(
            a.region("111111111111", "eu-west-1")
                .packages
                .get(arn)
                .path("CreationTime")
                .decimalValue())
        .isEqualByComparingTo(
            b.region("111111111111", "eu-west-1")
                .packages
                .get(arn)
                .path("CreationTime")
                .decimalValue());
  }

  @Test
  void inconsistentPiecesAreRefused() throws Exception {
    ObjectNode portfolio = small();
    firstPackage(portfolio).put("ModelPackageGroupName", "no-such-group");
    portfolio.put("callerAccount", "12345");
    portfolio.putObject("unexpected");
    assertThatThrownBy(() -> PortfolioLoader.load(write(portfolio)))
        .hasMessageContaining(
            PACKAGE + ".ModelPackageGroupName: group no-such-group is not in modelPackageGroups")
        .hasMessageContaining("$.callerAccount: expected a 12-digit account id")
        .hasMessageContaining("$.unexpected: unknown field");
  }

  @Test
  void inferenceComponentsAndAlarmsLoadAndTheirProblemsAreNamed() throws Exception {
    String region = "$.accounts.111111111111.eu-west-1";
    String sm = "arn:aws:sagemaker:eu-west-1:111111111111:";
    ObjectNode good = small();
    ObjectNode data = (ObjectNode) good.path("accounts").path("111111111111").path("eu-west-1");
    ObjectNode component = data.putArray("inferenceComponents").addObject();
    component.put("InferenceComponentName", "ic-1");
    component.put("InferenceComponentArn", sm + "inference-component/ic-1");
    component.put("EndpointName", "ep");
    component.put("EndpointArn", sm + "endpoint/ep");
    component.put("CreationTime", "2025-01-01T00:00:00Z");
    component.put("LastModifiedTime", 1735689600L);
    component.putArray("Tags").addObject().put("Key", "k").put("Value", "v");
    ObjectNode alarm = data.putArray("metricAlarms").addObject();
    alarm.put("AlarmName", "a");
    alarm.put("AlarmArn", "arn:aws:cloudwatch:eu-west-1:111111111111:alarm:a");
    alarm.put("StateUpdatedTimestamp", "2025-01-01T00:00:00Z");
    ObjectNode composite = data.putArray("compositeAlarms").addObject();
    composite.put("AlarmName", "c");
    composite.put("AlarmArn", "arn:aws:cloudwatch:eu-west-1:111111111111:alarm:c");
    composite.put("AlarmRule", "ALARM(a)");
    Portfolio.RegionData loaded =
        PortfolioLoader.fromJson(good, "good").region("111111111111", "eu-west-1");
    assertThat(loaded.inferenceComponents.get("ic-1").path("CreationTime").asLong())
        .isEqualTo(1735689600L);
    assertThat(loaded.taggable).containsKey(sm + "inference-component/ic-1");
    assertThat(loaded.metricAlarms.get("a").path("StateUpdatedTimestamp").asLong())
        .isEqualTo(1735689600L);
    assertThat(loaded.compositeAlarms).containsKey("c");

    ObjectNode bad = good.deepCopy();
    ObjectNode badData = (ObjectNode) bad.path("accounts").path("111111111111").path("eu-west-1");
    ArrayNode components = (ArrayNode) badData.get("inferenceComponents");
    components.add(components.get(0).deepCopy());
    ObjectNode foreign = components.addObject();
    foreign.put("InferenceComponentName", "ic-2");
    foreign.put(
        "InferenceComponentArn",
        "arn:aws:sagemaker:eu-west-1:222222222222:inference-component/ic-2");
    foreign.put("EndpointName", "ep");
    foreign.put("CreationTime", "2025-01-01T00:00:00Z");
    foreign.put("LastModifiedTime", "2025-01-01T00:00:00Z");
    foreign.put("CopyCount", 1);
    ArrayNode alarms = (ArrayNode) badData.get("metricAlarms");
    alarms.addObject().put("AlarmArn", "arn:aws:cloudwatch:eu-west-1:111111111111:alarm:x");
    ObjectNode math =
        alarms
            .addObject()
            .put("AlarmName", "c")
            .put("AlarmArn", "arn:aws:cloudwatch:eu-west-1:111111111111:alarm:c");
    math.putArray("Metrics").addObject().put("Expression", "m1 * 2");
    math.putArray("Dimensions").addObject().put("Name", "EndpointName");
    assertThatThrownBy(() -> PortfolioLoader.load(write(bad)))
        .hasMessageContaining(region + ".inferenceComponents: duplicate entry ic-1")
        .hasMessageContaining(
            region
                + ".inferenceComponents[2]: InferenceComponentArn arn:aws:sagemaker:eu-west-1:222222222222:"
                + "inference-component/ic-2 does not belong here")
        .hasMessageContaining(
            region + ".inferenceComponents[2].EndpointArn: required field is missing")
        .hasMessageContaining(
            region
                + ".inferenceComponents[2].CopyCount: unknown field (not a member of "
                + "DescribeInferenceComponentResponse or InferenceComponentSummary or CreateInferenceComponentRequest)")
        .hasMessageContaining(region + ".metricAlarms[1].AlarmName: required field is missing")
        .hasMessageContaining(
            region
                + ".compositeAlarms[0].AlarmName: alarm c is both a metric and a composite alarm")
        .hasMessageContaining(region + ".metricAlarms[2].Metrics[0].Id: required field is missing")
        .hasMessageContaining(
            region + ".metricAlarms[2].Dimensions[0].Value: required field is missing");
  }

  @Test
  void theGeneratorIsDeterministic() {
    PortfolioGenerator.Spec spec = PortfolioGenerator.Spec.of(2, 3, 4, 42L);
    assertThat(PortfolioGenerator.generate(spec).portfolio())
        .isEqualTo(PortfolioGenerator.generate(spec).portfolio());
    assertThat(PortfolioGenerator.generate(PortfolioGenerator.Spec.of(2, 3, 4, 43L)).portfolio())
        .isNotEqualTo(PortfolioGenerator.generate(spec).portfolio());
  }
}
