package io.smgov.config;

import io.smgov.model.ReadStrategy;
import io.smgov.sink.WarehouseLocation;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Everything one {@code smgov export} run needs, validated once ({@link ExportConfigBuilder}).
 *
 * @param accounts explicit account ids; empty with {@code organizationUnit} empty means the
 *     caller's own account
 * @param organization discover the accounts of the AWS Organization ({@code --accounts org[:ou-…]})
 * @param organizationUnit limit discovery to one OU and the OUs under it
 * @param regions regions to read; empty means the SDK's default region
 * @param groups refresh only these groups (and carry the rest of each account/region forward)
 * @param events the EventBridge events that asked for this run (a batch), if any
 * @param shard export only the accounts of this shard ({@code --shard K/N}), if given
 * @param accountsFile the accounts come from this file ({@code --accounts-file}: a local path or
 *     s3:// URI of an {@code smgov plan} output, or of account ids one per line), if given
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
    List<RegistryEvent> events,
    boolean includeShared,
    ReadStrategy strategy,
    LogFormat logFormat,
    int accountConcurrency,
    double requestsPerSecond,
    int reportConcurrency,
    long maxReportBytes,
    boolean fullRefresh,
    Optional<String> glueDatabase,
    int metricsDays,
    Optional<Shard> shard,
    Optional<String> accountsFile) {

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
    events = List.copyOf(events);
  }

  /**
   * What one account/region's run reads afresh (everything else is carried forward from its
   * previous snapshot): the named groups (every version of each), the named versions, the named
   * endpoints, and whether every endpoint is read again (an endpoint event that names none). A
   * group refresh covers its versions; reading every endpoint covers the named ones.
   */
  public record Refresh(
      Set<String> groups, Set<String> versions, Set<String> endpoints, boolean allEndpoints) {
    public Refresh {
      groups = Set.copyOf(groups);
      versions = Set.copyOf(versions);
      endpoints = allEndpoints ? Set.of() : Set.copyOf(endpoints);
    }

    /** Whether the registry (groups or versions) is refreshed. */
    public boolean registry() {
      return !groups.isEmpty() || !versions.isEmpty();
    }

    /** Whether any endpoint is read again. */
    public boolean readsEndpoints() {
      return allEndpoints || !endpoints.isEmpty();
    }
  }

  /** Whether this run exports {@code account}/{@code region} at all (an event batch may not). */
  public boolean covers(String account, String region) {
    return events.isEmpty()
        || events.stream().anyMatch(e -> e.account().equals(account) && e.region().equals(region));
  }

  /**
   * What this run refreshes in {@code account}/{@code region}; empty for a full export. Duplicate
   * and out-of-order events name the same things, so each is read once, in its current state.
   */
  public Optional<Refresh> refresh(String account, String region) {
    if (events.isEmpty()) {
      return groups.isEmpty()
          ? Optional.empty()
          : Optional.of(new Refresh(groups, Set.of(), Set.of(), false));
    }
    Set<String> refreshGroups = new TreeSet<>();
    Set<String> refreshVersions = new TreeSet<>();
    Set<String> refreshEndpoints = new TreeSet<>();
    boolean allEndpoints = false;
    for (RegistryEvent e : events) {
      if (!e.account().equals(account) || !e.region().equals(region)) {
        continue;
      }
      if (e.kind() == RegistryEvent.Kind.ENDPOINT) {
        if (e.endpoint().isPresent()) {
          refreshEndpoints.add(e.endpoint().get());
        } else {
          allEndpoints = true;
        }
      } else if (e.version().isPresent()) {
        refreshVersions.add(e.version().get());
      } else {
        e.group().ifPresent(refreshGroups::add);
      }
    }
    refreshVersions.removeIf(
        arn -> refreshGroups.contains(RegistryEvent.groupOfArn(arn))); // the group covers it
    return Optional.of(new Refresh(refreshGroups, refreshVersions, refreshEndpoints, allEndpoints));
  }
}
