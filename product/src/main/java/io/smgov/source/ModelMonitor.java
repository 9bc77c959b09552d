package io.smgov.source;

import io.smgov.model.EndpointMonitoringRow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemaker.model.MonitoringExecutionSortKey;
import software.amazon.awssdk.services.sagemaker.model.MonitoringExecutionSummary;
import software.amazon.awssdk.services.sagemaker.model.MonitoringScheduleSummary;
import software.amazon.awssdk.services.sagemaker.model.SortOrder;

/**
 * SageMaker Model Monitor: every monitoring schedule of the account and region, and its latest
 * execution. A first read asks each schedule for its newest execution (one call per schedule).
 * Later reads list only the executions that changed since the previous run, across all schedules,
 * and keep the previous latest execution of the schedules that did not run since; only schedules
 * new since then are asked one by one.
 */
public final class ModelMonitor {
  private static final int PAGE = 100;

  /** The rows, and the calls they took. */
  public record Result(List<EndpointMonitoringRow> rows, int calls) {}

  private ModelMonitor() {}

  /**
   * {@code previous}: the last snapshot's rows; {@code changedSince}: when the run that wrote them
   * started (wall clock), empty for a first read.
   */
  public static Result read(
      SageMakerClient sageMaker,
      List<EndpointMonitoringRow> previous,
      Optional<Instant> changedSince) {
    int[] calls = {0};
    List<MonitoringScheduleSummary> schedules = new ArrayList<>();
    sageMaker
        .listMonitoringSchedulesPaginator(r -> r.maxResults(PAGE))
        .forEach(
            page -> {
              calls[0]++;
              schedules.addAll(page.monitoringScheduleSummaries());
            });
    Map<String, Latest> latest = new HashMap<>();
    if (changedSince.isPresent()) {
      for (EndpointMonitoringRow row : previous) {
        latest.put(row.monitoringScheduleName(), Latest.of(row));
      }
      sageMaker
          .listMonitoringExecutionsPaginator(
              r ->
                  r.lastModifiedTimeAfter(changedSince.get())
                      .sortBy(MonitoringExecutionSortKey.SCHEDULED_TIME)
                      .sortOrder(SortOrder.DESCENDING)
                      .maxResults(PAGE))
          .forEach(
              page -> {
                calls[0]++;
                for (MonitoringExecutionSummary execution : page.monitoringExecutionSummaries()) {
                  latest.merge(
                      execution.monitoringScheduleName(), Latest.of(execution), Latest::newer);
                }
              });
    }
    List<EndpointMonitoringRow> rows = new ArrayList<>();
    for (MonitoringScheduleSummary schedule : schedules) {
      if (schedule.endpointName() == null) {
        continue; // a batch-transform schedule: not an endpoint's
      }
      Latest execution = latest.get(schedule.monitoringScheduleName());
      if (execution == null) {
        calls[0]++;
        execution =
            sageMaker
                .listMonitoringExecutions(
                    r ->
                        r.monitoringScheduleName(schedule.monitoringScheduleName())
                            .sortBy(MonitoringExecutionSortKey.SCHEDULED_TIME)
                            .sortOrder(SortOrder.DESCENDING)
                            .maxResults(1))
                .monitoringExecutionSummaries()
                .stream()
                .findFirst()
                .map(Latest::of)
                .orElse(Latest.NONE);
      }
      rows.add(
          new EndpointMonitoringRow(
              schedule.endpointName(),
              schedule.monitoringScheduleName(),
              schedule.monitoringScheduleArn(),
              schedule.monitoringTypeAsString(),
              schedule.monitoringScheduleStatusAsString(),
              schedule.creationTime(),
              execution.status(),
              execution.scheduled(),
              execution.modified(),
              execution.failureReason(),
              execution.processingJobArn()));
    }
    rows.sort(
        Comparator.comparing(EndpointMonitoringRow::endpointName)
            .thenComparing(EndpointMonitoringRow::monitoringScheduleName));
    return new Result(rows, calls[0]);
  }

  /** A schedule's latest execution, as far as it is known. */
  private record Latest(
      String status,
      Instant scheduled,
      Instant modified,
      String failureReason,
      String processingJobArn) {
    static final Latest NONE = new Latest(null, null, null, null, null);

    static Latest of(MonitoringExecutionSummary e) {
      return new Latest(
          e.monitoringExecutionStatusAsString(),
          e.scheduledTime(),
          e.lastModifiedTime(),
          e.failureReason(),
          e.processingJobArn());
    }

    static Latest of(EndpointMonitoringRow row) {
      return new Latest(
          row.lastExecutionStatus(),
          row.lastExecutionScheduledTime(),
          row.lastExecutionModifiedTime(),
          row.lastExecutionFailureReason(),
          row.lastExecutionProcessingJobArn());
    }

    /** The later scheduled execution; of one execution, its latest state. */
    static Latest newer(Latest a, Latest b) {
      if (a.scheduled() == null) {
        return b;
      }
      if (b.scheduled() == null) {
        return a;
      }
      int order = a.scheduled().compareTo(b.scheduled());
      if (order != 0) {
        return order > 0 ? a : b;
      }
      return a.modified() != null && b.modified() != null && a.modified().isAfter(b.modified())
          ? a
          : b;
    }
  }
}
