package io.smgov;

import static org.assertj.core.api.Assertions.assertThat;

import io.smgov.testing.Checkout;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's first command as a user runs it: {@code ./smgov demo} from the checkout, through the
 * launcher script and the packaged jar (failsafe runs this after {@code package}), then the
 * follow-up commands the demo suggests.
 */
class DemoIT {
  private static final Path CHECKOUT = Checkout.root();

  record Result(int exitCode, String out) {}

  @Test
  void theDemoRunsEndToEndAndItsNextStepsWork(@TempDir Path dir) throws Exception {
    Path warehouse = dir.resolve("smgov-demo/warehouse");

    Result demo = smgov(dir, "demo", "--warehouse", warehouse.toString());

    assertThat(demo.exitCode()).as(demo.out()).isZero();
    assertThat(demo.out())
        .contains("Simulator: SageMaker, STS and S3 on http://127.0.0.1:")
        .containsPattern("export \\S+ done in [0-9.]+ s: 6 of 6 account/regions written")
        .contains("Coverage of the", "Findings: ", "Worst first")
        .containsPattern("(?m)^critical +UNAPPROVED_IN_PRODUCTION")
        .contains("Report:    " + dir.resolve("smgov-demo/report.html"));
    assertThat(Files.readString(dir.resolve("smgov-demo/report.html")))
        .contains("<title>Model governance report");

    Result findings =
        smgov(dir, "findings", "--warehouse", warehouse.toString(), "--fail-on", "critical");
    assertThat(findings.exitCode()).as(findings.out()).isEqualTo(4);
    assertThat(findings.out())
        .contains("UNAPPROVED_IN_PRODUCTION", "findings at or above critical");

    Result rollback =
        smgov(
            dir,
            "query",
            "--warehouse",
            warehouse.toString(),
            "--format",
            "csv",
            "SELECT count(*) AS targets FROM rollback_targets WHERE rollback_version IS NOT NULL");
    assertThat(rollback.exitCode()).as(rollback.out()).isZero();
    assertThat(Integer.parseInt(rollback.out().lines().skip(1).findFirst().orElseThrow().trim()))
        .isPositive();
  }

  /** Runs the launcher in {@code cwd} with stdout and stderr together, as a terminal shows them. */
  private static Result smgov(Path cwd, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(CHECKOUT.resolve("smgov").toString()));
    command.addAll(List.of(args));
    Process process =
        new ProcessBuilder(command).directory(cwd.toFile()).redirectErrorStream(true).start();
    process.getOutputStream().close();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    // A guard against a hung process, not a synchronisation: the output was read to its end above.
    assertThat(process.waitFor(2, TimeUnit.MINUTES))
        .as("smgov %s exited", String.join(" ", args))
        .isTrue();
    return new Result(process.exitValue(), out);
  }
}
