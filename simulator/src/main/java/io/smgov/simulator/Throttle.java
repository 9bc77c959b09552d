package io.smgov.simulator;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * A token bucket per account: {@code ratePerSecond} requests a second with a burst of one second's
 * worth, the way an AWS API rate limit behaves. Zero or less means unlimited. Time is read from
 * {@code nanoTime} (the JVM's monotonic clock, or a test's own).
 */
final class Throttle {
  private final double ratePerSecond;
  private final LongSupplier nanoTime;
  private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

  Throttle(double ratePerSecond) {
    this(ratePerSecond, System::nanoTime);
  }

  Throttle(double ratePerSecond, LongSupplier nanoTime) {
    this.ratePerSecond = ratePerSecond;
    this.nanoTime = nanoTime;
  }

  /** Takes a token for {@code account}; false when the account is over its rate. */
  boolean tryAcquire(String account) {
    if (ratePerSecond <= 0) {
      return true;
    }
    return buckets.computeIfAbsent(account, a -> new Bucket(ratePerSecond, nanoTime)).tryAcquire();
  }

  private static final class Bucket {
    private final double rate;
    private final LongSupplier nanoTime;
    private double tokens;
    private long last;

    Bucket(double rate, LongSupplier nanoTime) {
      this.rate = rate;
      this.nanoTime = nanoTime;
      this.tokens = Math.max(1, rate);
      this.last = nanoTime.getAsLong();
    }

    synchronized boolean tryAcquire() {
      long now = nanoTime.getAsLong();
      tokens = Math.min(Math.max(1, rate), tokens + (now - last) / 1e9 * rate);
      last = now;
      if (tokens >= 1) {
        tokens -= 1;
        return true;
      }
      return false;
    }
  }
}
