package io.smgov.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smgov.config.ExportConfigBuilder;
import io.smgov.run.ExportJob;
import io.smgov.run.ProgressLog;
import io.smgov.simulator.PortfolioGenerator;
import io.smgov.simulator.PortfolioLoader;
import io.smgov.simulator.Simulator;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Hand-built portfolios for edge cases: groups, versions and endpoints with exactly the properties
 * a test names, everything else a sensible default (approved by someone else, with a note, an
 * owner, a readable model-quality report, a dataset in its lineage and a model card).
 */
public final class PortfolioBuilder {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  public static final String ROLE = "smgov-reader";

  private final Instant asOf;
  private final Map<String, ObjectNode> regions = new LinkedHashMap<>();
  private final ObjectNode s3 = NODES.objectNode();
  private final ObjectNode s3Metadata = NODES.objectNode();
  private final List<String> accounts = new ArrayList<>();
  private final List<Version> versions = new ArrayList<>();

  private final Set<Version> lineageRendered = new HashSet<>();
  private final Set<String> callerDenies = new LinkedHashSet<>();

  /** The simulator's "now" (CloudTrail's 90-day window ends there); the wall clock when null. */
  private Instant now;

  public PortfolioBuilder(Instant asOf) {
    this.asOf = asOf;
  }

  private ObjectNode region(String account, String region) {
    if (!accounts.contains(account)) {
      accounts.add(account);
    }
    return regions.computeIfAbsent(account + "/" + region, k -> PortfolioGenerator.emptyRegion());
  }

  /** The simulator's current time, for CloudTrail's 90-day event history. */
  public PortfolioBuilder now(Instant time) {
    this.now = time;
    return this;
  }

  /** Noon (UTC) of the day {@code days} before the as-of date. */
  public Instant dayAgo(int days) {
    return LocalDate.ofInstant(asOf, ZoneOffset.UTC)
        .minusDays(days)
        .atStartOfDay(ZoneOffset.UTC)
        .toInstant()
        .plusSeconds(12 * 3600);
  }

  public Instant daysAgo(double days) {
    return asOf.minus(Duration.ofSeconds((long) (days * 86_400)));
  }

  // ---------------------------------------------------------------- groups

  public Group group(String account, String region, String name) {
    return new Group(account, region, name);
  }

  public final class Group {
    final String account;
    final String region;
    final String name;
    final ObjectNode node;

    Group(String account, String region, String name) {
      this.account = account;
      this.region = region;
      this.name = name;
      node = ((ArrayNode) region(account, region).get("modelPackageGroups")).addObject();
      node.put("ModelPackageGroupName", name);
      node.put("ModelPackageGroupArn", arn());
      node.put("CreationTime", daysAgo(400).toString());
      node.putObject("CreatedBy");
      node.put("ModelPackageGroupStatus", "Completed");
      node.putArray("Tags");
    }

    public String arn() {
      return "arn:aws:sagemaker:" + region + ":" + account + ":model-package-group/" + name;
    }

    public Group tag(String key, String value) {
      ((ArrayNode) node.get("Tags")).addObject().put("Key", key).put("Value", value);
      return this;
    }

    /** Shares the group with another account through its resource policy (AWS RAM). */
    public Group sharedWith(String reader) {
      node.put(
          "ResourcePolicy",
          "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::"
              + reader
              + ":root\"},\"Action\":[\"sagemaker:DescribeModelPackageGroup\",\"sagemaker:DescribeModelPackage\","
              + "\"sagemaker:ListModelPackages\"],\"Resource\":\"*\"}]}");
      return this;
    }

    public Version version(int number) {
      return new Version(this, number);
    }
  }

  // ---------------------------------------------------------------- versions

  public final class Version {
    final Group group;
    final int number;
    final ObjectNode node;
    private boolean dataset = true;
    private String rolePath = "";
    private String jobAccount;

    Version(Group group, int number) {
      this.group = group;
      this.number = number;
      versions.add(this);
      node = ((ArrayNode) region(group.account, group.region).get("modelPackages")).addObject();
      node.put("ModelPackageName", group.name);
      node.put("ModelPackageGroupName", group.name);
      node.put("ModelPackageVersion", number);
      node.put("ModelPackageArn", arn());
      node.put("ModelPackageStatus", "Completed");
      node.putArray("Tags");
      ObjectNode container =
          node.putObject("InferenceSpecification").putArray("Containers").addObject();
      container.put("Image", "763104351884.dkr.ecr." + group.region + ".amazonaws.com/xgboost:1");
      container.put(
          "ModelDataUrl",
          "s3://models-" + group.account + "/" + group.name + "/" + number + "/model.tar.gz");
      createdDaysAgo(30);
      status("Approved").note("Reviewed and approved");
      createdBy(
          "arn:aws:sts::" + group.account + ":assumed-role/Pipeline/" + group.name + "-" + number);
      approvedBy("arn:aws:sts::" + group.account + ":assumed-role/Approver/reviewer");
      quality("ok");
      card("Approved");
      tag("owner", "team@example.com");
    }

    public String arn() {
      return "arn:aws:sagemaker:"
          + group.region
          + ":"
          + group.account
          + ":model-package/"
          + group.name
          + "/"
          + number;
    }

