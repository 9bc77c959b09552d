package io.smgov.config;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * One shard of a fanned-out export ({@code --shard K/N}): the accounts whose stable hash falls in
 * shard {@code index} of {@code count}. The hash is the first 8 bytes of the SHA-256 of the account
 * id, unsigned, modulo {@code count}: the same on every machine and JVM, so every shard task (and
 * {@code smgov plan}) agrees on where each account belongs, and a rerun of a shard exports exactly
 * the same accounts.
 */
public record Shard(int index, int count) {
  /** More shards than this is a mistake (a Map state runs at most a few hundred at once). */
  public static final int MAX_COUNT = 1000;

  public Shard {
    if (count < 1 || count > MAX_COUNT) {
      throw new IllegalArgumentException(
          "the shard count must be from 1 to " + MAX_COUNT + ", got " + count);
    }
    if (index < 0 || index >= count) {
      throw new IllegalArgumentException(
          "the shard index must be from 0 to " + (count - 1) + " (0-based), got " + index);
    }
  }

  /** {@code K/N}, 0-based: {@code 0/4} .. {@code 3/4}. */
  public static Shard parse(String text) {
    String[] parts = text.trim().split("/", -1);
    if (parts.length != 2) {
      throw new IllegalArgumentException(
          "'" + text + "' is not K/N (the 0-based shard and the shard count, e.g. 0/4)");
    }
    try {
      return new Shard(Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim()));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "'" + text + "' is not K/N (the 0-based shard and the shard count, e.g. 0/4)", e);
    }
  }

  /** The shard of {@code count} that {@code account} belongs to. */
  public static int of(String account, int count) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(account.getBytes(StandardCharsets.UTF_8));
      return (int) Long.remainderUnsigned(ByteBuffer.wrap(digest).getLong(), count);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }

  public boolean contains(String account) {
    return of(account, count) == index;
  }

  /** As written on the command line and in export_runs: {@code K/N}. */
  public String label() {
    return index + "/" + count;
  }
}
