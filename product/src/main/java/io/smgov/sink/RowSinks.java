package io.smgov.sink;

import io.smgov.table.TableSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.apache.avro.Schema;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;

/**
 * Where one account/region's rows go while it is read: a sink per table, none of them held whole.
 * Rows are buffered up to a memory budget shared by all tables; past it, the largest buffer is
 * sorted and spilled to a run file (Avro, in the scratch folder). {@link #write} merges a table's
 * runs and its buffer into one Parquet file in {@link #ROW_ORDER}, so the heap holds at most the
 * budget plus one block per run, whatever the estate's size, and re-runs write identical files.
 */
public final class RowSinks implements AutoCloseable {
  /** Rows in a stable order (column by column, nulls first), so re-runs write identical files. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  public static final Comparator<Object[]> ROW_ORDER =
      (a, b) -> {
        for (int i = 0; i < Math.min(a.length, b.length); i++) {
          Object x = a[i];
          Object y = b[i];
          if (x == y) {
            continue;
          }
          if (x == null) {
            return -1;
          }
          if (y == null) {
            return 1;
          }
          int c = ((Comparable) x).compareTo(y);
          if (c != 0) {
            return c;
          }
        }
        return Integer.compare(a.length, b.length);
      };

  private final Path folder;
  private final long budgetBytes;
  private final Map<TableSpec<?>, Sink> sinks = new HashMap<>();
  private long buffered;

  /** Sinks spilling into {@code folder} once their buffers together pass {@code budgetBytes}. */
  public RowSinks(Path folder, long budgetBytes) {
    this.folder = folder;
    this.budgetBytes = budgetBytes;
  }

  /** Adds one row of {@code table} read in this run (checked against its declaration). */
  public <R> void add(TableSpec<R> table, R row) {
    buffer(table, table.values(row));
  }

  /**
   * Adds one row carried from an earlier snapshot: a column added since may be null even where it
   * is required (the finishing step derives what it can).
   */
  public <R> void carry(TableSpec<R> table, R row) {
    buffer(table, table.values(row, false));
  }

  private synchronized void buffer(TableSpec<?> table, Object[] values) {
    Sink sink = sinks.computeIfAbsent(table, Sink::new);
    sink.buffer.add(values);
    sink.rows++;
    long size = estimate(values);
    sink.bytes += size;
    buffered += size;
    while (buffered > budgetBytes) {
      Sink largest = null;
      for (Sink s : sinks.values()) {
        if (largest == null || s.bytes > largest.bytes) {
          largest = s;
        }
      }
      spill(largest);
    }
  }

  /** Rows added to {@code table} so far. */
  public synchronized long rows(TableSpec<?> table) {
    Sink sink = sinks.get(table);
    return sink == null ? 0 : sink.rows;
  }

  /**
   * Drops every row added to {@code table} so far (a source that failed part-way, whose rows must
   * not be written half).
   */
  public synchronized void discard(TableSpec<?> table) {
    Sink sink = sinks.remove(table);
    if (sink != null) {
      buffered -= sink.bytes;
      sink.runs.forEach(RowSinks::delete);
    }
  }

  private static void delete(Path run) {
    try {
      Files.deleteIfExists(run);
    } catch (IOException e) {
      // scratch space, deleted with its folder
    }
  }

  /** Run files written so far, over all tables (what the budget cost in disk round trips). */
  public synchronized int spills() {
    return sinks.values().stream().mapToInt(s -> s.runs.size()).sum();
  }

