package io.smgov.findings;

import io.smgov.aws.Version;
import io.smgov.model.FindingRow;
import io.smgov.model.FindingRunRow;
import io.smgov.model.Waiver;
import io.smgov.model.WaiverRow;
import io.smgov.sink.ObjectKey;
import io.smgov.sink.ParquetFiles;
import io.smgov.sink.Warehouse;
import io.smgov.table.TableSpec;
import io.smgov.table.Tables;
import io.smgov.views.EmbeddedEngine;
import io.smgov.views.EmbeddedEngine.QueryResult;
import io.smgov.views.Policy;
import io.smgov.views.RuleCatalog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Records the findings of each account and region's newest snapshot in the warehouse ({@code
 * findings}, {@code waivers}, then {@code finding_runs}), so that the history views can tell what
 * opened, what was resolved and what was accepted on purpose.
 *
 * <p>The rules run where the warehouse is queried (DuckDB for a local warehouse, Athena for S3):
 * the recorder reads {@code governance_findings} and {@code latest_snapshot}, applies the policy's
 * waivers (in policy order, the first that accepts a finding wins) and writes one file per table
 * for each snapshot not recorded yet. A day recorded once is never judged again: history stays as
 * it was seen and sent. {@code finding_runs} is written last, so a record cut short is read as no
 * record at all.
 */
public final class FindingRecorder {
  private FindingRecorder() {}

  /** Where the rules run: the embedded engine or Athena. */
  public interface Engine {
    /** duckdb | athena, as finding_runs records it. */
    String name();

    QueryResult query(String sql) throws InterruptedException;

    /** The embedded engine over a local warehouse. */
    static Engine duckdb(EmbeddedEngine engine) {
      return of("duckdb", engine::query);
    }

    /** An engine of that name answering queries with {@code query}. */
    static Engine of(String name, Query query) {
      return new Engine() {
        @Override
        public String name() {
          return name;
        }

        @Override
        public QueryResult query(String sql) throws InterruptedException {
          return query.run(sql);
        }
      };
    }
  }

  /** A query that may wait (Athena polls). */
  @FunctionalInterface
  public interface Query {
    QueryResult run(String sql) throws InterruptedException;
  }

  /** One snapshot recorded. */
  public record Recorded(
      String accountId, String region, LocalDate snapshotDate, int findings, int waived) {}

  /**
   * What a record did: the snapshots recorded, those already recorded as they are, and the waivers
   * that accept no finding of any account's newest snapshot (a warning: a typo, or a risk gone).
   */
  public record Outcome(
      List<Recorded> recorded,
      int unchanged,
      List<Waiver> unmatchedWaivers,
      List<String> expiredWaivers) {}

  static final String FINDINGS_QUERY =
      "SELECT snapshot_date, account_id, region, finding_id, rule_id, category, severity,"
          + " resource_arn, model_package_group_name, model_package_arn, model_package_version,"
          + " endpoint_name, variant_name, owner, business_unit, detail FROM governance_findings"
          + " ORDER BY account_id, region, finding_id,"
          + " CASE severity WHEN 'critical' THEN 1 WHEN 'high' THEN 2 WHEN 'medium' THEN 3 ELSE 4 END,"
          + " model_package_arn, detail";

  static final String SNAPSHOTS_QUERY =
      "SELECT account_id, region, snapshot_date, snapshot_time FROM latest_snapshot";

  /** Each account and region's last recorded findings (the row's columns as FINDINGS_QUERY's). */
  static final String PREVIOUS_QUERY =
      "SELECT f.account_id, f.region, f.snapshot_date, f.finding_id, f.rule_id, f.category, f.severity,"
          + " f.resource_arn, f.model_package_group_name, f.model_package_arn, f.model_package_version,"
          + " f.endpoint_name, f.variant_name, f.owner, f.business_unit, f.detail, f.carried_from_date"
          + " FROM findings f JOIN (SELECT account_id, region, max(snapshot_date) AS snapshot_date"
          + " FROM finding_runs GROUP BY account_id, region) r"
          + " ON r.account_id = f.account_id AND r.region = f.region AND r.snapshot_date = f.snapshot_date";

  static final String RECORDED_QUERY =
      "SELECT DISTINCT account_id, region, snapshot_date FROM finding_runs";

  /** A snapshot of one account and region. */
  private record Snapshot(String accountId, String region, LocalDate date) {}

