package io.smgov.simulator;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The domain model a generated portfolio was rendered from: groups with their versions, and
 * endpoints with their variants. It states, independently of the AWS shapes, what the generator
 * planted.
 */
public final class GeneratedEstate {
  /** How a version's model-quality report turned out. */
  /**
   * A finding a hand-written case of the estate must produce: where it is reported and what it
   * points at (null where a rule has none).
   */
  public record Finding(
      String ruleId,
      String severity,
      String account,
      String region,
      String endpointName,
      String variantName,
      String modelPackageArn) {}

  public enum Report {
    /** A readable report with metrics. */
    OK,
    /** A readable report whose standard deviations are the string "NaN". */
    NAN_DEVIATION,
    /** No ModelQuality report registered at all. */
    NONE,
    /** Registered, but no object at the S3 URI. */
    MISSING_OBJECT,
    /** Registered, the object exists, but it is not JSON. */
    UNPARSEABLE,
    /** Registered in a bucket the reader role may not read. */
    ACCESS_DENIED;

    /** Whether the report yields at least one metric. */
    public boolean hasMetrics() {
      return this == OK || this == NAN_DEVIATION;
    }
  }

  public record Version(
      String arn,
      String group,
      int version,
      Instant created,
      Instant lastModified,
      String status,
      String createdBy,
      String lastModifiedBy,
      String approvalNote,
      Report quality,
      boolean biasReport,
      boolean dataQualityReport,
      boolean datasetLineage,
      String modelCardStatus,
      Map<String, String> tags,
      Map<String, String> customerMetadata,
      boolean regression,
      double headline,
      String framework) {}

  /** {@code owner} is null when no tag or metadata of the group or its versions names one. */
  public record Group(
      String account,
      String region,
      String name,
      String arn,
      Instant created,
      Map<String, String> tags,
      String businessUnit,
      String owner,
      List<Version> versions) {}

  /**
   * A variant of an endpoint config. {@code containerPackages} has one entry per container, null
   * for a container that is not from the registry; {@code modelMissing}: the model was deleted;
   * {@code inferenceComponents}: the variant names no model; {@code serverlessMemoryMb}: above 0, a
   * serverless variant of that memory size (no instance type or count).
   */
  public record Variant(
      String name,
      String kind,
      String modelName,
      List<String> containerPackages,
      boolean modelMissing,
      boolean inferenceComponents,
      String instanceType,
      int instanceCount,
      int serverlessMemoryMb,
      float weight) {}

  public record Endpoint(
      String account,
      String region,
      String name,
      String arn,
      String configName,
      String status,
      Instant created,
      String versionTag,
      List<Variant> variants,
      String businessUnit,
      Signals signals) {}

  /**
   * An endpoint's operational signals. {@code idle}: no invocation in the last {@link
   * #IDLE_GAP_DAYS} days (traffic before that). Every latency sample lies within [latencyMinMs,
   * latencyMaxMs]. {@code monitoring}: null without a Model Monitor schedule, "" for one that never
   * ran, else its latest execution's status.
   */
  public record Signals(boolean idle, double latencyMinMs, double latencyMaxMs, String monitoring) {
    /** Days of CloudWatch history generated before the as-of date. */
    public static final int HISTORY_DAYS = 45;

    /** An idle endpoint's days without traffic before the as-of date. */
    public static final int IDLE_GAP_DAYS = 40;
  }

  final List<Group> groups = new ArrayList<>();
  final List<Endpoint> endpoints = new ArrayList<>();

  /**
   * The findings of the hand-written real-world cases merged into the bundled sample, as listed by
   * hand beside them (real-world-findings.tsv); empty for any other estate.
   */
  final List<Finding> curated = new ArrayList<>();

  private final Instant asOf;

  GeneratedEstate(Instant asOf) {
    this.asOf = asOf;
  }

  public Instant asOf() {
    return asOf;
  }

  public List<Group> groups() {
    return List.copyOf(groups);
  }

  public List<Finding> curated() {
    return curated;
  }

  public List<Endpoint> endpoints() {
    return List.copyOf(endpoints);
  }

  public int versionCount() {
    return groups.stream().mapToInt(g -> g.versions().size()).sum();
  }
}
