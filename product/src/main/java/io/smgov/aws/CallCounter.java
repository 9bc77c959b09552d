package io.smgov.aws;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.core.metrics.CoreMetric;
import software.amazon.awssdk.metrics.MetricCollection;
import software.amazon.awssdk.metrics.MetricPublisher;

/**
 * Counts the HTTP requests a set of clients sent, per operation, and how many were throttled. It is
 * a {@link MetricPublisher} because the SDK's metrics are the only reliable record of every
 * attempt, retries included (a retried call is one API call but several requests, and each costs
 * quota).
 */
public final class CallCounter implements MetricPublisher {
  private static final String ATTEMPT = "ApiCallAttempt";
  private static final String THROTTLING = "Throttling";

  private final Map<String, AtomicLong> requests = new ConcurrentHashMap<>();
  private final AtomicLong throttled = new AtomicLong();

  @Override
  public void publish(MetricCollection call) {
    String service = call.metricValues(CoreMetric.SERVICE_ID).stream().findFirst().orElse("?");
    String operation =
        call.metricValues(CoreMetric.OPERATION_NAME).stream().findFirst().orElse("?");
    long attempts = 0;
    for (MetricCollection child : call.children()) {
      if (!ATTEMPT.equals(child.name())) {
        continue;
      }
      attempts++;
      if (child.metricValues(CoreMetric.ERROR_TYPE).contains(THROTTLING)) {
        throttled.incrementAndGet();
      }
    }
    requests
        .computeIfAbsent(service + ":" + operation, k -> new AtomicLong())
        .addAndGet(Math.max(1, attempts));
  }

  /** Requests sent, including retries. */
  public long total() {
    return requests.values().stream().mapToLong(AtomicLong::get).sum();
  }

  /** Requests that came back throttled (each was retried by the SDK). */
  public long throttled() {
    return throttled.get();
  }

  /** Requests per {@code Service:Operation}, sorted. */
  public Map<String, Long> byOperation() {
    Map<String, Long> copy = new TreeMap<>();
    requests.forEach((k, v) -> copy.put(k, v.get()));
    return copy;
  }

  public long count(String serviceAndOperation) {
    AtomicLong value = requests.get(serviceAndOperation);
    return value == null ? 0 : value.get();
  }

  @Override
  public void close() {}
}