  /**
   * Records every newest snapshot not recorded yet. A waiver that expired before a snapshot's date
   * accepts none of its findings (they are open again) and is reported in {@link
   * Outcome#expiredWaivers}: the caller records, then fails, so the policy is renewed or cleaned on
   * purpose while nothing of the day is lost.
   */
  public static Outcome record(
      Engine engine, Warehouse warehouse, Policy policy, String policySha256, Clock clock)
      throws InterruptedException {
    Map<Snapshot, Instant> newest = new LinkedHashMap<>();
    for (List<Object> row : engine.query(SNAPSHOTS_QUERY).rows()) {
      newest.put(
          new Snapshot(text(row.get(0)), text(row.get(1)), date(row.get(2))), instant(row.get(3)));
    }
    List<String> expired =
        newest.keySet().stream()
            .map(Snapshot::date)
            .max(LocalDate::compareTo)
            .map(policy::expiredWaivers)
            .orElse(List.of());
    Set<Snapshot> recorded = new HashSet<>();
    for (List<Object> row : engine.query(RECORDED_QUERY).rows()) {
      recorded.add(new Snapshot(text(row.get(0)), text(row.get(1)), date(row.get(2))));
    }
    Map<Snapshot, List<FindingRow>> findings = new LinkedHashMap<>();
    newest.keySet().forEach(s -> findings.put(s, new ArrayList<>()));
    for (List<Object> row : engine.query(FINDINGS_QUERY).rows()) {
      Snapshot snapshot = new Snapshot(text(row.get(1)), text(row.get(2)), date(row.get(0)));
      FindingRow finding = finding(row, 3);
      List<FindingRow> rows = findings.computeIfAbsent(snapshot, s -> new ArrayList<>());
      // One row per finding: a variant running two unapproved components is one finding, with
      // its worst severity (the query orders worst first within a finding).
      if (rows.isEmpty() || !rows.get(rows.size() - 1).findingId().equals(finding.findingId())) {
        rows.add(finding);
      }
    }
    carryUnjudged(engine, findings, recorded);
    Map<Waiver, Integer> matches = new LinkedHashMap<>();
    policy.waivers().forEach(w -> matches.put(w, 0));
    for (Map.Entry<Snapshot, List<FindingRow>> e : findings.entrySet()) {
      List<FindingRow> rows = e.getValue();
      for (int i = 0; i < rows.size(); i++) {
        FindingRow finding = rows.get(i);
        for (Waiver waiver : policy.waivers()) {
          if (waiver.accepts(finding.ruleId(), finding.resourceArn(), e.getKey().date())) {
            rows.set(i, finding.waivedBy(waiver));
            matches.merge(waiver, 1, Integer::sum);
            break;
          }
          if (waiver.ruleId().equals(finding.ruleId()) && waiver.matches(finding.resourceArn())) {
            matches.merge(waiver, 1, Integer::sum); // matched, but expired: not "matches nothing"
          }
        }
      }
    }
    List<Recorded> written = new ArrayList<>();
    int unchanged = 0;
    Instant now = clock.instant();
    for (Map.Entry<Snapshot, Instant> e : newest.entrySet()) {
      Snapshot snapshot = e.getKey();
      Instant snapshotTime = e.getValue();
      if (recorded.contains(snapshot)) {
        // A day is judged once: what a later refresh of the same day changed shows the next day,
        // and a recorded day is never rewritten (what notify sent from it stays true).
        unchanged++;
        continue;
      }
      List<FindingRow> rows = findings.getOrDefault(snapshot, List.of());
      List<WaiverRow> waivers = new ArrayList<>();
      for (Waiver w : policy.waivers()) {
        long matched =
            rows.stream()
                .filter(
                    f -> w.resource().equals(f.waiverResource()) && w.ruleId().equals(f.ruleId()))
                .count();
        waivers.add(WaiverRow.of(w, matched));
      }
      long waived = rows.stream().filter(f -> f.waiverResource() != null).count();
      FindingRunRow run =
          new FindingRunRow(
              now, Version.current(), policySha256, (long) rows.size(), waived, engine.name());
      write(warehouse, Tables.FINDINGS, snapshot, snapshotTime, rows);
      write(warehouse, Tables.WAIVERS, snapshot, snapshotTime, waivers);
      write(warehouse, Tables.FINDING_RUNS, snapshot, snapshotTime, List.of(run));
      written.add(
          new Recorded(
              snapshot.accountId(), snapshot.region(), snapshot.date(), rows.size(), (int) waived));
    }
    List<Waiver> unmatched =
        matches.entrySet().stream().filter(m -> m.getValue() == 0).map(Map.Entry::getKey).toList();
    return new Outcome(written, unchanged, unmatched, expired);
  }

  /**
   * The finding_ids of the newest snapshots' findings that a waiver of {@code policy} accepts on
   * their snapshot's date: what {@code smgov findings} leaves out unless asked.
   */
  public static List<String> waived(Engine engine, Policy policy) throws InterruptedException {
    List<String> ids = new ArrayList<>();
    if (policy.waivers().isEmpty()) {
      return ids;
    }
    for (List<Object> row :
        engine
            .query(
                "SELECT finding_id, rule_id, resource_arn, snapshot_date FROM governance_findings")
            .rows()) {
      for (Waiver w : policy.waivers()) {
        if (w.accepts(text(row.get(1)), text(row.get(2)), date(row.get(3)))) {
          ids.add(text(row.get(0)));
          break;
        }
      }
    }
    return ids;
  }

