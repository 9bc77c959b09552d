package io.smgov.simulator;

/**
 * An error the simulator answers the way the real service does: an HTTP status, the error code the
 * SDK maps to an exception class, and a message.
 */
final class ApiException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final String code;

  ApiException(int status, String code, String message) {
    super(message);
    this.status = status;
    this.code = code;
  }

  int status() {
    return status;
  }

  String code() {
    return code;
  }

  /** SageMaker answers a missing resource with HTTP 400 ValidationException, not a 404. */
  static ApiException validation(String message) {
    return new ApiException(400, "ValidationException", message);
  }

  /** The one not-found error SageMaker models, declared by model cards and lineage only. */
  static ApiException resourceNotFound(String message) {
    return new ApiException(400, "ResourceNotFound", message);
  }

  static ApiException accessDenied(String message) {
    return new ApiException(400, "AccessDeniedException", message);
  }
}
