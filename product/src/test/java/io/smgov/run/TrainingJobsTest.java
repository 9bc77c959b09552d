package io.smgov.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.smgov.model.ExportRunRow;
import io.smgov.table.Tables;
import io.smgov.testing.PortfolioBuilder;
import io.smgov.testing.Warehouses;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How each version was made: the training job its lineage names, with hyperparameters and channels;
 * a job in another account and a deleted one are unknown, with the reason, never dropped. Expected
 * values are the hand-built portfolio's (PortfolioBuilder.Version.trainingJob).
 */
class TrainingJobsTest {
  private static final String A = "111111111111";
  private static final String B = "222222222222";
  private static final Instant AS_OF = Instant.parse("2026-11-20T12:00:00Z");

  private static Map<String, Object> only(List<Map<String, Object>> rows, String column, String v) {
    List<Map<String, Object>> matching =
        rows.stream().filter(r -> v.equals(r.get(column))).toList();
    assertThat(matching).as("%s = %s", column, v).hasSize(1);
    return new TreeMap<>(matching.get(0));
  }

  @Test
  void aVersionsTrainingJobHyperparametersAndChannelsAndTheJobsNobodyCanSee(@TempDir Path warehouse)
      throws Exception {
    PortfolioBuilder estate = new PortfolioBuilder(AS_OF);
    var group = estate.group(A, "eu-west-1", "churn");
    var trained = group.version(1).createdDaysAgo(10).trainingJob();
    var elsewhere = group.version(2).createdDaysAgo(5).trainedInAccount(B);
    var deleted = group.version(3).createdDaysAgo(2);
    ExportJob.Outcome cold = estate.export(warehouse, "eu-west-1", o -> o, A);

    List<Map<String, Object>> jobs = Warehouses.rows(warehouse, Tables.TRAINING_JOBS.name());
    assertThat(jobs).hasSize(3);
    Map<String, Object> job = only(jobs, "model_package_arn", trained.arn());
    assertThat(job)
        .containsEntry(
            "training_job_arn", "arn:aws:sagemaker:eu-west-1:111111111111:training-job/churn-1")
        .containsEntry("training_job_name", "churn-1")
        .containsEntry("status", "Completed")
        .containsEntry(
            "training_image",
            "683313688378.dkr.ecr.eu-west-1.amazonaws.com/sagemaker-xgboost:1.7-1")
        .containsEntry("instance_type", "ml.m5.xlarge")
        .containsEntry("instance_count", 2)
        .containsEntry("managed_spot", true)
        .containsEntry("hyperparameters", "{\"eta\":\"0.2\",\"max_depth\":\"6\"}")
        .containsEntry("output_path", "s3://models-111111111111/churn/1/")
        .containsEntry("training_seconds", 3600L)
        .containsEntry("billable_seconds", 1080L)
        .containsEntry("network_isolation", true)
        .containsEntry("inter_container_encryption", false)
        .containsEntry("vpc", true)
        .containsEntry("volume_kms_key", true);
    assertThat(job).containsEntry("final_metrics", "{\"validation:auc\":0.91}");
    assertThat(job.get("unknown_reason")).isNull();

    assertThat(only(jobs, "model_package_arn", elsewhere.arn()))
        .containsEntry("status", "unknown")
        .containsEntry(
            "unknown_reason", "in account 222222222222, which this account's reader cannot read")
        .containsEntry("instance_type", null);
    assertThat(only(jobs, "model_package_arn", deleted.arn()))
        .containsEntry("status", "unknown")
        .containsEntry("unknown_reason", "not found in its account: deleted");

    assertThat(Warehouses.rows(warehouse, Tables.TRAINING_HYPERPARAMETERS.name()))
        .extracting(r -> r.get("training_job_arn") + " " + r.get("name") + "=" + r.get("value"))
        .containsExactlyInAnyOrder(
            "arn:aws:sagemaker:eu-west-1:111111111111:training-job/churn-1 eta=0.2",
            "arn:aws:sagemaker:eu-west-1:111111111111:training-job/churn-1 max_depth=6");
    assertThat(Warehouses.rows(warehouse, Tables.TRAINING_CHANNELS.name()))
        .extracting(
            r ->
                r.get("channel_name")
                    + " "
                    + r.get("s3_uri")
                    + " "
                    + r.get("s3_data_type")
                    + " "
                    + r.get("content_type")
                    + " "
                    + r.get("input_mode"))
        .containsExactlyInAnyOrder(
            "train s3://data-111111111111/churn/v1/ S3Prefix text/csv File",
            "validation s3://data-111111111111/churn/v1/validation/ S3Prefix text/csv File");

    // The cold run searched every job of the account, so it described none. A warm run searches
    // the jobs modified since the previous run (its start, by the clock, less 15 minutes): none.
    // A version registered since, by a job that ended an hour before, is not among them and not
    // known: that one job is described.
    assertThat(calls(cold)).doesNotContainKey("SageMaker:DescribeTrainingJob");
    var late = group.version(4).createdAt(Instant.now()).trainingJob();
    ExportJob.Outcome warm =
        estate.export(warehouse, "eu-west-1", o -> o.snapshotTime("2026-11-21T12:00:00Z"), A);
    assertThat(calls(warm)).containsEntry("SageMaker:DescribeTrainingJob", 1);
    assertThat(
            Warehouses.rows(warehouse, Tables.TRAINING_JOBS.name()).stream()
                .filter(r -> late.arn().equals(r.get("model_package_arn"))))
        .singleElement()
        .satisfies(r -> assertThat(r.get("status")).isEqualTo("Completed"));
    List<Map<String, Object>> day2 =
        Warehouses.rows(warehouse, Tables.TRAINING_JOBS.name()).stream()
            .filter(r -> "2026-11-21".equals(String.valueOf(r.get("snapshot_date"))))
            .filter(r -> !late.arn().equals(r.get("model_package_arn")))
            .toList();
    assertThat(ExportTest.comparable(day2))
        .isEqualTo(
            ExportTest.comparable(
                jobs.stream()
                    .filter(r -> "2026-11-20".equals(String.valueOf(r.get("snapshot_date"))))
                    .toList()));
  }

  /** A run's requests by service:operation, from export_runs. */
  private static Map<String, Integer> calls(ExportJob.Outcome outcome) throws Exception {
    ExportRunRow run = outcome.runs().get(0);
    Map<String, Integer> calls = new TreeMap<>();
    new ObjectMapper()
        .readTree(run.apiCallsByOperation())
        .fields()
        .forEachRemaining(e -> calls.put(e.getKey(), e.getValue().asInt()));
    return calls;
  }
}