  /** A finding of FINDINGS_QUERY's columns (or PREVIOUS_QUERY's), from column {@code at} on. */
  private static FindingRow finding(List<Object> row, int at) {
    return new FindingRow(
        text(row.get(at)),
        text(row.get(at + 1)),
        text(row.get(at + 2)),
        text(row.get(at + 3)),
        text(row.get(at + 4)),
        text(row.get(at + 5)),
        text(row.get(at + 6)),
        row.get(at + 7) == null ? null : Integer.valueOf(text(row.get(at + 7))),
        text(row.get(at + 8)),
        text(row.get(at + 9)),
        text(row.get(at + 10)),
        text(row.get(at + 11)),
        text(row.get(at + 12)),
        null,
        null,
        null,
        null,
        null);
  }

  /**
   * Unknown is not none: a finding of the last recorded day whose rule cannot judge its resource
   * today (the rule's unknown_when: what it needs was not read) is carried into today's record,
   * marked with the day it was last judged, instead of reading its absence as a resolution.
   */
  private static void carryUnjudged(
      Engine engine, Map<Snapshot, List<FindingRow>> findings, Set<Snapshot> alreadyRecorded)
      throws InterruptedException {
    // The last recorded findings first: before any record there is nothing to carry, and the
    // rules' unknown_when queries are not run.
    List<List<Object>> lastRecorded = engine.query(PREVIOUS_QUERY).rows();
    if (lastRecorded.isEmpty()) {
      return;
    }
    Set<String> unjudged = new HashSet<>();
    for (RuleCatalog.Rule rule : RuleCatalog.load().rules()) {
      if (rule.unknownWhen().isEmpty()) {
        continue;
      }
      if (rule.grain().overVariants()) {
        boolean endpoint = rule.grain() == RuleCatalog.Grain.ENDPOINT;
        for (List<Object> row :
            engine
                .query(
                    "SELECT DISTINCT v.endpoint_arn, v.variant_name FROM deployments v WHERE v.is_production AND ("
                        + rule.unknownWhen().get()
                        + ")")
                .rows()) {
          String resource = text(row.get(0)) + (endpoint ? "" : "|" + text(row.get(1)));
          unjudged.add(FindingId.of(rule.id(), resource));
        }
      } else {
        for (List<Object> row :
            engine
                .query(
                    "SELECT DISTINCT m.model_package_arn FROM model_versions m WHERE ("
                        + rule.unknownWhen().get()
                        + ")")
                .rows()) {
          unjudged.add(FindingId.of(rule.id(), text(row.get(0))));
        }
      }
    }
    if (unjudged.isEmpty()) {
      return;
    }
    for (List<Object> row : lastRecorded) {
      LocalDate judgedOn = date(row.get(2));
      FindingRow previous = finding(row, 3);
      LocalDate carried = row.get(16) == null ? null : date(row.get(16));
      if (!unjudged.contains(previous.findingId())) {
        continue;
      }
      for (Map.Entry<Snapshot, List<FindingRow>> e : findings.entrySet()) {
        Snapshot today = e.getKey();
        if (alreadyRecorded.contains(today)
            || !today.accountId().equals(text(row.get(0)))
            || !today.region().equals(text(row.get(1)))
            || !today.date().isAfter(judgedOn)
            || e.getValue().stream().anyMatch(f -> f.findingId().equals(previous.findingId()))) {
          continue;
        }
        e.getValue().add(previous.carriedFrom(carried != null ? carried : judgedOn));
      }
    }
  }

  private static <R> void write(
      Warehouse warehouse, TableSpec<R> table, Snapshot snapshot, Instant time, List<R> rows) {
    Path file = null;
    try {
      file = Files.createTempFile("smgov-" + table.name() + "-", ".parquet");
      Files.delete(file); // the writer creates it
      ParquetFiles.write(table, time, snapshot.accountId(), rows, file);
      warehouse.put(
          new ObjectKey(table.name(), snapshot.date(), snapshot.region(), snapshot.accountId()),
          file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      if (file != null) {
        try {
          Files.deleteIfExists(file);
        } catch (IOException e) {
          // a temporary file left behind costs nothing
        }
      }
    }
  }

  /** A value as text, as DuckDB or Athena gives it (null stays null). */
  static String text(Object value) {
    return value == null ? null : value.toString();
  }

  /** A date as DuckDB (LocalDate) or Athena (text) gives it (null stays null). */
  static LocalDate date(Object value) {
    return value == null
        ? null
        : value instanceof LocalDate d ? d : LocalDate.parse(value.toString().substring(0, 10));
  }

  private static final DateTimeFormatter ATHENA_TIMESTAMP =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss[.SSS][.SS][.S]");

  /** A timestamp as DuckDB (LocalDateTime) or Athena (text, UTC wall clock) returns it. */
  private static Instant instant(Object value) {
    LocalDateTime local =
        value instanceof LocalDateTime t
            ? t
            : LocalDateTime.parse(value.toString(), ATHENA_TIMESTAMP);
    return local.toInstant(ZoneOffset.UTC);
  }
}
