package io.smgov.findings;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smgov.sink.Warehouse;
import io.smgov.views.RuleCatalog;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Tells the people who fix findings what opened and what closed, from the findings' state now
 * (finding_history) and what was told before (the ledger), not from one day's difference: a day
 * notify missed (an outage, a failed record) is caught up on the next run, and a finding is closed
 * ({@code resolved} or {@code waived}) only where its opening was sent.
 *
 * <p>Each target gets batches within its call's limits; the entries a call could not take (a
 * partial failure) are sent again, alone, up to {@link #ATTEMPTS} times with a doubling pause, and
 * those still refused are reported and not remembered, so the next run tries them again. The ledger
 * ({@link Warehouse#NOTIFIED}{@code /<target>.json}: each finding whose opening was sent, with its
 * episode's opening date) is written after every batch a target took, so a task stopped half-way
 * resends at most one batch.
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
    /** Names the target in the ledger and the log: events-default, securityhub-eu-west-1. */
    String name();

    /** Whether it is told when a finding it was told about closes. */
    boolean wantsClosures();

    /** The batches to send {@code changes} in, in order, each within the call's limits. */
    List<List<FindingChange>> batches(List<FindingChange> changes);

    /** Sends one batch; the refused entries, by their index in the batch. */
    List<Refusal> send(List<FindingChange> batch);
  }

  /** What a target got: opened and closed now, open and told before, refused (with why). */
  public record Delivery(
      String target, int opened, int closed, int alreadySent, List<String> refused) {
    public int sent() {
      return opened + closed;
    }
  }

  /** Whether {@code severity} is {@code minimum} or worse. */
  public static boolean atLeast(String severity, String minimum) {
    List<String> order = RuleCatalog.SEVERITIES;
    return order.indexOf(severity) >= 0 && order.indexOf(severity) <= order.indexOf(minimum);
  }

  /**
   * Tells {@code target} of every open finding at or above {@code minSeverity} whose current
   * episode it was not told of, and, if it wants closures, of every finding it was told of that is
   * now resolved or waived.
   */
  public Delivery deliver(Target target, List<FindingChange> findings, String minSeverity)
      throws InterruptedException {
    Map<String, String> told = read(target.name());
    List<FindingChange> pending = new ArrayList<>();
    int alreadySent = 0;
    Set<String> present = new HashSet<>();
    for (FindingChange f : findings) {
      present.add(f.findingId());
      String toldOpened = told.get(f.findingId());
      if (f.isOpen()) {
        if (!atLeast(f.severity(), minSeverity)) {
          continue;
        }
        if (f.openedDate().toString().equals(toldOpened)) {
          alreadySent++;
        } else {
          pending.add(f.as("opened"));
        }
      } else if (toldOpened != null) {
        if (target.wantsClosures()) {
          pending.add(f.as("waived".equals(f.status()) ? "waived" : "resolved"));
        } else {
          told.remove(f.findingId());
        }
      }
    }
    told.keySet().retainAll(present);
    List<String> refused = new ArrayList<>();
    int opened = 0;
    int closed = 0;
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
            if (c.opened()) {
              told.put(c.findingId(), c.openedDate().toString());
              opened++;
            } else {
              told.remove(c.findingId());
              closed++;
            }
          }
        }
        write(target.name(), told);
        left = retry;
        if (!left.isEmpty()) {
          Thread.sleep(firstPause.multipliedBy(1L << (attempt - 1)).toMillis());
        }
      }
    }
    write(target.name(), told);
    return new Delivery(target.name(), opened, closed, alreadySent, refused);
  }

  private static String key(String target) {
    return Warehouse.NOTIFIED + "/" + target + ".json";
  }

  private Map<String, String> read(String target) {
    Map<String, String> told = new HashMap<>();
    ledger
        .getText(key(target))
        .ifPresent(
            text -> {
              try {
                JSON.readTree(text)
                    .path("told")
                    .fields()
                    .forEachRemaining(e -> told.put(e.getKey(), e.getValue().asText()));
              } catch (JsonProcessingException e) {
                throw new UncheckedIOException(
                    "The notification ledger "
                        + key(target)
                        + " is not JSON: delete it to tell every open finding again",
                    e);
              }
            });
    return told;
  }

  private void write(String target, Map<String, String> told) {
    ObjectNode root = JSON.createObjectNode();
    root.put("target", target);
    ObjectNode list = root.putObject("told");
    new TreeMap<>(told).forEach(list::put);
    ledger.putText(key(target), root.toPrettyString());
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
