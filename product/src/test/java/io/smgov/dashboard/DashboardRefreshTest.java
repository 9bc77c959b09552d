package io.smgov.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smgov.testing.QuickSightFixture;
import io.smgov.views.ViewCatalog;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.quicksight.QuickSightClient;
import software.amazon.awssdk.services.quicksight.model.LimitExceededException;

/**
 * After an event refresh, the SPICE data sets whose views read a changed table are ingested again,
 * and never beyond QuickSight's refresh quota, which the simulated QuickSight enforces.
 */
class DashboardRefreshTest {
  private static final String DATABASE = "governance";

  /**
   * The data sets whose views read endpoint_metrics: deployments reads it, and findings, endpoint
   * operations, endpoint costs and rollback targets read deployments (sql/manifest.yaml).
   */
  private static final List<String> READ_ENDPOINT_METRICS =
      List.of(
          "smgov-deployments",
          "smgov-endpoint-costs",
          "smgov-endpoint-operations",
          "smgov-findings",
          "smgov-rollback-targets");

  private final QuickSightManifest manifest = QuickSightManifest.load();
  private QuickSightFixture fixture;
  private QuickSightClient quickSight;
  private String account;

  /** Just after the newest of the first ingestions (each data set's CreateDataSet started one). */
  private Instant afterApply;

  @BeforeEach
  void start() throws InterruptedException {
    fixture = new QuickSightFixture(DATABASE);
    quickSight = fixture.quickSight;
    account = fixture.account;
    apply(DashboardTarget.ImportMode.SPICE);
    afterApply =
        justAfterTheNewestIngestion(
            manifest.dataSets().stream().map(QuickSightManifest.DataSet::id).toList());
  }

  /** A millisecond after the newest ingestion of these data sets. */
  private Instant justAfterTheNewestIngestion(List<String> dataSetIds) {
    return dataSetIds.stream()
        .flatMap(
            id ->
                quickSight
                    .listIngestions(r -> r.awsAccountId(account).dataSetId(id))
                    .ingestions()
                    .stream())
        .map(i -> i.createdTime())
        .max(Comparator.naturalOrder())
        .orElseThrow()
        .plusMillis(1);
  }

  @AfterEach
  void stop() {
    fixture.close();
  }

  private void apply(DashboardTarget.ImportMode mode) throws InterruptedException {
    DashboardTarget target =
        new DashboardTarget(
            account,
            "eu-west-1",
            DATABASE,
            "arn:aws:quicksight:eu-west-1:" + account + ":group/default/ml-platform",
            Optional.empty(),
            mode,
            "primary",
            Optional.empty());
    new DashboardApply(
            quickSight,
            manifest,
            target,
            new DashboardApply.Options(false, Duration.ofMillis(1), Duration.ofSeconds(30)),
            line -> {})
        .apply(QuickSightRequests.render(manifest, target, ViewCatalog.load()));
  }

  private List<DashboardRefresh.Decision> refresh(int quota, Map<String, Instant> changes) {
    return new DashboardRefresh(quickSight, account, manifest, ViewCatalog.load(), quota)
        .refresh(changes, Instant.now());
  }

  private static Map<String, DashboardRefresh.State> states(List<DashboardRefresh.Decision> d) {
    Map<String, DashboardRefresh.State> states = new TreeMap<>();
    d.forEach(decision -> states.put(decision.dataSetId(), decision.state()));
    return states;
  }

  private int ingestions(String dataSetId) {
    return quickSight
        .listIngestions(r -> r.awsAccountId(account).dataSetId(dataSetId))
        .ingestions()
        .size();
  }

  @Test
  void onlyTheDataSetsThatReadAChangedTableAreIngestedAndOnlyOnce() {
    // Nothing marked changed: nothing to do.
    assertThat(states(refresh(32, Map.of())).values())
        .hasSize(16)
        .containsOnly(DashboardRefresh.State.CURRENT);
    // endpoint_metrics changed after the data sets' first ingestion.
    Map<String, Instant> changes = Map.of("endpoint_metrics", afterApply);
    Map<String, DashboardRefresh.State> first = states(refresh(32, changes));
    assertThat(
            first.entrySet().stream()
                .filter(e -> e.getValue() == DashboardRefresh.State.INGESTED)
                .map(Map.Entry::getKey))
        .containsExactlyInAnyOrderElementsOf(READ_ENDPOINT_METRICS);
    // The other 11 of the 16: no view of theirs reads endpoint_metrics (finding trends,
    // remediation and finding history read only the recorded findings and finding_runs).
    assertThat(first.values()).filteredOn(s -> s == DashboardRefresh.State.CURRENT).hasSize(11);
    assertThat(ingestions("smgov-deployments")).isEqualTo(2);
    assertThat(ingestions("smgov-model-versions")).isEqualTo(1);
    // A change older than the newest ingestions is behind no data set.
    Map<String, Instant> later = Map.of("endpoint_metrics", Instant.now().minusSeconds(1));
    assertThat(states(refresh(32, later)).values()).containsOnly(DashboardRefresh.State.CURRENT);
    assertThat(ingestions("smgov-deployments")).isEqualTo(2);
  }

