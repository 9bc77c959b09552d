package io.smgov;

import static org.assertj.core.api.Assertions.assertThat;

import io.smgov.testing.Checkout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The task's entry point ({@code deploy/bin/smgov-task}) in each step of the fan-out and as the
 * single scheduled task, with a stand-in {@code smgov} on the PATH that records the commands it is
 * given and exits as told: which commands each step runs, with which options, and how it exits.
 * TaskIT runs the entry point against the real jar.
 */
class TaskStepsTest {
  private static final Path SCRIPT = Checkout.resolve("deploy/bin/smgov-task");
  private static final String WAREHOUSE = "s3://governance-bucket/smgov";
  private static final String PLAN = WAREHOUSE + "/_smgov-plan/exec-1.json";

  /** The execution's start, as Step Functions gives it ($$.Execution.StartTime). */
  private static final String STARTED = "2026-11-01T05:00:00.123Z";

  /** The stack's environment of the task (the task definition's). */
  private static final Map<String, String> TASK =
      Map.ofEntries(
          Map.entry("SMGOV_WAREHOUSE", WAREHOUSE),
          Map.entry("SMGOV_ACCOUNTS", "org"),
          Map.entry("SMGOV_REGIONS", "eu-west-1,us-east-1"),
          Map.entry("SMGOV_ROLE_NAME", "smgov-reader"),
          Map.entry("SMGOV_EXTERNAL_ID", "x-1"),
          Map.entry("SMGOV_GLUE_DATABASE", "smgov"),
          Map.entry("SMGOV_ATHENA_WORKGROUP", "smgov"),
          Map.entry("SMGOV_QUICKSIGHT_ACCOUNT", "111111111111"),
          Map.entry("SMGOV_SPICE_QUOTA", "32"),
          Map.entry("SMGOV_NOTIFY_EVENT_BUS", "default"),
          Map.entry("SMGOV_NOTIFY_SECURITY_HUB", "false"),
          Map.entry("SMGOV_NOTIFY_MIN_SEVERITY", "high"),
          Map.entry("SMGOV_NOTIFY_RESOLVED", "false"),
          Map.entry("SMGOV_LAKE_FORMATION_READERS", ""));

  record Run(int exitCode, List<String> commands, String output) {}

  @TempDir Path dir;

  @Test
  void thePlanStepDiscoversOnceAndWritesThePlanAndNothingElse() throws Exception {
    Run run = task(Map.of("SMGOV_STEP", "plan", "SMGOV_SHARDS", "200", "SMGOV_PLAN", PLAN));
    assertThat(run.exitCode()).as(run.output()).isZero();
    // The warehouse and the regions: plan reads the regions' prices into the warehouse once, so
    // the shards never call the Price List API.
    assertThat(run.commands())
        .containsExactly(
            "plan --warehouse "
                + WAREHOUSE
                + " --accounts org --regions eu-west-1,us-east-1 --role-name smgov-reader"
                + " --shards 200 --out "
                + PLAN);
    // Without SMGOV_REGIONS, plan's default (the task's region).
    Run noRegions =
        task(
            Map.of(
                "SMGOV_STEP",
                "plan",
                "SMGOV_SHARDS",
                "200",
                "SMGOV_PLAN",
                PLAN,
                "SMGOV_REGIONS",
                ""));
    assertThat(noRegions.commands())
        .containsExactly(
            "plan --warehouse "
                + WAREHOUSE
                + " --accounts org --role-name smgov-reader --shards 200 --out "
                + PLAN);
    // Its exit code is plan's.
    Run failed =
        task(
            Map.of(
                "SMGOV_STEP", "plan", "SMGOV_SHARDS", "200", "SMGOV_PLAN", PLAN, "EXIT_plan", "1"));
    assertThat(failed.exitCode()).isEqualTo(1);
  }

  @Test
  void aShardExportsItsAccountsOfThePlanAndNothingAfterIt() throws Exception {
    Map<String, String> shard =
        Map.of(
            "SMGOV_STEP",
            "shard",
            "SMGOV_SHARD",
            "3/200",
            "SMGOV_PLAN",
            PLAN,
            "SMGOV_SNAPSHOT_TIME",
            STARTED);
    Run run = task(shard);
    assertThat(run.exitCode()).as(run.output()).isZero();
    // The run's snapshot time (every shard's the same), and no --glue-database: shards running at
    // once would race on the Glue tables; the finish step's catalog apply keeps them in step.
    assertThat(run.commands())
        .containsExactly(
            "export --warehouse "
                + WAREHOUSE
                + " --log-format json --regions eu-west-1,us-east-1 --role-name smgov-reader"
                + " --external-id x-1 --snapshot-time "
                + STARTED
                + " --shard 3/200 --accounts-file "
                + PLAN);
    assertThat(run.output()).contains("shard 3/200");
    // Without SMGOV_SNAPSHOT_TIME (a rerun by hand that forgot it), export's own start.
    Run ownTime = task(with(shard, "SMGOV_SNAPSHOT_TIME", ""));
    assertThat(ownTime.exitCode()).as(ownTime.output()).isZero();
    assertThat(ownTime.commands()).hasSize(1);
    assertThat(ownTime.commands().get(0))
        .doesNotContain("--snapshot-time", "--glue-database")
        .endsWith(" --shard 3/200 --accounts-file " + PLAN);

    // Partial (some account/region failed, the rest written): the shard counts as done, so the
    // state machine does not export its other accounts again.
    Run partial = task(with(shard, "EXIT_export", "3"));
    assertThat(partial.exitCode()).isZero();
    assertThat(partial.commands()).hasSize(1);
    assertThat(partial.output()).contains("export_health");
    // Nothing written, or bad options: the task fails, and the state machine retries it.
    assertThat(task(with(shard, "EXIT_export", "1")).exitCode()).isEqualTo(1);
    assertThat(task(with(shard, "EXIT_export", "2")).exitCode()).isEqualTo(2);
  }

