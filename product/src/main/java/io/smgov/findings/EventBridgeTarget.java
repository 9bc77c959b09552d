package io.smgov.findings;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResultEntry;

/**
 * Each change as one EventBridge event on a bus ({@code PutEvents}): source {@value #SOURCE},
 * detail-type {@value #DETAIL_TYPE}, the finding as the detail and its resource ARN as the event's
 * resource. A call takes at most 10 entries whose sizes (source, detail-type, detail and resources
 * in UTF-8 bytes) add up to less than 256 KB.
 */
public final class EventBridgeTarget implements Notifier.Target {
  public static final String SOURCE = "smgov";
  public static final String DETAIL_TYPE = "smgov Governance Finding";
  static final int ENTRIES_PER_CALL = 10;
  static final int BYTES_PER_CALL = 256 * 1024;

  /** The entry error codes the PutEvents reference names as worth retrying. */
  static final Set<String> RETRYABLE = Set.of("InternalFailure", "ThrottlingException");

  private final EventBridgeClient events;
  private final String bus;
  private final boolean closures;

  /**
   * @param closures whether to send an event when a finding it told of is resolved or waived
   */
  public EventBridgeTarget(EventBridgeClient events, String bus, boolean closures) {
    this.events = events;
    this.bus = bus;
    this.closures = closures;
  }

  @Override
  public boolean wantsClosures() {
    return closures;
  }

  @Override
  public String name() {
    return "events-" + bus.replaceAll("[^A-Za-z0-9._-]", "_");
  }

  /** An entry's size as EventBridge counts it. */
  static int size(FindingChange change) {
    return utf8(SOURCE)
        + utf8(DETAIL_TYPE)
        + utf8(Notifier.detailJson(change))
        + (change.resourceArn() == null ? 0 : utf8(change.resourceArn()));
  }

  private static int utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8).length;
  }

  @Override
  public List<List<FindingChange>> batches(List<FindingChange> changes) {
    List<List<FindingChange>> batches = new ArrayList<>();
    List<FindingChange> batch = new ArrayList<>();
    int bytes = 0;
    for (FindingChange c : changes) {
      int size = size(c);
      if (!batch.isEmpty()
          && (batch.size() == ENTRIES_PER_CALL || bytes + size >= BYTES_PER_CALL)) {
        batches.add(batch);
        batch = new ArrayList<>();
        bytes = 0;
      }
      batch.add(c);
      bytes += size;
    }
    if (!batch.isEmpty()) {
      batches.add(batch);
    }
    return batches;
  }

  @Override
  public List<Notifier.Refusal> send(List<FindingChange> batch) {
    List<PutEventsRequestEntry> entries = new ArrayList<>();
    for (FindingChange c : batch) {
      entries.add(
          PutEventsRequestEntry.builder()
              .eventBusName(bus)
              .source(SOURCE)
              .detailType(DETAIL_TYPE)
              .detail(Notifier.detailJson(c))
              .resources(c.resourceArn() == null ? List.of() : List.of(c.resourceArn()))
              .build());
    }
    PutEventsResponse response = events.putEvents(r -> r.entries(entries));
    List<Notifier.Refusal> refused = new ArrayList<>();
    if (response.failedEntryCount() == null || response.failedEntryCount() == 0) {
      return refused;
    }
    List<PutEventsResultEntry> results = response.entries();
    for (int i = 0; i < results.size(); i++) {
      PutEventsResultEntry result = results.get(i);
      if (result.errorCode() != null) {
        refused.add(
            new Notifier.Refusal(
                i,
                result.errorCode(),
                result.errorMessage(),
                RETRYABLE.contains(result.errorCode())));
      }
    }
    return refused;
  }
}
