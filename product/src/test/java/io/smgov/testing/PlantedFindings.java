package io.smgov.testing;

import io.smgov.simulator.GeneratedEstate;
import io.smgov.simulator.GeneratedEstate.Finding;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * What the generator planted: the governance findings a generated estate must produce, worked out
 * from the generator's own domain model, independently of the exporter and the SQL views, so a test
 * can hold the views to them. The rules are those of the README's rule table. A test fixture: it
 * ships in no jar.
 */
public final class PlantedFindings {
  private static final Set<String> PRODUCTION_STATUSES =
      Set.of("InService", "Updating", "SystemUpdating", "RollingBack");

  private PlantedFindings() {}

  /**
   * The findings of {@code estate} for a snapshot taken at {@code snapshotTime}, with the policy's
   * thresholds and required tag keys.
   */
  public static List<Finding> of(
      GeneratedEstate estate,
      Instant snapshotTime,
      int staleAfterDays,
      int pendingAfterDays,
      List<String> requiredTags,
      int idleDays,
      double latencyP90Ms) {
    return of(
        estate,
        snapshotTime,
        staleAfterDays,
        pendingAfterDays,
        requiredTags,
        idleDays,
        latencyP90Ms,
        null);
  }

  /**
   * As above, for a policy with approver_roles: {@code authorizedApprover} says whether a generated
   * approver identity (an assumed-role ARN, or {@code studio:<user>}) matches them; null when the
   * policy sets none (APPROVER_NOT_AUTHORIZED is then silent). The bundled sample's hand-written
   * cases need the demo policy's.
   */
  public static List<Finding> of(
      GeneratedEstate estate,
      Instant snapshotTime,
      int staleAfterDays,
      int pendingAfterDays,
      List<String> requiredTags,
      int idleDays,
      double latencyP90Ms,
      Predicate<String> authorizedApprover) {
    Map<String, GeneratedEstate.Version> versions = new HashMap<>();
    Map<String, GeneratedEstate.Group> groupOf = new HashMap<>();
    for (GeneratedEstate.Group group : estate.groups()) {
      for (GeneratedEstate.Version version : group.versions()) {
        versions.put(version.arn(), version);
        groupOf.put(version.arn(), group);
      }
    }
    Set<Finding> findings = new LinkedHashSet<>();
    Map<String, String> firstEndpoint = new TreeMap<>();
    for (GeneratedEstate.Endpoint endpoint : estate.endpoints()) {
      if (!PRODUCTION_STATUSES.contains(endpoint.status())) {
        continue;
      }
      for (GeneratedEstate.Variant variant : endpoint.variants()) {
        if (!variant.kind().equals("production") || variant.inferenceComponents()) {
          continue;
        }
        if (variant.modelMissing()) {
          // What runs is unknown, not "not from the registry".
          findings.add(
              new Finding(
                  "UNRESOLVED_DEPLOYMENT",
                  "high",
                  endpoint.account(),
                  endpoint.region(),
                  endpoint.name(),
                  variant.name(),
                  null));
          continue;
        }
        Set<String> served = new LinkedHashSet<>();
        boolean unregistered = false;
        for (String pkg : variant.containerPackages()) {
          if (pkg == null) {
            unregistered = true;
          } else {
            served.add(pkg);
          }
        }
        if (served.isEmpty() && unregistered) {
          findings.add(
              new Finding(
                  "NOT_FROM_REGISTRY",
                  "high",
                  endpoint.account(),
                  endpoint.region(),
                  endpoint.name(),
                  variant.name(),
                  null));
        }
        for (String arn : served) {
          GeneratedEstate.Version v = versions.get(arn);
          if (v == null) {
            continue; // registered in an account that was not generated
          }
          firstEndpoint.merge(arn, endpoint.name(), (a, b) -> a.compareTo(b) <= 0 ? a : b);
          String where = endpoint.account();
          if (!v.status().equals("Approved")) {
            findings.add(
                new Finding(
                    "UNAPPROVED_IN_PRODUCTION",
                    v.status().equals("Rejected") ? "critical" : "high",
                    where,
                    endpoint.region(),
                    endpoint.name(),
                    variant.name(),
                    arn));
          }
          if (olderThan(v.created(), snapshotTime, staleAfterDays)) {
            findings.add(
                new Finding(
                    "STALE_PRODUCTION_MODEL",
                    "medium",
                    where,
                    endpoint.region(),
                    endpoint.name(),
                    variant.name(),
                    arn));
          }
          Integer newestApproved = newestApproved(groupOf.get(arn));
          if (newestApproved != null && newestApproved > v.version()) {
            findings.add(
                new Finding(
                    "SUPERSEDED_IN_PRODUCTION",
                    "low",
                    where,
                    endpoint.region(),
                    endpoint.name(),
                    variant.name(),
                    arn));
          }
          if (endpoint.versionTag() != null
              && !endpoint.versionTag().equals(Integer.toString(v.version()))) {
            findings.add(
                new Finding(
                    "ENDPOINT_VERSION_TAG_MISMATCH",
                    "medium",
                    where,
                    endpoint.region(),
                    endpoint.name(),
                    variant.name(),
                    arn));
          }
        }
      }
    }
    operational(estate, snapshotTime, idleDays, latencyP90Ms, findings);
    Set<String> required = new HashSet<>();
    requiredTags.forEach(k -> required.add(fold(k)));
    for (GeneratedEstate.Group group : estate.groups()) {
      GeneratedEstate.Version newest = group.versions().get(group.versions().size() - 1);
      for (GeneratedEstate.Version v : group.versions()) {
        String account = group.account();
        String region = group.region();
        if (v.status().equals("Approved") && v.lastModifiedBy().equals(v.createdBy())) {
          findings.add(new Finding("SELF_APPROVED", "high", account, region, null, null, v.arn()));
        }
        if (v == newest
            && v.status().equals("PendingManualApproval")
            && olderThan(v.created(), snapshotTime, pendingAfterDays)) {
          findings.add(
              new Finding(
                  "PENDING_APPROVAL_TOO_LONG", "low", account, region, null, null, v.arn()));
        }
        String endpoint = firstEndpoint.get(v.arn());
        if (endpoint == null) {
          continue; // not in production
        }
        if (!v.quality().hasMetrics()) {
          findings.add(
              new Finding(
                  "MISSING_EVALUATION_METRICS", "high", account, region, endpoint, null, v.arn()));
        }
        if (authorizedApprover != null
            && v.status().equals("Approved")
            && !authorizedApprover.test(v.lastModifiedBy())) {
          findings.add(
              new Finding(
                  "APPROVER_NOT_AUTHORIZED", "high", account, region, endpoint, null, v.arn()));
        }
        if (v.status().equals("Approved") && v.approvalNote().isBlank()) {
          findings.add(
              new Finding(
                  "MISSING_APPROVAL_NOTE", "medium", account, region, endpoint, null, v.arn()));
        }
        if (!present(group, v).containsAll(required)) {
          findings.add(
              new Finding("MISSING_OWNER", "medium", account, region, endpoint, null, v.arn()));
        }
        if (!v.datasetLineage()) {
          findings.add(
              new Finding("MISSING_LINEAGE", "medium", account, region, endpoint, null, v.arn()));
        }
        if (v.modelCardStatus() == null) {
          findings.add(
              new Finding("MISSING_MODEL_CARD", "low", account, region, endpoint, null, v.arn()));
        }
      }
    }
    if (!estate.curated().isEmpty()) {
      if (staleAfterDays != 90
          || pendingAfterDays != 14
          || idleDays != 30
          || !requiredTags.equals(List.of("owner"))
          || authorizedApprover == null
          || !snapshotTime.equals(estate.asOf())) {
        throw new IllegalArgumentException(
            "the real-world cases' findings are written for the demo policy (default thresholds, approver_roles) at the"
                + " as-of time "
                + estate.asOf());
      }
      findings.addAll(estate.curated());
    }
    return new ArrayList<>(findings);
  }

