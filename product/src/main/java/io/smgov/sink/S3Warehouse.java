package io.smgov.sink;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** A warehouse under {@code s3://bucket/prefix}: one PUT per object, so readers see it whole. */
public final class S3Warehouse implements Warehouse {
  private final WarehouseLocation location;
  private final S3Client s3;
  private final AtomicLong requests = new AtomicLong();

  public S3Warehouse(WarehouseLocation location, S3Client s3) {
    this.location = location;
    this.s3 = s3;
  }

  @Override
  public WarehouseLocation location() {
    return location;
  }

  @Override
  public void checkWritable() {
    requests.incrementAndGet();
    try {
      s3.putObject(
          r -> r.bucket(location.bucket()).key(location.key(WRITE_CHECK)).contentType("text/plain"),
          RequestBody.fromString("smgov writes here\n"));
    } catch (S3Exception e) {
      String reason =
          switch (e.statusCode()) {
            case 403 -> "access denied: grant the job's role s3:PutObject on " + location + "/*";
            case 404 -> "no such bucket " + location.bucket();
            case 301 -> "the bucket " + location.bucket() + " is in another region";
            default ->
                "S3 answered "
                    + e.statusCode()
                    + (e.awsErrorDetails() == null ? "" : " " + e.awsErrorDetails().errorCode());
          };
      throw new NotWritableException("Cannot write the warehouse at " + location + ": " + reason);
    }
  }

  @Override
  public void put(ObjectKey key, Path file) {
    requests.incrementAndGet();
    s3.putObject(
        r ->
            r.bucket(location.bucket())
                .key(location.key(key.path()))
                .contentType("application/vnd.apache.parquet"),
        RequestBody.fromFile(file));
  }

  @Override
  public Optional<Path> fetch(ObjectKey key, Path scratch) {
    Path target = scratch.resolve(UUID.randomUUID() + ".parquet");
    requests.incrementAndGet();
    try {
      s3.getObject(
          r -> r.bucket(location.bucket()).key(location.key(key.path())),
          ResponseTransformer.toFile(target));
      return Optional.of(target);
    } catch (NoSuchKeyException e) {
      return Optional.empty();
    }
  }

  @Override
  public boolean exists(ObjectKey key) {
    requests.incrementAndGet();
    try {
      s3.headObject(r -> r.bucket(location.bucket()).key(location.key(key.path())));
      return true;
    } catch (NoSuchKeyException e) {
      return false;
    } catch (S3Exception e) {
      if (e.statusCode() == 404) {
        return false;
      }
      throw e;
    }
  }

  @Override
  public List<LocalDate> snapshotDates(String table) {
    String prefix = location.key(table) + "/";
    List<LocalDate> dates = new ArrayList<>();
    String token = null;
    do {
      String next = token;
      requests.incrementAndGet();
      var page =
          s3.listObjectsV2(
              r ->
                  r.bucket(location.bucket())
                      .prefix(prefix)
                      .delimiter("/")
                      .continuationToken(next));
      for (CommonPrefix common : page.commonPrefixes()) {
        String folder = common.prefix().substring(prefix.length()).replace("/", "");
        if (folder.startsWith("snapshot_date=")) {
          try {
            dates.add(LocalDate.parse(folder.substring("snapshot_date=".length())));
          } catch (DateTimeParseException ignored) {
            // not one of ours
          }
        }
      }
      token = Boolean.TRUE.equals(page.isTruncated()) ? page.nextContinuationToken() : null;
    } while (token != null);
    dates.sort(null);
    return dates;
  }

  @Override
  public List<ObjectKey> objects(String table, LocalDate date, String region) {
    return list(table, date, region, "");
  }

  /**
   * Lists only the account's own objects: account ids are twelve digits, so the prefix is exact.
   */
  @Override
  public List<ObjectKey> parts(ObjectKey key) {
    return list(key.table(), key.date(), key.region(), key.account()).stream()
        .filter(k -> k.account().equals(key.account()))
        .toList();
  }

  /** The objects of a partition whose names start with {@code name}, in path order. */
  private List<ObjectKey> list(String table, LocalDate date, String region, String name) {
    String folder = location.key(ObjectKey.partition(table, date, region)) + "/";
    List<ObjectKey> objects = new ArrayList<>();
    for (var page :
        s3.listObjectsV2Paginator(r -> r.bucket(location.bucket()).prefix(folder + name))) {
      requests.incrementAndGet();
      for (var object : page.contents()) {
        ObjectKey.parse(table, date, region, object.key().substring(folder.length()))
            .ifPresent(objects::add);
      }
    }
    objects.sort(Comparator.comparing(ObjectKey::path));
    return objects;
  }

  @Override
  public Set<String> regions() {
    Set<String> regions = new TreeSet<>();
    String prefix = location.key("export_runs") + "/";
    for (var page : s3.listObjectsV2Paginator(r -> r.bucket(location.bucket()).prefix(prefix))) {
      requests.incrementAndGet();
      for (var object : page.contents()) {
        for (String segment : object.key().substring(prefix.length()).split("/")) {
          if (segment.startsWith("region=")) {
            regions.add(segment.substring("region=".length()));
          }
        }
      }
    }
    return regions;
  }

  @Override
  public void markChanged(Collection<String> tables) {
    String now = Instant.now().toString();
    for (String table : tables) {
      requests.incrementAndGet();
      s3.putObject(
          r ->
              r.bucket(location.bucket())
                  .key(location.key(CHANGES + "/" + table))
                  .contentType("text/plain"),
          RequestBody.fromString(now + "\n"));
    }
  }

  @Override
  public void putText(String name, String text) {
    requests.incrementAndGet();
    s3.putObject(
        r -> r.bucket(location.bucket()).key(location.key(name)).contentType("application/json"),
        RequestBody.fromString(text));
  }

  @Override
  public Optional<String> getText(String name) {
    requests.incrementAndGet();
    try {
      return Optional.of(
          s3.getObjectAsBytes(r -> r.bucket(location.bucket()).key(location.key(name)))
              .asUtf8String());
    } catch (NoSuchKeyException e) {
      return Optional.empty();
    }
  }

  @Override
  public Map<String, Instant> changes() {
    Map<String, Instant> changes = new TreeMap<>();
    String prefix = location.key(CHANGES) + "/";
    for (var page : s3.listObjectsV2Paginator(r -> r.bucket(location.bucket()).prefix(prefix))) {
      requests.incrementAndGet();
      for (var object : page.contents()) {
        changes.put(object.key().substring(prefix.length()), object.lastModified());
      }
    }
    return changes;
  }

  @Override
  public long requests() {
    return requests.get();
  }

  static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException ignored) {
      // scratch space is cleaned with its folder
    }
  }
}
