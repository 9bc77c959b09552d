package io.smgov.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.smgov.model.ReadStrategy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExportConfigBuilderTest {
  @Test
  void defaultsAreTheDocumentedOnes() {
    Instant now = Instant.parse("2026-11-23T10:11:12.345678Z");
    ExportConfig config = new ExportConfigBuilder().warehouse("/tmp/w").now(now).build();
    assertThat(config.snapshotTime()).isEqualTo(Instant.parse("2026-11-23T10:11:12.345Z"));
    assertThat(config.strategy()).isEqualTo(ReadStrategy.SEARCH);
    assertThat(config.accounts()).isEmpty();
    assertThat(config.accountConcurrency()).isEqualTo(ExportConfig.Defaults.ACCOUNT_CONCURRENCY);
    assertThat(config.requestsPerSecond()).isEqualTo(ExportConfig.Defaults.REQUESTS_PER_SECOND);
    assertThat(config.maxReportBytes()).isEqualTo(ExportConfig.Defaults.MAX_REPORT_BYTES);
    assertThat(config.logFormat()).isEqualTo(ExportConfig.LogFormat.TEXT);
    assertThat(config.warehouse().isS3()).isFalse();
  }

  @Test
  void everyBadOptionIsReportedAtOnceWithItsName() {
    assertThatThrownBy(
            () ->
                new ExportConfigBuilder()
                    .warehouse("gs://bucket/x")
                    .accounts("12345,111111111111")
                    .regions("eu-west-1,mars-north-1")
                    .strategy("crawl")
                    .snapshotTime("yesterday")
                    .externalId("x1")
                    .build())
        .isInstanceOfSatisfying(
            ConfigException.class,
            e ->
                assertThat(e.problems())
                    .anySatisfy(
                        p ->
                            assertThat(p)
                                .startsWith("--warehouse: unsupported warehouse URI gs://bucket/x"))
                    .anySatisfy(
                        p ->
                            assertThat(p)
                                .isEqualTo(
                                    "--accounts: '12345' is not a 12-digit account id (or use org / org:ou-…)"))
                    .anySatisfy(
                        p ->
                            assertThat(p)
                                .startsWith("--regions: 'mars-north-1' is not an AWS region"))
                    .anySatisfy(p -> assertThat(p).startsWith("--strategy must be search or list"))
                    .anySatisfy(
                        p ->
                            assertThat(p)
                                .startsWith("--snapshot-time: 'yesterday' is not an ISO-8601 time"))
                    .anySatisfy(p -> assertThat(p).startsWith("--external-id needs --role-name")));
  }

  @Test
  void badBucketNamesAndMissingWarehouseAreRefused() {
    assertThatThrownBy(() -> new ExportConfigBuilder().warehouse("s3://Bad_Bucket/x").build())
        .hasMessageContaining("'Bad_Bucket' is not an S3 bucket name");
    assertThatThrownBy(() -> new ExportConfigBuilder().build())
        .hasMessageContaining("--warehouse is required");
    ExportConfig s3 = new ExportConfigBuilder().warehouse("s3://my-bucket/a/b/").build();
    assertThat(s3.warehouse().bucket()).isEqualTo("my-bucket");
    assertThat(s3.warehouse().prefix()).isEqualTo("a/b");
  }

  @Test
  void organizationDiscoveryNeedsARole() {
    assertThatThrownBy(() -> new ExportConfigBuilder().warehouse("/w").accounts("org").build())
        .hasMessageContaining("--accounts org needs --role-name");
    ExportConfig config =
        new ExportConfigBuilder()
            .warehouse("/w")
            .accounts("org:ou-ab12-cdef3456")
            .roleName("reader")
            .build();
    assertThat(config.organization()).isTrue();
    assertThat(config.organizationUnit()).contains("ou-ab12-cdef3456");
  }

  @Test
  void aConfigFileSuppliesOptionsAndTheCommandLineWins(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("export.yaml");
    Files.writeString(
        file,
        "warehouse: s3://from-file/w\naccounts: [111111111111, 222222222222]\nregions: eu-west-1\nrole-name: reader\nstrategy: list\n");
    ExportConfig config = new ExportConfigBuilder().strategy("search").configFile(file).build();
    assertThat(config.warehouse().bucket()).isEqualTo("from-file");
    assertThat(config.accounts()).containsExactly("111111111111", "222222222222");
    assertThat(config.strategy()).isEqualTo(ReadStrategy.SEARCH);
    Files.writeString(file, "warehouse: /w\nwarehous: typo\n");
    assertThatThrownBy(() -> new ExportConfigBuilder().configFile(file).build())
        .hasMessageContaining("--config " + file + ":2: warehous is not an option (known: ");
  }

  @Test
  void aBatchRefreshesEachNamedVersionOnceAndOnlyTheAccountsAndRegionsItNames() throws Exception {
    ObjectMapper json = new ObjectMapper();
    String a = "arn:aws:sagemaker:eu-west-1:111111111111:model-package/churn/3";
    String b = "arn:aws:sagemaker:eu-west-1:111111111111:model-package/fraud/12";
    String c = "arn:aws:sagemaker:us-east-1:222222222222:model-package/churn/1";
    String approval =
        "{\"source\":\"aws.sagemaker\",\"detail-type\":\"SageMaker Model Package State Change\","
            + "\"account\":\"%s\",\"region\":\"%s\",\"detail\":{\"ModelPackageArn\":\"%s\"}}";
    String groupOnly =
        "{\"source\":\"aws.sagemaker\",\"detail-type\":\"SageMaker Model Package State Change\","
            + "\"account\":\"111111111111\",\"region\":\"eu-west-1\","
            + "\"resources\":[\"arn:aws:sagemaker:eu-west-1:111111111111:model-package-group/fraud\"],"
            + "\"detail\":{\"ModelPackageGroupName\":\"fraud\"}}";
    String endpoint =
        "{\"source\":\"aws.sagemaker\",\"detail-type\":\"SageMaker Endpoint State Change\","
            + "\"account\":\"222222222222\",\"region\":\"us-east-1\",\"detail\":{\"EndpointName\":\"churn-prod\"}}";
    // An endpoint event the input transformer rendered without a name: every endpoint is read.
    String anyEndpoint =
        "{\"source\":\"aws.sagemaker\",\"detail-type\":\"SageMaker Endpoint Deployment State Change\","
            + "\"account\":\"111111111111\",\"region\":\"eu-west-1\",\"detail\":{\"EndpointName\":\"\"}}";
    // An SQS record (as a Pipe delivers it) holds the event as its body.
    String sqs =
        "{\"messageId\":\"m-1\",\"eventSource\":\"aws:sqs\",\"body\":"
            + json.writeValueAsString(String.format(approval, "111111111111", "eu-west-1", a))
            + "}";
    String batch =
        "["
            + String.format(approval, "111111111111", "eu-west-1", a)
            + ","
            + String.format(approval, "111111111111", "eu-west-1", b)
            + ","
            + sqs
            + ","
            + String.format(approval, "222222222222", "us-east-1", c)
            + ","
            + groupOnly
            + ","
            + endpoint
            + ","
            + endpoint
            + ","
            + anyEndpoint
            + "]";
    ExportConfig config =
        new ExportConfigBuilder()
            .warehouse("/w")
            .roleName("reader")
            .event(json.readTree(batch))
            .build();
    assertThat(config.accounts()).containsExactly("111111111111", "222222222222");
    assertThat(config.regions()).containsExactly("eu-west-1", "us-east-1");
    assertThat(config.covers("111111111111", "eu-west-1")).isTrue();
    assertThat(config.covers("111111111111", "us-east-1")).isFalse();
    assertThat(config.covers("222222222222", "eu-west-1")).isFalse();
    // churn/3 named twice is read once; fraud/12 is covered by the fraud group event; churn-prod
    // named twice is read once; an endpoint event naming none reads every endpoint.
    assertThat(config.refresh("111111111111", "eu-west-1"))
        .contains(new ExportConfig.Refresh(Set.of("fraud"), Set.of(a), Set.of(), true));
    assertThat(config.refresh("222222222222", "us-east-1"))
        .contains(new ExportConfig.Refresh(Set.of(), Set.of(c), Set.of("churn-prod"), false));
    assertThatThrownBy(
            () ->
                new ExportConfigBuilder()
                    .warehouse("/w")
                    .event(
                        json.readTree(
                            "["
                                + String.format(approval, "111111111111", "eu-west-1", a)
                                + ",{\"source\":\"aws.s3\"}]"))
                    .build())
        .hasMessageContaining("--event: event 2: the event's source is 'aws.s3'");
    assertThatThrownBy(
            () ->
                new ExportConfigBuilder()
                    .warehouse("/w")
                    .groups(List.of("churn"))
                    .event(json.readTree(String.format(approval, "111111111111", "eu-west-1", a)))
                    .build())
        .hasMessageContaining("--group and --event are alternatives");
  }

  @Test
  void anEventDecidesAccountRegionAndGroup() throws Exception {
    var event =
        new ObjectMapper()
            .readTree(
                "{\"source\":\"aws.sagemaker\",\"detail-type\":\"SageMaker Model Package State Change\",\"account\":\"222222222222\","
                    + "\"region\":\"us-east-1\",\"detail\":{\"ModelPackageArn\":\"arn:aws:sagemaker:us-east-1:222222222222:model-package/churn-model/7\"}}");
    ExportConfig config =
        new ExportConfigBuilder().warehouse("/w").roleName("reader").event(event).build();
    assertThat(config.accounts()).containsExactly("222222222222");
    assertThat(config.regions()).containsExactly("us-east-1");
    // The event names a version: that version is refreshed, not its group.
    assertThat(config.refresh("222222222222", "us-east-1"))
        .contains(
            new ExportConfig.Refresh(
                Set.of(),
                Set.of("arn:aws:sagemaker:us-east-1:222222222222:model-package/churn-model/7"),
                Set.of(),
                false));
    assertThatThrownBy(
            () ->
                new ExportConfigBuilder()
                    .warehouse("/w")
                    .accounts("111111111111")
                    .roleName("r")
                    .event(event)
                    .build())
        .hasMessageContaining(
            "--event: the event is from account 222222222222, which --accounts does not list");
    var other =
        new ObjectMapper()
            .readTree(
                "{\"source\":\"aws.s3\",\"account\":\"222222222222\",\"region\":\"us-east-1\"}");
    assertThatThrownBy(() -> new ExportConfigBuilder().warehouse("/w").event(other).build())
        .hasMessageContaining("--event: the event's source is 'aws.s3'");
    assertThat(List.of()).isEmpty();
  }
}
