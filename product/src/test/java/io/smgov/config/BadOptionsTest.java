package io.smgov.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.smgov.views.Policy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Options that used to be coerced, overflow or be read as "the default" are refused, each with the
 * file, line and key (docs/failure-modes.md). Messages are written by hand from the option's rule.
 */
class BadOptionsTest {
  @TempDir Path dir;

  private Path file(String name, String text) throws Exception {
    Path file = dir.resolve(name);
    Files.writeString(file, text);
    return file;
  }

  private ExportConfigBuilder valid() {
    return new ExportConfigBuilder().warehouse(dir.resolve("w").toString());
  }

  @Test
  void aConfigValueOfTheWrongTypeIsRefusedWithItsLine() throws Exception {
    Path config =
        file(
            "export.yaml",
            "warehouse: /w\nmetrics-days: thirty\nfull-refresh: \"yes\"\naccount-concurrency: many\n"
                + "report-concurrency: 4294967297\nrequests-per-second: fast\ninclude-shared: 1\n");
    assertThatThrownBy(() -> new ExportConfigBuilder().configFile(config))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            String.join(
                "\n",
                "--config "
                    + config
                    + ":2: metrics-days must be a whole number of days from 0 to 455, got 'thirty'",
                "--config " + config + ":3: full-refresh must be true or false, got 'yes'",
                "--config "
                    + config
                    + ":4: account-concurrency must be a whole number of accounts from 1 to 64, got 'many'",
                "--config "
                    + config
                    + ":5: report-concurrency must be a whole number of reads from 1 to 128, got 4294967297",
                "--config "
                    + config
                    + ":6: requests-per-second must be a number of requests a second above 0 and at most 1000, got 'fast'",
                "--config " + config + ":7: include-shared must be true or false, got 1"));
  }

  @Test
  void aKeyGivenTwiceIsRefusedNotSilentlyOverridden() throws Exception {
    Path config = file("export.yaml", "warehouse: /a\nregions: eu-west-1\nwarehouse: /b\n");
    assertThatThrownBy(() -> new ExportConfigBuilder().configFile(config))
        .hasMessage("--config " + config + ":3: warehouse is given twice (first on line 1)");
  }

  @Test
  void aPolicyNumberThatOverflowsIsRefusedNotWrappedAround() throws Exception {
    Path policy = file("policy.yaml", "idle_days: 30\nstale_after_days: 4294967297\n");
    // 4294967297 is 2^32 + 1: read as an int it was 1 day.
    assertThatThrownBy(() -> Policy.load(policy))
        .hasMessage(
            "--policy "
                + policy
                + ":2: stale_after_days must be a whole number of days from 0 to 36500, got 4294967297");
    Path quoted = file("quoted.yaml", "latency_p90_ms: \"500\"\n");
    assertThatThrownBy(() -> Policy.load(quoted))
        .hasMessage(
            "--policy "
                + quoted
                + ":1: latency_p90_ms must be a number of milliseconds above 0 and at most 3600000, got '500'");
  }

  @Test
  void anEmptyAccountsOrRegionsListIsRefusedNotReadAsTheDefault() {
    assertThatThrownBy(() -> valid().accounts("").regions(" ").build())
        .hasMessage(
            String.join(
                "\n",
                "--accounts is empty: give 12-digit account ids, org or org:ou-…, or leave it out for"
                    + " the caller's own account",
                "--regions is empty: give regions such as eu-west-1,us-east-1, or leave it out for"
                    + " the default region"));
    Path config = dir.resolve("empty-list.yaml");
    assertThatThrownBy(
            () -> {
              Files.writeString(config, "accounts: []\n");
              new ExportConfigBuilder().configFile(config);
            })
        .hasMessage("--config " + config + ":1: accounts is an empty list");
  }

  @Test
  void aSnapshotTimeMoreThanAnHourAheadIsRefused() {
    Instant now = Instant.parse("2026-11-30T12:00:00Z");
    assertThat(valid().now(now).snapshotTime("2026-11-30T12:59:59Z").build().snapshotTime())
        .as("clock skew under an hour is accepted")
        .isEqualTo(Instant.parse("2026-11-30T12:59:59Z"));
    assertThatThrownBy(() -> valid().now(now).snapshotTime("2026-11-30T13:00:01Z").build())
        .hasMessage(
            "--snapshot-time: 2026-11-30T13:00:01Z is in the future (now is 2026-11-30T12:00:00Z): a"
                + " future snapshot would stay the newest of its account and region until then,"
                + " hiding every later export");
  }

  @Test
  void anEventRegionThatIsAPathIsRefused() throws Exception {
    var event =
        new ObjectMapper()
            .readTree(
                "{\"source\":\"aws.sagemaker\",\"detail-type\":\"SageMaker Endpoint State Change\","
                    + "\"account\":\"222222222222\",\"region\":\"eu-west-1/../../x\",\"detail\":{}}");
    assertThatThrownBy(() -> valid().roleName("reader").event(event).build())
        .hasMessage(
            "--event: the event's region 'eu-west-1/../../x' is not an AWS region (e.g. eu-west-1)");
  }
}
