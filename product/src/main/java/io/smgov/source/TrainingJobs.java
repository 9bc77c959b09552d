package io.smgov.source;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smgov.aws.SdkPojos;
import io.smgov.model.TrainingChannelRow;
import io.smgov.model.TrainingHyperparameterRow;
import io.smgov.model.TrainingJobRow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemaker.model.Channel;
import software.amazon.awssdk.services.sagemaker.model.Filter;
import software.amazon.awssdk.services.sagemaker.model.MetricData;
import software.amazon.awssdk.services.sagemaker.model.Operator;
import software.amazon.awssdk.services.sagemaker.model.ResourceType;
import software.amazon.awssdk.services.sagemaker.model.SageMakerException;
import software.amazon.awssdk.services.sagemaker.model.SearchRecord;
import software.amazon.awssdk.services.sagemaker.model.TrainingJob;

/**
 * The training jobs that made the versions: the jobs the lineage names (a trial component's source
 * ARN), read in bulk with Search (resource TrainingJob, 100 a page) in a full export. A cold run
 * searches every job of the account, so a linked job it does not return is gone; a warm run
 * searches only the jobs modified since the previous run and carries the others, and describes a
 * job it neither finds nor knows (lineage reached late) once. A refresh (an event), and an account
 * where Search is denied, describe only the jobs not known yet. A job in another account, or one
 * that neither Search nor DescribeTrainingJob finds, is recorded as unknown with the reason, never
 * dropped.
 */
public final class TrainingJobs {
  private static final int PAGE = 100;

  /** Statuses a job does not leave (unknown: smgov could not read it, and will not try again). */
  private static final Set<String> FINAL =
      Set.of("Completed", "Failed", "Stopped", TrainingJobRow.UNKNOWN);

  /** Why a job of the account that no call returns is unknown. */
  static final String DELETED = "not found in its account: deleted";

  private static final ObjectMapper JSON = new ObjectMapper();

  /** A version and the training job its lineage names. */
  public record Link(String modelPackageArn, String trainingJobArn) {}

  /** A job as an earlier snapshot holds it: its row (of any version), hyperparameters, channels. */
  public record Known(
      TrainingJobRow job,
      List<TrainingHyperparameterRow> hyperparameters,
      List<TrainingChannelRow> channels) {}

  /** What was read: the rows, and how many jobs were searched, described, carried, unknown. */
  public record Result(
      List<TrainingJobRow> jobs,
      List<TrainingHyperparameterRow> hyperparameters,
      List<TrainingChannelRow> channels,
      int searched,
      int described,
      int carried,
      int unknown,
      int requests) {}

  private TrainingJobs() {}

  /**
   * {@code account}: the account the reader reads (a job of another account is unknown); {@code
   * search}: read in bulk with Search (a full export with the search strategy), else describe each
   * job not known yet (a refresh, or where Search is denied); {@code since}: the previous run's
   * watermark for Search, empty for a cold read.
   */
  public static Result read(
      SageMakerClient sageMaker,
      String account,
      Collection<Link> links,
      Map<String, Known> known,
      boolean search,
      Optional<Instant> since) {
    Map<String, TrainingJob> found = new LinkedHashMap<>();
    int requests = 0;
    Map<String, Boolean> wanted = new LinkedHashMap<>();
    links.forEach(l -> wanted.put(l.trainingJobArn(), true));
    // A job known in a final state does not change (its tags aside, which smgov does not keep): a
    // warm run with nothing else to learn sends no request.
    boolean needed =
        wanted.keySet().stream()
            .anyMatch(
                arn -> !known.containsKey(arn) || !FINAL.contains(known.get(arn).job().status()));
    if (search && needed) {
      List<Filter> filters =
          since
              .map(
                  t ->
                      List.of(
                          Filter.builder()
                              .name("LastModifiedTime")
                              .operator(Operator.GREATER_THAN)
                              .value(t.toString())
                              .build()))
              .orElse(List.of());
      var pages =
          sageMaker.searchPaginator(
              r -> {
                r.resource(ResourceType.TRAINING_JOB).maxResults(PAGE);
                if (!filters.isEmpty()) {
                  r.searchExpression(e -> e.filters(filters));
                }
              });
      for (var page : pages) {
        requests++;
        for (SearchRecord record : page.results()) {
          TrainingJob job = record.trainingJob();
          if (job != null && wanted.containsKey(job.trainingJobArn())) {
            found.put(job.trainingJobArn(), job);
          }
        }
      }
    }
    int searched = found.size();
    int described = 0;
    Map<String, String> unknown = new LinkedHashMap<>();
    for (String arn : wanted.keySet()) {
      if (found.containsKey(arn)
          || (known.containsKey(arn) && FINAL.contains(known.get(arn).job().status()))) {
        continue;
      }
      String jobAccount = arn.split(":").length > 4 ? arn.split(":")[4] : "";
      if (!jobAccount.equals(account)) {
        unknown.put(arn, "in account " + jobAccount + ", which this account's reader cannot read");
        continue;
      }
      if (search && since.isEmpty()) {
        // A search of every job of the account did not return it: it is gone.
        unknown.put(arn, DELETED);
        continue;
      }
      String name = arn.substring(arn.indexOf('/') + 1);
      requests++;
      described++;
      try {
        found.put(
            arn,
            SdkPojos.copy(
                sageMaker.describeTrainingJob(r -> r.trainingJobName(name)), TrainingJob.class));
      } catch (SageMakerException e) {
        if (!ErrorKind.isNotFound(e)) {
          throw e;
        }
        unknown.put(arn, DELETED);
      }
    }
    List<TrainingJobRow> jobs = new ArrayList<>();
    List<TrainingHyperparameterRow> hyperparameters = new ArrayList<>();
    List<TrainingChannelRow> channels = new ArrayList<>();
    Map<String, Boolean> detailed = new LinkedHashMap<>();
    int carried = 0;
    for (Link link : links) {
      String arn = link.trainingJobArn();
      boolean first = detailed.put(arn, true) == null;
      TrainingJob job = found.get(arn);
      if (job != null) {
        jobs.add(row(link.modelPackageArn(), job));
        if (first) {
          job.hyperParameters().entrySet().stream()
              .sorted(Map.Entry.comparingByKey())
              .forEach(
                  e ->
                      hyperparameters.add(
                          new TrainingHyperparameterRow(arn, e.getKey(), e.getValue())));
          job.inputDataConfig().forEach(c -> channels.add(channel(arn, c, job)));
        }
      } else if (known.containsKey(arn)) {
        Known k = known.get(arn);
        jobs.add(withVersion(k.job(), link.modelPackageArn()));
        if (first) {
          hyperparameters.addAll(k.hyperparameters());
          channels.addAll(k.channels());
          carried++;
        }
      } else {
        jobs.add(unknownRow(link, unknown.get(arn)));
      }
    }
    return new Result(
        jobs, hyperparameters, channels, searched, described, carried, unknown.size(), requests);
  }

