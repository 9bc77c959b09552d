package io.smgov.simulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smgov.wire.SdkJson;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Amazon EventBridge (JSON 1.1, {@code AWSEvents.<Operation>}, signing name {@code events}): the
 * {@code PutEvents} call a notifier sends. Its rules, each from the EventBridge documentation
 * ({@code docs/simulator-fidelity.md} cites them):
 *
 * <ul>
 *   <li>1 to 10 entries a call; more, or none, refuse the whole call with HTTP 400 {@code
 *       ValidationException}.
 *   <li>The total entry size (Time 14 bytes when given, the UTF-8 bytes of Source, DetailType,
 *       Detail and each Resources item) must be less than 256 KB (262,144 bytes); otherwise the
 *       whole call is HTTP 400 {@code ValidationException} "Total size of the entries in the
 *       request is over the limit."
 *   <li>Each entry is answered in request order: an {@code EventId}, or {@code ErrorCode} and
 *       {@code ErrorMessage} ({@code InvalidArgument} for a missing Source, DetailType or Detail or
 *       a DetailType over 128 characters, {@code MalformedDetail} for a Detail that is not a JSON
 *       object); {@code FailedEntryCount} counts the failed ones.
 *   <li>{@code EventBusName} defaults to {@code default}, which every account and region has; other
 *       buses exist once {@link #createEventBus} made them. An entry for a bus that does not exist
 *       gets an EventId and reaches no bus, as AWS answers it.
 * </ul>
 *
 * <p>Every event that reached a bus is kept, in order, for the tests ({@link #received}). {@link
 * #failNextEntries} makes the next entries fail with the retryable {@code InternalFailure}.
 */
final class EventBridgeService implements JsonService {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final ObjectReader JSON =
      new ObjectMapper()
          .readerFor(JsonNode.class)
          .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  /** "Array Members: Minimum number of 1 item. Maximum number of 10 items." */
  static final int MAX_ENTRIES = 10;

  /** "The total entry size must be less than 256KB." */
  static final int MAX_TOTAL_ENTRY_BYTES = 256 * 1024;

  /** "If specified, the Time parameter is 14 bytes." */
  private static final int TIME_BYTES = 14;

  /** "Free-form string, with a maximum of 128 characters". */
  private static final int MAX_DETAIL_TYPE_CHARACTERS = 128;

  private static final String DEFAULT_BUS = "default";
  private static final int MAX_BUS_NAME = 1600;
  private static final Pattern BUS_NAME =
      Pattern.compile(
          "(arn:aws[\\w-]*:events:[a-z]{2}-[a-z]+-[\\w-]+:[0-9]{12}:event-bus/)?[.\\-_A-Za-z0-9]+");
  private static final Pattern BUS_ARN =
      Pattern.compile("arn:aws[\\w-]*:events:([^:]+):([0-9]{12}):event-bus/(.+)");

  /** Custom buses, keyed {@code account/region/name}. */
  private final Set<String> buses = new HashSet<>();

  private final List<ObjectNode> received = new ArrayList<>();
  private int failuresToInject;

  @Override
  public String targetPrefix() {
    return "AWSEvents";
  }

  @Override
  public String actionPrefix() {
    return "events";
  }

  @Override
  public boolean throttled() {
    return false;
  }

  /** Makes the custom bus {@code name} exist in {@code account} and {@code region}. */
  synchronized void createEventBus(String account, String region, String name) {
    if (!DEFAULT_BUS.equals(name)) {
      buses.add(account + "/" + region + "/" + name);
    }
  }

  /** The next {@code count} entries, across calls, fail with {@code InternalFailure}. */
  synchronized void failNextEntries(int count) {
    failuresToInject = count;
  }

  /** Every event that reached a bus, in order (copies). */
  synchronized List<JsonNode> received() {
    List<JsonNode> copy = new ArrayList<>();
    received.forEach(e -> copy.add(e.deepCopy()));
    return copy;
  }

  @Override
  public synchronized Result handle(String operation, SimRequest request) {
    if (!"PutEvents".equals(operation)) {
      throw new ApiException(
          400,
          "UnknownOperationException",
          "The simulator serves only PutEvents of EventBridge, not " + operation);
    }
    JsonNode entries = request.member("Entries");
    if (entries.isNull() || entries.isMissingNode()) {
      throw ApiException.validation(
          "1 validation error detected: Value null at 'entries' failed to satisfy constraint:"
              + " Member must not be null");
    }
    if (!entries.isArray()) {
      throw new ApiException(
          400, "SerializationException", "Entries: expected a list, found " + entries);
    }
    if (entries.isEmpty() || entries.size() > MAX_ENTRIES) {
      throw ApiException.validation(
          "1 validation error detected: Value '"
              + describe(entries)
              + "' at 'entries' failed to satisfy constraint: Member must have length "
              + (entries.isEmpty() ? "greater than or equal to 1" : "less than or equal to 10"));
    }
    for (int i = 0; i < entries.size(); i++) {
      JsonNode bus = entries.get(i).path("EventBusName");
      if (bus.isTextual()
          && (bus.asText().isEmpty()
              || bus.asText().length() > MAX_BUS_NAME
              || !BUS_NAME.matcher(bus.asText()).matches())) {
        throw ApiException.validation(
            "1 validation error detected: Value '"
                + bus.asText()
                + "' at 'entries."
                + (i + 1)
                + ".member.eventBusName' failed to satisfy constraint: Member must satisfy"
                + " regular expression pattern: "
                + BUS_NAME.pattern());
      }
    }
    long total = 0;
    for (JsonNode entry : entries) {
      total += entrySize(entry);
    }
    if (total >= MAX_TOTAL_ENTRY_BYTES) {
      throw ApiException.validation("Total size of the entries in the request is over the limit.");
    }
    Instant now = Instant.now();
    ObjectNode body = NODES.objectNode();
    ArrayNode results = NODES.arrayNode();
    int failed = 0;
    for (JsonNode entry : entries) {
      ObjectNode result = results.addObject();
      String error = failure(entry, result);
      if (error != null) {
        failed++;
        continue;
      }
      String eventId = UUID.randomUUID().toString();
      result.put("EventId", eventId);
      deliver(entry, eventId, request, now);
    }
    body.put("FailedEntryCount", failed);
    body.set("Entries", results);
    return new Result(body, entries.size(), null);
  }

  /** Fills {@code result} with the entry's error and returns its code, or null when it is fine. */
  private String failure(JsonNode entry, ObjectNode result) {
    if (failuresToInject > 0) {
      failuresToInject--;
      return fail(
          result,
          "InternalFailure",
          "The request processing has failed because of an unknown error, exception or failure.");
    }
    for (String member : List.of("Source", "DetailType", "Detail")) {
      if (text(entry, member) == null) {
        return fail(
            result,
            "InvalidArgument",
            "Parameter "
                + member
                + " is not valid. Reason: "
                + member
                + " is a required argument.");
      }
    }
    String detailType = text(entry, "DetailType");
    if (detailType.codePointCount(0, detailType.length()) > MAX_DETAIL_TYPE_CHARACTERS) {
      return fail(
          result,
          "InvalidArgument",
          "Parameter DetailType is not valid. Reason: DetailType must be at most 128 characters.");
    }
    if (detail(entry) == null) {
      return fail(result, "MalformedDetail", "Detail is malformed.");
    }
    return null;
  }

  private static String fail(ObjectNode result, String code, String message) {
    result.put("ErrorCode", code);
    result.put("ErrorMessage", message);
    return code;
  }

  /** Keeps the event when its bus exists; an event for a missing bus reaches nothing. */
  private void deliver(JsonNode entry, String eventId, SimRequest request, Instant now) {
    String account = request.caller().account();
    String region = request.region();
    String bus = text(entry, "EventBusName");
    String name = bus == null ? DEFAULT_BUS : bus;
    Matcher arn = BUS_ARN.matcher(name);
    if (arn.matches()) {
      region = arn.group(1);
      account = arn.group(2);
      name = arn.group(3);
    }
    if (!DEFAULT_BUS.equals(name) && !buses.contains(account + "/" + region + "/" + name)) {
      return;
    }
    ObjectNode event = NODES.objectNode();
    event.put("EventId", eventId);
    event.put("Account", account);
    event.put("Region", region);
    event.put("EventBusName", name);
    event.put("Source", text(entry, "Source"));
    event.put("DetailType", text(entry, "DetailType"));
    event.set("Detail", detail(entry));
    ArrayNode resources = event.putArray("Resources");
    entry.path("Resources").forEach(r -> resources.add(r.asText()));
    Instant time = SdkJson.parseTimestamp(entry.get("Time")).orElse(now);
    event.put("Time", time.toString());
    received.add(event);
  }

  /** The entry's size as "Calculating PutEvents event entry size" computes it. */
  static long entrySize(JsonNode entry) {
    long size = 0;
    if (entry.hasNonNull("Time")) {
      size += TIME_BYTES;
    }
    size += bytes(text(entry, "Source"));
    size += bytes(text(entry, "DetailType"));
    size += bytes(text(entry, "Detail"));
    for (JsonNode resource : entry.path("Resources")) {
      if (!resource.isNull()) {
        size += bytes(resource.asText());
      }
    }
    return size;
  }

  private static long bytes(String text) {
    return text == null ? 0 : text.getBytes(StandardCharsets.UTF_8).length;
  }

  private static String text(JsonNode entry, String member) {
    JsonNode node = entry.get(member);
    return node == null || node.isNull() || node.asText().isEmpty() ? null : node.asText();
  }

  /** The Detail string parsed, when it is a JSON object; null otherwise. */
  private static JsonNode detail(JsonNode entry) {
    String detail = text(entry, "Detail");
    if (detail == null) {
      return null;
    }
    try {
      JsonNode parsed = JSON.readValue(detail);
      return parsed != null && parsed.isObject() ? parsed : null;
    } catch (JsonProcessingException e) {
      return null;
    }
  }

  /** The entries as a validation message names them (abbreviated: source, type and bus). */
  private static String describe(JsonNode entries) {
    List<String> items = new ArrayList<>();
    for (JsonNode entry : entries) {
      items.add(
          "PutEventsRequestEntry(source="
              + text(entry, "Source")
              + ", detailType="
              + text(entry, "DetailType")
              + ", eventBusName="
              + text(entry, "EventBusName")
              + ")");
    }
    return "[" + String.join(", ", items) + "]";
  }
}