  @Test
  void aDataSetWhoseQuotaIsSpentIsDeferredAndTheScheduleKeepsItsRefresh() {
    // 30 refreshes today, the initial load makes 31, and the daily schedule keeps one back: the
    // quota of 32 is spent.
    for (int i = 0; i < 30; i++) {
      String id = "earlier-" + i;
      quickSight.createIngestion(
          r -> r.awsAccountId(account).dataSetId("smgov-deployments").ingestionId(id));
    }
    // endpoint_metrics changed after them.
    Instant afterThem = justAfterTheNewestIngestion(List.of("smgov-deployments"));
    Map<String, Instant> changes = Map.of("endpoint_metrics", afterThem);
    List<DashboardRefresh.Decision> decisions = refresh(32, changes);
    assertThat(states(decisions))
        .containsEntry("smgov-deployments", DashboardRefresh.State.DEFERRED)
        .containsEntry("smgov-findings", DashboardRefresh.State.INGESTED);
    assertThat(decisions)
        .filteredOn(d -> d.dataSetId().equals("smgov-deployments"))
        .singleElement()
        .satisfies(
            d ->
                assertThat(d.detail())
                    .contains("31 refreshes in the last 24 hours and 1 kept for its schedule"));
    assertThat(ingestions("smgov-deployments")).isEqualTo(31);
    // The next run, with the quota still spent, defers it again: nothing is remembered, the data
    // set is still behind.
    assertThat(states(refresh(32, changes)))
        .containsEntry("smgov-deployments", DashboardRefresh.State.DEFERRED);
  }

  @Test
  void quickSightRefusesTheThirtyThirdManualRefreshOfADayAndRefreshSaysSo() {
    for (int i = 0; i < 32; i++) {
      String id = "manual-" + i;
      quickSight.createIngestion(
          r -> r.awsAccountId(account).dataSetId("smgov-findings").ingestionId(id));
    }
    assertThatThrownBy(
            () ->
                quickSight.createIngestion(
                    r ->
                        r.awsAccountId(account)
                            .dataSetId("smgov-findings")
                            .ingestionId("one-more")))
        .isInstanceOf(LimitExceededException.class)
        .satisfies(e -> assertThat(((LimitExceededException) e).statusCode()).isEqualTo(409));
    assertThatThrownBy(
            () ->
                quickSight.createIngestion(
                    r ->
                        r.awsAccountId(account)
                            .dataSetId("smgov-findings")
                            .ingestionId("manual-0")))
        .hasMessageContaining("already exists");
    // A quota set higher than the account's (a Standard account told 100): QuickSight's refusal is
    // a deferral, not a failure.
    Map<String, Instant> changes = Map.of("endpoint_metrics", Instant.now().plusSeconds(1));
    assertThat(refresh(100, changes))
        .filteredOn(d -> d.dataSetId().equals("smgov-findings"))
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.state()).isEqualTo(DashboardRefresh.State.DEFERRED);
              assertThat(d.detail()).contains("QuickSight refused");
            });
  }

  @Test
  void directQueryDataSetsAreNeverIngestedAndMissingOnesAreNamed() throws InterruptedException {
    apply(DashboardTarget.ImportMode.DIRECT_QUERY);
    Map<String, Instant> changes = Map.of("export_runs", Instant.now().plusSeconds(1));
    assertThat(states(refresh(32, changes)).values())
        .containsOnly(DashboardRefresh.State.DIRECT_QUERY);
    assertThat(ingestions("smgov-export-health")).isEqualTo(1); // the initial SPICE load only

    try (QuickSightFixture empty = new QuickSightFixture(DATABASE)) {
      assertThat(
              new DashboardRefresh(
                      empty.quickSight, empty.account, manifest, ViewCatalog.load(), 32)
                  .refresh(changes, Instant.now()))
          .extracting(DashboardRefresh.Decision::state)
          .containsOnly(DashboardRefresh.State.NOT_APPLIED);
    }
    assertThatThrownBy(
            () -> new DashboardRefresh(quickSight, account, manifest, ViewCatalog.load(), 0))
        .hasMessageContaining("at least 1");
  }
}