    /** Registered this many days before the reference time (fractions allowed). */
    public Version createdDaysAgo(double days) {
      node.put("CreationTime", daysAgo(days).toString());
      node.put("LastModifiedTime", daysAgo(Math.max(0, days - 0.5)).toString());
      return this;
    }

    /** Registered at exactly this time (and approved an hour later). */
    public Version createdAt(Instant time) {
      node.put("CreationTime", time.toString());
      node.put("LastModifiedTime", time.plusSeconds(3600).toString());
      return this;
    }

    /**
     * Registered already Approved and never modified since: no LastModifiedTime or LastModifiedBy
     * (the API reference lists both as optional; a version that was never updated has neither).
     */
    public Version registeredApproved() {
      node.put("ModelApprovalStatus", "Approved");
      node.remove("LastModifiedTime");
      node.remove("LastModifiedBy");
      return this;
    }

    /** Registered already Approved, with LastModifiedTime equal to CreationTime. */
    public Version registeredApprovedSameTime() {
      node.put("ModelApprovalStatus", "Approved");
      node.put("LastModifiedTime", node.get("CreationTime").asText());
      node.set("LastModifiedBy", node.get("CreatedBy").deepCopy());
      return this;
    }

    /**
     * Registered by a Studio user: a user profile of a domain, on a (possibly shared) execution
     * role.
     */
    public Version createdByStudio(String domain, String profile, String executionRoleArn) {
      node.set("CreatedBy", studio(domain, profile, executionRoleArn));
      return this;
    }

    /**
     * Approved by a Studio user: a user profile of a domain, on a (possibly shared) execution role.
     */
    public Version approvedByStudio(String domain, String profile, String executionRoleArn) {
      node.set("LastModifiedBy", studio(domain, profile, executionRoleArn));
      return this;
    }

    /** Registered on a role assumed with a SourceIdentity (the person behind the role). */
    public Version createdBySourceIdentity(String roleArn, String sourceIdentity) {
      ObjectNode iam = node.putObject("CreatedBy").putObject("IamIdentity");
      iam.put("Arn", roleArn)
          .put("PrincipalId", "AROAEXAMPLE:" + sourceIdentity)
          .put("SourceIdentity", sourceIdentity);
      return this;
    }

    /** Approved on a role assumed with a SourceIdentity (the person behind the role). */
    public Version approvedBySourceIdentity(String roleArn, String sourceIdentity) {
      ObjectNode iam = node.putObject("LastModifiedBy").putObject("IamIdentity");
      iam.put("Arn", roleArn)
          .put("PrincipalId", "AROAEXAMPLE:" + sourceIdentity)
          .put("SourceIdentity", sourceIdentity);
      return this;
    }

    private ObjectNode studio(String domain, String profile, String roleArn) {
      ObjectNode context = NODES.objectNode();
      context.put(
          "UserProfileArn",
          "arn:aws:sagemaker:"
              + group.region
              + ":"
              + group.account
              + ":user-profile/"
              + domain
              + "/"
              + profile);
      context.put("UserProfileName", profile);
      context.put("DomainId", domain);
      context
          .putObject("IamIdentity")
          .put("Arn", roleArn)
          .put("PrincipalId", "AROAEXAMPLE:SageMaker");
      return context;
    }

    public Version status(String approvalStatus) {
      node.put("ModelApprovalStatus", approvalStatus);
      return this;
    }

    public Version note(String text) {
      if (text == null) {
        node.remove("ApprovalDescription");
      } else {
        node.put("ApprovalDescription", text);
      }
      return this;
    }

    public Version createdBy(String iamArn) {
      node.putObject("CreatedBy").putObject("IamIdentity").put("Arn", iamArn);
      return this;
    }

    public Version approvedBy(String iamArn) {
      node.putObject("LastModifiedBy").putObject("IamIdentity").put("Arn", iamArn);
      return this;
    }

    public Version approvedByItsCreator() {
      node.set("LastModifiedBy", node.get("CreatedBy").deepCopy());
      return this;
    }

    /**
     * ok: a readable report with metrics; none: no report; unparseable: a cut-off object; missing:
     * no object.
     */
    public Version quality(String kind) {
      node.remove("ModelMetrics");
      if (kind.equals("none")) {
        return this;
      }
      String uri =
          "s3://reports-" + group.account + "/" + group.name + "/" + number + "/evaluation.json";
      node.putObject("ModelMetrics")
          .putObject("ModelQuality")
          .putObject("Statistics")
          .put("ContentType", "application/json")
          .put("S3Uri", uri);
      if (kind.equals("ok")) {
        ObjectNode report = NODES.objectNode();
        ObjectNode metrics = report.putObject("binary_classification_metrics");
        metrics.putObject("auc").put("value", 0.8 + number / 100.0).put("standard_deviation", 0.01);
        metrics.putObject("accuracy").put("value", 0.9).put("standard_deviation", "NaN");
        s3.set(uri, report);
      } else if (kind.equals("unparseable")) {
        s3.put(uri, "{\"binary_classification_metrics\": {");
      } else if (!kind.equals("missing")) {
        throw new IllegalArgumentException(kind);
      }
      return this;
    }

