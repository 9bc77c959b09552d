package io.smgov.run;

import static io.smgov.run.ProgressLog.fields;

import io.smgov.aws.AwsClients;
import io.smgov.model.EndpointDeploymentRow;
import io.smgov.model.PriceRow;
import io.smgov.sink.ObjectKey;
import io.smgov.sink.ParquetFiles;
import io.smgov.sink.Warehouse;
import io.smgov.source.Prices;
import io.smgov.table.Tables;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.regions.Region;

/**
 * Each exported region's SageMaker hosting prices for one snapshot, and the price each endpoint
 * variant is stamped with as its rows are written (endpoint_deployments' price_date, usd_per_unit,
 * price_unit). Why at export time, not by a join in the views: the views that judge endpoints
 * (deployments, governance_findings, portfolio_summary) are near Athena's stage budget, and a row's
 * price is a fact of its snapshot - the price that applied that day - so it is written with it. The
 * prices table keeps the price list each stamp came from.
 *
 * <p>A region's prices are the newest in the warehouse on or before the snapshot date. A full
 * export reads them again (GetProducts) when those are missing or older than {@link #KEPT_DAYS}
 * days; an event refresh never calls the Price List API and uses what is there.
 */
final class PriceBooks {
  /** Days a region's prices are used before a full export reads them again. */
  static final int KEPT_DAYS = 30;

  /** One region's prices: by instance type per hour, by serverless memory size per second. */
  record Book(LocalDate date, Map<String, Double> hourly, Map<Integer, Double> perSecond) {
    /** No prices for the region: every variant's price_date stays null (prices_not_read). */
    static final Book NONE = new Book(null, Map.of(), Map.of());

    static Book of(LocalDate date, List<PriceRow> rows) {
      Map<String, Double> hourly = new HashMap<>();
      Map<Integer, Double> perSecond = new HashMap<>();
      for (PriceRow row : rows) {
        if (row.instanceType() != null && row.unit().equals("Hrs")) {
          hourly.merge(row.instanceType(), row.usdPerUnit(), Math::min);
        } else if (row.memoryMb() != null && row.unit().equals("Second")) {
          perSecond.merge(row.memoryMb(), row.usdPerUnit(), Math::min);
        }
      }
      return new Book(date, Map.copyOf(hourly), Map.copyOf(perSecond));
    }

    /**
     * The row with its variant's price: an instance type's per hour, a serverless memory size's per
     * second; no price when the book has none for it (no_price), or no book (prices_not_read).
     */
    EndpointDeploymentRow price(EndpointDeploymentRow row) {
      if (date == null) {
        return row.withPrice(null, null, null);
      }
      if (row.instanceType() != null) {
        return row.withPrice(date, hourly.get(row.instanceType()), "Hrs");
      }
      if (row.serverlessMemoryMb() != null) {
        return row.withPrice(date, perSecond.get(row.serverlessMemoryMb()), "Second");
      }
      return row.withPrice(date, null, null);
    }
  }

  private final AwsClients clients;
  private final ProgressLog log;

  PriceBooks(AwsClients clients, ProgressLog log) {
    this.clients = clients;
    this.log = log;
  }

  /**
   * Each region's book for the snapshot {@code date}; with {@code read}, prices missing or older
   * than {@link #KEPT_DAYS} days are read from the Price List API first and stored. A caller that
   * may not read prices gets a warning, and the region's older prices if any (named in the
   * warning), else none: costs are unknown, not zero.
   */
  Map<String, Book> books(
      Warehouse warehouse,
      Region home,
      LocalDate date,
      Instant snapshotTime,
      List<String> regions,
      boolean read) {
    Map<String, Book> books = new LinkedHashMap<>();
    List<LocalDate> dates = new ArrayList<>(warehouse.snapshotDates(Tables.PRICES.name()));
    dates.sort(Comparator.reverseOrder());
    Path scratch = scratch();
    String caller = null;
    try {
      for (String region : regions) {
        Optional<Book> stored = newest(warehouse, dates, date, region, scratch);
        boolean fresh =
            stored.isPresent() && stored.get().date().isAfter(date.minusDays(KEPT_DAYS));
        if (fresh || !read) {
          books.put(region, stored.orElse(Book.NONE));
          continue;
        }
        try {
          if (caller == null) {
            caller =
                clients.sts(home, clients.callerCredentials(), null).getCallerIdentity().account();
          }
          List<PriceRow> prices =
              Prices.hosting(
                  clients.pricing(Prices.endpointRegion(region), clients.callerCredentials(), null),
                  region);
          Path file = scratch.resolve("prices-" + region + ".parquet");
          ParquetFiles.write(Tables.PRICES, snapshotTime, caller, prices, file);
          warehouse.put(new ObjectKey(Tables.PRICES.name(), date, region, caller), file);
          warehouse.markChanged(List.of(Tables.PRICES.name()));
          Book book = Book.of(date, prices);
          books.put(region, book);
          log.info(
              "prices",
              null,
              region,
              "prices of "
                  + region
                  + ": "
                  + book.hourly().size()
                  + " instance types, "
                  + book.perSecond().size()
                  + " serverless memory sizes",
              fields(
                  "instance_types",
                  book.hourly().size(),
                  "serverless_sizes",
                  book.perSecond().size()));
        } catch (SdkException | UncheckedIOException | IllegalArgumentException e) {
          // Refused, unreachable, or an item that does not parse: prices are not the estate, so
          // the export goes on with what it has, and says so.
          books.put(region, stored.orElse(Book.NONE));
          log.warn(
              "prices",
              null,
              region,
              "prices of "
                  + region
                  + " could not be read ("
                  + e.getMessage()
                  + "): "
                  + stored
                      .map(b -> "endpoint costs use the prices of " + b.date())
                      .orElse("endpoint costs there are unknown")
                  + " until they are (grant pricing:GetProducts)",
              fields("error", e.getMessage()));
        }
      }
    } finally {
      ExportJob.deleteRecursively(scratch);
    }
    return books;
  }

  /** The region's newest stored prices on or before {@code date}, of any age. */
  private static Optional<Book> newest(
      Warehouse warehouse,
      List<LocalDate> newestFirst,
      LocalDate date,
      String region,
      Path scratch) {
    for (LocalDate day : newestFirst) {
      if (day.isAfter(date)) {
        continue;
      }
      List<ObjectKey> keys = warehouse.objects(Tables.PRICES.name(), day, region);
      if (keys.isEmpty()) {
        continue;
      }
      List<PriceRow> rows = new ArrayList<>();
      for (ObjectKey key : keys) {
        warehouse
            .fetch(key, scratch)
            .ifPresent(file -> rows.addAll(ParquetFiles.read(Tables.PRICES, file)));
      }
      return Optional.of(Book.of(day, rows));
    }
    return Optional.empty();
  }

  private static Path scratch() {
    try {
      return Files.createTempDirectory("smgov-prices-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
