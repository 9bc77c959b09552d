package io.smgov.config;

import io.smgov.model.ReadStrategy;
import io.smgov.sink.WarehouseLocation;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Everything one {@code smgov export} run needs, validated once ({@link ExportConfigBuilder}).
 *
 * @param accounts explicit account ids; empty with {@code organizationUnit} empty means the
 *     caller's own account
 * @param organization discover the accounts of the AWS Organization ({@code --accounts org[:ou-…]})
 * @param organizationUnit limit discovery to one OU and the OUs under it
 * @param regions regions to read; empty means the SDK's default region
 * @param groups refresh only these groups (and carry the rest of each account/region forward)
 * @param event the EventBridge event that asked for this run, if any
 */
public record ExportConfig(
    WarehouseLocation warehouse,
    List<String> accounts,
    boolean organization,
    Optional<String> organizationUnit,
    List<String> regions,
    Optional<String> roleName,
    Optional<String> externalId,
    Instant snapshotTime,
    Set<String> groups,
    Optional<RegistryEvent> event,
    boolean includeShared,
    ReadStrategy strategy,
    LogFormat logFormat,
    int accountConcurrency,
    double requestsPerSecond,
    int reportConcurrency,
    long maxReportBytes,
    boolean fullRefresh,
    Optional<String> glueDatabase,
    int metricsDays) {

  /** How the progress log is written. */
  public enum LogFormat {
    TEXT,
    JSON
  }

  /** Defaults, each a documented constant. */
  public static final class Defaults {
    /** Accounts exported at the same time. */
    public static final int ACCOUNT_CONCURRENCY = 4;

    /**
     * SageMaker requests per second per account and region. AWS publishes no per-API rate for the
     * control plane; 10/s stays clear of the throttling seen on Search and Describe fan-out.
     */
    public static final double REQUESTS_PER_SECOND = 10;

    /** S3 report reads in flight per account and region. */
    public static final int REPORT_CONCURRENCY = 16;

    /** Reports larger than this are recorded as too_large and not parsed. */
    public static final long MAX_REPORT_BYTES = 4L * 1024 * 1024;

    public static final ReadStrategy STRATEGY = ReadStrategy.SEARCH;

    /**
     * Days of CloudWatch endpoint metrics each snapshot reads, ending at the snapshot date: long
     * enough for the default idle_days policy (30).
     */
    public static final int METRICS_DAYS = 30;

    private Defaults() {}
  }

  public ExportConfig {
    Objects.requireNonNull(warehouse, "warehouse is null");
    Objects.requireNonNull(snapshotTime, "snapshotTime is null");
    accounts = List.copyOf(accounts);
    regions = List.copyOf(regions);
    groups = Set.copyOf(groups);
  }

  /** Whether this run refreshes only some groups (a --group or model package event run). */
  public boolean refreshesGroupsOnly() {
    return !groups.isEmpty();
  }

  /** Whether this run refreshes only the endpoints (an endpoint state change event). */
  public boolean refreshesEndpointsOnly() {
    return event.map(e -> e.kind() == RegistryEvent.Kind.ENDPOINT).orElse(false);
  }
}