    public Version card(String status) {
      if (status == null) {
        node.remove("ModelCard");
      } else {
        node.putObject("ModelCard").put("ModelCardStatus", status).put("ModelCardContent", "{}");
      }
      return this;
    }

    public Version tag(String key, String value) {
      ((ArrayNode) node.get("Tags")).addObject().put("Key", key).put("Value", value);
      return this;
    }

    /**
     * A CloudTrail event of this version's account: {@code eventName} (UpdateModelPackage or
     * CreateModelPackage) at {@code time} by the assumed-role session {@code actorArn}, setting
     * {@code status} (null: a change that is not an approval, e.g. a model card) with {@code note}.
     */
    public Version trail(
        String eventId,
        String eventName,
        Instant time,
        String actorArn,
        String status,
        String note) {
      ObjectNode event = array(region(group.account, group.region), "cloudTrailEvents").addObject();
      event.put("EventId", eventId);
      event.put("EventName", eventName);
      event.put("ReadOnly", "false");
      event.put("EventTime", time.toString());
      event.put("EventSource", "sagemaker.amazonaws.com");
      event.put("Username", actorArn.substring(actorArn.lastIndexOf('/') + 1));
      event
          .putArray("Resources")
          .addObject()
          .put("ResourceType", "AWS::SageMaker::ModelPackage")
          .put("ResourceName", arn());
      ObjectNode record = event.putObject("CloudTrailEvent");
      record.put("eventVersion", "1.09");
      ObjectNode who =
          record
              .putObject("userIdentity")
              .put("type", "AssumedRole")
              .put("arn", actorArn)
              .put(
                  "principalId",
                  "AROAEXAMPLE:" + actorArn.substring(actorArn.lastIndexOf('/') + 1));
      String[] assumed = actorArn.split(":assumed-role/");
      if (assumed.length == 2) {
        String roleName = assumed[1].substring(0, assumed[1].indexOf('/'));
        who.putObject("sessionContext")
            .putObject("sessionIssuer")
            .put("type", "Role")
            .put("arn", assumed[0].replace(":sts::", ":iam::") + ":role/" + rolePath + roleName)
            .put("userName", roleName);
      }
      record.put("eventTime", time.toString());
      record.put("eventSource", "sagemaker.amazonaws.com");
      record.put("eventName", eventName);
      ObjectNode request = record.putObject("requestParameters");
      if (eventName.equals("CreateModelPackage")) {
        request.put("modelPackageGroupName", group.name);
        record.putObject("responseElements").put("modelPackageArn", arn());
      } else {
        request.put("modelPackageArn", arn());
      }
      if (status != null) {
        request.put("modelApprovalStatus", status);
      }
      if (note != null) {
        request.put("approvalDescription", note);
      }
      record.put("eventID", eventId);
      record.put("readOnly", false);
      return this;
    }

    /**
     * The IAM path of the roles in this version's later CloudTrail events (sessionIssuer.arn), e.g.
     * "/ml/".
     */
    public Version rolePath(String path) {
      this.rolePath = path.substring(1);
      return this;
    }

    /**
     * Its model artefact object as S3 answers HeadObject: written at {@code lastModified} with this
     * ETag (by default it exists, written a minute before registration).
     */
    public Version artifact(Instant lastModified, String eTag) {
      s3Metadata
          .putObject(artifactUrl())
          .put("LastModified", lastModified.toString())
          .put("ETag", eTag);
      return this;
    }

    /**
     * Registered with this ModelDataETag on its container (the artefact's ETag at registration).
     */
    public Version registeredEtag(String eTag) {
      ((ObjectNode) node.get("InferenceSpecification").get("Containers").get(0))
          .put("ModelDataETag", eTag);
      return this;
    }

    /** Its model artefact object was deleted. */
    public Version artifactGone() {
      s3Metadata.putObject(artifactUrl()).put("Deleted", true);
      return this;
    }

    public String artifactUrl() {
      return node.get("InferenceSpecification")
          .get("Containers")
          .get(0)
          .get("ModelDataUrl")
          .asText();
    }

    /**
     * Data-quality reports (ModelMetrics.ModelDataQuality) with this content: JSON objects, or any
     * text (a report in another format).
     */
    public Version dataQuality(JsonNode statistics, JsonNode constraints) {
      ObjectNode metrics =
          node.has("ModelMetrics")
              ? (ObjectNode) node.get("ModelMetrics")
              : node.putObject("ModelMetrics");
      ObjectNode quality = metrics.putObject("ModelDataQuality");
      String base = "s3://reports-" + group.account + "/" + group.name + "/" + number + "/";
      quality
          .putObject("Statistics")
          .put("ContentType", "application/json")
          .put("S3Uri", base + "statistics.json");
      s3.set(base + "statistics.json", statistics);
      if (constraints != null) {
        quality
            .putObject("Constraints")
            .put("ContentType", "application/json")
            .put("S3Uri", base + "constraints.json");
        s3.set(base + "constraints.json", constraints);
      }
      return this;
    }

