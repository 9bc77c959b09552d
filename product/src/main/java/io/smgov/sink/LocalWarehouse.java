package io.smgov.sink;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Stream;

/** A warehouse in a local folder: objects move into place atomically. */
public final class LocalWarehouse implements Warehouse {
  private final WarehouseLocation location;
  private final Path root;

  public LocalWarehouse(WarehouseLocation location) {
    this.location = location;
    this.root = location.localRoot().orElseThrow();
  }

  @Override
  public WarehouseLocation location() {
    return location;
  }

  @Override
  public void checkWritable() {
    if (Files.exists(root) && !Files.isDirectory(root)) {
      throw new NotWritableException(
          "Cannot write the warehouse at " + root + ": it is a file, not a folder");
    }
    for (Path parent = root.getParent(); parent != null; parent = parent.getParent()) {
      if (Files.exists(parent)) {
        if (!Files.isDirectory(parent)) {
          throw new NotWritableException(
              "Cannot write the warehouse at " + root + ": " + parent + " is a file, not a folder");
        }
        break;
      }
    }
    try {
      Files.createDirectories(root);
      Path probe = Files.createTempFile(root, WRITE_CHECK, ".tmp");
      Files.delete(probe);
    } catch (IOException e) {
      throw new NotWritableException("Cannot write the warehouse at " + root + ": " + inWords(e));
    }
  }

  /** An I/O failure as a person would say it, not as an exception class. */
  static String inWords(IOException e) {
    if (e instanceof AccessDeniedException) {
      return "permission denied" + on(e);
    }
    if (e instanceof FileAlreadyExistsException || e instanceof NotDirectoryException) {
      return "a file is in the way" + on(e);
    }
    if (e instanceof FileSystemException fs && fs.getReason() != null) {
      return fs.getReason().toLowerCase(Locale.ROOT) + on(e);
    }
    return e.getMessage() == null ? "an I/O error" : e.getMessage();
  }

  private static String on(IOException e) {
    return e instanceof FileSystemException fs && fs.getFile() != null
        ? " (" + fs.getFile() + ")"
        : "";
  }

  @Override
  public void put(ObjectKey key, Path file) {
    Path target = root.resolve(key.path());
    try {
      Files.createDirectories(target.getParent());
      Path temp =
          target.resolveSibling("." + target.getFileName() + "." + UUID.randomUUID() + ".tmp");
      Files.copy(file, temp, StandardCopyOption.REPLACE_EXISTING);
      try {
        Files.move(
            temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write " + target + ": " + e.getMessage(), e);
    }
  }

  @Override
  public Optional<Path> fetch(ObjectKey key, Path scratch) {
    Path file = root.resolve(key.path());
    return Files.isRegularFile(file) ? Optional.of(file) : Optional.empty();
  }

  @Override
  public boolean exists(ObjectKey key) {
    return Files.isRegularFile(root.resolve(key.path()));
  }

  @Override
  public List<LocalDate> snapshotDates(String table) {
    Path folder = root.resolve(table);
    List<LocalDate> dates = new ArrayList<>();
    if (!Files.isDirectory(folder)) {
      return dates;
    }
    try (Stream<Path> children = Files.list(folder)) {
      children.forEach(
          child -> {
            String name = child.getFileName().toString();
            if (name.startsWith("snapshot_date=")) {
              try {
                dates.add(LocalDate.parse(name.substring("snapshot_date=".length())));
              } catch (DateTimeParseException ignored) {
                // not one of ours
              }
            }
          });
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list " + folder + ": " + e.getMessage(), e);
    }
    dates.sort(null);
    return dates;
  }

  @Override
  public List<ObjectKey> objects(String table, LocalDate date, String region) {
    Path folder = root.resolve(ObjectKey.partition(table, date, region));
    if (!Files.isDirectory(folder)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(folder)) {
      return files
          .map(f -> f.getFileName().toString())
          .sorted()
          .flatMap(name -> ObjectKey.parse(table, date, region, name).stream())
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list " + folder + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void markChanged(Collection<String> tables) {
    Path folder = root.resolve(CHANGES);
    try {
      Files.createDirectories(folder);
      for (String table : tables) {
        Files.writeString(folder.resolve(table), Instant.now() + "\n");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write " + folder + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void putText(String name, String text) {
    Path file = root.resolve(name);
    try {
      Files.createDirectories(file.getParent());
      Path temp = Files.createTempFile(file.getParent(), ".tmp-", ".txt");
      Files.writeString(temp, text);
      Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  @Override
  public Optional<String> getText(String name) {
    Path file = root.resolve(name);
    try {
      return Files.isRegularFile(file) ? Optional.of(Files.readString(file)) : Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  @Override
  public Map<String, Instant> changes() {
    Map<String, Instant> changes = new TreeMap<>();
    Path folder = root.resolve(CHANGES);
    if (!Files.isDirectory(folder)) {
      return changes;
    }
    try (Stream<Path> files = Files.list(folder)) {
      for (Path file : files.toList()) {
        changes.put(file.getFileName().toString(), Files.getLastModifiedTime(file).toInstant());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list " + folder + ": " + e.getMessage(), e);
    }
    return changes;
  }

  @Override
  public Set<String> regions() {
    Set<String> regions = new TreeSet<>();
    Path runs = root.resolve("export_runs");
    if (!Files.isDirectory(runs)) {
      return regions;
    }
    try (Stream<Path> folders = Files.walk(runs, 2)) {
      folders
          .map(p -> p.getFileName().toString())
          .filter(n -> n.startsWith("region="))
          .forEach(n -> regions.add(n.substring("region=".length())));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list " + runs + ": " + e.getMessage(), e);
    }
    return regions;
  }

  @Override
  public long requests() {
    return 0;
  }
}
