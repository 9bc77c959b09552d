package io.smgov.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
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
    return (ObjectNode) portfolio.path("accounts").path("111111111111").path("eu-west-1").path("modelPackages").get(0);
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
    ((ObjectNode) firstPackage(portfolio).path("InferenceSpecification").path("Containers").get(0)).put("Imagee", "x");
    assertThatThrownBy(() -> PortfolioLoader.load(write(portfolio)))
        .hasMessageContaining(PACKAGE + ".InferenceSpecification.Containers[0].Imagee: unknown field");
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
        .hasMessageContaining(PACKAGE + ".ModelPackageVersion: expected an integer, found string \"three\"")
        .hasMessageContaining(PACKAGE + ".CreationTime: expected an ISO-8601 timestamp or epoch seconds");
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
    assertThat(a.region("111111111111", "eu-west-1").packages.get(arn).path("CreationTime").decimalValue())
        .isEqualByComparingTo(
            b.region("111111111111", "eu-west-1").packages.get(arn).path("CreationTime").decimalValue());
  }

  @Test
  void inconsistentPiecesAreRefused() throws Exception {
    ObjectNode portfolio = small();
    firstPackage(portfolio).put("ModelPackageGroupName", "no-such-group");
    portfolio.put("callerAccount", "12345");
    portfolio.putObject("unexpected");
    assertThatThrownBy(() -> PortfolioLoader.load(write(portfolio)))
        .hasMessageContaining(PACKAGE + ".ModelPackageGroupName: group no-such-group is not in modelPackageGroups")
        .hasMessageContaining("$.callerAccount: expected a 12-digit account id")
        .hasMessageContaining("$.unexpected: unknown field");
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
