package io.smgov.source;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.smgov.model.FeatureConstraintRow;
import io.smgov.model.FeatureStatisticRow;
import io.smgov.model.MetricReportRow;
import io.smgov.model.ModelMetricRow;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.sagemaker.model.DriftCheckBaselines;
import software.amazon.awssdk.services.sagemaker.model.FileSource;
import software.amazon.awssdk.services.sagemaker.model.MetricsSource;
import software.amazon.awssdk.services.sagemaker.model.ModelMetrics;
import software.amazon.awssdk.services.sagemaker.model.ModelPackage;

/**
 * The reports a version points at (the API holds only S3 pointers), read from S3 and flattened into
 * {@code metric_reports} and {@code model_metrics}. Every outcome is a status, never a crash:
 * {@code ok}, {@code missing}, {@code access_denied}, {@code unparseable}, {@code too_large} and
 * {@code error}. A report the previous snapshot already read for the same version, URI and digest
 * is reused, not fetched again.
 */
public final class MetricReports {
  public static final String OK = "ok";
  public static final String MISSING = "missing";
  public static final String ACCESS_DENIED = "access_denied";
  public static final String UNPARSEABLE = "unparseable";
  public static final String TOO_LARGE = "too_large";
  public static final String ERROR = "error";

  /**
   * Outcomes carried forward for the same version, URI and digest. A registered version's reports
   * do not change, and a daily run must not re-read them; a report that was missing or denied stays
   * so until {@code --full-refresh} (run it once after granting the reader role access). Only
   * {@code error} (a transient failure) is read again.
   */
  private static final Set<String> FINAL =
      Set.of(OK, UNPARSEABLE, TOO_LARGE, MISSING, ACCESS_DENIED);

  private MetricReports() {}

  /** A pointer to one report of one version. */
  public record Reference(
      String packageArn,
      String kind,
      String source,
      String s3Uri,
      String contentType,
      String digest) {}

  /** Every ModelMetrics and DriftCheckBaselines report of a version, in a fixed order. */
  public static List<Reference> references(ModelPackage p) {
    List<Reference> refs = new ArrayList<>();
    String arn = p.modelPackageArn();
    ModelMetrics m = p.modelMetrics();
    if (m != null) {
      String s = "model_metrics";
      if (m.modelQuality() != null) {
        add(refs, arn, "model_quality_statistics", s, m.modelQuality().statistics());
        add(refs, arn, "model_quality_constraints", s, m.modelQuality().constraints());
      }
      if (m.modelDataQuality() != null) {
        add(refs, arn, "model_data_quality_statistics", s, m.modelDataQuality().statistics());
        add(refs, arn, "model_data_quality_constraints", s, m.modelDataQuality().constraints());
      }
      if (m.bias() != null) {
        add(refs, arn, "bias_report", s, m.bias().report());
        add(refs, arn, "bias_pre_training_report", s, m.bias().preTrainingReport());
        add(refs, arn, "bias_post_training_report", s, m.bias().postTrainingReport());
      }
      if (m.explainability() != null) {
        add(refs, arn, "explainability_report", s, m.explainability().report());
      }
    }
    DriftCheckBaselines d = p.driftCheckBaselines();
    if (d != null) {
      String s = "drift_check_baselines";
      if (d.bias() != null) {
        add(refs, arn, "drift_bias_config_file", s, d.bias().configFile());
        add(refs, arn, "drift_bias_pre_training_constraints", s, d.bias().preTrainingConstraints());
        add(
            refs,
            arn,
            "drift_bias_post_training_constraints",
            s,
            d.bias().postTrainingConstraints());
      }
      if (d.explainability() != null) {
        add(refs, arn, "drift_explainability_constraints", s, d.explainability().constraints());
        add(refs, arn, "drift_explainability_config_file", s, d.explainability().configFile());
      }
      if (d.modelQuality() != null) {
        add(refs, arn, "drift_model_quality_statistics", s, d.modelQuality().statistics());
        add(refs, arn, "drift_model_quality_constraints", s, d.modelQuality().constraints());
      }
      if (d.modelDataQuality() != null) {
        add(refs, arn, "drift_model_data_quality_statistics", s, d.modelDataQuality().statistics());
        add(
            refs,
            arn,
            "drift_model_data_quality_constraints",
            s,
            d.modelDataQuality().constraints());
      }
    }
    return refs;
  }