  private static TrainingJobRow row(String version, TrainingJob job) {
    Map<String, Double> metrics = new TreeMap<>();
    for (MetricData m : job.finalMetricDataList()) {
      if (m.metricName() != null && m.value() != null) {
        metrics.put(m.metricName(), Double.parseDouble(Float.toString(m.value())));
      }
    }
    var algorithm = job.algorithmSpecification();
    var resources = job.resourceConfig();
    return new TrainingJobRow(
        version,
        job.trainingJobArn(),
        job.trainingJobName(),
        job.trainingJobStatusAsString(),
        null,
        algorithm == null ? null : algorithm.trainingImage(),
        algorithm == null ? null : algorithm.algorithmName(),
        resources == null ? null : resources.instanceTypeAsString(),
        resources == null ? null : resources.instanceCount(),
        job.enableManagedSpotTraining(),
        json(new TreeMap<>(job.hyperParameters())),
        job.outputDataConfig() == null ? null : job.outputDataConfig().s3OutputPath(),
        metrics.isEmpty() ? null : json(metrics),
        job.trainingStartTime(),
        job.trainingEndTime(),
        job.trainingTimeInSeconds() == null ? null : job.trainingTimeInSeconds().longValue(),
        job.billableTimeInSeconds() == null ? null : job.billableTimeInSeconds().longValue(),
        job.enableNetworkIsolation(),
        job.enableInterContainerTrafficEncryption(),
        job.vpcConfig() != null,
        resources != null && resources.volumeKmsKeyId() != null,
        job.lastModifiedTime());
  }

  private static TrainingChannelRow channel(String arn, Channel c, TrainingJob job) {
    var s3 = c.dataSource() == null ? null : c.dataSource().s3DataSource();
    String mode =
        c.inputMode() != null
            ? c.inputModeAsString()
            : job.algorithmSpecification() == null
                ? null
                : job.algorithmSpecification().trainingInputModeAsString();
    return new TrainingChannelRow(
        arn,
        c.channelName(),
        s3 == null ? null : s3.s3Uri(),
        s3 == null ? null : s3.s3DataTypeAsString(),
        c.contentType(),
        mode);
  }

  private static TrainingJobRow unknownRow(Link link, String reason) {
    String arn = link.trainingJobArn();
    return new TrainingJobRow(
        link.modelPackageArn(),
        arn,
        arn.substring(arn.indexOf('/') + 1),
        TrainingJobRow.UNKNOWN,
        reason,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null);
  }

  private static TrainingJobRow withVersion(TrainingJobRow r, String version) {
    return new TrainingJobRow(
        version,
        r.trainingJobArn(),
        r.trainingJobName(),
        r.status(),
        r.unknownReason(),
        r.trainingImage(),
        r.algorithmName(),
        r.instanceType(),
        r.instanceCount(),
        r.managedSpot(),
        r.hyperparameters(),
        r.outputPath(),
        r.finalMetrics(),
        r.trainingStartTime(),
        r.trainingEndTime(),
        r.trainingSeconds(),
        r.billableSeconds(),
        r.networkIsolation(),
        r.interContainerEncryption(),
        r.vpc(),
        r.volumeKmsKey(),
        r.lastModifiedTime());
  }

  private static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot render " + value + " as JSON", e);
    }
  }
}
