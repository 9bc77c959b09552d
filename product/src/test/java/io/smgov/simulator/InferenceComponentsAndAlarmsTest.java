package io.smgov.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smgov.aws.AwsClients;
import io.smgov.aws.CallCounter;
import io.smgov.testing.TestAws;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.assertj.core.api.ThrowableAssert;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.AlarmType;
import software.amazon.awssdk.services.cloudwatch.model.CloudWatchException;
import software.amazon.awssdk.services.cloudwatch.model.DescribeAlarmsRequest;
import software.amazon.awssdk.services.cloudwatch.model.DescribeAlarmsResponse;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.InvalidNextTokenException;
import software.amazon.awssdk.services.cloudwatch.model.MetricAlarm;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataQuery;
import software.amazon.awssdk.services.cloudwatch.model.StateValue;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemaker.model.DescribeInferenceComponentResponse;
import software.amazon.awssdk.services.sagemaker.model.InferenceComponentSortKey;
import software.amazon.awssdk.services.sagemaker.model.InferenceComponentStatus;
import software.amazon.awssdk.services.sagemaker.model.InferenceComponentSummary;
import software.amazon.awssdk.services.sagemaker.model.ListInferenceComponentsRequest;
import software.amazon.awssdk.services.sagemaker.model.ListInferenceComponentsResponse;
import software.amazon.awssdk.services.sagemaker.model.OrderKey;
import software.amazon.awssdk.services.sagemaker.model.ResourceType;
import software.amazon.awssdk.services.sagemaker.model.SageMakerException;
import software.amazon.awssdk.services.sagemaker.model.Tag;

/**
 * ListInferenceComponents / DescribeInferenceComponent (SageMaker, JSON 1.1) and DescribeAlarms
 * (CloudWatch, Query protocol) driven by the real SDK clients over a hand-built portfolio. Every
 * expected count below is worked out by hand from how the portfolio is built.
 */
class InferenceComponentsAndAlarmsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String A = "111111111111";
  private static final String REGION = "eu-west-1";
  private static final String SM = "arn:aws:sagemaker:" + REGION + ":" + A + ":";
  private static final String CW = "arn:aws:cloudwatch:" + REGION + ":" + A + ":alarm:";
  private static final String TOPIC = "arn:aws:sns:" + REGION + ":" + A + ":oncall";

  /**
   * ic-000 … ic-124 (variant AllTraffic), even on endpoint ep-a, odd on ep-b, every tenth Failed
   * and the rest InService, created a minute apart from T0; plus adapter-1 on ep-b (variant
   * Adapters), created the day before T0: 126 components.
   */
  private static final int COMPONENTS = 125;

  /** alarm-000 … alarm-119, one per endpoint variant metric; every third in ALARM, the rest OK. */
  private static final int PLAIN_ALARMS = 120;

  private static final long T0 = 1_735_689_600L; // 2025-01-01T00:00:00Z

  private static Simulator simulator;
  private static AwsClients clients;
  private static SageMakerClient sageMaker;
  private static CloudWatchClient cloudWatch;

  @BeforeAll
  static void start() {
    simulator =
        Simulator.start(
            PortfolioLoader.fromJson(portfolio(), "test"), Simulator.Options.defaults());
    clients = TestAws.clients(simulator.endpoint());
    sageMaker = clients.sageMaker(Region.EU_WEST_1, TestAws.CALLER, new CallCounter(), null);
    cloudWatch = clients.cloudWatch(Region.EU_WEST_1, TestAws.CALLER, new CallCounter());
  }

  @AfterAll
  static void stop() {
    clients.close();
    simulator.close();
  }

  // ---------------------------------------------------------------- ListInferenceComponents

  @Test
  void listInferenceComponentsPagesEveryComponentOnceNewestFirst() {
    List<ListInferenceComponentsResponse> pages =
        sageMaker.listInferenceComponentsPaginator(r -> r.maxResults(50)).stream().toList();
    assertThat(pages).extracting(p -> p.inferenceComponents().size()).containsExactly(50, 50, 26);
    assertThat(pages.get(2).nextToken()).isNull();
    List<String> names =
        pages.stream()
            .flatMap(p -> p.inferenceComponents().stream())
            .map(InferenceComponentSummary::inferenceComponentName)
            .toList();
    assertThat(names).hasSize(126).doesNotHaveDuplicates();
    // Default order: CreationTime, newest first.
    assertThat(names.subList(0, 3)).containsExactly("ic-124", "ic-123", "ic-122");
    assertThat(names.subList(124, 126)).containsExactly("ic-000", "adapter-1");

    InferenceComponentSummary first = pages.get(0).inferenceComponents().get(0);
    assertThat(first.inferenceComponentArn()).isEqualTo(SM + "inference-component/ic-124");
    assertThat(first.endpointName()).isEqualTo("ep-a");
    assertThat(first.endpointArn()).isEqualTo(SM + "endpoint/ep-a");
    assertThat(first.variantName()).isEqualTo("AllTraffic");
    assertThat(first.inferenceComponentStatus()).isEqualTo(InferenceComponentStatus.IN_SERVICE);
    assertThat(first.creationTime()).isEqualTo(Instant.ofEpochSecond(T0 + 124 * 60));
    assertThat(first.lastModifiedTime()).isEqualTo(Instant.parse("2025-02-01T00:00:00Z"));

    // Without MaxResults a page holds 10.
    ListInferenceComponentsResponse defaults = sageMaker.listInferenceComponents(r -> {});
    assertThat(defaults.inferenceComponents()).hasSize(10);
    assertThat(defaults.nextToken()).isNotNull();
  }

  @Test
  void listInferenceComponentsFiltersAndSorts() {
    assertThat(count(r -> r.endpointNameEquals("ep-a"))).isEqualTo(63); // 0, 2, …, 124
    assertThat(count(r -> r.endpointNameEquals("ep-b")))
        .isEqualTo(63); // 1, 3, …, 123 and adapter-1
    assertThat(count(r -> r.statusEquals(InferenceComponentStatus.FAILED)))
        .isEqualTo(13); // 0, 10, …, 120
    assertThat(
            count(r -> r.endpointNameEquals("ep-b").statusEquals(InferenceComponentStatus.FAILED)))
        .isZero();
    assertThat(count(r -> r.variantNameEquals("AllTraffic"))).isEqualTo(125);
    assertThat(count(r -> r.variantNameEquals("Adapters"))).isEqualTo(1);
    assertThat(count(r -> r.variantNameEquals("Shadow"))).isZero();
    // Strictly after ic-100's creation: ic-101 … ic-124.
    assertThat(count(r -> r.creationTimeAfter(Instant.ofEpochSecond(T0 + 100 * 60)))).isEqualTo(24);
    assertThat(count(r -> r.creationTimeBefore(Instant.ofEpochSecond(T0 + 5 * 60))))
        .isEqualTo(6); // ic-000 … ic-004, adapter-1
    assertThat(count(r -> r.lastModifiedTimeAfter(Instant.parse("2025-03-01T00:00:00Z")))).isZero();
    // ic-120 … ic-124 (ic-012 does not contain "ic-12").
    assertThat(count(r -> r.nameContains("ic-12"))).isEqualTo(5);

    List<String> byName =
        sageMaker
            .listInferenceComponents(
                r ->
                    r.sortBy(InferenceComponentSortKey.NAME)
                        .sortOrder(OrderKey.ASCENDING)
                        .maxResults(3))
            .inferenceComponents()
            .stream()
            .map(InferenceComponentSummary::inferenceComponentName)
            .toList();
    assertThat(byName).containsExactly("adapter-1", "ic-000", "ic-001");
    List<String> byStatus =
        sageMaker
            .listInferenceComponents(
                r ->
                    r.sortBy(InferenceComponentSortKey.STATUS)
                        .sortOrder(OrderKey.ASCENDING)
                        .maxResults(13))
            .inferenceComponents()
            .stream()
            .map(InferenceComponentSummary::inferenceComponentStatusAsString)
            .toList();
    assertThat(byStatus).hasSize(13).containsOnly("Failed");
  }

  @Test
  void listInferenceComponentsRefusesWhatAwsRefuses() {
    assertValidation(
        () -> sageMaker.listInferenceComponents(r -> r.maxResults(101)),
        "less than or equal to 100");
    assertValidation(
        () -> sageMaker.listInferenceComponents(r -> r.maxResults(0)),
        "greater than or equal to 1");
    assertValidation(
        () -> sageMaker.listInferenceComponents(r -> r.statusEquals("Running")),
        "Value 'Running' at 'statusEquals' failed to satisfy constraint: Member must satisfy enum value set: "
            + "[InService, Creating, Updating, Failed, Deleting]");
    assertValidation(() -> sageMaker.listInferenceComponents(r -> r.sortBy("Size")), "at 'sortBy'");
    assertValidation(
        () -> sageMaker.listInferenceComponents(r -> r.sortOrder("Up")), "at 'sortOrder'");
    assertValidation(
        () -> sageMaker.listInferenceComponents(r -> r.nameContains("ic_1")),
        "at 'nameContains' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9-]+");
    assertValidation(
        () -> sageMaker.listInferenceComponents(r -> r.nextToken("not-a-token")),
        "Invalid pagination token");
  }

  // ---------------------------------------------------------------- DescribeInferenceComponent

  @Test
  void describeInferenceComponentReturnsTheWholeComponent() {
    DescribeInferenceComponentResponse failed =
        sageMaker.describeInferenceComponent(r -> r.inferenceComponentName("ic-010"));
    assertThat(failed.inferenceComponentArn()).isEqualTo(SM + "inference-component/ic-010");
    assertThat(failed.endpointName()).isEqualTo("ep-a");
    assertThat(failed.variantName()).isEqualTo("AllTraffic");
    assertThat(failed.inferenceComponentStatus()).isEqualTo(InferenceComponentStatus.FAILED);
    assertThat(failed.failureReason()).isEqualTo("CapacityError: not enough accelerators");
    assertThat(failed.specification().modelName()).isEqualTo("model-10");
    assertThat(failed.specification().container().deployedImage().specifiedImage())
        .isEqualTo("123456789012.dkr.ecr.eu-west-1.amazonaws.com/serve:1");
    assertThat(failed.specification().computeResourceRequirements().minMemoryRequiredInMb())
        .isEqualTo(1024);
    assertThat(failed.runtimeConfig().desiredCopyCount()).isEqualTo(2);
    assertThat(failed.runtimeConfig().currentCopyCount()).isEqualTo(0);
    assertThat(failed.creationTime()).isEqualTo(Instant.ofEpochSecond(T0 + 10 * 60));

    DescribeInferenceComponentResponse adapter =
        sageMaker.describeInferenceComponent(r -> r.inferenceComponentName("adapter-1"));
    assertThat(adapter.specification().baseInferenceComponentName()).isEqualTo("ic-001");
    assertThat(adapter.specification().modelName()).isNull();
    assertThat(adapter.runtimeConfig()).isNull();
  }

  @Test
  void aMissingComponentIsAValidationExceptionAsForEndpoints() {
    assertThatThrownBy(
            () -> sageMaker.describeInferenceComponent(r -> r.inferenceComponentName("nope")))
        .isInstanceOfSatisfying(
            SageMakerException.class,
            e -> {
              assertThat(e.getClass()).isEqualTo(SageMakerException.class);
              assertThat(e.statusCode()).isEqualTo(400);
              assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
              assertThat(e.awsErrorDetails().errorMessage())
                  .isEqualTo("Could not find inference component \"nope\".");
            });
    // The member is a name; an ARN breaks its pattern.
    assertValidation(
        () ->
            sageMaker.describeInferenceComponent(
                r -> r.inferenceComponentName(SM + "inference-component/ic-001")),
        "at 'inferenceComponentName' failed to satisfy constraint: Member must have length less than or equal to 63");
    assertValidation(
        () -> sageMaker.describeInferenceComponent(r -> r.inferenceComponentName("ic_1")),
        "Member must satisfy regular expression pattern");
  }

  @Test
  void inferenceComponentTagsAreListedAndSearchIsUnaffected() {
    List<Tag> tags =
        sageMaker
            .listTags(r -> r.resourceArn(SM + "inference-component/ic-003").maxResults(50))
            .tags();
    assertThat(tags)
        .extracting(Tag::key, Tag::value)
        .containsExactly(Tuple.tuple("team", "search"));
    assertThat(sageMaker.listTags(r -> r.resourceArn(SM + "inference-component/ic-004")).tags())
        .isEmpty();
    assertThat(sageMaker.search(r -> r.resource(ResourceType.ENDPOINT)).results()).hasSize(2);
  }

  // ---------------------------------------------------------------- DescribeAlarms

  @Test
  void describeAlarmsPagesMetricAlarmsOnlyByDefault() {
    List<DescribeAlarmsResponse> pages =
        cloudWatch.describeAlarmsPaginator(r -> {}).stream().toList();
    // 120 plain alarms and one metric-math alarm, 50 a page by default; composite alarms left out.
    assertThat(pages).extracting(p -> p.metricAlarms().size()).containsExactly(50, 50, 21);
    assertThat(pages).allSatisfy(p -> assertThat(p.compositeAlarms()).isEmpty());
    List<String> names =
        pages.stream().flatMap(p -> p.metricAlarms().stream()).map(MetricAlarm::alarmName).toList();
    assertThat(names).hasSize(121).doesNotHaveDuplicates().isSorted();
    assertThat(names.get(0)).isEqualTo("alarm-000");
    assertThat(names.get(120)).isEqualTo("latency-math");

    assertThat(
            cloudWatch.describeAlarmsPaginator(r -> r.maxRecords(100)).stream()
                .map(p -> p.metricAlarms().size())
                .toList())
        .containsExactly(100, 21);
    DescribeAlarmsResponse composites =
        cloudWatch.describeAlarms(r -> r.alarmTypes(AlarmType.COMPOSITE_ALARM));
    assertThat(composites.metricAlarms()).isEmpty();
    assertThat(composites.compositeAlarms())
        .extracting(c -> c.alarmName())
        .containsExactly("endpoint-health", "fleet-health");
    assertThat(composites.compositeAlarms().get(0).alarmRule())
        .isEqualTo("ALARM(\"alarm-000\") OR ALARM(\"latency-math\")");
    DescribeAlarmsResponse both =
        cloudWatch.describeAlarms(
            r -> r.alarmTypes(AlarmType.METRIC_ALARM, AlarmType.COMPOSITE_ALARM).maxRecords(100));
    assertThat(both.metricAlarms()).hasSize(100);
    assertThat(both.nextToken()).isNotNull();
    DescribeAlarmsResponse rest =
        cloudWatch.describeAlarms(
            r ->
                r.alarmTypes(AlarmType.METRIC_ALARM, AlarmType.COMPOSITE_ALARM)
                    .maxRecords(100)
                    .nextToken(both.nextToken()));
    assertThat(rest.metricAlarms()).hasSize(21);
    assertThat(rest.compositeAlarms()).hasSize(2);
    assertThat(rest.nextToken()).isNull();
  }

  @Test
  void describeAlarmsFilters() {
    // alarm-000, alarm-003, …, alarm-117 are in ALARM: 40 of them.
    assertThat(alarms(r -> r.stateValue(StateValue.ALARM))).hasSize(40);
    // The other 80 plain alarms and latency-math.
    assertThat(alarms(r -> r.stateValue(StateValue.OK))).hasSize(81);
    assertThat(alarms(r -> r.stateValue(StateValue.INSUFFICIENT_DATA))).isEmpty();
    // alarm-100 … alarm-119.
    assertThat(alarms(r -> r.alarmNamePrefix("alarm-1"))).hasSize(20);
    // Every fourth plain alarm notifies the on-call topic (alarm-000, alarm-004, …, alarm-116), and
    // latency-math its "oncall-math" topic. Only AlarmActions count: every plain alarm has
    // OKActions.
    assertThat(alarms(r -> r.actionPrefix(TOPIC))).hasSize(31);
    assertThat(alarms(r -> r.actionPrefix(TOPIC + "-")))
        .extracting(MetricAlarm::alarmName)
        .containsExactly("latency-math");
    assertThat(alarms(r -> r.actionPrefix("arn:aws:sns:" + REGION + ":" + A + ":ok-"))).isEmpty();
    assertThat(alarms(r -> r.alarmNames("alarm-007", "latency-math", "no-such-alarm")))
        .extracting(MetricAlarm::alarmName)
        .containsExactly("alarm-007", "latency-math");
    assertThat(alarms(r -> r.alarmNames("endpoint-health"))).isEmpty(); // a composite alarm
  }

  @Test
  void describeAlarmsReturnsDimensionsMetricMathAndTimestampsIntact() {
    MetricAlarm plain = alarms(r -> r.alarmNames("alarm-005")).get(0);
    assertThat(plain.alarmArn()).isEqualTo(CW + "alarm-005");
    assertThat(plain.namespace()).isEqualTo("AWS/SageMaker");
    assertThat(plain.metricName()).isEqualTo("ModelLatency");
    assertThat(plain.dimensions())
        .containsExactly(
            Dimension.builder().name("EndpointName").value("ep-b").build(),
            Dimension.builder().name("VariantName").value("AllTraffic").build());
    assertThat(plain.statisticAsString()).isEqualTo("Average");
    assertThat(plain.period()).isEqualTo(300);
    assertThat(plain.evaluationPeriods()).isEqualTo(3);
    assertThat(plain.threshold()).isEqualTo(250000.5);
    assertThat(plain.comparisonOperatorAsString()).isEqualTo("GreaterThanThreshold");
    assertThat(plain.stateValue()).isEqualTo(StateValue.OK);
    assertThat(plain.actionsEnabled()).isFalse();
    assertThat(plain.alarmActions()).isEmpty();
    assertThat(plain.stateUpdatedTimestamp()).isEqualTo(Instant.parse("2025-03-01T12:30:00.250Z"));
    assertThat(plain.alarmConfigurationUpdatedTimestamp()).isEqualTo(Instant.ofEpochSecond(T0));

    MetricAlarm math = alarms(r -> r.alarmNames("latency-math")).get(0);
    assertThat(math.metricName()).isNull();
    assertThat(math.actionsEnabled()).isTrue();
    assertThat(math.alarmActions()).containsExactly(TOPIC + "-math");
    assertThat(math.thresholdMetricId()).isNull();
    assertThat(math.metrics()).extracting(MetricDataQuery::id).containsExactly("m1", "m2", "e1");
    MetricDataQuery m1 = math.metrics().get(0);
    assertThat(m1.metricStat().metric().namespace()).isEqualTo("AWS/SageMaker");
    assertThat(m1.metricStat().metric().metricName()).isEqualTo("Invocation5XXErrors");
    assertThat(m1.metricStat().metric().dimensions())
        .containsExactly(
            Dimension.builder().name("EndpointName").value("ep-a").build(),
            Dimension.builder().name("VariantName").value("AllTraffic").build());
    assertThat(m1.metricStat().period()).isEqualTo(60);
    assertThat(m1.metricStat().stat()).isEqualTo("Sum");
    assertThat(m1.returnData()).isFalse();
    assertThat(math.metrics().get(1).metricStat().metric().metricName()).isEqualTo("Invocations");
    MetricDataQuery e1 = math.metrics().get(2);
    assertThat(e1.expression()).isEqualTo("100 * m1 / m2");
    assertThat(e1.label()).isEqualTo("5XX rate & more <%>");
    assertThat(e1.returnData()).isTrue();
    assertThat(e1.metricStat()).isNull();
  }

  @Test
  void describeAlarmsRefusesWhatAwsRefuses() {
    assertThatThrownBy(() -> cloudWatch.describeAlarms(r -> r.maxRecords(101)))
        .isInstanceOfSatisfying(
            CloudWatchException.class,
            e -> {
              assertThat(e.statusCode()).isEqualTo(400);
              assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationError");
              assertThat(e.awsErrorDetails().errorMessage())
                  .isEqualTo(
                      "1 validation error detected: Value '101' at 'maxRecords' failed to satisfy constraint: Member must have value less than or equal to 100");
            });
    assertThatThrownBy(() -> cloudWatch.describeAlarms(r -> r.maxRecords(0)))
        .hasMessageContaining("greater than or equal to 1");
    assertThatThrownBy(() -> cloudWatch.describeAlarms(r -> r.stateValue("BROKEN")))
        .isInstanceOfSatisfying(
            CloudWatchException.class,
            e ->
                assertThat(e.awsErrorDetails().errorMessage())
                    .contains("at 'stateValue'", "[OK, ALARM, INSUFFICIENT_DATA]"));
    assertThatThrownBy(() -> cloudWatch.describeAlarms(r -> r.alarmTypesWithStrings("SomeAlarm")))
        .isInstanceOfSatisfying(
            CloudWatchException.class,
            e -> assertThat(e.awsErrorDetails().errorMessage()).contains("at 'alarmTypes'"));
    assertThatThrownBy(() -> cloudWatch.describeAlarms(r -> r.nextToken("garbage")))
        .isInstanceOfSatisfying(
            InvalidNextTokenException.class, e -> assertThat(e.statusCode()).isEqualTo(400));
    assertThatThrownBy(
            () ->
                cloudWatch.describeAlarms(r -> r.alarmNames("alarm-001").alarmNamePrefix("alarm")))
        .isInstanceOfSatisfying(
            CloudWatchException.class,
            e ->
                assertThat(e.awsErrorDetails().errorCode())
                    .isEqualTo("InvalidParameterCombination"));
  }

  // ---------------------------------------------------------------- denied roles

  @Test
  void aRolesDeniedActionsAreRefusedOnePerOperation() {
    AwsCredentialsProvider noDescribe = role("no-describe");
    SageMakerClient sm = clients.sageMaker(Region.EU_WEST_1, noDescribe, new CallCounter(), null);
    CloudWatchClient cw = clients.cloudWatch(Region.EU_WEST_1, noDescribe, new CallCounter());
    // Listing is allowed; describing is not.
    assertThat(sm.listInferenceComponents(r -> r.maxResults(5)).inferenceComponents()).hasSize(5);
    assertThatThrownBy(() -> sm.describeInferenceComponent(r -> r.inferenceComponentName("ic-001")))
        .isInstanceOfSatisfying(
            SageMakerException.class,
            e -> {
              assertThat(e.statusCode()).isEqualTo(400);
              assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDeniedException");
              assertThat(e.awsErrorDetails().errorMessage())
                  .contains("is not authorized to perform: sagemaker:DescribeInferenceComponent");
            });
    assertThatThrownBy(() -> cw.describeAlarms(r -> {}))
        .isInstanceOfSatisfying(
            CloudWatchException.class,
            e -> {
              assertThat(e.statusCode()).isEqualTo(403);
              assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDenied");
              assertThat(e.awsErrorDetails().errorMessage())
                  .startsWith("User: arn:aws:sts::" + A + ":assumed-role/no-describe/")
                  .endsWith(
                      " is not authorized to perform: cloudwatch:DescribeAlarms on resource: arn:aws:cloudwatch:eu-west-1:"
                          + A
                          + ":alarm:* because no identity-based policy allows the cloudwatch:DescribeAlarms action");
            });
    // Denying DescribeAlarms leaves GetMetricData alone.
    assertThat(
            cw.getMetricData(
                    r ->
                        r.startTime(Instant.ofEpochSecond(T0))
                            .endTime(Instant.ofEpochSecond(T0 + 3600))
                            .metricDataQueries(
                                q ->
                                    q.id("q")
                                        .metricStat(
                                            s ->
                                                s.period(60)
                                                    .stat("Sum")
                                                    .metric(
                                                        m ->
                                                            m.namespace("AWS/SageMaker")
                                                                .metricName("Invocations")))))
                .metricDataResults())
        .hasSize(1);

    AwsCredentialsProvider noList = role("no-list");
    SageMakerClient listDenied =
        clients.sageMaker(Region.EU_WEST_1, noList, new CallCounter(), null);
    assertThatThrownBy(() -> listDenied.listInferenceComponents(r -> {}))
        .isInstanceOfSatisfying(
            SageMakerException.class,
            e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDeniedException"));
    assertThat(
            listDenied
                .describeInferenceComponent(r -> r.inferenceComponentName("ic-001"))
                .endpointName())
        .isEqualTo("ep-b");
    // Denying GetMetricData leaves DescribeAlarms alone.
    CloudWatchClient metricsDenied =
        clients.cloudWatch(Region.EU_WEST_1, noList, new CallCounter());
    assertThat(metricsDenied.describeAlarms(r -> r.maxRecords(1)).metricAlarms()).hasSize(1);
    assertThatThrownBy(
            () ->
                metricsDenied.getMetricData(
                    r ->
                        r.startTime(Instant.ofEpochSecond(T0))
                            .endTime(Instant.ofEpochSecond(T0 + 60))
                            .metricDataQueries(
                                q ->
                                    q.id("q")
                                        .metricStat(
                                            s ->
                                                s.period(60)
                                                    .stat("Sum")
                                                    .metric(
                                                        m ->
                                                            m.namespace("AWS/SageMaker")
                                                                .metricName("Invocations"))))))
        .isInstanceOfSatisfying(
            CloudWatchException.class,
            e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDenied"));
  }

  @Test
  void theRequestLogCountsDescribeAlarmsItems() {
    int before = simulator.requestLog().size();
    cloudWatch.describeAlarms(r -> r.maxRecords(7));
    RequestLog.Entry entry = simulator.requestLog().entries().get(before);
    assertThat(entry.operation()).isEqualTo("DescribeAlarms");
    assertThat(entry.items()).isEqualTo(7);
  }

  // ---------------------------------------------------------------- helpers

  private static int count(Consumer<ListInferenceComponentsRequest.Builder> filter) {
    return (int)
        sageMaker
            .listInferenceComponentsPaginator(r -> filter.accept(r.maxResults(100)))
            .inferenceComponents()
            .stream()
            .count();
  }

  private static List<MetricAlarm> alarms(Consumer<DescribeAlarmsRequest.Builder> filter) {
    List<MetricAlarm> all = new ArrayList<>();
    cloudWatch.describeAlarmsPaginator(filter).forEach(p -> all.addAll(p.metricAlarms()));
    return all;
  }

  private static void assertValidation(ThrowableAssert.ThrowingCallable call, String message) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            SageMakerException.class,
            e -> {
              assertThat(e.statusCode()).isEqualTo(400);
              assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
              assertThat(e.awsErrorDetails().errorMessage()).contains(message);
            });
  }

  private static AwsCredentialsProvider role(String name) {
    return clients.assumeRole(
        "arn:aws:iam::" + A + ":role/" + name,
        Optional.empty(),
        "test",
        Region.EU_WEST_1,
        new CallCounter());
  }

  // ---------------------------------------------------------------- the portfolio

  private static ObjectNode portfolio() {
    ObjectNode root = JSON.createObjectNode();
    ObjectNode region = root.putObject("accounts").putObject(A).putObject(REGION);
    ArrayNode endpoints = region.putArray("endpoints");
    for (String name : List.of("ep-a", "ep-b")) {
      ObjectNode e = endpoints.addObject();
      e.put("EndpointName", name);
      e.put("EndpointArn", SM + "endpoint/" + name);
      e.put("EndpointStatus", "InService");
      e.put("CreationTime", "2024-12-01T00:00:00Z");
      e.put("LastModifiedTime", "2024-12-01T00:00:00Z");
    }
    ArrayNode components = region.putArray("inferenceComponents");
    for (int i = 0; i < COMPONENTS; i++) {
      String name = String.format("ic-%03d", i);
      String endpoint = i % 2 == 0 ? "ep-a" : "ep-b";
      boolean failed = i % 10 == 0;
      ObjectNode c = components.addObject();
      c.put("InferenceComponentName", name);
      c.put("InferenceComponentArn", SM + "inference-component/" + name);
      c.put("EndpointName", endpoint);
      c.put("EndpointArn", SM + "endpoint/" + endpoint);
      c.put("VariantName", "AllTraffic");
      ObjectNode spec = c.putObject("Specification");
      spec.put("ModelName", "model-" + i);
      spec.putObject("Container")
          .putObject("DeployedImage")
          .put("SpecifiedImage", "123456789012.dkr.ecr.eu-west-1.amazonaws.com/serve:1");
      spec.putObject("ComputeResourceRequirements")
          .put("MinMemoryRequiredInMb", 1024)
          .put("NumberOfCpuCoresRequired", 1.5);
      c.putObject("RuntimeConfig")
          .put("DesiredCopyCount", 2)
          .put("CurrentCopyCount", failed ? 0 : 2);
      c.put("CreationTime", T0 + i * 60L);
      c.put("LastModifiedTime", "2025-02-01T00:00:00Z");
      c.put("InferenceComponentStatus", failed ? "Failed" : "InService");
      if (failed) {
        c.put("FailureReason", "CapacityError: not enough accelerators");
      }
      if (i == 3) {
        c.putArray("Tags").addObject().put("Key", "team").put("Value", "search");
      }
    }
    // An adapter on ic-001, created before every other component, with no runtime config of its
    // own.
    ObjectNode adapter = components.addObject();
    adapter.put("InferenceComponentName", "adapter-1");
    adapter.put("InferenceComponentArn", SM + "inference-component/adapter-1");
    adapter.put("EndpointName", "ep-b");
    adapter.put("EndpointArn", SM + "endpoint/ep-b");
    adapter.put("VariantName", "Adapters");
    adapter.putObject("Specification").put("BaseInferenceComponentName", "ic-001");
    adapter.put("CreationTime", "2024-12-31T00:00:00Z");
    adapter.put("LastModifiedTime", "2024-12-31T00:00:00Z");
    adapter.put("InferenceComponentStatus", "InService");

    ArrayNode alarms = region.putArray("metricAlarms");
    for (int i = 0; i < PLAIN_ALARMS; i++) {
      String name = String.format("alarm-%03d", i);
      ObjectNode a = alarms.addObject();
      a.put("AlarmName", name);
      a.put("AlarmArn", CW + name);
      a.put("Namespace", "AWS/SageMaker");
      a.put("MetricName", "ModelLatency");
      ArrayNode dims = a.putArray("Dimensions");
      dims.addObject().put("Name", "EndpointName").put("Value", i % 2 == 0 ? "ep-a" : "ep-b");
      dims.addObject().put("Name", "VariantName").put("Value", "AllTraffic");
      a.put("Statistic", "Average");
      a.put("Period", 300);
      a.put("EvaluationPeriods", 3);
      a.put("Threshold", 250000.5);
      a.put("ComparisonOperator", "GreaterThanThreshold");
      a.put("StateValue", i % 3 == 0 ? "ALARM" : "OK");
      a.put("StateUpdatedTimestamp", "2025-03-01T12:30:00.250Z");
      a.put("AlarmConfigurationUpdatedTimestamp", T0);
      boolean notifies = i % 4 == 0;
      a.put("ActionsEnabled", notifies);
      ArrayNode actions = a.putArray("AlarmActions");
      if (notifies) {
        actions.add(TOPIC);
      }
      a.putArray("OKActions").add("arn:aws:sns:" + REGION + ":" + A + ":ok-" + i);
    }
    ObjectNode math = alarms.addObject();
    math.put("AlarmName", "latency-math");
    math.put("AlarmArn", CW + "latency-math");
    math.put("EvaluationPeriods", 5);
    math.put("Threshold", 1.0);
    math.put("ComparisonOperator", "GreaterThanOrEqualToThreshold");
    math.put("StateValue", "OK");
    math.put("ActionsEnabled", true);
    math.putArray("AlarmActions").add(TOPIC + "-math");
    ArrayNode metrics = math.putArray("Metrics");
    metrics.add(metricStat("m1", "Invocation5XXErrors"));
    metrics.add(metricStat("m2", "Invocations"));
    metrics
        .addObject()
        .put("Id", "e1")
        .put("Expression", "100 * m1 / m2")
        .put("Label", "5XX rate & more <%>")
        .put("ReturnData", true);

    ArrayNode composites = region.putArray("compositeAlarms");
    for (String name : List.of("fleet-health", "endpoint-health")) {
      ObjectNode c = composites.addObject();
      c.put("AlarmName", name);
      c.put("AlarmArn", CW + name);
      c.put("AlarmRule", "ALARM(\"alarm-000\") OR ALARM(\"latency-math\")");
      c.put("StateValue", "ALARM");
      c.put("StateUpdatedTimestamp", T0);
    }

    ObjectNode metricData = region.putArray("metricData").addObject();
    metricData.put("Namespace", "AWS/SageMaker");
    metricData
        .putArray("MetricData")
        .addObject()
        .put("MetricName", "Invocations")
        .put("Value", 3.0)
        .put("Timestamp", T0 + 30);

    ObjectNode roles = root.putObject("roles").putObject(A);
    roles
        .putObject("no-describe")
        .putArray("DeniedActions")
        .add("sagemaker:DescribeInferenceComponent")
        .add("cloudwatch:DescribeAlarms");
    roles
        .putObject("no-list")
        .putArray("DeniedActions")
        .add("sagemaker:ListInferenceComponents")
        .add("cloudwatch:GetMetricData");
    return root;
  }

  private static ObjectNode metricStat(String id, String metric) {
    ObjectNode query = JSON.createObjectNode();
    query.put("Id", id);
    ObjectNode stat = query.putObject("MetricStat");
    ObjectNode m = stat.putObject("Metric");
    m.put("Namespace", "AWS/SageMaker");
    m.put("MetricName", metric);
    ArrayNode dims = m.putArray("Dimensions");
    dims.addObject().put("Name", "EndpointName").put("Value", "ep-a");
    dims.addObject().put("Name", "VariantName").put("Value", "AllTraffic");
    stat.put("Period", 60);
    stat.put("Stat", "Sum");
    query.put("ReturnData", false);
    return query;
  }
}
