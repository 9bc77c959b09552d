package io.smgov.cli;

/** Bad usage or configuration: exit 2 with a message that names the option and the fix. */
public final class UsageException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public UsageException(String message) {
    super(message);
  }
}