  /**
   * IDLE_ENDPOINT and LATENCY_OVER_BUDGET per production variant, MONITORING_VIOLATIONS and
   * NO_MONITORING per endpoint in production, for an export that read the default 30 days of
   * metrics.
   */
  private static void operational(
      GeneratedEstate estate,
      Instant snapshotTime,
      int idleDays,
      double latencyP90Ms,
      Set<Finding> findings) {
    LocalDate snapshotDate = LocalDate.ofInstant(snapshotTime, ZoneOffset.UTC);
    int window = 30;
    if (!snapshotDate.equals(LocalDate.ofInstant(estate.asOf(), ZoneOffset.UTC))) {
      throw new IllegalArgumentException(
          "the generated metrics are for snapshots on the as-of date " + estate.asOf());
    }
    for (GeneratedEstate.Endpoint endpoint : estate.endpoints()) {
      if (!PRODUCTION_STATUSES.contains(endpoint.status())) {
        continue;
      }
      GeneratedEstate.Signals s = endpoint.signals();
      boolean anyProduction = false;
      List<GeneratedEstate.Variant> variants = new ArrayList<>(endpoint.variants());
      variants.sort(Comparator.comparing(GeneratedEstate.Variant::name));
      for (GeneratedEstate.Variant variant : variants) {
        if (!variant.kind().equals("production")) {
          continue;
        }
        anyProduction = true;
        String arn =
            variant.inferenceComponents() || variant.modelMissing()
                ? null
                : variant.containerPackages().stream()
                    .filter(Objects::nonNull)
                    .sorted()
                    .findFirst()
                    .orElse(null);
        // An idle endpoint has no traffic in the last 40 days, more than the 30-day window.
        if (s.idle()
            && window >= idleDays
            && olderThan(endpoint.created(), snapshotTime, idleDays)) {
          findings.add(
              new Finding(
                  "IDLE_ENDPOINT",
                  "medium",
                  endpoint.account(),
                  endpoint.region(),
                  endpoint.name(),
                  variant.name(),
                  arn));
        }
        // Latency samples exist for an active endpoint from the first noon after its creation.
        Instant yesterdayNoon =
            snapshotDate
                .minusDays(1)
                .atStartOfDay(ZoneOffset.UTC)
                .toInstant()
                .plusSeconds(12 * 3600);
        if (!s.idle() && !endpoint.created().isAfter(yesterdayNoon)) {
          if (latencyP90Ms < s.latencyMinMs()) {
            findings.add(
                new Finding(
                    "LATENCY_OVER_BUDGET",
                    "medium",
                    endpoint.account(),
                    endpoint.region(),
                    endpoint.name(),
                    variant.name(),
                    arn));
          } else if (latencyP90Ms < s.latencyMaxMs()) {
            throw new IllegalArgumentException(
                "latency_p90_ms "
                    + latencyP90Ms
                    + " falls inside the generated latencies ["
                    + s.latencyMinMs()
                    + ", "
                    + s.latencyMaxMs()
                    + "] of "
                    + endpoint.name()
                    + ": the oracle cannot tell");
          }
        }
      }
      if (!anyProduction) {
        continue;
      }
      if (s.monitoring() == null) {
        findings.add(
            new Finding(
                "NO_MONITORING",
                "low",
                endpoint.account(),
                endpoint.region(),
                endpoint.name(),
                null,
                null));
      } else if (s.monitoring().equals("CompletedWithViolations")) {
        findings.add(
            new Finding(
                "MONITORING_VIOLATIONS",
                "high",
                endpoint.account(),
                endpoint.region(),
                endpoint.name(),
                null,
                null));
      }
    }
  }

  /** "More than N days": the instants are more than N x 24 h apart. */
  private static boolean olderThan(Instant time, Instant snapshotTime, int days) {
    return ChronoUnit.MILLIS.between(time, snapshotTime) > days * 86_400_000L;
  }

  private static Integer newestApproved(GeneratedEstate.Group group) {
    Integer newest = null;
    for (GeneratedEstate.Version v : group.versions()) {
      if (v.status().equals("Approved")) {
        newest = v.version();
      }
    }
    return newest;
  }

  /** Tag keys with a value on the version, in its metadata or on its group, folded. */
  private static Set<String> present(GeneratedEstate.Group group, GeneratedEstate.Version v) {
    Set<String> keys = new HashSet<>();
    for (Map<String, String> tags : List.of(v.tags(), v.customerMetadata(), group.tags())) {
      tags.forEach(
          (k, value) -> {
            if (value != null && !value.isBlank()) {
              keys.add(fold(k));
            }
          });
    }
    return keys;
  }

  private static String fold(String key) {
    return key.toLowerCase(Locale.ROOT).replace("-", "").replace("_", "").replace(" ", "");
  }
}
