package io.smgov.dashboard;

import io.smgov.views.ViewCatalog;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import software.amazon.awssdk.services.quicksight.QuickSightClient;
import software.amazon.awssdk.services.quicksight.model.DataSetImportMode;
import software.amazon.awssdk.services.quicksight.model.DataSetSummary;
import software.amazon.awssdk.services.quicksight.model.Ingestion;
import software.amazon.awssdk.services.quicksight.model.IngestionStatus;
import software.amazon.awssdk.services.quicksight.model.IngestionType;
import software.amazon.awssdk.services.quicksight.model.LimitExceededException;
import software.amazon.awssdk.services.quicksight.model.RefreshSchedule;

/**
 * {@code smgov dashboard refresh}: ingests again (CreateIngestion) each SPICE data set whose view
 * reads a table that changed after the data set's newest ingestion, so an approval reaches the
 * dashboard within minutes, not at the next daily refresh.
 *
 * <p>The changes are the warehouse's change marks (when each table last changed); the ingestions
 * are QuickSight's own (ListIngestions), so a data set a refresh could not take is simply still
 * behind at the next run and is picked up then: nothing is remembered between runs.
 *
 * <p>The quota: QuickSight allows a data set a fixed number of manual refreshes in any 24 hours (32
 * in an Enterprise edition account, 8 in Standard). Every ingestion of the last 24 hours counts
 * (manual or scheduled, whatever its outcome: AWS does not say which count, so all do), and the
 * refreshes the data set's schedules will run in the next 24 hours are kept back, so the daily
 * schedule still fits. A data set over that is deferred, saying when a slot frees up.
 */
public final class DashboardRefresh {
  /** Manual refreshes a data set may have in 24 hours in an Enterprise edition account. */
  public static final int ENTERPRISE_QUOTA = 32;

  /** The same in a Standard edition account. */
  public static final int STANDARD_QUOTA = 8;

  private static final Duration WINDOW = Duration.ofHours(24);
  private static final Set<IngestionStatus> DID_NOT_LOAD =
      Set.of(IngestionStatus.FAILED, IngestionStatus.CANCELLED);
  private static final DateTimeFormatter ID_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss").withZone(ZoneOffset.UTC);

  /** What became of one data set. */
  public enum State {
    /** An ingestion was started. */
    INGESTED,
    /** Behind, but the quota has no refresh left for it: the next run tries again. */
    DEFERRED,
    /** Its newest ingestion started after the last change of every table it reads. */
    CURRENT,
    /** DIRECT_QUERY: every visual queries Athena, so it is always current. */
    DIRECT_QUERY,
    /** Not in QuickSight: smgov dashboard apply has not created it. */
    NOT_APPLIED
  }

  /** One data set's outcome, in words. */
  public record Decision(String dataSetId, State state, String detail) {
    @Override
    public String toString() {
      return dataSetId + ": " + state.name().toLowerCase().replace('_', ' ') + " (" + detail + ")";
    }
  }

  private final QuickSightClient quickSight;
  private final String accountId;
  private final QuickSightManifest manifest;
  private final ViewCatalog views;
  private final int quota;

  public DashboardRefresh(
      QuickSightClient quickSight,
      String accountId,
      QuickSightManifest manifest,
      ViewCatalog views,
      int quota) {
    if (quota < 1) {
      throw new IllegalArgumentException(
          "the refresh quota must be at least 1, got " + quota + " (Enterprise 32, Standard 8)");
    }
    this.quickSight = quickSight;
    this.accountId = accountId;
    this.manifest = manifest;
    this.views = views;
    this.quota = quota;
  }

  /**
   * Refreshes what is behind {@code changes} (each table's last change), as of {@code now}; returns
   * one decision per data set of the manifest, in its order.
   */
  public List<Decision> refresh(Map<String, Instant> changes, Instant now) {
    Map<String, DataSetImportMode> applied = new HashMap<>();
    for (DataSetSummary summary :
        quickSight.listDataSetsPaginator(r -> r.awsAccountId(accountId)).dataSetSummaries()) {
      applied.put(summary.dataSetId(), summary.importMode());
    }
    List<Decision> decisions = new ArrayList<>();
    for (QuickSightManifest.DataSet dataSet : manifest.dataSets()) {
      decisions.add(decide(dataSet, applied.get(dataSet.id()), changes, now));
    }
    return decisions;
  }

