package io.smgov.model;

import static java.util.Objects.requireNonNull;

import java.time.LocalDate;
import java.util.regex.Pattern;

/**
 * A risk accepted on purpose: the findings of one rule on the resources an ARN (or ARN glob) names,
 * accepted by someone for a reason until a date (inclusive). In a glob {@code *} matches any run of
 * characters (slashes too) and {@code ?} one character; ARNs compare case-sensitively.
 */
public record Waiver(
    String ruleId, String resource, String reason, String approvedBy, LocalDate expires) {
  public Waiver {
    requireNonNull(ruleId, "ruleId is null");
    requireNonNull(resource, "resource is null");
    requireNonNull(reason, "reason is null");
    requireNonNull(approvedBy, "approvedBy is null");
    requireNonNull(expires, "expires is null");
  }

  /**
   * Whether this waiver accepts a finding of {@code rule} about {@code resourceArn} on {@code
   * date}.
   */
  public boolean accepts(String rule, String resourceArn, LocalDate date) {
    return ruleId.equals(rule) && !date.isAfter(expires) && matches(resourceArn);
  }

  /** Whether the resource pattern names {@code resourceArn}. */
  public boolean matches(String resourceArn) {
    StringBuilder regex = new StringBuilder();
    StringBuilder literal = new StringBuilder();
    for (char c : resource.toCharArray()) {
      if (c == '*' || c == '?') {
        regex.append(Pattern.quote(literal.toString())).append(c == '*' ? ".*" : ".");
        literal.setLength(0);
      } else {
        literal.append(c);
      }
    }
    regex.append(Pattern.quote(literal.toString()));
    // SageMaker keeps resource names in ARNs in lower case whatever case they were created in.
    return Pattern.compile(regex.toString(), Pattern.DOTALL | Pattern.CASE_INSENSITIVE)
        .matcher(resourceArn)
        .matches();
  }
}
