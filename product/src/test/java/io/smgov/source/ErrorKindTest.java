package io.smgov.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.junit.jupiter.api.Test;

/** What export_runs.error_message says about a failure. */
class ErrorKindTest {
  @Test
  void aFailureIsDescribedByItsMessageOrItsCausesNeverByABareClassName() {
    assertThat(ErrorKind.describe(new IllegalStateException("the bucket is gone")))
        .isEqualTo("the bucket is gone");
    assertThat(ErrorKind.describe(new UncheckedIOException(null, new IOException("disk full"))))
        .isEqualTo("disk full");
    NullPointerException bug = new NullPointerException();
    bug.setStackTrace(
        new StackTraceElement[] {
          new StackTraceElement("io.smgov.source.Deployments", "read", "Deployments.java", 42)
        });
    assertThat(ErrorKind.describe(bug))
        .isEqualTo(
            "an unexpected internal error (NullPointerException at"
                + " io.smgov.source.Deployments.read:42); please report it");
    assertThat(ErrorKind.describe(new IllegalStateException("  ")))
        .startsWith("an unexpected internal error (IllegalStateException")
        .doesNotContain("java.lang");
  }
}
