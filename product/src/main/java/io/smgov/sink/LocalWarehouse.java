package io.smgov.sink;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
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
