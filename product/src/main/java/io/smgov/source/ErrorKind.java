package io.smgov.source;

import java.net.UnknownHostException;
import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * The few kinds an AWS failure is sorted into at the boundary: what an operator can act on. The
 * name is what {@code export_runs.error_kind} records.
 */
public enum ErrorKind {
  /** The role cannot be assumed, or the reader role lacks a permission. */
  ACCESS_DENIED("access_denied"),
  /** Credentials expired (a chained role session outlived its hour, a stale profile). */
  EXPIRED_CREDENTIALS("expired_credentials"),
  /** The region is not enabled for the account (opt-in regions) or has no SageMaker endpoint. */
  REGION_DISABLED("region_disabled"),
  /** Still throttled after every retry. */
  THROTTLED("throttled"),
  /** A resource listed a moment ago is gone (deleted mid-run): skipped and counted. */
  NOT_FOUND("not_found"),
  /** Anything else. */
  ERROR("error");

  private static final Set<String> DENIED =
      Set.of(
          "AccessDenied", "AccessDeniedException", "UnauthorizedOperation", "AuthorizationError");
  private static final Set<String> EXPIRED =
      Set.of("ExpiredToken", "ExpiredTokenException", "RequestExpired", "TokenRefreshRequired");
  private static final Set<String> DISABLED =
      Set.of(
          "UnrecognizedClientException",
          "InvalidClientTokenId",
          "OptInRequired",
          "RegionDisabledException");
  private static final Set<String> THROTTLING =
      Set.of(
          "ThrottlingException", "Throttling", "TooManyRequestsException", "RequestLimitExceeded");

  private final String label;

  ErrorKind(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }

  /**
   * What went wrong, in words an operator can read: the error's message, else its first cause's,
   * else "an unexpected internal error" with the error's simple class name and where it was thrown
   * (a bug in smgov, to report). Never a bare class name.
   */
  public static String describe(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t.getMessage() != null && !t.getMessage().isBlank()) {
        return t.getMessage();
      }
    }
    StackTraceElement[] trace = error.getStackTrace();
    return "an unexpected internal error ("
        + error.getClass().getSimpleName()
        + (trace.length == 0
            ? ""
            : " at "
                + trace[0].getClassName()
                + "."
                + trace[0].getMethodName()
                + ":"
                + trace[0].getLineNumber())
        + "); please report it";
  }

  public static ErrorKind of(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof AwsServiceException) {
        AwsServiceException aws = (AwsServiceException) t;
        String code = aws.awsErrorDetails() == null ? null : aws.awsErrorDetails().errorCode();
        if (code != null) {
          if (DENIED.contains(code)) {
            return ACCESS_DENIED;
          }
          if (EXPIRED.contains(code)) {
            return EXPIRED_CREDENTIALS;
          }
          if (DISABLED.contains(code)) {
            return REGION_DISABLED;
          }
          if (THROTTLING.contains(code)) {
            return THROTTLED;
          }
        }
        if (aws.statusCode() == 403) {
          return ACCESS_DENIED;
        }
        return ERROR;
      }
      if (t instanceof SdkClientException && t.getCause() instanceof UnknownHostException) {
        return REGION_DISABLED;
      }
    }
    return ERROR;
  }

  /** True for SageMaker's "does not exist" answer: HTTP 400 ValidationException (not a 404). */
  public static boolean isNotFound(Throwable error) {
    if (error instanceof AwsServiceException) {
      AwsServiceException aws = (AwsServiceException) error;
      String code = aws.awsErrorDetails() == null ? "" : aws.awsErrorDetails().errorCode();
      return "ValidationException".equals(code)
          || "ResourceNotFound".equals(code)
          || aws.statusCode() == 404;
    }
    return false;
  }

  public static boolean isAccessDenied(Throwable error) {
    return of(error) == ACCESS_DENIED;
  }
}
