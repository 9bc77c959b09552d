package io.smgov.findings;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smgov.sink.Warehouse;
import io.smgov.views.RuleCatalog;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Sends the findings opened (and, if asked, resolved) in the newest recorded snapshots to where
 * people act on them: EventBridge events and Security Hub findings ({@link Target}).
 *
 * <p>Each target gets batches of at most its size; the entries a call could not take (a partial
 * failure) are sent again, alone, up to {@link #ATTEMPTS} times with a growing pause, and those
 * still refused are reported. What was taken is remembered in the warehouse's notification ledger
 * ({@link Warehouse#NOTIFIED}), per target and snapshot date, so a rerun sends only what is left.
 */
public final class Notifier {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Tries per entry, the first included. */
  public static final int ATTEMPTS = 5;

  private final Warehouse ledger;
  private final Duration firstPause;

  /**
   * @param ledger where what was sent is remembered
   * @param firstPause the pause before the first retry; it doubles for each next one
   */
  public Notifier(Warehouse ledger, Duration firstPause) {
    this.ledger = ledger;
    this.firstPause = firstPause;
  }

  /** One entry a target could not take, and whether sending it again may succeed. */
  public record Refusal(int index, String code, String message, boolean retryable) {}

  /** Where findings go. */
  public interface Target {
    /** Names the target in the ledger and the log: events-default, securityhub. */
    String name();

    /**
     * The batches to send {@code changes} in, in order: each within the call's entry and size
     * limits.
     */
    List<List<FindingChange>> batches(List<FindingChange> changes);

    /** Sends one batch; the refused entries, by their index in the batch. */
    List<Refusal> send(List<FindingChange> batch);
  }

  /** What a target got: sent now, sent by an earlier run, refused (with why). */
  public record Delivery(String target, int sent, int alreadySent, List<String> refused) {}

  /** The severities, worst first, and which are at or above {@code minimum}. */
  public static boolean atLeast(String severity, String minimum) {
    List<String> order = RuleCatalog.SEVERITIES;
    return order.indexOf(severity) >= 0 && order.indexOf(severity) <= order.indexOf(minimum);
  }

  /**
   * Sends to {@code target} every change at or above {@code minSeverity} (resolved ones only with
   * {@code includeResolved}) that the ledger does not hold yet.
   */
  public Delivery deliver(
      Target target, List<FindingChange> changes, String minSeverity, boolean includeResolved)
      throws InterruptedException {
    List<FindingChange> chosen = new ArrayList<>();
    for (FindingChange c : changes) {
      if ((c.opened() || includeResolved) && atLeast(c.severity(), minSeverity)) {
        chosen.add(c);
      }
    }
    Map<LocalDate, Set<String>> sentBefore = new TreeMap<>();
    List<FindingChange> pending = new ArrayList<>();
    int alreadySent = 0;
    for (FindingChange c : chosen) {
      Set<String> sent = sentBefore.computeIfAbsent(c.snapshotDate(), d -> read(target.name(), d));
      if (sent.contains(c.ledgerKey())) {
        alreadySent++;
      } else {
        pending.add(c);
      }
    }
    List<String> refused = new ArrayList<>();
    Map<LocalDate, Set<String>> sentNow = new TreeMap<>();
    int sent = 0;
    try {
      for (List<FindingChange> batch : target.batches(pending)) {
        List<FindingChange> left = batch;
        for (int attempt = 1; !left.isEmpty(); attempt++) {
          List<Refusal> refusals = target.send(left);
          Set<Integer> failed = new LinkedHashSet<>();
          List<FindingChange> retry = new ArrayList<>();
          for (Refusal r : refusals) {
            failed.add(r.index());
            FindingChange c = left.get(r.index());
            if (r.retryable() && attempt < ATTEMPTS) {
              retry.add(c);
            } else {
              refused.add(
                  c.findingId()
                      + " ("
                      + c.ruleId()
                      + ", "
                      + c.change()
                      + "): "
                      + r.code()
                      + " "
                      + r.message());
            }
          }
          for (int i = 0; i < left.size(); i++) {
            if (!failed.contains(i)) {
              FindingChange c = left.get(i);
              sentNow
                  .computeIfAbsent(c.snapshotDate(), d -> new LinkedHashSet<>())
                  .add(c.ledgerKey());
              sent++;
            }
          }
          left = retry;
          if (!left.isEmpty()) {
            Thread.sleep(firstPause.multipliedBy(1L << (attempt - 1)).toMillis());
          }
        }
      }
    } finally {
      // What was taken is remembered even when a later call fails outright.
      for (Map.Entry<LocalDate, Set<String>> e : sentNow.entrySet()) {
        Set<String> all = new LinkedHashSet<>(sentBefore.getOrDefault(e.getKey(), Set.of()));
        all.addAll(e.getValue());
        write(target.name(), e.getKey(), all);
      }
    }
    return new Delivery(target.name(), sent, alreadySent, refused);
  }

  private static String key(String target, LocalDate date) {
    return Warehouse.NOTIFIED + "/" + target + "/" + date + ".json";
  }

  private Set<String> read(String target, LocalDate date) {
    Set<String> sent = new LinkedHashSet<>();
    ledger
        .getText(key(target, date))
        .ifPresent(
            text -> {
              try {
                JSON.readTree(text).path("sent").forEach(n -> sent.add(n.asText()));
              } catch (JsonProcessingException e) {
                throw new UncheckedIOException(
                    "The notification ledger "
                        + key(target, date)
                        + " is not JSON: delete it to send again",
                    e);
              }
            });
    return sent;
  }

  private void write(String target, LocalDate date, Set<String> sent) {
    ObjectNode root = JSON.createObjectNode();
    root.put("target", target);
    root.put("snapshot_date", date.toString());
    ArrayNode list = root.putArray("sent");
    sent.forEach(list::add);
    ledger.putText(key(target, date), root.toPrettyString());
  }

  /** Batches of at most {@code size} entries. */
  static List<List<FindingChange>> chunks(List<FindingChange> changes, int size) {
    List<List<FindingChange>> batches = new ArrayList<>();
    for (int i = 0; i < changes.size(); i += size) {
      batches.add(changes.subList(i, Math.min(changes.size(), i + size)));
    }
    return batches;
  }

  /** The JSON text of a change's event detail. */
  static String detailJson(FindingChange change) {
    try {
      return JSON.writeValueAsString(change.asDetail());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  static Map<String, String> nonNull(Map<String, String> fields) {
    Map<String, String> out = new LinkedHashMap<>();
    fields.forEach(
        (k, v) -> {
          if (v != null && !v.isBlank()) {
            out.put(k, v);
          }
        });
    return out;
  }
}