    /** A report of another kind beside the model quality one: "bias" or "explainability". */
    public Version report(String kind) {
      String uri =
          "s3://reports-" + group.account + "/" + group.name + "/" + number + "/" + kind + ".json";
      ObjectNode metrics =
          node.has("ModelMetrics")
              ? (ObjectNode) node.get("ModelMetrics")
              : node.putObject("ModelMetrics");
      String member =
          switch (kind) {
            case "bias" -> "Bias";
            case "explainability" -> "Explainability";
            default -> throw new IllegalArgumentException(kind);
          };
      metrics
          .putObject(member)
          .putObject("Report")
          .put("ContentType", "application/json")
          .put("S3Uri", uri);
      s3.set(uri, NODES.objectNode().put("version", "1.0"));
      return this;
    }

    /** When the version was last modified, and by whom (an IAM ARN). */
    public Version lastModified(Instant time, String iamArn) {
      node.put("LastModifiedTime", time.toString());
      return approvedBy(iamArn);
    }

    public Version noTags() {
      node.putArray("Tags");
      return this;
    }

    public Version metadata(String key, String value) {
      ObjectNode metadata =
          node.has("CustomerMetadataProperties")
              ? (ObjectNode) node.get("CustomerMetadataProperties")
              : node.putObject("CustomerMetadataProperties");
      metadata.put(key, value);
      return this;
    }

    public Version withoutDataset() {
      dataset = false;
      return this;
    }

    /** The training job the lineage names: trained by a job in another account. */
    public Version trainedInAccount(String account) {
      jobAccount = account;
      return this;
    }

    /** The job's ARN, as the version's lineage names it (a job exists only with trainingJob()). */
    public String trainingJobArn() {
      return "arn:aws:sagemaker:"
          + group.region
          + ":"
          + (jobAccount == null ? group.account : jobAccount)
          + ":training-job/"
          + group.name
          + "-"
          + number;
    }

    /**
     * The training job the lineage names exists: image xgboost:1.7-1, 2 x ml.m5.xlarge on spot,
     * hyperparameters eta 0.2 and max_depth 6, a train channel at the lineage's dataset
     * (s3://data-ACCOUNT/GROUP/vN/) and a validation channel under it (validation/), one hour of
     * training of which 1,080 s billed, validation:auc 0.91, in a VPC with a volume key, ending an
     * hour before the version was registered.
     */
    public Version trainingJob() {
      ObjectNode job =
          ((ArrayNode) region(group.account, group.region).get("trainingJobs")).addObject();
      String arn = trainingJobArn();
      Instant registered = Instant.parse(node.get("CreationTime").asText());
      Instant end = registered.minusSeconds(3600);
      job.put("TrainingJobName", arn.substring(arn.indexOf('/') + 1));
      job.put("TrainingJobArn", arn);
      job.put("TrainingJobStatus", "Completed");
      job.putObject("AlgorithmSpecification")
          .put(
              "TrainingImage",
              "683313688378.dkr.ecr." + group.region + ".amazonaws.com/sagemaker-xgboost:1.7-1")
          .put("TrainingInputMode", "File");
      job.putObject("HyperParameters").put("max_depth", "6").put("eta", "0.2");
      ArrayNode channels = job.putArray("InputDataConfig");
      for (String channel : List.of("train", "validation")) {
        ObjectNode c = channels.addObject();
        c.put("ChannelName", channel);
        c.putObject("DataSource")
            .putObject("S3DataSource")
            .put("S3DataType", "S3Prefix")
            .put(
                "S3Uri",
                "s3://data-"
                    + group.account
                    + "/"
                    + group.name
                    + "/v"
                    + number
                    + "/"
                    + (channel.equals("train") ? "" : channel + "/"));
        c.put("ContentType", "text/csv");
      }
      job.putObject("OutputDataConfig")
          .put(
              "S3OutputPath",
              "s3://models-" + group.account + "/" + group.name + "/" + number + "/");
      job.putObject("ResourceConfig")
          .put("InstanceType", "ml.m5.xlarge")
          .put("InstanceCount", 2)
          .put("VolumeSizeInGB", 30)
          .put("VolumeKmsKeyId", "arn:aws:kms:" + group.region + ":" + group.account + ":key/k-1");
      job.putObject("VpcConfig").putArray("Subnets").add("subnet-1");
      ((ObjectNode) job.get("VpcConfig")).putArray("SecurityGroupIds").add("sg-1");
      job.putObject("StoppingCondition").put("MaxRuntimeInSeconds", 86400);
      job.put("EnableManagedSpotTraining", true);
      job.put("EnableNetworkIsolation", true);
      job.put("EnableInterContainerTrafficEncryption", false);
      job.put("CreationTime", end.minusSeconds(3700).getEpochSecond());
      job.put("TrainingStartTime", end.minusSeconds(3600).getEpochSecond());
      job.put("TrainingEndTime", end.getEpochSecond());
      job.put("LastModifiedTime", end.plusSeconds(60).getEpochSecond());
      job.put("TrainingTimeInSeconds", 3600);
      job.put("BillableTimeInSeconds", 1080);
      job.putArray("FinalMetricDataList")
          .addObject()
          .put("MetricName", "validation:auc")
          .put("Value", 0.91)
          .put("Timestamp", end.getEpochSecond());
      return this;
    }

