package io.smgov.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * AWS CloudTrail {@code LookupEvents} over AWS JSON 1.1 ({@code X-Amz-Target:
 * com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.LookupEvents}, SigV4 signing name {@code
 * cloudtrail}), the protocol the SDK's CloudTrailClient sends. It serves each account and region's
 * {@code cloudTrailEvents}, the event history, as the API reference describes it: newest first, at
 * most one lookup attribute (exact match), an inclusive StartTime/EndTime range, only the last 90
 * days before the portfolio's "now", MaxResults 1-50 (default 50) with a NextToken bound to the
 * request's parameters, and two requests a second per account and region (beyond that,
 * ThrottlingException). Insights events (those whose CloudTrailEvent says {@code eventCategory}
 * Insight) are returned only for {@code EventCategory: insight}.
 */
final class CloudTrailService implements JsonService {
  static final String TARGET_PREFIX = "com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101";

  /** LookupEvents: 2 requests a second per account and region (the CloudTrail quotas). */
  static final double LOOKUP_EVENTS_PER_SECOND = 2;

  /** MaxResults: 1-50, 50 when absent. */
  static final int MAX_RESULTS = 50;

  /** Event history keeps 90 days of events. */
  static final Duration HISTORY = Duration.ofDays(90);

  /** LookupAttribute.AttributeValue: 1-2000 characters, '_', ' ', ',' and '\n' counting twice. */
  static final int MAX_ATTRIBUTE_VALUE = 2000;

  static final List<String> ATTRIBUTE_KEYS =
      List.of(
          "EventId",
          "EventName",
          "ReadOnly",
          "Username",
          "ResourceType",
          "ResourceName",
          "EventSource",
          "AccessKeyId");

  /** The attributes an Insights lookup supports. */
  static final List<String> INSIGHT_ATTRIBUTE_KEYS = List.of("EventId", "EventName", "EventSource");

  private static final String TOKEN_PREFIX = "smgov-sim-ct:";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Portfolio portfolio;
  private final Throttle lookupRate;

  CloudTrailService(Portfolio portfolio, LongSupplier nanoTime) {
    this.portfolio = portfolio;
    this.lookupRate = new Throttle(LOOKUP_EVENTS_PER_SECOND, nanoTime);
  }

  @Override
  public String targetPrefix() {
    return TARGET_PREFIX;
  }

  @Override
  public String actionPrefix() {
    return "cloudtrail";
  }

  /**
   * CloudTrail has its own fixed LookupEvents rate ({@link #admit}), not the simulator's SageMaker
   * one.
   */
  @Override
  public boolean throttled() {
    return false;
  }

  /** The operation an X-Amz-Target names ("Unknown" when it names none of CloudTrail's). */
  static String operation(SimRequest request) {
    String target = request.header("X-Amz-Target");
    String prefix = TARGET_PREFIX + ".";
    return target != null && target.startsWith(prefix)
        ? target.substring(prefix.length())
        : "Unknown";
  }

  /**
   * Takes one LookupEvents request from its account and region's allowance: a token bucket of two a
   * second that holds at most two, so two immediate requests pass and a third within half a second
   * of the first does not. Other operations are not counted here.
   */
  boolean admit(SimRequest request) {
    if (!"LookupEvents".equals(operation(request))) {
      return true;
    }
    return lookupRate.tryAcquire(request.caller().account() + " " + request.region());
  }

  @Override
  public Result handle(String operation, SimRequest request) {
    if (!operation.equals("LookupEvents")) {
      throw new ApiException(
          400,
          "UnknownOperationException",
          "The simulator serves CloudTrail LookupEvents only, not " + operation);
    }
    return lookupEvents(request);
  }

  private Result lookupEvents(SimRequest request) {
    Integer maxResults = request.integer("MaxResults").orElse(null);
    if (maxResults != null && (maxResults < 1 || maxResults > MAX_RESULTS)) {
      throw new ApiException(
          400,
          "InvalidMaxResultsException",
          "MaxResults " + maxResults + " is not valid: it must be from 1 to " + MAX_RESULTS + ".");
    }
    int size = maxResults == null ? MAX_RESULTS : maxResults;

    String category = request.text("EventCategory").orElse(null);
    if (category != null && !category.equals("insight")) {
      throw new ApiException(
          400,
          "InvalidEventCategoryException",
          "EventCategory " + category + " is not valid: the only event category is insight.");
    }
    boolean insights = category != null;

    Optional<LookupAttribute> attribute =
        lookupAttribute(request.member("LookupAttributes"), insights);

    BigDecimal start = request.epochSeconds("StartTime").orElse(null);
    BigDecimal end = request.epochSeconds("EndTime").orElse(null);
    if (start != null && end != null && start.compareTo(end) > 0) {
      throw new ApiException(
          400, "InvalidTimeRangeException", "The StartTime must not be after the EndTime.");
    }
    BigDecimal oldest = BigDecimal.valueOf(portfolio.now().minus(HISTORY).toEpochMilli(), 3);

    Portfolio.RegionData data = portfolio.region(request.caller().account(), request.region());
    List<ObjectNode> matched = new ArrayList<>();
    for (ObjectNode event : data.cloudTrailEvents) {
      BigDecimal time = event.path("EventTime").decimalValue();
      if (time.compareTo(oldest) < 0
          || (start != null && time.compareTo(start) < 0)
          || (end != null && time.compareTo(end) > 0)
          || insights != data.insightEventIds.contains(event.path("EventId").asText())
          || (attribute.isPresent() && !attribute.get().matches(event))) {
        continue;
      }
      matched.add(event);
    }

    String fingerprint = fingerprint(request);
    int from = offset(request.text("NextToken").orElse(null), fingerprint);
    if (from > matched.size()) {
      throw invalidToken();
    }
    int to = Math.min(matched.size(), from + size);
    ObjectNode body = JSON.createObjectNode();
    ArrayNode events = body.putArray("Events");
    matched.subList(from, to).forEach(events::add);
    if (to < matched.size()) {
      body.put("NextToken", token(to, fingerprint));
    }
    return new Result(body, to - from, null);
  }

