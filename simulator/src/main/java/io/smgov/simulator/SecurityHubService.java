package io.smgov.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smgov.wire.SdkJson;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * AWS Security Hub (REST-JSON, signing name {@code securityhub}): {@code BatchImportFindings},
 * {@code POST /findings/import} with {@code {"Findings": [...]}}, as a custom integration imports
 * into its own account. Its rules, each from the Security Hub documentation ({@code
 * docs/simulator-fidelity.md} cites them):
 *
 * <ul>
 *   <li>At most 100 findings a request and 6 MB a request; more refuse the whole request with HTTP
 *       400 {@code InvalidInputException}.
 *   <li>Each finding must carry the required top-level ASFF attributes (AwsAccountId, CreatedAt,
 *       Description, GeneratorId, Id, ProductArn, Resources with Type and Id, SchemaVersion,
 *       Severity with Label or Normalized, Title, Types, UpdatedAt) and be at most 240 KB;
 *       otherwise it alone fails with {@code InvalidInput}.
 *   <li>AwsAccountId must be the caller's account and ProductArn the account's default product,
 *       {@code arn:aws:securityhub:<region>:<account>:product/<account>/default}, in the region
 *       called; otherwise the finding fails with {@code InvalidAccess}.
 *   <li>A finding whose ProductArn and Id are already held updates it only when its UpdatedAt is
 *       later; otherwise the import is ignored (and counted a success). An update keeps the held
 *       Note, UserDefinedFields, VerificationState and Workflow.
 * </ul>
 *
 * <p>The findings are kept per account and region, in the order first imported ({@link #findings}).
 * {@link #failNextEntries} makes the next findings fail with {@code InternalException}, which the
 * documentation does not name per finding (see the fidelity doc).
 */
final class SecurityHubService {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  static final String BATCH_IMPORT_FINDINGS = "BatchImportFindings";

  /** "Maximum of 100 findings per request." */
  static final int MAX_FINDINGS = 100;

  /** "up to 240 KB per finding" */
  static final int MAX_FINDING_BYTES = 240 * 1024;

  /** "up to 6 MB per batch" */
  static final int MAX_BATCH_BYTES = 6 * 1024 * 1024;

  private static final List<String> REQUIRED_STRINGS =
      List.of(
          "AwsAccountId",
          "CreatedAt",
          "Description",
          "GeneratorId",
          "Id",
          "ProductArn",
          "SchemaVersion",
          "Title",
          "UpdatedAt");
  private static final Map<String, Integer> MAX_LENGTHS =
      Map.of("Description", 1024, "GeneratorId", 512, "Id", 512, "ProductArn", 2048, "Title", 256);
  private static final Set<String> SEVERITY_LABELS =
      Set.of("INFORMATIONAL", "LOW", "MEDIUM", "HIGH", "CRITICAL");

  /** What BatchImportFindings cannot change once a finding exists. */
  private static final List<String> CUSTOMER_FIELDS =
      List.of("Note", "UserDefinedFields", "VerificationState", "Workflow");

  private static final Pattern ACCOUNT_ID = Pattern.compile("[0-9]{12}");

  /** The answer to one request: its body and how many findings it carried. */
  record Result(ObjectNode body, int items) {}

  /** account/region → (ProductArn, Id) → the finding, in the order first imported. */
  private final Map<String, Map<String, ObjectNode>> findings = new HashMap<>();

  private int failuresToInject;

  /** The operation a request is, or empty for a route Security Hub does not have here. */
  static Optional<String> operation(SimRequest request) {
    return "POST".equals(request.method()) && "/findings/import".equals(request.path())
        ? Optional.of(BATCH_IMPORT_FINDINGS)
        : Optional.empty();
  }

  /** The next {@code count} findings, across requests, fail with {@code InternalException}. */
  synchronized void failNextEntries(int count) {
    failuresToInject = count;
  }

  /** The findings held for {@code account} in {@code region}, in import order (copies). */
  synchronized List<JsonNode> findings(String account, String region) {
    List<JsonNode> copy = new ArrayList<>();
    findings.getOrDefault(account + "/" + region, Map.of()).values().stream()
        .map(ObjectNode::deepCopy)
        .forEach(copy::add);
    return copy;
  }

  /** BatchImportFindings; the request's JSON body parsed. */
  synchronized Result handle(SimRequest request) {
    if (request.body().length > MAX_BATCH_BYTES) {
      throw invalidInput(
          "The request is "
              + request.body().length
              + " bytes; a BatchImportFindings request may be at most 6 MB.");
    }
    JsonNode list = request.member("Findings");
    if (list.isNull() || list.isMissingNode()) {
      throw invalidInput("Findings is a required parameter.");
    }
    if (!list.isArray()) {
      throw invalidInput("Findings must be a list of findings in the AWS Security Finding Format.");
    }
    if (list.size() > MAX_FINDINGS) {
      throw invalidInput(
          "Findings holds "
              + list.size()
              + " findings; at most "
              + MAX_FINDINGS
              + " findings may be imported per request.");
    }
    String account = request.caller().account();
    String region = request.region();
    Map<String, ObjectNode> held =
        findings.computeIfAbsent(account + "/" + region, k -> new LinkedHashMap<>());
    ArrayNode failed = NODES.arrayNode();
    int succeeded = 0;
    for (JsonNode finding : list) {
      Optional<String[]> error = error(finding, account, region);
      if (error.isPresent()) {
        ObjectNode failure = failed.addObject();
        failure.put("Id", finding.path("Id").asText(""));
        failure.put("ErrorCode", error.get()[0]);
        failure.put("ErrorMessage", error.get()[1]);
        continue;
      }
      succeeded++;
      store(held, (ObjectNode) finding);
    }
    ObjectNode body = NODES.objectNode();
    body.put("FailedCount", failed.size());
    body.put("SuccessCount", succeeded);
    body.set("FailedFindings", failed);
    return new Result(body, list.size());
  }

  /** The code and message a finding fails with, or empty when it may be imported. */
  private Optional<String[]> error(JsonNode finding, String account, String region) {
    if (failuresToInject > 0) {
      failuresToInject--;
      return Optional.of(
          new String[] {"InternalException", "Internal service error. Import the finding again."});
    }
    if (!finding.isObject()) {
      return invalid("data should be object");
    }
    List<String> problems = asffProblems(finding);
    if (!problems.isEmpty()) {
      return invalid(String.join(", ", problems));
    }
    int size = finding.toString().getBytes(StandardCharsets.UTF_8).length;
    if (size > MAX_FINDING_BYTES) {
      return Optional.of(
          new String[] {
            "InvalidInput",
            "The finding is " + size + " bytes; the maximum allowed size for a finding is 240 KB."
          });
    }
    String awsAccountId = finding.path("AwsAccountId").asText();
    if (!awsAccountId.equals(account)) {
      return Optional.of(
          new String[] {
            "InvalidAccess",
            "AwsAccountId "
                + awsAccountId
                + " is not the calling account "
                + account
                + "; a finding imported with the default product ARN must belong to the caller."
          });
    }
    String productArn = finding.path("ProductArn").asText();
    String own = defaultProductArn(account, region);
    if (!productArn.equals(own)) {
      return Optional.of(
          new String[] {
            "InvalidAccess",
            "The product "
                + productArn
                + " is not enabled for account "
                + account
                + " in "
                + region
                + "; this account may import findings only for "
                + own
                + "."
          });
    }
    return Optional.empty();
  }

  private static Optional<String[]> invalid(String problems) {
    return Optional.of(
        new String[] {
          "InvalidInput", "Finding does not adhere to Amazon Finding Format. " + problems + "."
        });
  }

  /** The required top-level ASFF attributes the finding lacks or breaks, in the ajv form. */
  private static List<String> asffProblems(JsonNode finding) {
    List<String> problems = new ArrayList<>();
    for (String name : REQUIRED_STRINGS) {
      JsonNode value = finding.get(name);
      if (value == null || value.isNull()) {
        problems.add("data should have required property '" + name + "'");
      } else if (!value.isTextual() || value.asText().isEmpty()) {
        problems.add("data." + name + " should be a non-empty string");
      } else if (MAX_LENGTHS.containsKey(name) && value.asText().length() > MAX_LENGTHS.get(name)) {
        problems.add(
            "data." + name + " should NOT be longer than " + MAX_LENGTHS.get(name) + " characters");
      }
    }
    JsonNode accountId = finding.get("AwsAccountId");
    if (accountId != null
        && accountId.isTextual()
        && !accountId.asText().isEmpty()
        && !ACCOUNT_ID.matcher(accountId.asText()).matches()) {
      problems.add("data.AwsAccountId should be a 12-digit account id");
    }
    for (String time : List.of("CreatedAt", "UpdatedAt")) {
      JsonNode value = finding.get(time);
      if (value != null
          && value.isTextual()
          && !value.asText().isEmpty()
          && SdkJson.parseTimestamp(value.asText()).isEmpty()) {
        problems.add("data." + time + " should match format \"date-time\"");
      }
    }
    JsonNode resources = finding.get("Resources");
    if (resources == null || resources.isNull()) {
      problems.add("data should have required property 'Resources'");
    } else if (!resources.isArray() || resources.isEmpty() || resources.size() > 32) {
      problems.add("data.Resources should be an array of 1 to 32 resources");
    } else {
      for (int i = 0; i < resources.size(); i++) {
        for (String name : List.of("Type", "Id")) {
          JsonNode value = resources.get(i).get(name);
          if (value == null || !value.isTextual() || value.asText().isEmpty()) {
            problems.add("data.Resources[" + i + "] should have required property '" + name + "'");
          }
        }
      }
    }
    JsonNode severity = finding.get("Severity");
    if (severity == null || severity.isNull()) {
      problems.add("data should have required property 'Severity'");
    } else {
      JsonNode label = severity.get("Label");
      JsonNode normalized = severity.get("Normalized");
      boolean hasLabel = label != null && !label.isNull();
      boolean hasNormalized = normalized != null && !normalized.isNull();
      if (!hasLabel && !hasNormalized) {
        problems.add("data.Severity should have required property 'Label' or 'Normalized'");
      }
      if (hasLabel && !SEVERITY_LABELS.contains(label.asText())) {
        problems.add(
            "data.Severity.Label should be equal to one of the allowed values"
                + " INFORMATIONAL, LOW, MEDIUM, HIGH, CRITICAL");
      }
      if (hasNormalized
          && (!normalized.canConvertToInt()
              || normalized.asInt() < 0
              || normalized.asInt() > 100)) {
        problems.add("data.Severity.Normalized should be an integer from 0 to 100");
      }
    }
    JsonNode types = finding.get("Types");
    if (types == null || types.isNull()) {
      problems.add("data should have required property 'Types'");
    } else if (!types.isArray() || types.isEmpty() || types.size() > 50) {
      problems.add("data.Types should be an array of 1 to 50 finding types");
    }
    return problems;
  }

  /** Creates the finding, or updates the held one when the import's UpdatedAt is later. */
  private static void store(Map<String, ObjectNode> held, ObjectNode finding) {
    String key = finding.path("ProductArn").asText() + "\n" + finding.path("Id").asText();
    ObjectNode existing = held.get(key);
    ObjectNode copy = finding.deepCopy();
    if (existing == null) {
      held.put(key, copy);
      return;
    }
    Instant before = instant(existing);
    Instant after = instant(copy);
    if (!after.isAfter(before)) {
      return; // "Security Hub ignores the update request."
    }
    for (String field : CUSTOMER_FIELDS) {
      copy.remove(field);
      if (existing.has(field)) {
        copy.set(field, existing.get(field).deepCopy());
      }
    }
    held.put(key, copy);
  }

  private static Instant instant(JsonNode finding) {
    return SdkJson.parseTimestamp(finding.path("UpdatedAt").asText()).orElse(Instant.EPOCH);
  }

  /** The product ARN of a custom integration in its own account. */
  static String defaultProductArn(String account, String region) {
    return "arn:aws:securityhub:" + region + ":" + account + ":product/" + account + "/default";
  }

  private static ApiException invalidInput(String message) {
    return new ApiException(400, "InvalidInputException", message);
  }
}