    void lineage() {
      ObjectNode lineage = (ObjectNode) region(group.account, group.region).get("lineage");
      String prefix = "arn:aws:sagemaker:" + group.region + ":" + group.account + ":";
      String packageArtifact = prefix + "artifact/" + group.name + "-" + number + "-package";
      String trainingJob =
          prefix + "experiment-trial-component/" + group.name + "-" + number + "-training";
      artifact(lineage, packageArtifact, arn(), "ModelPackage");
      ObjectNode tc = ((ArrayNode) lineage.get("trialComponents")).addObject();
      tc.put("TrialComponentArn", trainingJob);
      tc.put("TrialComponentName", group.name + "-" + number + "-training");
      tc.putObject("Source")
          .put("SourceArn", trainingJobArn())
          .put("SourceType", "SageMakerTrainingJob");
      tc.put("CreationTime", node.get("CreationTime").asText());
      association(lineage, trainingJob, packageArtifact, "Produced");
      if (dataset) {
        String data = prefix + "artifact/" + group.name + "-" + number + "-data";
        artifact(
            lineage,
            data,
            "s3://data-" + group.account + "/" + group.name + "/v" + number + "/",
            "DataSet");
        association(lineage, data, trainingJob, "ContributedTo");
      }
    }

    private void artifact(ObjectNode lineage, String arn, String source, String type) {
      ObjectNode a = ((ArrayNode) lineage.get("artifacts")).addObject();
      a.put("ArtifactArn", arn);
      a.putObject("Source").put("SourceUri", source);
      a.put("ArtifactType", type);
      a.put("CreationTime", node.get("CreationTime").asText());
    }

    private void association(ObjectNode lineage, String source, String destination, String type) {
      ObjectNode a = ((ArrayNode) lineage.get("associations")).addObject();
      a.put("SourceArn", source);
      a.put("DestinationArn", destination);
      a.put("AssociationType", type);
      a.put("CreationTime", node.get("CreationTime").asText());
    }
  }

  // ---------------------------------------------------------------- model cards

  /** A standalone model card whose content links {@code packageArn} (null: links no version). */
  public ObjectNode modelCard(
      String account, String region, String name, String packageArn, String status) {
    ObjectNode card = array(region(account, region), "modelCards").addObject();
    card.put("ModelCardName", name);
    card.put("ModelCardArn", "arn:aws:sagemaker:" + region + ":" + account + ":model-card/" + name);
    card.put("ModelCardVersion", 1);
    card.put("ModelCardStatus", status);
    ObjectNode content = NODES.objectNode();
    content.putObject("model_overview").put("model_id", name);
    content.putObject("intended_uses").put("risk_rating", "Medium");
    if (packageArn != null) {
      content.putObject("model_package_details").put("model_package_arn", packageArn);
    }
    card.put("Content", content.toString());
    card.put("CreationTime", daysAgo(5).toString());
    card.put("LastModifiedTime", daysAgo(4).toString());
    return card;
  }

  private static ArrayNode array(ObjectNode owner, String key) {
    return owner.has(key) ? (ArrayNode) owner.get(key) : owner.putArray(key);
  }

  // ---------------------------------------------------------------- endpoints

  public Endpoint endpoint(String account, String region, String name) {
    return new Endpoint(account, region, name);
  }

  public final class Endpoint {
    final String account;
    final String region;
    final String name;
    final ObjectNode node;
    final ObjectNode config;

    /** The Model Monitor schedule every endpoint gets, until {@link #unmonitored}. */
    ObjectNode schedule;

    ObjectNode latestExecution;

    Endpoint(String account, String region, String name) {
      this.account = account;
      this.region = region;
      this.name = name;
      ObjectNode data = region(account, region);
      schedule = ((ArrayNode) data.get("monitoringSchedules")).addObject();
      schedule.put("MonitoringScheduleName", name + "-dq");
      schedule.put(
          "MonitoringScheduleArn",
          "arn:aws:sagemaker:" + region + ":" + account + ":monitoring-schedule/" + name + "-dq");
      schedule.put("CreationTime", daysAgo(9).toString());
      schedule.put("LastModifiedTime", daysAgo(9).toString());
      schedule.put("MonitoringScheduleStatus", "Scheduled");
      schedule.put("EndpointName", name);
      schedule.put("MonitoringType", "DataQuality");
      latestExecution = ((ArrayNode) data.get("monitoringExecutions")).addObject();
      latestExecution.put("MonitoringScheduleName", name + "-dq");
      latestExecution.put("ScheduledTime", daysAgo(1).toString());
      latestExecution.put("CreationTime", daysAgo(1).toString());
      latestExecution.put("LastModifiedTime", daysAgo(0.9).toString());
      latestExecution.put("MonitoringExecutionStatus", "Completed");
      latestExecution.put("EndpointName", name);
      config = ((ArrayNode) data.get("endpointConfigs")).addObject();
      config.put("EndpointConfigName", name + "-config");
      config.put(
          "EndpointConfigArn",
          "arn:aws:sagemaker:" + region + ":" + account + ":endpoint-config/" + name + "-config");
      config.putArray("ProductionVariants");
      config.put("CreationTime", daysAgo(10).toString());
      node = ((ArrayNode) data.get("endpoints")).addObject();
      node.put("EndpointName", name);
      node.put("EndpointArn", arn());
      node.put("EndpointConfigName", name + "-config");
      node.putArray("ProductionVariants");
      node.put("EndpointStatus", "InService");
      node.put("CreationTime", daysAgo(10).toString());
      node.put("LastModifiedTime", daysAgo(10).toString());
      node.putArray("Tags");
    }

