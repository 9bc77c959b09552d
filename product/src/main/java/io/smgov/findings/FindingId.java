package io.smgov.findings;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A finding's identity as governance_findings computes it in SQL: the SHA-256 (lower-case hex) of
 * the rule id, a bar and the resource (the endpoint's ARN; the endpoint's ARN, a bar and the
 * variant's name; or the version's ARN). FindingRecorderTest holds the two to the same value.
 */
public final class FindingId {
  private FindingId() {}

  public static String of(String ruleId, String resource) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256")
                  .digest((ruleId + "|" + resource).getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
