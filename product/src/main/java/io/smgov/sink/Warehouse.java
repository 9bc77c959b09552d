package io.smgov.sink;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The warehouse's objects, local or on S3. Every object is written whole (a temp file renamed into
 * place, or one PUT), so a re-run replaces it and a reader never sees half a snapshot.
 */
public interface Warehouse {
  WarehouseLocation location();

  /** Stores {@code file} as {@code key}, replacing what was there. */
  void put(ObjectKey key, Path file);

  /** The object as a local file (S3 objects are downloaded into {@code scratch}), if it exists. */
  Optional<Path> fetch(ObjectKey key, Path scratch);

  boolean exists(ObjectKey key);

  /** The snapshot dates that have a folder for {@code table}, oldest first. */
  List<LocalDate> snapshotDates(String table);

  /** The regions that have at least one snapshot (the export_runs partitions). */
  Set<String> regions();

  /** Requests sent to the warehouse (S3 PUT, GET, HEAD, LIST), for the run's cost figures. */
  long requests();
}