  private static void add(
      List<Reference> refs, String arn, String kind, String source, MetricsSource m) {
    if (m != null && m.s3Uri() != null) {
      refs.add(new Reference(arn, kind, source, m.s3Uri(), m.contentType(), m.contentDigest()));
    }
  }

  private static void add(
      List<Reference> refs, String arn, String kind, String source, FileSource f) {
    if (f != null && f.s3Uri() != null) {
      refs.add(new Reference(arn, kind, source, f.s3Uri(), f.contentType(), f.contentDigest()));
    }
  }

  // ---------------------------------------------------------------- carry-forward

  /**
   * Which of the previous snapshot's reports can stand for a fetch: those with a final status, by
   * version, kind, URI and digest. Only their fingerprints are held; the rows themselves are
   * carried by streaming the previous snapshot once more ({@link Outcome#reusedReport}).
   */
  public static final class Previous {
    private final Set<Fingerprint> reports = new HashSet<>();

    public static Previous none() {
      return new Previous();
    }

    public void add(MetricReportRow row) {
      if (FINAL.contains(row.status())) {
        reports.add(
            Fingerprint.of(
                row.modelPackageArn(), row.reportKind(), row.s3Uri(), row.contentDigest()));
      }
    }

    boolean has(Reference r) {
      return reports.contains(Fingerprint.of(r.packageArn(), r.kind(), r.s3Uri(), r.digest()));
    }
  }

