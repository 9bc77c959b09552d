package io.smgov.cli;

/** The exit codes of every command (the README lists them). */
public final class ExitCodes {
  /** Done. */
  public static final int OK = 0;

  /** A fatal error: nothing (more) could be done. */
  public static final int FATAL = 1;

  /** Bad usage or configuration; the message names the option and the fix. */
  public static final int USAGE = 2;

  /** Partial: some account or region failed, the rest was written, the failure recorded. */
  public static final int PARTIAL = 3;

  /** A {@code --fail-on} threshold was reached. */
  public static final int THRESHOLD = 4;

  private ExitCodes() {}
}