  /** The one attribute a lookup may filter on. */
  private record LookupAttribute(String key, String value) {
    boolean matches(ObjectNode event) {
      switch (key) {
        case "ResourceType":
        case "ResourceName":
          for (JsonNode resource : event.path("Resources")) {
            if (value.equals(resource.path(key).asText(null))) {
              return true;
            }
          }
          return false;
        default:
          return value.equals(event.path(key).asText(null));
      }
    }
  }

  private static Optional<LookupAttribute> lookupAttribute(JsonNode attributes, boolean insights) {
    if (attributes.isNull() || attributes.isEmpty()) {
      return Optional.empty();
    }
    if (attributes.size() > 1) {
      throw invalidAttributes(
          "LookupAttributes can contain only one item; the request has " + attributes.size() + ".");
    }
    JsonNode attribute = attributes.get(0);
    String key = attribute.path("AttributeKey").asText(null);
    String value = attribute.path("AttributeValue").asText(null);
    if (key == null || !ATTRIBUTE_KEYS.contains(key)) {
      throw invalidAttributes(
          "AttributeKey "
              + key
              + " is not valid: it must be one of "
              + String.join(", ", ATTRIBUTE_KEYS)
              + ".");
    }
    if (insights && !INSIGHT_ATTRIBUTE_KEYS.contains(key)) {
      throw invalidAttributes(
          "AttributeKey "
              + key
              + " is not supported for Insights events: use one of "
              + String.join(", ", INSIGHT_ATTRIBUTE_KEYS)
              + ".");
    }
    if (value == null || value.isEmpty() || weightedLength(value) > MAX_ATTRIBUTE_VALUE) {
      throw invalidAttributes(
          "AttributeValue for "
              + key
              + " must be 1 to "
              + MAX_ATTRIBUTE_VALUE
              + " characters long ('_', ' ', ',' and newline count as two).");
    }
    return Optional.of(new LookupAttribute(key, value));
  }

  /** The API reference counts '_', ' ', ',' and '\n' as two characters of the 2000. */
  private static int weightedLength(String value) {
    int length = 0;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      length += c == '_' || c == ' ' || c == ',' || c == '\n' ? 2 : 1;
    }
    return length;
  }

  private static ApiException invalidAttributes(String message) {
    return new ApiException(400, "InvalidLookupAttributesException", message);
  }

  private static ApiException invalidToken() {
    return new ApiException(
        400,
        "InvalidNextTokenException",
        "The NextToken is not valid, or was issued for a request with different parameters.");
  }

  /**
   * The parameters a NextToken must be sent with again: everything but MaxResults and the token.
   */
  private static String fingerprint(SimRequest request) {
    String parameters =
        request.member("LookupAttributes")
            + "|"
            + request.member("StartTime")
            + "|"
            + request.member("EndTime")
            + "|"
            + request.member("EventCategory");
    return Integer.toHexString(parameters.hashCode());
  }

  private static String token(int offset, String fingerprint) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(
            (TOKEN_PREFIX + offset + ":" + fingerprint).getBytes(StandardCharsets.UTF_8));
  }

  private static int offset(String token, String fingerprint) {
    if (token == null || token.isEmpty()) {
      return 0;
    }
    try {
      String decoded = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
      String[] parts =
          decoded.startsWith(TOKEN_PREFIX)
              ? decoded.substring(TOKEN_PREFIX.length()).split(":")
              : new String[0];
      if (parts.length != 2 || !parts[1].equals(fingerprint)) {
        throw invalidToken();
      }
      int offset = Integer.parseInt(parts[0]);
      if (offset < 0) {
        throw invalidToken();
      }
      return offset;
    } catch (IllegalArgumentException e) {
      throw invalidToken();
    }
  }
}
