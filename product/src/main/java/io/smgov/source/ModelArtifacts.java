package io.smgov.source;

import io.smgov.model.ModelArtifactRow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.sagemaker.model.ModelPackage;
import software.amazon.awssdk.services.sagemaker.model.ModelPackageContainerDefinition;

/**
 * Whether the model artefact a version was registered with is still the object at its key: one S3
 * HeadObject per container's ModelDataUrl (Last-Modified, ETag, version id). The artefact changed
 * after registration when its ETag differs from the ModelDataETag the version was registered with
 * (where it has one: that decides alone), else when its ETag differs from the first one seen, or it
 * was written after the version's CreationTime (unless it was first seen before that write with the
 * same ETag: an in-place copy of the same bytes), or when it is gone. An uncompressed model
 * (ModelDataSource with an S3 prefix) is a prefix, not an object: {@code prefix}, not verifiable.
 * Statuses: {@code ok}, {@code not_found}, {@code access_denied}, {@code prefix}, {@code error}.
 */
public final class ModelArtifacts {
  public static final String OK = "ok";
  public static final String NOT_FOUND = "not_found";
  public static final String ACCESS_DENIED = "access_denied";
  public static final String PREFIX = "prefix";
  public static final String ERROR = "error";

  private ModelArtifacts() {}

  /** One container's artefact of one version. */
  public record Target(
      String modelPackageArn,
      int containerIndex,
      String url,
      boolean prefix,
      Instant registeredAt,
      String registeredEtag) {
    public String key() {
      return key(modelPackageArn, containerIndex);
    }

    public static String key(String modelPackageArn, int containerIndex) {
      return modelPackageArn + "#" + containerIndex;
    }
  }

  /** The artefacts of a version's inference containers, in container order. */
  public static List<Target> targets(ModelPackage p) {
    List<Target> targets = new ArrayList<>();
    if (p.inferenceSpecification() == null || !p.inferenceSpecification().hasContainers()) {
      return targets;
    }
    List<ModelPackageContainerDefinition> containers = p.inferenceSpecification().containers();
    for (int i = 0; i < containers.size(); i++) {
      ModelPackageContainerDefinition c = containers.get(i);
      if (!Text.isBlank(c.modelDataUrl())) {
        targets.add(
            new Target(
                p.modelPackageArn(),
                i,
                c.modelDataUrl().strip(),
                c.modelDataUrl().strip().endsWith("/"),
                p.creationTime(),
                Text.isBlank(c.modelDataETag()) ? null : c.modelDataETag().strip()));
      } else if (c.modelDataSource() != null
          && c.modelDataSource().s3DataSource() != null
          && !Text.isBlank(c.modelDataSource().s3DataSource().s3Uri())) {
        var source = c.modelDataSource().s3DataSource();
        boolean prefix =
            "S3Prefix".equals(source.s3DataTypeAsString()) || source.s3Uri().endsWith("/");
        targets.add(
            new Target(
                p.modelPackageArn(), i, source.s3Uri().strip(), prefix, p.creationTime(), null));
      }
    }
    return targets;
  }

  /**
   * Checks each target (HeadObject, at most {@code pool}'s threads at once), keeping from {@code
   * previous} (keyed by {@link Target#key()}) what was first seen; returns rows in target order.
   */
  public static List<ModelArtifactRow> check(
      List<Target> targets,
      Map<String, ModelArtifactRow> previous,
      S3Client s3,
      ExecutorService pool,
      Instant now)
      throws InterruptedException {
    List<Future<ModelArtifactRow>> checks = new ArrayList<>();
    for (Target target : targets) {
      checks.add(pool.submit(() -> check(target, previous.get(target.key()), s3, now)));
    }
    List<ModelArtifactRow> rows = new ArrayList<>();
    for (Future<ModelArtifactRow> check : checks) {
      try {
        rows.add(check.get());
      } catch (ExecutionException e) {
        throw new IllegalStateException(
            "Cannot check a model artefact: " + e.getCause(), e.getCause());
      }
    }
    return rows;
  }

  static ModelArtifactRow check(Target t, ModelArtifactRow before, S3Client s3, Instant now) {
    if (t.prefix()) {
      return row(
          t,
          before,
          now,
          PREFIX,
          null,
          "an S3 prefix (uncompressed model data), not one object: not verifiable");
    }
    Optional<String[]> location = MetricReports.bucketAndKey(t.url());
    if (location.isEmpty()) {
      return row(t, before, now, ERROR, null, "not an s3://bucket/key URI");
    }
    try {
      HeadObjectResponse head =
          s3.headObject(b -> b.bucket(location.get()[0]).key(location.get()[1]));
      return row(t, before, now, OK, head, null);
    } catch (S3Exception e) {
      if (e.statusCode() == 404) {
        return row(t, before, now, NOT_FOUND, null, "404: the object is gone");
      }
      if (e.statusCode() == 403) {
        return row(
            t,
            before,
            now,
            ACCESS_DENIED,
            null,
            "403: the object is denied, or gone and the bucket may not be listed"
                + " (the reader role needs s3:GetObject on the artefact location and s3:ListBucket on its bucket to tell)");
      }
      return row(t, before, now, ERROR, null, e.statusCode() + " " + e.getMessage());
    } catch (SdkException e) {
      return row(t, before, now, ERROR, null, e.getMessage());
    }
  }

  private static ModelArtifactRow row(
      Target t,
      ModelArtifactRow before,
      Instant now,
      String status,
      HeadObjectResponse head,
      String error) {
    Instant lastModified = head == null ? null : head.lastModified();
    String etag = head == null ? null : head.eTag();
    String versionId = head == null ? null : head.versionId();
    boolean seenBefore =
        before != null && before.firstCheckedAt() != null && before.firstEtag() != null;
    Instant firstChecked = seenBefore ? before.firstCheckedAt() : head == null ? null : now;
    String firstEtag = seenBefore ? before.firstEtag() : etag;
    String firstVersionId = seenBefore ? before.firstVersionId() : versionId;
    Boolean changed =
        switch (status) {
          case OK ->
              t.registeredEtag() != null
                  // The ETag registered with the version decides: an in-place copy (re-encryption,
                  // a
                  // storage class change) writes the same bytes with a new Last-Modified.
                  ? !sameEtag(t.registeredEtag(), etag)
                  : !Objects.equals(firstEtag, etag)
                      || (lastModified != null
                          && t.registeredAt() != null
                          && lastModified.isAfter(t.registeredAt())
                          && !(seenBefore && before.firstCheckedAt().isBefore(lastModified)));
          // Seen once and gone since, or gone already: the registered object is no longer there.
          case NOT_FOUND -> true;
          default -> null;
        };
    return new ModelArtifactRow(
        t.modelPackageArn(),
        t.containerIndex(),
        t.url(),
        t.registeredAt(),
        t.registeredEtag(),
        now,
        status,
        lastModified,
        etag,
        versionId,
        firstChecked,
        firstEtag,
        firstVersionId,
        changed,
        error);
  }

  /**
   * ETags compared as S3 writes them or not: without the surrounding quotes, case-insensitively.
   */
  static boolean sameEtag(String a, String b) {
    return a != null && b != null && unquote(a).equalsIgnoreCase(unquote(b));
  }

  private static String unquote(String etag) {
    String e = etag.strip();
    return e.length() >= 2 && e.startsWith("\"") && e.endsWith("\"")
        ? e.substring(1, e.length() - 1)
        : e;
  }
}
