package io.smgov.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smgov.aws.AwsClients;
import io.smgov.aws.CallCounter;
import io.smgov.aws.RateLimiter;
import io.smgov.testing.TestAws;
import io.smgov.wire.SdkJson;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemaker.model.CrossAccountFilterOption;
import software.amazon.awssdk.services.sagemaker.model.DescribeModelPackageResponse;
import software.amazon.awssdk.services.sagemaker.model.Filter;
import software.amazon.awssdk.services.sagemaker.model.LineageType;
import software.amazon.awssdk.services.sagemaker.model.ModelPackageGroupSummary;
import software.amazon.awssdk.services.sagemaker.model.ModelPackageType;
import software.amazon.awssdk.services.sagemaker.model.Operator;
import software.amazon.awssdk.services.sagemaker.model.QueryLineageResponse;
import software.amazon.awssdk.services.sagemaker.model.ResourceNotFoundException;
import software.amazon.awssdk.services.sagemaker.model.ResourceType;
import software.amazon.awssdk.services.sagemaker.model.SageMakerException;
import software.amazon.awssdk.services.sagemaker.model.SearchRecord;
import software.amazon.awssdk.services.sagemaker.model.Vertex;
import software.amazon.awssdk.services.sts.model.StsException;

/**
 * The simulator driven by the real SDK v2 clients: paginators past 100 items, throttling retried by
 * the SDK and counted, errors with AWS's codes, AssumeRole routing, S3 report reads.
 */
class SimulatorTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String A = PortfolioGenerator.accountId(0);
  private static final String B = PortfolioGenerator.accountId(1);
  private static final String REGION = "eu-west-1";
  private static final String BIG_GROUP = "big-group";
  private static final int BIG_VERSIONS = 130;
  private static final int EXTRA_ENDPOINTS = 105;
  private static final int MODEL_CARDS = 120;
  private static final int MANY_TAGS = 61;

  private static ObjectNode document;
  private static Simulator simulator;
  private static AwsClients clients;
  private static SageMakerClient sageMaker;
  private static CallCounter counter;

  @BeforeAll
  static void start() {
    document =
        PortfolioGenerator.generate(
                new PortfolioGenerator.Spec(
                    2, List.of(REGION), 110, 2, 11L, PortfolioGenerator.DEFAULT_AS_OF))
            .portfolio();
    ObjectNode region = (ObjectNode) document.path("accounts").path(A).path(REGION);
    addBigGroup(region);
    addEndpoints(region);
    addModelCards(region);
    addTags((ObjectNode) region.path("modelPackageGroups").get(0));
    shareFirstGroupOf(B, A);
    simulator =
        Simulator.start(PortfolioLoader.fromJson(document, "test"), Simulator.Options.defaults());
    clients = TestAws.clients(simulator.endpoint());
    counter = new CallCounter();
    sageMaker = clients.sageMaker(Region.EU_WEST_1, TestAws.CALLER, counter, null);
  }

  @AfterAll
  static void stop() {
    clients.close();
    simulator.close();
  }

  @Test
  void registryPaginatorsWalkPastOneHundredItems() {
    List<ModelPackageGroupSummary> groups =
        sageMaker
            .listModelPackageGroupsPaginator(r -> r.maxResults(100))
            .modelPackageGroupSummaryList()
            .stream()
            .toList();
    assertThat(groups).hasSize(region(A).path("modelPackageGroups").size()).hasSizeGreaterThan(100);
    assertThat(groups)
        .extracting(ModelPackageGroupSummary::modelPackageGroupName)
        .doesNotHaveDuplicates();

    List<String> versions =
        sageMaker
            .listModelPackagesPaginator(
                r ->
                    r.modelPackageGroupName(BIG_GROUP)
                        .modelPackageType(ModelPackageType.VERSIONED)
                        .maxResults(100))
            .modelPackageSummaryList()
            .stream()
            .map(s -> s.modelPackageArn())
            .toList();
    assertThat(versions).hasSize(BIG_VERSIONS).doesNotHaveDuplicates();

    List<SearchRecord> packages =
        sageMaker
            .searchPaginator(r -> r.resource(ResourceType.MODEL_PACKAGE).maxResults(100))
            .results()
            .stream()
            .toList();
    assertThat(packages).hasSize(region(A).path("modelPackages").size()).hasSizeGreaterThan(100);
    assertThat(packages.get(0).modelPackage().tags()).isNotEmpty();

    assertThat(
            sageMaker
                .searchPaginator(r -> r.resource(ResourceType.MODEL_PACKAGE_GROUP).maxResults(100))
                .results()
                .stream()
                .count())
        .isEqualTo(region(A).path("modelPackageGroups").size());
  }

  @Test
  void endpointModelCardTagAndLineagePaginatorsWalkPastTheirLimits() {
    assertThat(
            sageMaker.listEndpointsPaginator(r -> r.maxResults(100)).endpoints().stream().count())
        .isEqualTo(region(A).path("endpoints").size())
        .isGreaterThan(100);
    assertThat(
            sageMaker.listModelCardsPaginator(r -> r.maxResults(100)).modelCardSummaries().stream()
                .count())
        .isEqualTo(MODEL_CARDS);
    String taggedGroup =
        region(A).path("modelPackageGroups").get(0).path("ModelPackageGroupArn").asText();
    assertThat(
            sageMaker
                .listTagsPaginator(r -> r.resourceArn(taggedGroup).maxResults(50))
                .tags()
                .stream()
                .count())
        .isEqualTo(region(A).path("modelPackageGroups").get(0).path("Tags").size())
        .isGreaterThan(50);

    JsonNode lineage = region(A).path("lineage");
    assertThat(
            sageMaker.listArtifactsPaginator(r -> r.maxResults(100)).artifactSummaries().stream()
                .count())
        .isEqualTo(lineage.path("artifacts").size())
        .isGreaterThan(100);
    assertThat(
            sageMaker
                .listAssociationsPaginator(r -> r.maxResults(100))
                .associationSummaries()
                .stream()
                .count())
        .isEqualTo(lineage.path("associations").size());
    assertThat(
            sageMaker
                .listTrialComponentsPaginator(r -> r.maxResults(100))
                .trialComponentSummaries()
                .stream()
                .count())
        .isEqualTo(lineage.path("trialComponents").size());
    assertThat(
            sageMaker.listContextsPaginator(r -> r.maxResults(100)).contextSummaries().stream()
                .count())
        .isEqualTo(lineage.path("contexts").size());
    assertThat(
            sageMaker.listActionsPaginator(r -> r.maxResults(100)).actionSummaries().stream()
                .count())
        .isEqualTo(lineage.path("actions").size());
    assertThat(
            sageMaker
                .listTrialComponentsPaginator(r -> r.maxResults(100))
                .trialComponentSummaries()
                .stream()
                .allMatch(
                    t ->
                        t.trialComponentSource() != null
                            && t.trialComponentSource().sourceArn() != null))
        .isTrue();
  }

  @Test
  void listModelPackagesWithoutAGroupListsOnlyUnversionedPackagesAsAwsDoes() {
    assertThat(sageMaker.listModelPackages(r -> r.maxResults(100)).modelPackageSummaryList())
        .isEmpty();
    assertThat(
            sageMaker
                .listModelPackages(
                    r -> r.modelPackageType(ModelPackageType.VERSIONED).maxResults(100))
                .modelPackageSummaryList())
        .hasSize(100)
        .allSatisfy(s -> assertThat(s.modelPackageName()).isNull());
  }

  @Test
  void pageSizesFollowTheRealDefaultsAndLimits() {
    assertThat(sageMaker.listEndpoints(r -> {}).endpoints()).hasSize(10);
    assertThatThrownBy(() -> sageMaker.listEndpoints(r -> r.maxResults(101)))
        .isInstanceOf(SageMakerException.class)
        .hasMessageContaining("less than or equal to 100");
    String groupArn =
        region(A).path("modelPackageGroups").get(0).path("ModelPackageGroupArn").asText();
    assertThatThrownBy(() -> sageMaker.listTags(r -> r.resourceArn(groupArn).maxResults(10)))
        .isInstanceOf(SageMakerException.class)
        .hasMessageContaining("greater than or equal to 50");
    assertThat(sageMaker.listTags(r -> r.resourceArn(groupArn).maxResults(500)).tags()).hasSize(50);
  }

  @Test
  void queryLineagePagesFiftyVerticesAndRefusesAPackageArn() {
    String context = region(A).path("lineage").path("contexts").get(0).path("ContextArn").asText();
    // The big group's context is associated with every one of its package artifacts.
    String bigContext = null;
    for (JsonNode c : region(A).path("lineage").path("contexts")) {
      if (c.path("ContextName").asText().startsWith(BIG_GROUP)) {
        bigContext = c.path("ContextArn").asText();
      }
    }
    String start = bigContext == null ? context : bigContext;
    List<Vertex> vertices = new ArrayList<>();
    String token = null;
    int pages = 0;
    do {
      String next = token;
      QueryLineageResponse page =
          sageMaker.queryLineage(
              r ->
                  r.startArns(start)
                      .direction("Ascendants")
                      .includeEdges(true)
                      .maxResults(50)
                      .nextToken(next));
      assertThat(page.vertices().size()).isLessThanOrEqualTo(50);
      vertices.addAll(page.vertices());
      token = page.nextToken();
      pages++;
    } while (token != null);
    assertThat(pages).isGreaterThan(1);
    assertThat(vertices.stream().map(Vertex::arn)).doesNotHaveDuplicates();
    assertThat(vertices).anySatisfy(v -> assertThat(v.type()).isEqualTo("DataSet"));
    assertThat(vertices)
        .anySatisfy(v -> assertThat(v.lineageType()).isEqualTo(LineageType.TRIAL_COMPONENT));

    String packageArn = region(A).path("modelPackages").get(0).path("ModelPackageArn").asText();
    assertThatThrownBy(() -> sageMaker.queryLineage(r -> r.startArns(packageArn)))
        .isInstanceOfSatisfying(
            SageMakerException.class,
            e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException"));
  }

  @Test
  void aMissingPackageIsAValidationExceptionNotANotFound() {
    assertThatThrownBy(
            () ->
                sageMaker.describeModelPackage(
                    r ->
                        r.modelPackageName(
                            "arn:aws:sagemaker:eu-west-1:" + A + ":model-package/nope/1")))
        .isInstanceOfSatisfying(
            SageMakerException.class,
            e -> {
              assertThat(e.getClass()).isEqualTo(SageMakerException.class);
              assertThat(e.statusCode()).isEqualTo(400);
              assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
            });
    assertThatThrownBy(() -> sageMaker.describeModelCard(r -> r.modelCardName("no-such-card")))
        .isInstanceOf(ResourceNotFoundException.class);
  }

  @Test
  void timestampsInTheFileArriveAsTheSameInstants() {
    JsonNode first = region(A).path("modelPackages").get(0);
    DescribeModelPackageResponse described =
        sageMaker.describeModelPackage(
            r -> r.modelPackageName(first.path("ModelPackageArn").asText()));
    Instant expected = SdkJson.parseTimestamp(first.path("CreationTime")).orElseThrow();
    assertThat(described.creationTime()).isEqualTo(expected);
    assertThat(described.modelApprovalStatusAsString())
        .isEqualTo(first.path("ModelApprovalStatus").asText());
  }

  @Test
  void searchFiltersByTimeStatusAndExistence() {
    Instant cutoff = PortfolioGenerator.DEFAULT_AS_OF.minusSeconds(30L * 86_400);
    List<SearchRecord> recent =
        sageMaker
            .searchPaginator(
                r ->
                    r.resource(ResourceType.MODEL_PACKAGE)
                        .maxResults(100)
                        .searchExpression(
                            e ->
                                e.filters(
                                    Filter.builder()
                                        .name("LastModifiedTime")
                                        .operator(Operator.GREATER_THAN)
                                        .value(cutoff.toString().replace("Z", ""))
                                        .build(),
                                    Filter.builder()
                                        .name("ModelApprovalStatus")
                                        .operator(Operator.IN)
                                        .value("Approved,Rejected")
                                        .build(),
                                    Filter.builder()
                                        .name("ModelPackageGroupName")
                                        .operator(Operator.EXISTS)
                                        .build())))
            .results()
            .stream()
            .toList();
    long expected = 0;
    for (JsonNode p : region(A).path("modelPackages")) {
      Instant modified = SdkJson.parseTimestamp(p.path("LastModifiedTime")).orElseThrow();
      String status = p.path("ModelApprovalStatus").asText();
      if (modified.isAfter(cutoff) && (status.equals("Approved") || status.equals("Rejected"))) {
        expected++;
      }
    }
    assertThat(recent).hasSize((int) expected);
    assertThat(recent)
        .allSatisfy(r -> assertThat(r.modelPackage().lastModifiedTime()).isAfter(cutoff));
    // Sorted by LastModifiedTime, newest first, by default.
    for (int i = 1; i < recent.size(); i++) {
      assertThat(recent.get(i - 1).modelPackage().lastModifiedTime())
          .isAfterOrEqualTo(recent.get(i).modelPackage().lastModifiedTime());
    }
    assertThatThrownBy(
            () ->
                sageMaker.search(
                    r ->
                        r.resource(ResourceType.MODEL_PACKAGE)
                            .searchExpression(
                                e ->
                                    e.filters(
                                        Filter.builder()
                                            .name("ModelPackageGroupName")
                                            .operator(Operator.GREATER_THAN)
                                            .value("a")
                                            .build()))))
        .isInstanceOf(SageMakerException.class)
        .hasMessageContaining("Range operators");
  }

  @Test
  void throttlingIsRetriedByTheSdkAndCounted() {
    try (Simulator throttled =
            Simulator.start(
                PortfolioLoader.fromJson(document, "test"),
                Simulator.Options.defaults().withThrottleRps(5));
        AwsClients throttledClients = TestAws.clients(throttled.endpoint())) {
      CallCounter calls = new CallCounter();
      SageMakerClient client =
          throttledClients.sageMaker(Region.EU_WEST_1, TestAws.CALLER, calls, null);
      String group =
          region(A).path("modelPackageGroups").get(1).path("ModelPackageGroupName").asText();
      for (int i = 0; i < 25; i++) {
        assertThat(
                client
                    .describeModelPackageGroup(r -> r.modelPackageGroupName(group))
                    .modelPackageGroupName())
            .isEqualTo(group);
      }
      long throttledInLog = throttled.requestLog().count(RequestLog.Entry::throttled);
      assertThat(throttledInLog).isGreaterThan(0);
      assertThat(calls.throttled()).isEqualTo(throttledInLog);
      assertThat(calls.total()).isEqualTo(throttled.requestLog().size());
      assertThat(throttled.requestLog().count(e -> e.succeeded())).isEqualTo(25);
    }
  }

  @Test
  void aRateLimiterKeepsAnAccountUnderTheThrottle() {
    try (Simulator throttled =
            Simulator.start(
                PortfolioLoader.fromJson(document, "test"),
                Simulator.Options.defaults().withThrottleRps(20));
        AwsClients throttledClients = TestAws.clients(throttled.endpoint())) {
      SageMakerClient client =
          throttledClients.sageMaker(
              Region.EU_WEST_1, TestAws.CALLER, new CallCounter(), new RateLimiter(15));
      for (int i = 0; i < 40; i++) {
        client.listEndpoints(r -> r.maxResults(1));
      }
      assertThat(throttled.requestLog().count(RequestLog.Entry::throttled)).isZero();
    }
  }

  @Test
  void assumeRoleRoutesToTheRolesAccountAndRefusesAWrongExternalId() {
    CallCounter calls = new CallCounter();
    AwsCredentialsProvider role =
        clients.assumeRole(
            "arn:aws:iam::" + B + ":role/" + PortfolioGenerator.READER_ROLE,
            Optional.of(PortfolioGenerator.EXTERNAL_ID),
            "smgov-test",
            Region.EU_WEST_1,
            calls);
    SageMakerClient inB = clients.sageMaker(Region.EU_WEST_1, role, calls, null);
    assertThat(inB.listModelPackageGroups(r -> r.maxResults(100)).modelPackageGroupSummaryList())
        .allSatisfy(g -> assertThat(g.modelPackageGroupArn()).contains(":" + B + ":"));
    assertThat(calls.count("STS:AssumeRole")).isEqualTo(1);

    AwsCredentialsProvider wrong =
        clients.assumeRole(
            "arn:aws:iam::" + B + ":role/" + PortfolioGenerator.READER_ROLE,
            Optional.of("not-the-external-id"),
            "smgov-test",
            Region.EU_WEST_1,
            calls);
    SageMakerClient denied = clients.sageMaker(Region.EU_WEST_1, wrong, calls, null);
    assertThatThrownBy(() -> denied.listModelPackageGroups(r -> {}))
        .isInstanceOfSatisfying(
            StsException.class,
            e -> {
              assertThat(e.statusCode()).isEqualTo(403);
              assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDenied");
            });
  }

  @Test
  void sharedGroupsAreDiscoverableAndReadableByArnButTheirTagsAreNot() {
    List<ModelPackageGroupSummary> shared =
        sageMaker
            .listModelPackageGroups(
                r -> r.crossAccountFilterOption(CrossAccountFilterOption.CROSS_ACCOUNT))
            .modelPackageGroupSummaryList();
    assertThat(shared).hasSize(1);
    String groupArn = shared.get(0).modelPackageGroupArn();
    assertThat(groupArn).contains(":" + B + ":");
    List<String> versions =
        sageMaker
            .listModelPackagesPaginator(
                r -> r.modelPackageGroupName(groupArn).modelPackageType(ModelPackageType.VERSIONED))
            .modelPackageSummaryList()
            .stream()
            .map(s -> s.modelPackageArn())
            .toList();
    assertThat(versions).isNotEmpty();
    assertThat(
            sageMaker
                .describeModelPackage(r -> r.modelPackageName(versions.get(0)))
                .modelPackageArn())
        .isEqualTo(versions.get(0));
    assertThatThrownBy(() -> sageMaker.listTags(r -> r.resourceArn(groupArn)))
        .isInstanceOfSatisfying(
            SageMakerException.class,
            e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDeniedException"));
    String unshared =
        region(B).path("modelPackageGroups").get(1).path("ModelPackageGroupArn").asText();
    assertThatThrownBy(
            () -> sageMaker.describeModelPackageGroup(r -> r.modelPackageGroupName(unshared)))
        .isInstanceOf(SageMakerException.class)
        .hasMessageContaining("not authorized");
  }

  @Test
  void s3ServesReportsAndAnswersMissingAndDeniedObjectsAsS3Does() throws Exception {
    String uri = null;
    String deniedUri = null;
    for (JsonNode p : region(A).path("modelPackages")) {
      String candidate =
          p.path("ModelMetrics").path("ModelQuality").path("Statistics").path("S3Uri").asText(null);
      if (candidate == null) {
        continue;
      }
      if (candidate.contains("restricted-reports")) {
        deniedUri = candidate;
      } else if (document.path("s3Objects").has(candidate) && uri == null) {
        uri = candidate;
      }
    }
    assertThat(uri).isNotNull();
    assertThat(deniedUri).isNotNull();
    S3Client s3 = clients.s3(Region.EU_WEST_1, TestAws.CALLER, new CallCounter());
    String[] location = uri.substring(5).split("/", 2);
    byte[] body = s3.getObjectAsBytes(r -> r.bucket(location[0]).key(location[1])).asByteArray();
    assertThat(JSON.readTree(body)).isEqualTo(document.path("s3Objects").path(uri));
    assertThatThrownBy(
            () -> s3.getObjectAsBytes(r -> r.bucket(location[0]).key(location[1] + ".missing")))
        .isInstanceOf(NoSuchKeyException.class);

    AwsCredentialsProvider role =
        clients.assumeRole(
            "arn:aws:iam::" + A + ":role/" + PortfolioGenerator.READER_ROLE,
            Optional.of(PortfolioGenerator.EXTERNAL_ID),
            "smgov-test",
            Region.EU_WEST_1,
            new CallCounter());
    S3Client asReader = clients.s3(Region.EU_WEST_1, role, new CallCounter());
    String[] denied = deniedUri.substring(5).split("/", 2);
    assertThatThrownBy(() -> asReader.getObjectAsBytes(r -> r.bucket(denied[0]).key(denied[1])))
        .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(403));
  }

  @Test
  void theRequestLogRecordsOperationAccountRegionAndStatus() {
    int before = simulator.requestLog().size();
    sageMaker.listEndpoints(r -> r.maxResults(5));
    assertThatThrownBy(() -> sageMaker.describeEndpoint(r -> r.endpointName("does-not-exist")))
        .isInstanceOf(SdkException.class);
    List<RequestLog.Entry> entries =
        simulator.requestLog().entries().subList(before, simulator.requestLog().size());
    assertThat(entries)
        .extracting(
            RequestLog.Entry::operation,
            RequestLog.Entry::account,
            RequestLog.Entry::region,
            RequestLog.Entry::status)
        .contains(
            Tuple.tuple("ListEndpoints", A, REGION, 200),
            Tuple.tuple("DescribeEndpoint", A, REGION, 400));
    assertThat(
            entries.stream()
                .filter(e -> e.operation().equals("ListEndpoints"))
                .findFirst()
                .orElseThrow()
                .items())
        .isEqualTo(5);
    assertThat(simulator.requestLog().countsByOperation()).containsKey("sagemaker:ListEndpoints");
  }

  // ---------------------------------------------------------------- portfolio helpers

  private static JsonNode region(String account) {
    return document.path("accounts").path(account).path(REGION);
  }

  private static void addBigGroup(ObjectNode region) {
    String arn = "arn:aws:sagemaker:" + REGION + ":" + A + ":model-package-group/" + BIG_GROUP;
    ObjectNode group = ((ArrayNode) region.get("modelPackageGroups")).addObject();
    group.put("ModelPackageGroupName", BIG_GROUP);
    group.put("ModelPackageGroupArn", arn);
    group.put("CreationTime", "2025-01-01T00:00:00Z");
    group.putObject("CreatedBy");
    group.put("ModelPackageGroupStatus", "Completed");
    ObjectNode lineage = (ObjectNode) region.get("lineage");
    String contextArn = "arn:aws:sagemaker:" + REGION + ":" + A + ":context/" + BIG_GROUP + "-ctx";
    ObjectNode context = ((ArrayNode) lineage.get("contexts")).addObject();
    context.put("ContextArn", contextArn);
    context.put("ContextName", BIG_GROUP + "-ctx");
    context.put("ContextType", "ModelGroup");
    context.put("CreationTime", "2025-01-01T00:00:00Z");
    String dataset = "arn:aws:sagemaker:" + REGION + ":" + A + ":artifact/big-dataset";
    ObjectNode datasetArtifact = ((ArrayNode) lineage.get("artifacts")).addObject();
    datasetArtifact.put("ArtifactArn", dataset);
    datasetArtifact.putObject("Source").put("SourceUri", "s3://data/big/");
    datasetArtifact.put("ArtifactType", "DataSet");
    datasetArtifact.put("CreationTime", "2025-01-01T00:00:00Z");
    String trainingJob =
        "arn:aws:sagemaker:" + REGION + ":" + A + ":experiment-trial-component/big-training";
    ObjectNode tc = ((ArrayNode) lineage.get("trialComponents")).addObject();
    tc.put("TrialComponentArn", trainingJob);
    tc.put("TrialComponentName", "big-training");
    tc.putObject("Source")
        .put("SourceArn", "arn:aws:sagemaker:eu-west-1:" + A + ":training-job/big")
        .put("SourceType", "SageMakerTrainingJob");
    tc.put("CreationTime", "2025-01-01T00:00:00Z");
    association(lineage, dataset, trainingJob);
    for (int v = 1; v <= BIG_VERSIONS; v++) {
      ObjectNode p = ((ArrayNode) region.get("modelPackages")).addObject();
      String packageArn =
          "arn:aws:sagemaker:" + REGION + ":" + A + ":model-package/" + BIG_GROUP + "/" + v;
      p.put("ModelPackageName", BIG_GROUP);
      p.put("ModelPackageGroupName", BIG_GROUP);
      p.put("ModelPackageVersion", v);
      p.put("ModelPackageArn", packageArn);
      p.put("CreationTime", 1_740_000_000L + v * 3600L);
      p.put("LastModifiedTime", 1_740_000_000L + v * 3600L);
      p.put("ModelPackageStatus", "Completed");
      p.put("ModelApprovalStatus", "Approved");
      ObjectNode artifact = ((ArrayNode) lineage.get("artifacts")).addObject();
      String artifactArn = "arn:aws:sagemaker:" + REGION + ":" + A + ":artifact/big-" + v;
      artifact.put("ArtifactArn", artifactArn);
      artifact.putObject("Source").put("SourceUri", packageArn);
      artifact.put("ArtifactType", "ModelPackage");
      artifact.put("CreationTime", 1_740_000_000L + v * 3600L);
      association(lineage, artifactArn, contextArn);
      association(lineage, trainingJob, artifactArn);
    }
  }

  private static void association(ObjectNode lineage, String source, String destination) {
    ObjectNode a = ((ArrayNode) lineage.get("associations")).addObject();
    a.put("SourceArn", source);
    a.put("DestinationArn", destination);
    a.put("AssociationType", "ContributedTo");
    a.put("CreationTime", "2025-01-02T00:00:00Z");
  }

  private static void addEndpoints(ObjectNode region) {
    for (int i = 0; i < EXTRA_ENDPOINTS; i++) {
      ObjectNode e = ((ArrayNode) region.get("endpoints")).addObject();
      e.put("EndpointName", "batch-endpoint-" + i);
      e.put(
          "EndpointArn", "arn:aws:sagemaker:" + REGION + ":" + A + ":endpoint/batch-endpoint-" + i);
      e.put("EndpointConfigName", "batch-config-" + i);
      e.put("EndpointStatus", "InService");
      e.put("CreationTime", 1_700_000_000L + i);
      e.put("LastModifiedTime", 1_700_000_000L + i);
    }
  }

  private static void addModelCards(ObjectNode region) {
    ArrayNode cards = region.putArray("modelCards");
    for (int i = 0; i < MODEL_CARDS; i++) {
      ObjectNode c = cards.addObject();
      c.put("ModelCardName", "card-" + i);
      c.put("ModelCardArn", "arn:aws:sagemaker:" + REGION + ":" + A + ":model-card/card-" + i);
      c.put("ModelCardVersion", 1);
      c.put("Content", "{}");
      c.put("ModelCardStatus", "Draft");
      c.put("CreationTime", "2025-03-01T10:00:00Z");
    }
  }

  private static void addTags(ObjectNode group) {
    ArrayNode tags = (ArrayNode) group.get("Tags");
    while (tags.size() < MANY_TAGS) {
      tags.addObject().put("Key", "extra-" + tags.size()).put("Value", "v");
    }
  }

  private static void shareFirstGroupOf(String owner, String consumer) {
    ObjectNode group =
        (ObjectNode)
            document.path("accounts").path(owner).path(REGION).path("modelPackageGroups").get(0);
    group.put(
        "ResourcePolicy",
        "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::"
            + consumer
            + ":root\"},\"Action\":[\"sagemaker:DescribeModelPackageGroup\",\"sagemaker:ListModelPackages\",\"sagemaker:DescribeModelPackage\"],\"Resource\":\"*\"}]}");
  }

  static String utf8(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
