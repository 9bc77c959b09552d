package io.smgov.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * An EventBridge event from SageMaker that asks for a refresh: a model package state change
 * (approval, lifecycle, metadata) that names its version refreshes that version, one that names
 * only its group refreshes the group; an endpoint state or deployment change refreshes the endpoint
 * it names (every endpoint of the account when it names none). The event names the account and
 * region. Duplicate or out-of-order events are harmless: a refresh reads the current state,
 * whatever the event says.
 *
 * @param version the versioned model package ARN the event names, if it names one
 */
public record RegistryEvent(
    Kind kind,
    String id,
    String account,
    String region,
    Optional<String> group,
    Optional<String> version,
    Optional<String> endpoint) {
  public enum Kind {
    MODEL_PACKAGE,
    ENDPOINT
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  public static final String MODEL_PACKAGE_STATE_CHANGE = "SageMaker Model Package State Change";
  public static final Set<String> ENDPOINT_CHANGES =
      Set.of("SageMaker Endpoint State Change", "SageMaker Endpoint Deployment State Change");

  /** Reads an event; throws IllegalArgumentException naming what is wrong with it. */
  public static RegistryEvent parse(JsonNode event) {
    if (event == null || !event.isObject()) {
      throw new IllegalArgumentException("the event is not a JSON object");
    }
    String source = event.path("source").asText("");
    if (!source.equals("aws.sagemaker")) {
      throw new IllegalArgumentException(
          "the event's source is '" + source + "', not aws.sagemaker");
    }
    String detailType = event.path("detail-type").asText("");
    String account = event.path("account").asText("");
    String region = event.path("region").asText("");
    if (!account.matches("\\d{12}") || region.isEmpty()) {
      throw new IllegalArgumentException("the event has no 12-digit 'account' and 'region'");
    }
    JsonNode detail = event.path("detail");
    String id = event.path("id").asText("");
    if (detailType.equals(MODEL_PACKAGE_STATE_CHANGE)) {
      String arn = text(detail, "ModelPackageArn");
      if (arn == null) {
        arn = text(event.path("resources"), 0);
      }
      String versionGroup = arn == null ? null : groupOfArn(arn);
      String group = text(detail, "ModelPackageGroupName");
      if (group == null) {
        group = versionGroup;
      }
      if (group == null) {
        throw new IllegalArgumentException(
            "the model package event names no ModelPackageGroupName or versioned ModelPackageArn");
      }
      return new RegistryEvent(
          Kind.MODEL_PACKAGE,
          id,
          account,
          region,
          Optional.of(group),
          versionGroup == null ? Optional.empty() : Optional.of(arn),
          Optional.empty());
    }
    if (ENDPOINT_CHANGES.contains(detailType)) {
      return new RegistryEvent(
          Kind.ENDPOINT,
          id,
          account,
          region,
          Optional.empty(),
          Optional.empty(),
          Optional.ofNullable(text(detail, "EndpointName")));
    }
    throw new IllegalArgumentException(
        "detail-type '"
            + detailType
            + "' is not one smgov refreshes on ('"
            + MODEL_PACKAGE_STATE_CHANGE
            + "', "
            + ENDPOINT_CHANGES
            + ")");
  }

  /**
   * Every event of a delivery: one event, an array of events (a batch), or an array of SQS records
   * whose {@code body} is an event (what an EventBridge Pipe from a queue delivers). Throws
   * IllegalArgumentException naming each bad event by its position.
   */
  public static List<RegistryEvent> parseAll(List<JsonNode> documents) {
    List<JsonNode> events = new ArrayList<>();
    for (JsonNode document : documents) {
      if (document.isArray()) {
        document.forEach(events::add);
      } else {
        events.add(document);
      }
    }
    if (events.isEmpty()) {
      throw new IllegalArgumentException("no event (an empty batch)");
    }
    List<RegistryEvent> parsed = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    for (int i = 0; i < events.size(); i++) {
      JsonNode event = events.get(i);
      try {
        if (event.isObject() && event.path("body").isTextual()) {
          event = JSON.readTree(event.path("body").asText()); // an SQS record
        }
        parsed.add(parse(event));
      } catch (IllegalArgumentException | JsonProcessingException e) {
        String message =
            e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
        problems.add(events.size() == 1 ? message : "event " + (i + 1) + ": " + message);
      }
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(String.join("; ", problems));
    }
    return parsed;
  }

  /**
   * A field's text, null when absent or blank: the deployed rule rebuilds the event with an input
   * transformer, which renders a field the original event lacks as an empty string.
   */
  private static String text(JsonNode node, String field) {
    String value = node.path(field).asText("");
    return value.isBlank() ? null : value;
  }

  private static String text(JsonNode array, int index) {
    String value = array.path(index).asText("");
    return value.isBlank() ? null : value;
  }

  /** {@code arn:aws:sagemaker:r:a:model-package/<group>/<version>} → group. */
  public static String groupOfArn(String arn) {
    int start = arn.indexOf(":model-package/");
    if (start < 0) {
      return null;
    }
    String rest = arn.substring(start + ":model-package/".length());
    int slash = rest.lastIndexOf('/');
    return slash > 0 && rest.substring(slash + 1).matches("\\d+") ? rest.substring(0, slash) : null;
  }
}
