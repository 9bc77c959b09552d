package io.smgov.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;
import java.util.Set;

/**
 * An EventBridge event from SageMaker that asks for a refresh: a model package state change
 * (approval, lifecycle, metadata) refreshes its group; an endpoint state or deployment change
 * refreshes the account's endpoints. The event names the account and region. Duplicate or
 * out-of-order events are harmless: a refresh reads the current state, whatever the event says.
 */
public record RegistryEvent(
    Kind kind,
    String id,
    String account,
    String region,
    Optional<String> group,
    Optional<String> endpoint) {
  public enum Kind {
    MODEL_PACKAGE,
    ENDPOINT
  }

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
      String group = text(detail, "ModelPackageGroupName");
      if (group == null) {
        String arn = text(detail, "ModelPackageArn");
        group = groupOfArn(arn != null ? arn : event.path("resources").path(0).asText(""));
      }
      if (group == null) {
        throw new IllegalArgumentException(
            "the model package event names no ModelPackageGroupName or versioned ModelPackageArn");
      }
      return new RegistryEvent(
          Kind.MODEL_PACKAGE, id, account, region, Optional.of(group), Optional.empty());
    }
    if (ENDPOINT_CHANGES.contains(detailType)) {
      return new RegistryEvent(
          Kind.ENDPOINT,
          id,
          account,
          region,
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
   * A field's text, null when absent or blank: the deployed rule rebuilds the event with an input
   * transformer, which renders a field the original event lacks as an empty string.
   */
  private static String text(JsonNode node, String field) {
    String value = node.path(field).asText("");
    return value.isBlank() ? null : value;
  }

  /** {@code arn:aws:sagemaker:r:a:model-package/<group>/<version>} → group. */
  static String groupOfArn(String arn) {
    int start = arn.indexOf(":model-package/");
    if (start < 0) {
      return null;
    }
    String rest = arn.substring(start + ":model-package/".length());
    int slash = rest.lastIndexOf('/');
    return slash > 0 ? rest.substring(0, slash) : null;
  }
}