  @Test
  void theFinishStepRunsWhatFollowsTheExportOnceWithoutExporting() throws Exception {
    Run run = task(Map.of("SMGOV_STEP", "finish"));
    assertThat(run.exitCode()).as(run.output()).isZero();
    assertThat(run.commands()).extracting(c -> c.split(" ")[0]).doesNotContain("export", "plan");
    assertThat(run.commands()).containsExactlyElementsOf(afterTheExport());

    // A catalog apply that fails fails the step (the state machine retries it).
    Run failed = task(Map.of("SMGOV_STEP", "finish", "EXIT_catalog", "1"));
    assertThat(failed.exitCode()).isEqualTo(1);
    // A findings record that refuses an expired waiver (2) still records and notifies, then fails
    // the step.
    Run unrecorded = task(Map.of("SMGOV_STEP", "finish", "EXIT_findings", "2"));
    assertThat(unrecorded.exitCode()).isEqualTo(1);
    assertThat(unrecorded.commands()).containsExactlyElementsOf(afterTheExport());
  }

  @Test
  void withoutAStepTheTaskIsTheWholeScheduledRunAsBefore() throws Exception {
    Run run = task(Map.of());
    assertThat(run.exitCode()).as(run.output()).isZero();
    List<String> expected = new ArrayList<>();
    expected.add(
        "export --warehouse "
            + WAREHOUSE
            + " --log-format json --accounts org --regions eu-west-1,us-east-1 --role-name"
            + " smgov-reader --external-id x-1 --glue-database smgov");
    expected.addAll(afterTheExport());
    assertThat(run.commands()).containsExactlyElementsOf(expected);
    // export's 3 is the task's, after the rest ran.
    Run partial = task(Map.of("EXIT_export", "3"));
    assertThat(partial.exitCode()).isEqualTo(3);
    assertThat(partial.commands()).containsExactlyElementsOf(expected);
  }

  @Test
  void aStepItCannotRunIsRefusedBeforeAnyCommand() throws Exception {
    for (Map<String, String> wrong :
        List.of(
            Map.of("SMGOV_STEP", "export"),
            Map.of("SMGOV_STEP", "plan", "SMGOV_PLAN", PLAN),
            Map.of("SMGOV_STEP", "shard", "SMGOV_PLAN", PLAN),
            Map.of("SMGOV_STEP", "shard", "SMGOV_SHARD", "0/2"),
            Map.of(
                "SMGOV_STEP",
                "finish",
                "SMGOV_EVENT_BATCH",
                WAREHOUSE + "/_smgov-events/e.json"))) {
      Run run = task(wrong);
      assertThat(run.exitCode()).as("%s: %s", wrong, run.output()).isEqualTo(2);
      assertThat(run.commands()).as("%s", wrong).isEmpty();
      assertThat(run.output()).contains("smgov-task: SMGOV_STEP");
    }
  }

  private static List<String> afterTheExport() {
    return List.of(
        "catalog apply --warehouse " + WAREHOUSE + " --database smgov --workgroup smgov",
        "findings record --warehouse " + WAREHOUSE + " --athena-database smgov --workgroup smgov",
        "notify --warehouse "
            + WAREHOUSE
            + " --athena-database smgov --workgroup smgov --event-bus default --min-severity high",
        "dashboard refresh --warehouse " + WAREHOUSE + " --aws-account-id 111111111111 --quota 32");
  }

  private static Map<String, String> with(Map<String, String> base, String key, String value) {
    Map<String, String> out = new HashMap<>(base);
    out.put(key, value);
    return out;
  }

  /**
   * Runs the entry point with the task's environment and {@code extra}; {@code EXIT_<command>}
   * makes the stand-in's {@code smgov <command>} exit with that code.
   */
  private Run task(Map<String, String> extra) throws Exception {
    Path bin = Files.createDirectories(dir.resolve("bin"));
    Path log = dir.resolve("commands-" + System.nanoTime() + ".txt");
    Path smgov = bin.resolve("smgov");
    Files.writeString(
        smgov,
        "#!/bin/sh\n"
            + "printf '%s\\n' \"$*\" >>\"$STUB_COMMANDS\"\n"
            + "eval \"code=\\${EXIT_$1:-0}\"\n"
            + "exit \"$code\"\n");
    assertThat(smgov.toFile().setExecutable(true)).isTrue();
    ProcessBuilder builder = new ProcessBuilder(SCRIPT.toString()).redirectErrorStream(true);
    Map<String, String> env = builder.environment();
    env.keySet()
        .removeIf(k -> k.startsWith("AWS_") || k.startsWith("SMGOV_") || k.startsWith("EXIT_"));
    env.put("PATH", bin + ":" + env.get("PATH"));
    env.put("TMPDIR", dir.toString());
    env.put("STUB_COMMANDS", log.toString());
    env.putAll(TASK);
    env.putAll(extra);
    Process process = builder.start();
    process.getOutputStream().close();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    // A guard against a hung process: the output was read to its end above.
    assertThat(process.waitFor(1, TimeUnit.MINUTES)).isTrue();
    List<String> commands = Files.exists(log) ? Files.readAllLines(log) : List.of();
    return new Run(process.exitValue(), commands, output);
  }
}