    public String arn() {
      return "arn:aws:sagemaker:" + region + ":" + account + ":endpoint/" + name;
    }

    public Endpoint status(String status) {
      node.put("EndpointStatus", status);
      return this;
    }

    public Endpoint tag(String key, String value) {
      ((ArrayNode) node.get("Tags")).addObject().put("Key", key).put("Value", value);
      return this;
    }

    /** When the endpoint was created, in whole days before the as-of date's midnight plus noon. */
    public Endpoint createdDaysAgo(int days) {
      String created = dayAgo(days).toString();
      node.put("CreationTime", created);
      config.put("CreationTime", created);
      return this;
    }

    /** Last updated (UpdateEndpoint) at this time: what it serves has served since. */
    public Endpoint updatedAt(Instant time) {
      node.put("LastModifiedTime", time.toString());
      return this;
    }

    /** Created at exactly this time. */
    public Endpoint createdAt(Instant time) {
      node.put("CreationTime", time.toString());
      config.put("CreationTime", time.toString());
      return this;
    }

    /** No Model Monitor schedule (every endpoint has one that completes cleanly otherwise). */
    public Endpoint unmonitored() {
      removeFrom("monitoringSchedules", schedule);
      removeFrom("monitoringExecutions", latestExecution);
      return this;
    }

    /** The latest monitoring execution's status, e.g. CompletedWithViolations. */
    public Endpoint monitoringOutcome(String status) {
      latestExecution.put("MonitoringExecutionStatus", status);
      return this;
    }

    /**
     * Invocations on {@code variant}, 100 a day at noon, from {@code firstDaysAgo} down to {@code
     * lastDaysAgo} days before the as-of date; also the ModelLatency of every such day, all samples
     * at {@code latencyMs}.
     */
    public Endpoint traffic(String variant, int firstDaysAgo, int lastDaysAgo, double latencyMs) {
      ArrayNode metrics = (ArrayNode) region(account, region).get("metricData");
      ObjectNode put = metrics.addObject();
      put.put("Namespace", "AWS/SageMaker");
      ArrayNode data = put.putArray("MetricData");
      for (int ago = firstDaysAgo; ago >= lastDaysAgo; ago--) {
        datum(data, "Invocations", variant, ago).put("Value", 100);
        ObjectNode latency = datum(data, "ModelLatency", variant, ago);
        latency.putArray("Values").add(latencyMs * 1000);
        latency.putArray("Counts").add(100);
      }
      return this;
    }

    private ObjectNode datum(ArrayNode data, String metric, String variant, int daysAgo) {
      ObjectNode datum = data.addObject();
      datum.put("MetricName", metric);
      ArrayNode dimensions = datum.putArray("Dimensions");
      dimensions.addObject().put("Name", "EndpointName").put("Value", name);
      dimensions.addObject().put("Name", "VariantName").put("Value", variant);
      datum.put("Timestamp", dayAgo(daysAgo).toString());
      return datum;
    }

    private void removeFrom(String list, ObjectNode entry) {
      ArrayNode array = (ArrayNode) region(account, region).get(list);
      for (int i = 0; i < array.size(); i++) {
        if (array.get(i) == entry) {
          array.remove(i);
          return;
        }
      }
    }

    /** A production variant whose model has one container per entry (a package ARN, or null). */
    public Endpoint production(String variant, String... containerPackages) {
      return variant(variant, "ProductionVariants", containerPackages);
    }

    public Endpoint shadow(String variant, String... containerPackages) {
      return variant(variant, "ShadowProductionVariants", containerPackages);
    }

    /**
     * A production variant that hosts inference components: its config names no model ({@link
     * #component}).
     */
    public Endpoint inferenceComponents(String variant) {
      ObjectNode v = variants(config, "ProductionVariants").addObject();
      v.put("VariantName", variant)
          .put("InstanceType", "ml.g5.xlarge")
          .put("InitialInstanceCount", 1);
      variants(node, "ProductionVariants")
          .addObject()
          .put("VariantName", variant)
          .put("CurrentWeight", 1.0)
          .put("CurrentInstanceCount", 1);
      return this;
    }

    /**
     * An inference component on {@code variant}, hosting a model with one container of {@code
     * packageArn}.
     */
    public Endpoint component(
        String componentName, String variant, String packageArn, String status) {
      return component(componentName, variant, componentName + "-model", packageArn, status);
    }

    /**
     * An inference component on {@code variant} hosting {@code model}, made with one container of
     * {@code packageArn}.
     */
    public Endpoint component(
        String componentName, String variant, String model, String packageArn, String status) {
      ObjectNode m = ((ArrayNode) region(account, region).get("models")).addObject();
      m.put("ModelName", model);
      m.put("ModelArn", "arn:aws:sagemaker:" + region + ":" + account + ":model/" + model);
      m.put("CreationTime", daysAgo(10).toString());
      ObjectNode container = m.putObject("PrimaryContainer");
      if (packageArn != null) {
        container.put("ModelPackageName", packageArn);
      } else {
        container.put("Image", "123456789012.dkr.ecr." + region + ".amazonaws.com/custom:1");
      }
      componentNode(componentName, variant, status)
          .putObject("Specification")
          .put("ModelName", model)
          .putObject("ComputeResourceRequirements")
          .put("MinMemoryRequiredInMb", 1024)
          .put("NumberOfAcceleratorDevicesRequired", 1);
      return this;
    }

