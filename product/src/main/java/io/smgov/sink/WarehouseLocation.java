package io.smgov.sink;

import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where the warehouse lives: {@code s3://bucket[/prefix]} or a local folder. Anything else (another
 * URI scheme, an invalid bucket name) is refused with the fix.
 */
public record WarehouseLocation(Optional<Path> localRoot, String bucket, String prefix) {
  private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
  private static final Pattern SCHEME = Pattern.compile("[a-zA-Z][a-zA-Z0-9+.-]*://.*");

  public static WarehouseLocation parse(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException(
          "the warehouse is empty: give s3://bucket/prefix or a local folder");
    }
    String trimmed = text.trim();
    if (trimmed.startsWith("s3://")) {
      String rest = trimmed.substring("s3://".length());
      int slash = rest.indexOf('/');
      String bucket = slash < 0 ? rest : rest.substring(0, slash);
      String prefix = slash < 0 ? "" : rest.substring(slash + 1).replaceAll("/+$", "");
      if (!BUCKET.matcher(bucket).matches()) {
        throw new IllegalArgumentException(
            "'"
                + bucket
                + "' is not an S3 bucket name (3-63 lower-case letters, digits, dots, hyphens): "
                + text);
      }
      return new WarehouseLocation(Optional.empty(), bucket, prefix);
    }
    if (SCHEME.matcher(trimmed).matches()) {
      throw new IllegalArgumentException(
          "unsupported warehouse URI " + text + ": use s3://bucket/prefix or a local folder");
    }
    return new WarehouseLocation(
        Optional.of(Path.of(trimmed).toAbsolutePath().normalize()), null, null);
  }

  public boolean isS3() {
    return localRoot.isEmpty();
  }

  /** The key (S3) or relative path (local) of a table folder or object under the warehouse. */
  public String key(String relative) {
    return prefix == null || prefix.isEmpty() ? relative : prefix + "/" + relative;
  }

  @Override
  public String toString() {
    return isS3()
        ? "s3://" + bucket + (prefix.isEmpty() ? "" : "/" + prefix)
        : localRoot.get().toString();
  }
}
