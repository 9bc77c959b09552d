package io.smgov.simulator;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Every request the simulator answered, in arrival order: the tests read it to prove what a run did
 * (and did not) call, the benchmark to count calls per version.
 */
public final class RequestLog {

  /**
   * One answered request. {@code service} is the SigV4 signing name ({@code sagemaker}, {@code s3},
   * {@code sts}, ...), {@code operation} the API operation, {@code resource} the main target (a
   * name, an ARN or an S3 URI) where there is one, {@code items} the number of items a list or
   * search returned (-1 for other calls).
   */
  public record Entry(
      long sequence,
      String service,
      String operation,
      String account,
      String region,
      int status,
      String errorCode,
      String resource,
      int items) {

    public boolean succeeded() {
      return status < 300;
    }

    public boolean throttled() {
      return "ThrottlingException".equals(errorCode) || "Throttling".equals(errorCode);
    }
  }

  private final List<Entry> entries = new ArrayList<>();
  private final List<Consumer<Entry>> listeners = new CopyOnWriteArrayList<>();

  /**
   * Calls {@code listener} with each request as it is answered, on the simulator's thread, before
   * the response is sent: a test can act at a known point of a client's run without waiting.
   */
  public void onEntry(Consumer<Entry> listener) {
    listeners.add(listener);
  }

  synchronized void add(
      String service,
      String operation,
      String account,
      String region,
      int status,
      String errorCode,
      String resource,
      int items) {
    Entry entry =
        new Entry(
            entries.size() + 1L,
            service,
            operation,
            account,
            region,
            status,
            errorCode,
            resource,
            items);
    entries.add(entry);
    listeners.forEach(l -> l.accept(entry));
  }

  public synchronized List<Entry> entries() {
    return List.copyOf(entries);
  }

  public synchronized List<Entry> entries(Predicate<Entry> filter) {
    return entries.stream().filter(filter).toList();
  }

  public synchronized int size() {
    return entries.size();
  }

  /** Requests per operation, keyed {@code service:Operation}, sorted. */
  public synchronized Map<String, Long> countsByOperation() {
    Map<String, Long> counts = new TreeMap<>();
    for (Entry e : entries) {
      counts.merge(e.service() + ":" + e.operation(), 1L, Long::sum);
    }
    return counts;
  }

  public synchronized long count(Predicate<Entry> filter) {
    return entries.stream().filter(filter).count();
  }

  public synchronized void clear() {
    entries.clear();
  }
}
