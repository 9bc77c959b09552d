package io.smgov.aws;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Spaces requests to at most {@code permitsPerSecond}, shared by every client of one account: AWS
 * rate limits are per account (and region), so parallel workers must not add up past them. A caller
 * waits for its slot instead of being throttled and retried.
 */
public final class RateLimiter {
  private final long intervalNanos;
  private long nextFree = System.nanoTime();

  public RateLimiter(double permitsPerSecond) {
    if (permitsPerSecond <= 0) {
      throw new IllegalArgumentException("permitsPerSecond must be positive: " + permitsPerSecond);
    }
    this.intervalNanos = (long) (TimeUnit.SECONDS.toNanos(1) / permitsPerSecond);
  }

  /** Blocks until this caller's slot; slots are handed out in call order. */
  public void acquire() {
    long wait;
    synchronized (this) {
      long now = System.nanoTime();
      long slot = Math.max(nextFree, now);
      nextFree = slot + intervalNanos;
      wait = slot - now;
    }
    while (wait > 0) {
      long start = System.nanoTime();
      LockSupport.parkNanos(wait);
      if (Thread.interrupted()) {
        Thread.currentThread().interrupt();
        return;
      }
      wait -= System.nanoTime() - start;
    }
  }
}