    /**
     * An inference component that runs a container image of its own: no model, so nothing from the
     * registry.
     */
    public Endpoint containerComponent(
        String componentName, String variant, String image, String status) {
      ObjectNode spec = componentNode(componentName, variant, status).putObject("Specification");
      spec.putObject("Container")
          .putObject("DeployedImage")
          .put("SpecifiedImage", image)
          .put("ResolvedImage", image);
      spec.putObject("ComputeResourceRequirements").put("MinMemoryRequiredInMb", 1024);
      return this;
    }

    /** An adapter inference component on {@code base} (which need not exist: a deleted base). */
    public Endpoint adapterComponent(
        String componentName, String variant, String base, String status) {
      componentNode(componentName, variant, status)
          .putObject("Specification")
          .put("BaseInferenceComponentName", base);
      return this;
    }

    private ObjectNode componentNode(String componentName, String variant, String status) {
      ObjectNode c = array(region(account, region), "inferenceComponents").addObject();
      c.put("InferenceComponentName", componentName);
      c.put(
          "InferenceComponentArn",
          "arn:aws:sagemaker:" + region + ":" + account + ":inference-component/" + componentName);
      c.put("EndpointName", name);
      c.put("EndpointArn", arn());
      c.put("VariantName", variant);
      c.putObject("RuntimeConfig").put("DesiredCopyCount", 1).put("CurrentCopyCount", 1);
      c.put("CreationTime", daysAgo(9).toString());
      c.put("LastModifiedTime", daysAgo(9).toString());
      c.put("InferenceComponentStatus", status);
      return c;
    }

    /** The endpoint's config was deleted while the endpoint kept running it (AWS allows this). */
    public Endpoint deletedConfig() {
      removeFrom("endpointConfigs", config);
      return this;
    }

    /**
     * A CloudWatch alarm on one of the endpoint's metrics (dimensions EndpointName and VariantName)
     * whose action is {@code action}: an SNS topic notifies someone, an Application Auto Scaling
     * policy (target tracking) only scales.
     */
    public Endpoint alarm(String alarmName, String variant, String metric, String action) {
      ObjectNode a = alarmNode(alarmName, metric, action);
      ArrayNode dimensions = a.putArray("Dimensions");
      dimensions.addObject().put("Name", "EndpointName").put("Value", name);
      dimensions.addObject().put("Name", "VariantName").put("Value", variant);
      return this;
    }

    /**
     * A CloudWatch alarm on an inference component's metrics (dimension InferenceComponentName
     * only).
     */
    public Endpoint componentAlarm(
        String alarmName, String component, String metric, String action) {
      alarmNode(alarmName, metric, action)
          .putArray("Dimensions")
          .addObject()
          .put("Name", "InferenceComponentName")
          .put("Value", component);
      return this;
    }

    private ObjectNode alarmNode(String alarmName, String metric, String action) {
      ObjectNode a = array(region(account, region), "metricAlarms").addObject();
      a.put("AlarmName", alarmName);
      a.put("AlarmArn", "arn:aws:cloudwatch:" + region + ":" + account + ":alarm:" + alarmName);
      a.put("Namespace", "AWS/SageMaker");
      a.put("MetricName", metric);
      a.put("Statistic", "Sum");
      a.put("Period", 300);
      a.put("EvaluationPeriods", 1);
      a.put("Threshold", 10.0);
      a.put("ComparisonOperator", "GreaterThanThreshold");
      a.put("StateValue", "OK");
      a.put("ActionsEnabled", true);
      a.putArray("AlarmActions").add(action);
      return a;
    }

    /** The instance type and current instance count of an existing variant. */
    public Endpoint instances(String variant, String instanceType, int count) {
      for (JsonNode v : variants(config, "ProductionVariants")) {
        if (variant.equals(v.path("VariantName").asText())) {
          ((ObjectNode) v).put("InstanceType", instanceType).put("InitialInstanceCount", count);
        }
      }
      for (JsonNode v : variants(node, "ProductionVariants")) {
        if (variant.equals(v.path("VariantName").asText())) {
          ((ObjectNode) v).put("CurrentInstanceCount", count);
        }
      }
      return this;
    }

    /**
     * Makes an existing variant serverless: its config's ServerlessConfig and its endpoint's
     * CurrentServerlessConfig, with no instance type or count.
     */
    public Endpoint serverless(String variant, int memoryMb, int maxConcurrency) {
      for (JsonNode v : variants(config, "ProductionVariants")) {
        if (variant.equals(v.path("VariantName").asText())) {
          ObjectNode pv = (ObjectNode) v;
          pv.remove(List.of("InstanceType", "InitialInstanceCount"));
          pv.putObject("ServerlessConfig")
              .put("MemorySizeInMB", memoryMb)
              .put("MaxConcurrency", maxConcurrency);
        }
      }
      for (JsonNode v : variants(node, "ProductionVariants")) {
        if (variant.equals(v.path("VariantName").asText())) {
          ObjectNode summary = (ObjectNode) v;
          summary.remove(List.of("CurrentInstanceCount", "DesiredInstanceCount"));
          for (String field : List.of("CurrentServerlessConfig", "DesiredServerlessConfig")) {
            summary
                .putObject(field)
                .put("MemorySizeInMB", memoryMb)
                .put("MaxConcurrency", maxConcurrency);
          }
        }
      }
      return this;
    }

