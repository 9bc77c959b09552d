package io.smgov.simulator;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;

/**
 * S3 GetObject and HeadObject, path-style ({@code /bucket/key}), for the portfolio's report
 * objects: NoSuchKey (404) for anything else (AccessDenied, 403, to a role that denies
 * s3:ListBucket), AccessDenied (403) where the assumed role denies the prefix. Errors are S3's XML
 * documents. The portfolio's {@code s3ObjectMetadata} sets an object's Last-Modified, ETag and
 * x-amz-version-id; a metadata entry alone is a zero-byte object.
 */
final class S3Service {
  private static final String LAST_MODIFIED =
      DateTimeFormatter.RFC_1123_DATE_TIME.format(
          ZonedDateTime.of(2024, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC));

  private final Portfolio portfolio;

  S3Service(Portfolio portfolio) {
    this.portfolio = portfolio;
  }

  record Answer(String operation, SimResponse response, String resource) {}

  Answer handle(SimRequest request) {
    String path = request.path();
    String decoded = URLDecoder.decode(path.replace("+", "%2B"), StandardCharsets.UTF_8);
    String trimmed = decoded.startsWith("/") ? decoded.substring(1) : decoded;
    int slash = trimmed.indexOf('/');
    boolean head = request.method().equals("HEAD");
    String operation = head ? "HeadObject" : "GetObject";
    if (!request.method().equals("GET") && !head) {
      return new Answer(
          request.method() + "Object",
          error(405, "MethodNotAllowed", "The simulator serves report reads only.", trimmed),
          null);
    }
    if (slash <= 0 || slash == trimmed.length() - 1) {
      return new Answer(
          "ListObjects",
          error(400, "InvalidRequest", "The simulator serves objects, not listings.", trimmed),
          null);
    }
    String uri = "s3://" + trimmed;
    Optional<Portfolio.RoleSpec> role =
        request.caller().role() == null
            ? Optional.empty()
            : portfolio.role(request.caller().account(), request.caller().role());
    if (role.isPresent() && role.get().deniesObject(uri)) {
      return new Answer(operation, error(403, "AccessDenied", "Access Denied", trimmed), uri);
    }
    byte[] body = portfolio.s3Objects.get(uri);
    Portfolio.ObjectMetadata metadata = portfolio.s3ObjectMetadata.get(uri);
    if ((body == null && metadata == null) || (metadata != null && metadata.deleted())) {
      if (role.isPresent() && role.get().denies("s3:ListBucket")) {
        // S3 tells a caller that may not list the bucket only that it is denied, not that the key
        // is missing.
        return new Answer(operation, error(403, "AccessDenied", "Access Denied", trimmed), uri);
      }
      return new Answer(
          operation,
          error(
              404, "NoSuchKey", "The specified key does not exist.", trimmed.substring(slash + 1)),
          uri);
    }
    if (body == null) {
      body = new byte[0]; // metadata alone: a zero-byte object
    }
    SimResponse response =
        SimResponse.of(200, "application/json", head ? new byte[0] : body)
            .withHeader(
                "ETag",
                metadata != null && metadata.eTag() != null
                    ? metadata.eTag()
                    : "\"" + md5(body) + "\"")
            .withHeader(
                "Last-Modified",
                metadata != null && metadata.lastModified() != null
                    ? httpDate(metadata.lastModified())
                    : LAST_MODIFIED);
    if (metadata != null && metadata.versionId() != null) {
      response = response.withHeader("x-amz-version-id", metadata.versionId());
    }
    if (head) {
      // HEAD carries the object's length with no body (the server keeps a Content-Length set here).
      response = response.withHeader("Content-Length", String.valueOf(body.length));
    }
    return new Answer(operation, response, uri);
  }

  /** An HTTP date (RFC 1123, whole seconds, GMT), as S3 writes Last-Modified. */
  static String httpDate(Instant instant) {
    return DateTimeFormatter.RFC_1123_DATE_TIME.format(
        ZonedDateTime.ofInstant(instant.truncatedTo(ChronoUnit.SECONDS), ZoneOffset.UTC));
  }

  private static SimResponse error(int status, String code, String message, String key) {
    String body =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>"
            + code
            + "</Code><Message>"
            + StsService.xml(message)
            + "</Message><Key>"
            + StsService.xml(key)
            + "</Key><RequestId>"
            + UUID.randomUUID()
            + "</RequestId></Error>";
    return SimResponse.of(status, "application/xml", body).withErrorCode(code);
  }

  private static String md5(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