  private Decision decide(
      QuickSightManifest.DataSet dataSet,
      DataSetImportMode mode,
      Map<String, Instant> changes,
      Instant now) {
    String id = dataSet.id();
    if (mode == null) {
      return new Decision(id, State.NOT_APPLIED, "run smgov dashboard apply to create it");
    }
    if (mode == DataSetImportMode.DIRECT_QUERY) {
      return new Decision(id, State.DIRECT_QUERY, "its visuals query Athena");
    }
    Optional<Map.Entry<String, Instant>> lastChange =
        tablesOf(dataSet.view()).stream()
            .filter(changes::containsKey)
            .map(t -> Map.entry(t, changes.get(t)))
            .max(Map.Entry.comparingByValue());
    if (lastChange.isEmpty()) {
      return new Decision(id, State.CURRENT, "no table it reads is marked changed");
    }
    List<Ingestion> ingestions = new ArrayList<>();
    quickSight
        .listIngestionsPaginator(r -> r.awsAccountId(accountId).dataSetId(id).maxResults(100))
        .ingestions()
        .forEach(ingestions::add);
    Optional<Instant> loaded =
        ingestions.stream()
            .filter(i -> !DID_NOT_LOAD.contains(i.ingestionStatus()))
            .map(Ingestion::createdTime)
            .max(Comparator.naturalOrder());
    String changed = lastChange.get().getKey() + " changed at " + lastChange.get().getValue();
    if (loaded.isPresent() && !loaded.get().isBefore(lastChange.get().getValue())) {
      return new Decision(id, State.CURRENT, "ingested at " + loaded.get() + "; " + changed);
    }
    List<Instant> window =
        ingestions.stream()
            .map(Ingestion::createdTime)
            .filter(t -> t.isAfter(now.minus(WINDOW)))
            .sorted()
            .toList();
    int reserved = scheduledPerDay(id);
    if (reserved >= quota) {
      return new Decision(
          id,
          State.DEFERRED,
          String.format(
              "%s; its schedules alone run %d refreshes a day, the whole quota of %d: refreshed by"
                  + " its schedule only",
              changed, reserved, quota));
    }
    int left = quota - reserved - window.size();
    if (left <= 0) {
      // A refresh frees up when the (1 - left) oldest of the window's ingestions age out of it.
      Instant free = window.get(-left).plus(WINDOW);
      return new Decision(
          id,
          State.DEFERRED,
          String.format(
              "%s; %d refreshes in the last 24 hours and %d kept for its schedule use the quota of"
                  + " %d: the first run after %s refreshes it, or its schedule does",
              changed, window.size(), reserved, quota, free));
    }
    String ingestionId =
        "smgov-" + ID_TIME.format(now) + "-" + UUID.randomUUID().toString().substring(0, 8);
    try {
      quickSight.createIngestion(
          r ->
              r.awsAccountId(accountId)
                  .dataSetId(id)
                  .ingestionId(ingestionId)
                  .ingestionType(IngestionType.FULL_REFRESH));
    } catch (LimitExceededException e) {
      return new Decision(
          id,
          State.DEFERRED,
          changed
              + "; QuickSight refused: "
              + e.awsErrorDetails().errorMessage()
              + " - the next run tries again");
    }
    return new Decision(
        id,
        State.INGESTED,
        String.format(
            "ingestion %s; %s; %d of %d refreshes of the last 24 hours left",
            ingestionId, changed, left - 1, quota));
  }

  /** The tables a view reads, through the views it reads. */
  Set<String> tablesOf(String view) {
    Set<String> tables = new LinkedHashSet<>();
    collect(view, tables, new LinkedHashSet<>());
    return tables;
  }

  private void collect(String view, Set<String> tables, Set<String> seen) {
    if (!seen.add(view)) {
      return;
    }
    ViewCatalog.View v = views.view(view);
    tables.addAll(v.tables());
    v.views().forEach(other -> collect(other, tables, seen));
  }

  /** The refreshes a data set's schedules run in 24 hours (kept out of the quota). */
  private int scheduledPerDay(String dataSetId) {
    int runs = 0;
    for (RefreshSchedule schedule :
        quickSight
            .listRefreshSchedules(r -> r.awsAccountId(accountId).dataSetId(dataSetId))
            .refreshSchedules()) {
      String interval =
          schedule.scheduleFrequency() == null
              ? ""
              : schedule.scheduleFrequency().intervalAsString();
      runs +=
          switch (interval) {
            case "MINUTE15" -> 96;
            case "MINUTE30" -> 48;
            case "HOURLY" -> 24;
            default -> 1; // DAILY, WEEKLY, MONTHLY: at most one in any 24 hours
          };
    }
    return runs;
  }
}