    /** A production variant whose model was deleted. */
    public Endpoint deletedModel(String variant) {
      ObjectNode v = variants(config, "ProductionVariants").addObject();
      v.put("VariantName", variant)
          .put("ModelName", name + "-" + variant + "-deleted")
          .put("InstanceType", "ml.m5.large");
      variants(node, "ProductionVariants")
          .addObject()
          .put("VariantName", variant)
          .put("CurrentWeight", 1.0)
          .put("CurrentInstanceCount", 1);
      return this;
    }

    private Endpoint variant(String variant, String list, String... containerPackages) {
      String model = name + "-" + variant + "-model";
      ObjectNode v = variants(config, list).addObject();
      v.put("VariantName", variant)
          .put("ModelName", model)
          .put("InstanceType", "ml.m5.large")
          .put("InitialInstanceCount", 1);
      variants(node, list)
          .addObject()
          .put("VariantName", variant)
          .put("CurrentWeight", 1.0)
          .put("CurrentInstanceCount", 1);
      ObjectNode m = ((ArrayNode) region(account, region).get("models")).addObject();
      m.put("ModelName", model);
      m.put("ModelArn", "arn:aws:sagemaker:" + region + ":" + account + ":model/" + model);
      m.put("CreationTime", daysAgo(10).toString());
      ArrayNode containers = NODES.arrayNode();
      for (String pkg : Arrays.asList(containerPackages)) {
        ObjectNode c = containers.addObject();
        if (pkg != null) {
          c.put("ModelPackageName", pkg);
        } else {
          c.put("Image", "123456789012.dkr.ecr." + region + ".amazonaws.com/custom:1");
        }
      }
      if (containers.size() == 1) {
        m.set("PrimaryContainer", containers.get(0));
      } else {
        m.set("Containers", containers);
      }
      return this;
    }

    private ArrayNode variants(ObjectNode owner, String list) {
      return owner.has(list) ? (ArrayNode) owner.get(list) : owner.putArray(list);
    }
  }

  // ---------------------------------------------------------------- export

  /**
   * Serves this portfolio on the simulator and exports {@code accounts} in {@code region} through
   * the reader role at the as-of time into {@code warehouse}; {@code options} adds to the defaults.
   */
  public ExportJob.Outcome export(
      Path warehouse, String region, UnaryOperator<ExportConfigBuilder> options, String... accounts)
      throws Exception {
    try (Simulator simulator =
            Simulator.start(
                PortfolioLoader.fromJson(build(), "hand-built"), Simulator.Options.defaults());
        var clients = TestAws.clients(simulator.endpoint())) {
      var config =
          options
              .apply(
                  new ExportConfigBuilder()
                      .warehouse(warehouse.toString())
                      .accounts(String.join(",", accounts))
                      .regions(region)
                      .roleName(ROLE)
                      .requestsPerSecond(500.0)
                      .snapshotTime(asOf.toString()))
              .build();
      return new ExportJob(
              config,
              clients,
              new ProgressLog(new PrintStream(OutputStream.nullOutputStream()), config.logFormat()))
          .run();
    }
  }

  /** The caller's own credentials may not call {@code action} (service:Operation). */
  public PortfolioBuilder callerDenies(String action) {
    callerDenies.add(action);
    return this;
  }

  // ---------------------------------------------------------------- build

  /**
   * The portfolio: every account gets the reader role (no external id); the first is the caller.
   */
  public ObjectNode build() {
    ObjectNode root = NODES.objectNode();
    ObjectNode accountsNode = root.putObject("accounts");
    for (Map.Entry<String, ObjectNode> e : regions.entrySet()) {
      String[] key = e.getKey().split("/");
      ObjectNode accountNode =
          accountsNode.has(key[0])
              ? (ObjectNode) accountsNode.get(key[0])
              : accountsNode.putObject(key[0]);
      accountNode.set(key[1], e.getValue());
    }
    // Lineage is rendered now, when every version's final properties are known (once per version:
    // a second export of the same estate serves the same lineage, and a version's added since).
    for (Version version : versions) {
      if (lineageRendered.add(version)) {
        version.lineage();
      }
    }
    ObjectNode roles = root.putObject("roles");
    for (String account : accounts) {
      roles.putObject(account).putObject(ROLE);
    }
    root.put("callerAccount", accounts.get(0));
    if (!callerDenies.isEmpty()) {
      callerDenies.forEach(root.putArray("callerDenies")::add);
    }
    if (now != null) {
      root.put("now", now.toString());
    }
    root.set("s3Objects", s3);
    if (!s3Metadata.isEmpty()) {
      root.set("s3ObjectMetadata", s3Metadata);
    }
    return root;
  }
}
