package io.smgov.sink;

import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The warehouse's objects, local or on S3. Every object is written whole (a temp file renamed into
 * place, or one PUT), so a re-run replaces it and a reader never sees half a snapshot.
 */
public interface Warehouse {
  /** The object every export writes first, to learn before reading an estate that it can write. */
  String WRITE_CHECK = "_smgov-write-check";

  WarehouseLocation location();

  /**
   * Fails with {@link NotWritableException} when nothing could be stored: a file in the way, a
   * read-only folder, a missing bucket or a denied prefix. Writes (and for a folder removes) one
   * small object; Athena and Glue skip names that start with an underscore.
   */
  void checkWritable();

  /** The warehouse cannot be written; the message names the location and the reason in words. */
  final class NotWritableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public NotWritableException(String message) {
      super(message);
    }
  }

  /** Stores {@code file} as {@code key}, replacing what was there. */
  void put(ObjectKey key, Path file);

  /** The object as a local file (S3 objects are downloaded into {@code scratch}), if it exists. */
  Optional<Path> fetch(ObjectKey key, Path scratch);

  boolean exists(ObjectKey key);

  /** Every object in one partition of {@code table} (every account, every part), in name order. */
  List<ObjectKey> objects(String table, LocalDate date, String region);

  /**
   * The account's objects in the partition of {@code key} (its one object and any per-run parts),
   * in name order.
   */
  default List<ObjectKey> parts(ObjectKey key) {
    return objects(key.table(), key.date(), key.region()).stream()
        .filter(k -> k.account().equals(key.account()))
        .toList();
  }

  /** The snapshot dates that have a folder for {@code table}, oldest first. */
  List<LocalDate> snapshotDates(String table);

  /** The regions that have at least one snapshot (the export_runs partitions). */
  Set<String> regions();

  /**
   * The folder of change marks: one small object per table, {@code _smgov-changes/<table>}, written
   * when an export stored rows of it that differ from before. Its modification time is when the
   * table last changed: what {@code smgov dashboard refresh} compares SPICE ingestions with. Glue
   * tables and Athena never read it (no table's location holds it).
   */
  String CHANGES = "_smgov-changes";

  /** Marks each table as changed now. */
  void markChanged(Collection<String> tables);

  /** When each table was last marked changed, by table name (none marked: empty). */
  Map<String, Instant> changes();

  /**
   * The folder of the notification ledger: one small JSON object per target and snapshot date,
   * {@code _smgov-notified/<target>/<date>.json}, holding what {@code smgov notify} sent, so that a
   * rerun sends nothing twice. Glue tables and Athena never read it.
   */
  String NOTIFIED = "_smgov-notified";

  /** Stores a small text object at {@code name} (under an underscore folder), replacing it. */
  void putText(String name, String text);

  /** The text object at {@code name}, if it exists. */
  Optional<String> getText(String name);

  /** Requests sent to the warehouse (S3 PUT, GET, HEAD, LIST), for the run's cost figures. */
  long requests();
}
