package io.smgov.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smgov.wire.SdkJson;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One request as the simulator's services see it: the HTTP parts, plus who sent it (the account the
 * SigV4 access key names, the role session if the key came from AssumeRole) and the region of the
 * credential scope.
 */
record SimRequest(
    String method,
    String path,
    String rawQuery,
    Map<String, List<String>> headers,
    byte[] body,
    Caller caller,
    String region,
    JsonNode json) {

  /** The identity behind an access key. {@code role} is null for the caller's own credentials. */
  record Caller(String accessKeyId, String account, String role, String sessionName) {
    String arn() {
      return role == null
          ? "arn:aws:iam::" + account + ":user/smgov-caller"
          : "arn:aws:sts::" + account + ":assumed-role/" + role + "/" + sessionName;
    }
  }

  /** The same request with its body parsed. */
  SimRequest withJson(JsonNode parsed) {
    return new SimRequest(method, path, rawQuery, headers, body, caller, region, parsed);
  }

  /**
   * Problems of this request's JSON body against the SDK's request class of {@code operation} in
   * {@code modelPackage} (e.g. {@code software.amazon.awssdk.services.glue.model.}): an unknown
   * member, a wrong type. Empty when the body fits, or when the SDK has no such operation.
   */
  List<String> problemsAgainstModel(String modelPackage, String operation) {
    Class<?> shape;
    try {
      shape = Class.forName(modelPackage + operation + "Request");
    } catch (ClassNotFoundException e) {
      return List.of(); // not an operation of this service; the service says so
    }
    List<String> problems = new ArrayList<>();
    if (json instanceof ObjectNode) {
      SdkJson.validateAndNormalize(
          ((ObjectNode) json).deepCopy(), List.of(SdkJson.shape(shape)), operation, problems);
    }
    return problems;
  }

  String header(String name) {
    for (Map.Entry<String, List<String>> e : headers.entrySet()) {
      if (e.getKey() != null && e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) {
        return e.getValue().get(0);
      }
    }
    return null;
  }

  JsonNode member(String name) {
    JsonNode node = json == null ? null : json.get(name);
    return node == null ? NullNode.getInstance() : node;
  }

  Optional<String> text(String name) {
    JsonNode node = member(name);
    return node.isNull() ? Optional.empty() : Optional.of(node.asText());
  }

  String requiredText(String name) {
    return text(name)
        .filter(s -> !s.isEmpty())
        .orElseThrow(
            () ->
                ApiException.validation(
                    "1 validation error detected: Value null at '"
                        + Character.toLowerCase(name.charAt(0))
                        + name.substring(1)
                        + "' failed to satisfy constraint: Member must not be null"));
  }

  Optional<Integer> integer(String name) {
    JsonNode node = member(name);
    return node.isNull() ? Optional.empty() : Optional.of(node.asInt());
  }

  Optional<Boolean> bool(String name) {
    JsonNode node = member(name);
    return node.isNull() ? Optional.empty() : Optional.of(node.asBoolean());
  }

  /** A timestamp member as epoch seconds (the SDK sends numbers; strings are accepted too). */
  Optional<BigDecimal> epochSeconds(String name) {
    JsonNode node = member(name);
    if (node.isNull()) {
      return Optional.empty();
    }
    return SdkJson.parseTimestamp(node).map(i -> BigDecimal.valueOf(i.toEpochMilli(), 3));
  }
}