  /** 128 bits of SHA-256 over the parts: a compact key for sets of tens of thousands of reports. */
  private record Fingerprint(long high, long low) {
    static Fingerprint of(String... parts) {
      try {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        for (String part : parts) {
          sha.update(String.valueOf(part).getBytes(StandardCharsets.UTF_8));
          sha.update((byte) 0);
        }
        ByteBuffer hash = ByteBuffer.wrap(sha.digest());
        return new Fingerprint(hash.getLong(), hash.getLong());
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  /**
   * What {@link #collect} did. The reports it reused are carried from the previous snapshot: the
   * report rows {@link #reusedReport} accepts, and the metric rows {@link #reusedMetric} accepts.
   */
  public static final class Outcome {
    public final int fetched;
    public final int reused;
    public final int failed;
    public final long metrics;
    public final long denied;
    private final Set<Fingerprint> reports = new HashSet<>();
    private final Set<Fingerprint> kinds = new HashSet<>();

    private Outcome(int fetched, int reused, int failed, long metrics, long denied) {
      this.fetched = fetched;
      this.reused = reused;
      this.failed = failed;
      this.metrics = metrics;
      this.denied = denied;
    }

    public boolean reusedReport(MetricReportRow row) {
      return reports.contains(
          Fingerprint.of(
              row.modelPackageArn(), row.reportKind(), row.s3Uri(), row.contentDigest()));
    }

    public boolean reusedMetric(ModelMetricRow row) {
      return kinds.contains(Fingerprint.of(row.modelPackageArn(), row.reportKind()));
    }

    public boolean reusedStatistic(FeatureStatisticRow row) {
      return kinds.contains(Fingerprint.of(row.modelPackageArn(), DATA_QUALITY_STATISTICS));
    }

    public boolean reusedConstraint(FeatureConstraintRow row) {
      return kinds.contains(Fingerprint.of(row.modelPackageArn(), DATA_QUALITY_CONSTRAINTS));
    }
  }

  /**
   * How many references ahead of the one being written are read: what bounds the parsed reports
   * held.
   */
  static final int READ_AHEAD = 256;

  /**
   * Reads every report of {@code references} that {@code previous} does not already hold, at most
   * {@code pool}'s threads at once and {@link #READ_AHEAD} references ahead, and passes the fresh
   * rows on in reference order. An object several versions point at (a group's drift baseline) is
   * read once and let go after its last reference.
   */
  public static Outcome collect(
      List<Reference> references,
      Previous previous,
      S3Client s3,
      ExecutorService pool,
      long maxBytes,
      Consumer<MetricReportRow> reportRows,
      Consumer<ModelMetricRow> metricRows,
      Consumer<FeatureStatisticRow> statisticRows,
      Consumer<FeatureConstraintRow> constraintRows)
      throws InterruptedException {
    Map<String, Future<Content>> reads = new HashMap<>();
    // How many references still to write point at each object to read.
    // An object is read when a reference the previous snapshot cannot stand for points at it; then
    // every reference to it takes the fresh content.
    Map<String, Integer> pending = new HashMap<>();
    for (Reference reference : references) {
      if (!previous.has(reference)) {
        pending.put(objectKey(reference), 0);
      }
    }
    for (Reference reference : references) {
      pending.computeIfPresent(objectKey(reference), (k, n) -> n + 1);
    }
    int objects = pending.size();
    int ahead = 0;
    int reused = 0;
    int failed = 0;
    long metrics = 0;
    long denied = 0;
    Set<Fingerprint> reports = new HashSet<>();
    Set<Fingerprint> kinds = new HashSet<>();
    for (int i = 0; i < references.size(); i++) {
      for (; ahead < references.size() && ahead <= i + READ_AHEAD; ahead++) {
        Reference next = references.get(ahead);
        if (pending.containsKey(objectKey(next))) {
          reads.computeIfAbsent(objectKey(next), k -> pool.submit(() -> read(next, s3, maxBytes)));
        }
      }
      Reference reference = references.get(i);
      String key = objectKey(reference);
      Future<Content> future = pending.containsKey(key) ? reads.get(key) : null;
      if (future == null) {
        reports.add(
            Fingerprint.of(
                reference.packageArn(), reference.kind(), reference.s3Uri(), reference.digest()));
        kinds.add(Fingerprint.of(reference.packageArn(), reference.kind()));
        reused++;
        continue;
      }
      Content content;
      try {
        content = future.get();
      } catch (ExecutionException e) {
        throw new IllegalStateException(
            "Cannot read report " + reference.s3Uri() + ": " + e.getCause(), e.getCause());
      }
      if (pending.merge(key, -1, Integer::sum) == 0) {
        pending.remove(key);
        reads.remove(key);
      }
      // The features of a data-quality reference, decided per reference: another reference to the
      // same object (a drift baseline) is not one.
      String status = content.status();
      String error = content.error();
      if (status.equals(OK) && isDataQuality(reference.kind())) {
        List<FeatureStatisticRow> statistics = new ArrayList<>();
        List<FeatureConstraintRow> constraints = new ArrayList<>();
        try {
          features(reference, content.dataQuality(), statistics::add, constraints::add);
          statistics.forEach(statisticRows);
          constraints.forEach(constraintRows);
        } catch (MetricReportParser.UnparseableReportException e) {
          status = UNPARSEABLE; // its metrics, if any, are still kept
          error = e.getMessage();
        }
      }
      if (!status.equals(OK)) {
        failed++;
      }
      if (status.equals(ACCESS_DENIED)) {
        denied++;
      }
      reportRows.accept(
          new MetricReportRow(
              reference.packageArn(),
              reference.kind(),
              reference.source(),
              reference.s3Uri(),
              reference.contentType(),
              reference.digest(),
              status,
              content.bytes(),
              content.digestMatches(),
              content.metrics().size(),
              error));
      for (MetricReportParser.Metric m : content.metrics()) {
        metricRows.accept(
            new ModelMetricRow(
                reference.packageArn(),
                reference.kind(),
                m.group(),
                m.name(),
                m.value(),
                m.standardDeviation()));
        metrics++;
      }
    }
    Outcome outcome = new Outcome(objects, reused, failed, metrics, denied);
    outcome.reports.addAll(reports);
    outcome.kinds.addAll(kinds);
    return outcome;
  }

  static boolean isDataQuality(String kind) {
    return kind.equals(DATA_QUALITY_STATISTICS) || kind.equals(DATA_QUALITY_CONSTRAINTS);
  }

  /**
   * The feature rows of a data-quality report, for the version {@code reference} names; {@code
   * root} null: the object has no features array.
   */
  private static int features(
      Reference reference,
      JsonNode root,
      Consumer<FeatureStatisticRow> statistics,
      Consumer<FeatureConstraintRow> constraints)
      throws MetricReportParser.UnparseableReportException {
    if (root == null) {
      root = JsonNodeFactory.instance.objectNode(); // refused below, with the reason
    }
    if (reference.kind().equals(DATA_QUALITY_STATISTICS)) {
      List<FeatureStatisticRow> rows = FeatureReports.statistics(reference.packageArn(), root);
      rows.forEach(statistics);
      return rows.size();
    }
    List<FeatureConstraintRow> rows = FeatureReports.constraints(reference.packageArn(), root);
    rows.forEach(constraints);
    return rows.size();
  }

  private static String objectKey(Reference reference) {
    return reference.s3Uri() + "\n" + reference.digest();
  }

  /** The kinds whose features are read too (FeatureReports). */
  static final String DATA_QUALITY_STATISTICS = "model_data_quality_statistics";

  static final String DATA_QUALITY_CONSTRAINTS = "model_data_quality_constraints";

  /**
   * What reading one object gave: a status, the metrics when it parsed, and for a data-quality
   * report its JSON (its features are rendered per version that points at it).
   */
  private record Content(
      String status,
      Long bytes,
      Boolean digestMatches,
      List<MetricReportParser.Metric> metrics,
      String error,
      JsonNode dataQuality) {
    static Content failed(String status, Long bytes, String error) {
      return new Content(status, bytes, null, List.of(), error, null);
    }
  }

  /** Reads and parses one report; every failure becomes a status. */
  private static Content read(Reference r, S3Client s3, long maxBytes) {
    Optional<String[]> location = bucketAndKey(r.s3Uri());
    if (location.isEmpty()) {
      return Content.failed(ERROR, null, "not an s3://bucket/key URI");
    }
    byte[] content;
    try (ResponseInputStream<GetObjectResponse> object =
        s3.getObject(b -> b.bucket(location.get()[0]).key(location.get()[1]))) {
      Long length = object.response().contentLength();
      if (length != null && length > maxBytes) {
        object.abort(); // do not download what we will not parse
        return Content.failed(TOO_LARGE, length, "larger than the " + maxBytes + "-byte limit");
      }
      content = readAtMost(object, maxBytes);
      if (content == null) {
        object.abort();
        return Content.failed(TOO_LARGE, null, "larger than the " + maxBytes + "-byte limit");
      }
    } catch (NoSuchKeyException | NoSuchBucketException e) {
      return Content.failed(MISSING, null, e.awsErrorDetails().errorCode());
    } catch (S3Exception e) {
      if (e.statusCode() == 404) {
        return Content.failed(MISSING, null, "404");
      }
      if (e.statusCode() == 403) {
        return Content.failed(
            ACCESS_DENIED,
            null,
            "403 " + (e.awsErrorDetails() == null ? "" : e.awsErrorDetails().errorCode()));
      }
      return Content.failed(ERROR, null, e.statusCode() + " " + e.getMessage());
    } catch (SdkException | IOException e) {
      return Content.failed(ERROR, null, e.getMessage());
    }
    Boolean matches = r.digest() == null ? null : digestMatches(r.digest(), content);
    try {
      // Parsed once: its metrics, and the JSON kept for the data-quality references to this
      // object, whichever reference read it.
      JsonNode root = MetricReportParser.object(content);
      List<MetricReportParser.Metric> metrics = MetricReportParser.metrics(root);
      JsonNode dataQuality = root.path("features").isArray() ? root : null;
      return new Content(OK, (long) content.length, matches, metrics, null, dataQuality);
    } catch (MetricReportParser.UnparseableReportException e) {
      return new Content(
          UNPARSEABLE, (long) content.length, matches, List.of(), e.getMessage(), null);
    }
  }

  /** The content, or null when it is longer than {@code maxBytes}. */
  private static byte[] readAtMost(InputStream in, long maxBytes) throws IOException {
    byte[] content = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
    return content.length > maxBytes ? null : content;
  }

  static Optional<String[]> bucketAndKey(String uri) {
    if (uri == null || !uri.startsWith("s3://")) {
      return Optional.empty();
    }
    String rest = uri.substring("s3://".length());
    int slash = rest.indexOf('/');
    if (slash <= 0 || slash == rest.length() - 1) {
      return Optional.empty();
    }
    return Optional.of(new String[] {rest.substring(0, slash), rest.substring(slash + 1)});
  }

  private static boolean digestMatches(String registered, byte[] content) {
    String expected = registered.toLowerCase(Locale.ROOT);
    if (expected.startsWith("sha256:")) {
      expected = expected.substring("sha256:".length());
    }
    try {
      return HexFormat.of()
          .formatHex(MessageDigest.getInstance("SHA-256").digest(content))
          .equals(expected);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
