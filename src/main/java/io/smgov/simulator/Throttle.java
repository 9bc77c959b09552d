package io.smgov.simulator;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A token bucket per account: {@code ratePerSecond} requests a second with a burst of one second's
 * worth, the way an AWS API rate limit behaves. Zero or less means unlimited.
 */
final class Throttle {
  private final double ratePerSecond;
  private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

  Throttle(double ratePerSecond) {
    this.ratePerSecond = ratePerSecond;
  }

  /** Takes a token for {@code account}; false when the account is over its rate. */
  boolean tryAcquire(String account) {
    if (ratePerSecond <= 0) {
      return true;
    }
    return buckets.computeIfAbsent(account, a -> new Bucket(ratePerSecond)).tryAcquire();
  }

  private static final class Bucket {
    private final double rate;
    private double tokens;
    private long last = System.nanoTime();

    Bucket(double rate) {
      this.rate = rate;
      this.tokens = Math.max(1, rate);
    }

    synchronized boolean tryAcquire() {
      long now = System.nanoTime();
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