  /**
   * Writes {@code table}'s rows to a Parquet file, in {@link #ROW_ORDER}, each passed through
   * {@code finish} on the way (for values known only once every source was read). {@code finish}
   * must keep a row's place in the order; a row it moves is refused, not written out of order.
   * Returns the rows written.
   */
  public synchronized <R> long write(
      TableSpec<R> table,
      Instant snapshotTime,
      String accountId,
      Path file,
      UnaryOperator<R> finish) {
    Sink sink = sinks.computeIfAbsent(table, Sink::new);
    sink.buffer.sort(ROW_ORDER);
    List<Iterator<Object[]>> sources = new ArrayList<>();
    List<DataFileReader<GenericRecord>> readers = new ArrayList<>();
    long written = 0;
    try (ParquetFiles.Writer writer =
        new ParquetFiles.Writer(table, snapshotTime, accountId, file)) {
      for (Path run : sink.runs) {
        DataFileReader<GenericRecord> reader =
            new DataFileReader<>(run.toFile(), new GenericDatumReader<>(sink.schema));
        readers.add(reader);
        sources.add(values(table, sink.schema, reader));
      }
      sources.add(sink.buffer.iterator());
      PriorityQueue<Head> heads =
          new PriorityQueue<>(
              (a, b) -> {
                int c = ROW_ORDER.compare(a.values, b.values);
                return c != 0 ? c : Integer.compare(a.source, b.source);
              });
      for (int i = 0; i < sources.size(); i++) {
        if (sources.get(i).hasNext()) {
          heads.add(new Head(i, sources.get(i).next()));
        }
      }
      Object[] last = null;
      while (!heads.isEmpty()) {
        Head head = heads.poll();
        Object[] out =
            finish == null
                ? head.values
                : table.values(finish.apply(table.row(head.values)), false);
        if (last != null && ROW_ORDER.compare(last, out) > 0) {
          throw new IllegalStateException(
              "finishing " + table.name() + " moved a row out of order: " + Arrays.toString(out));
        }
        writer.write(out);
        sink.digest.add(out);
        written++;
        last = out;
        Iterator<Object[]> source = sources.get(head.source);
        if (source.hasNext()) {
          heads.add(new Head(head.source, source.next()));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Cannot merge the spilled rows of " + table.name() + ": " + e.getMessage(), e);
    } finally {
      for (DataFileReader<GenericRecord> reader : readers) {
        try {
          reader.close();
        } catch (IOException e) {
          // a run file is scratch space
        }
      }
    }
    return written;
  }

  /**
   * The digest of the rows {@link #write} wrote of {@code table}, in order: equal to a {@link
   * RowDigest} of the same rows, so a run can tell whether a table changed since a snapshot.
   */
  public synchronized String digest(TableSpec<?> table) {
    return sinks.computeIfAbsent(table, Sink::new).digest.hex();
  }

  /** A SHA-256 of rows (as {@link TableSpec#values} gives them) in the order added. */
  public static final class RowDigest {
    private final MessageDigest digest;

    public RowDigest() {
      try {
        digest = MessageDigest.getInstance("SHA-256");
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
      }
    }

    public void add(Object[] values) {
      digest.update((Arrays.deepToString(values) + "\n").getBytes(StandardCharsets.UTF_8));
    }

    /** The digest, once: it resets. */
    public String hex() {
      return HexFormat.of().formatHex(digest.digest());
    }
  }

  /** Deletes the run files. */
  @Override
  public synchronized void close() {
    for (Sink sink : sinks.values()) {
      sink.runs.forEach(RowSinks::delete);
      sink.runs.clear();
      sink.buffer.clear();
    }
  }

  private void spill(Sink sink) {
    sink.buffer.sort(ROW_ORDER);
    Path run = folder.resolve(sink.table.name() + "-run-" + UUID.randomUUID() + ".avro");
    try (DataFileWriter<GenericRecord> out =
        new DataFileWriter<>(new GenericDatumWriter<GenericRecord>(sink.schema))) {
      out.create(sink.schema, run.toFile());
      for (Object[] values : sink.buffer) {
        out.append(ParquetFiles.record(sink.table, sink.schema, 0L, "", values));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Cannot spill " + sink.table.name() + " rows to " + run + ": " + e.getMessage(), e);
    }
    sink.runs.add(run);
    buffered -= sink.bytes;
    sink.bytes = 0;
    sink.buffer = new ArrayList<>();
  }

  private static Iterator<Object[]> values(
      TableSpec<?> table, Schema schema, DataFileReader<GenericRecord> reader) {
    ParquetFiles.Values values = new ParquetFiles.Values(table, schema);
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return reader.hasNext();
      }

      @Override
      public Object[] next() {
        if (!reader.hasNext()) {
          throw new NoSuchElementException();
        }
        return values.of(reader.next());
      }
    };
  }

  /** A rough size of a buffered row (object headers, references, string bytes). */
  static long estimate(Object[] values) {
    long bytes = 16 + 8L * values.length;
    for (Object value : values) {
      if (value instanceof String s) {
        bytes += 48 + s.length();
      } else if (value != null) {
        bytes += 24;
      }
    }
    return bytes;
  }

  private static final class Sink {
    final TableSpec<?> table;
    final Schema schema;
    final List<Path> runs = new ArrayList<>();
    List<Object[]> buffer = new ArrayList<>();
    long rows;
    long bytes;
    final RowDigest digest = new RowDigest();

    Sink(TableSpec<?> table) {
      this.table = table;
      this.schema = AvroSchemas.of(table);
    }
  }

  private static final class Head {
    final int source;
    final Object[] values;

    Head(int source, Object[] values) {
      this.source = source;
      this.values = values;
    }
  }
}
