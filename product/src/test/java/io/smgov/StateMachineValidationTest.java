package io.smgov;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smgov.testing.Checkout;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The state machines of {@code deploy/cloudformation/smgov.yaml}, as a stack gets them (rendered,
 * DefinitionSubstitutions applied), checked by asl-validator, a validator of the Amazon States
 * Language: the fields each state type takes and their types, intrinsic functions and paths, every
 * transition, the Map's processor. The build installs it with npm (product/pom.xml,
 * install-asl-validator); it runs on Node.
 */
class StateMachineValidationTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The validator's command-line script, where the build installed it. */
  private static final Path VALIDATOR =
      Path.of(
          System.getProperty(
              "smgov.asl.validator",
              Checkout.resolve(
                      "product/target/asl-validator/node_modules/asl-validator/dist/bin/asl-validator.js")
                  .toString()));

  record Verdict(int exitCode, String output) {}

  @Test
  void everyStateMachineOfTheJobStackIsValidAmazonStatesLanguage(@TempDir Path dir)
      throws Exception {
    // Both cluster branches of the fan-out (the definitions differ in the cluster's ARN), and the
    // single-task stack, which has the event state machine only.
    Map<String, JsonNode> checked = new TreeMap<>();
    for (Map<String, String> parameters :
        List.of(
            DeployTemplatesTest.JOB,
            DeployTemplatesTest.FAN_OUT,
            DeployTemplatesTest.with(DeployTemplatesTest.FAN_OUT, "ClusterName", "ops"))) {
      ObjectNode stack = DeployTemplatesTest.template("smgov.yaml").render(parameters);
      DeployTemplatesTest.stateMachines(stack)
          .forEach(
              (name, definition) -> {
                Verdict verdict = validate(dir, name, definition);
                assertThat(verdict.exitCode())
                    .as("asl-validator on %s (%s):%n%s", name, parameters, verdict.output())
                    .isZero();
                checked.put(name, definition);
              });
    }
    assertThat(checked).containsOnlyKeys("RefreshBatch", "ExportFanOut");
  }

  @Test
  void theValidatorRefusesWhatCloudFormationWouldHandStepFunctionsWrong(@TempDir Path dir)
      throws Exception {
    JsonNode fanOut =
        DeployTemplatesTest.stateMachines(
                DeployTemplatesTest.template("smgov.yaml").render(DeployTemplatesTest.FAN_OUT))
            .get("ExportFanOut");

    // A DefinitionSubstitution is text: written as MaxConcurrency, ShardConcurrency would reach
    // Step Functions as the string "50". Hence MaxConcurrencyPath.
    ObjectNode asText = fanOut.deepCopy();
    ObjectNode map = (ObjectNode) asText.at("/States/Shards");
    map.remove("MaxConcurrencyPath");
    map.put("MaxConcurrency", "50");
    Verdict text = validate(dir, "max-concurrency-as-text", asText);
    assertThat(text.exitCode()).as(text.output()).isNotZero();
    assertThat(text.output()).contains("MaxConcurrency");

    // A shard whose retries end nowhere.
    ObjectNode dangling = fanOut.deepCopy();
    ((ObjectNode) dangling.at("/States/Shards/ItemProcessor/States/Export/Catch/0"))
        .put("Next", "Nowhere");
    Verdict nowhere = validate(dir, "dangling-catch", dangling);
    assertThat(nowhere.exitCode()).as(nowhere.output()).isNotZero();
    assertThat(nowhere.output()).contains("Nowhere");

    // An intrinsic function Step Functions does not have.
    ObjectNode unknown = fanOut.deepCopy();
    ((ObjectNode) unknown.at("/States/Prepare/Parameters")).put("shards.$", "States.Range(0, 199)");
    Verdict function = validate(dir, "unknown-function", unknown);
    assertThat(function.exitCode()).as(function.output()).isNotZero();
  }

  private static Verdict validate(Path dir, String name, JsonNode definition) {
    if (!Files.isRegularFile(VALIDATOR)) {
      fail(
          "asl-validator is not installed: "
              + VALIDATOR
              + " is missing. The build installs it with npm (product/pom.xml, execution"
              + " install-asl-validator, in generate-test-resources); was npm on the PATH and the"
              + " npm registry reachable? By hand: npm install --no-save --prefix"
              + " product/target/asl-validator asl-validator@4.0.0");
    }
    try {
      Path file = dir.resolve(name + ".json");
      Files.writeString(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(definition));
      Process process =
          new ProcessBuilder("node", VALIDATOR.toString(), "--json-path", file.toString())
              .redirectErrorStream(true)
              .start();
      process.getOutputStream().close();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      // A guard against a hung process: the output was read to its end above.
      assertThat(process.waitFor(2, TimeUnit.MINUTES)).as("asl-validator exited").isTrue();
      return new Verdict(process.exitValue(), output);
    } catch (IOException e) {
      throw new AssertionError(
          "could not run asl-validator with node (is Node.js on the PATH?): " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
