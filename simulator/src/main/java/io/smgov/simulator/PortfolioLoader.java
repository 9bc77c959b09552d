package io.smgov.simulator;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smgov.wire.SdkJson;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.cloudtrail.model.Event;
import software.amazon.awssdk.services.cloudwatch.model.CompositeAlarm;
import software.amazon.awssdk.services.cloudwatch.model.MetricAlarm;
import software.amazon.awssdk.services.cloudwatch.model.PutMetricDataRequest;
import software.amazon.awssdk.services.organizations.model.Account;
import software.amazon.awssdk.services.sagemaker.model.ActionSummary;
import software.amazon.awssdk.services.sagemaker.model.ArtifactSummary;
import software.amazon.awssdk.services.sagemaker.model.AssociationSummary;
import software.amazon.awssdk.services.sagemaker.model.ContextSummary;
import software.amazon.awssdk.services.sagemaker.model.CreateInferenceComponentRequest;
import software.amazon.awssdk.services.sagemaker.model.DescribeActionResponse;
import software.amazon.awssdk.services.sagemaker.model.DescribeArtifactResponse;
import software.amazon.awssdk.services.sagemaker.model.DescribeContextResponse;
import software.amazon.awssdk.services.sagemaker.model.DescribeEndpointConfigResponse;
import software.amazon.awssdk.services.sagemaker.model.DescribeEndpointResponse;
import software.amazon.awssdk.services.sagemaker.model.DescribeInferenceComponentResponse;
import software.amazon.awssdk.services.sagemaker.model.DescribeModelCardResponse;
import software.amazon.awssdk.services.sagemaker.model.DescribeModelPackageGroupResponse;
import software.amazon.awssdk.services.sagemaker.model.DescribeModelPackageResponse;
import software.amazon.awssdk.services.sagemaker.model.DescribeModelResponse;
import software.amazon.awssdk.services.sagemaker.model.DescribeTrainingJobResponse;
import software.amazon.awssdk.services.sagemaker.model.DescribeTrialComponentResponse;
import software.amazon.awssdk.services.sagemaker.model.Endpoint;
import software.amazon.awssdk.services.sagemaker.model.GetModelPackageGroupPolicyResponse;
import software.amazon.awssdk.services.sagemaker.model.InferenceComponentSummary;
import software.amazon.awssdk.services.sagemaker.model.Model;
import software.amazon.awssdk.services.sagemaker.model.ModelCard;
import software.amazon.awssdk.services.sagemaker.model.ModelPackage;
import software.amazon.awssdk.services.sagemaker.model.ModelPackageGroup;
import software.amazon.awssdk.services.sagemaker.model.MonitoringExecutionSummary;
import software.amazon.awssdk.services.sagemaker.model.MonitoringScheduleSummary;
import software.amazon.awssdk.services.sagemaker.model.TrainingJob;

/**
 * Reads a portfolio (docs/portfolio.md) and refuses it, with every problem named by its path, when
 * the JSON is malformed, a member is unknown to the AWS shape it stands for, a required member is
 * missing, or the pieces do not fit together (a version whose group does not exist, an ARN of
 * another account). Timestamps may be ISO-8601 or epoch seconds; they are stored as epoch seconds.
 */
public final class PortfolioLoader {
  private static final Pattern ACCOUNT_ID = Pattern.compile("\\d{12}");
  private static final Pattern REGION = Pattern.compile("[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-\\d");
  private static final Pattern S3_URI = Pattern.compile("s3://[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]/.+");

  private static final ObjectMapper MAPPER =
      new ObjectMapper()
          .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  /**
   * A portfolio collection: its key, the AWS shapes an entry may use members of (the Describe
   * output first, then the Search record that adds Tags), and the members AWS marks required there.
   */
  private enum Collection {
    MODEL_PACKAGE_GROUPS(
        "modelPackageGroups",
        List.of(
            DescribeModelPackageGroupResponse.class,
            ModelPackageGroup.class,
            GetModelPackageGroupPolicyResponse.class),
        "ModelPackageGroupName",
        "ModelPackageGroupArn",
        "CreationTime",
        "CreatedBy",
        "ModelPackageGroupStatus"),
    MODEL_PACKAGES(
        "modelPackages",
        List.of(DescribeModelPackageResponse.class, ModelPackage.class),
        "ModelPackageName",
        "ModelPackageArn",
        "CreationTime",
        "ModelPackageStatus"),
    MODELS(
        "models",
        List.of(DescribeModelResponse.class, Model.class),
        "ModelName",
        "ModelArn",
        "CreationTime"),
    ENDPOINT_CONFIGS(
        "endpointConfigs",
        List.of(DescribeEndpointConfigResponse.class),
        "EndpointConfigName",
        "EndpointConfigArn",
        "ProductionVariants",
        "CreationTime"),
    ENDPOINTS(
        "endpoints",
        List.of(DescribeEndpointResponse.class, Endpoint.class),
        "EndpointName",
        "EndpointArn",
        "EndpointStatus",
        "CreationTime",
        "LastModifiedTime"),
    MODEL_CARDS(
        "modelCards",
        List.of(DescribeModelCardResponse.class, ModelCard.class),
        "ModelCardArn",
        "ModelCardName",
        "ModelCardVersion",
        "Content",
        "ModelCardStatus",
        "CreationTime"),
    /** DescribeTrainingJob output; Tags as the Search record carries them. */
    TRAINING_JOBS(
        "trainingJobs",
        List.of(DescribeTrainingJobResponse.class, TrainingJob.class),
        "TrainingJobName",
        "TrainingJobArn",
        "TrainingJobStatus",
        "CreationTime"),
    ARTIFACTS(
        "artifacts",
        List.of(ArtifactSummary.class, DescribeArtifactResponse.class),
        "ArtifactArn",
        "CreationTime"),
    ACTIONS(
        "actions",
        List.of(ActionSummary.class, DescribeActionResponse.class),
        "ActionArn",
        "CreationTime"),
    CONTEXTS(
        "contexts",
        List.of(ContextSummary.class, DescribeContextResponse.class),
        "ContextArn",
        "CreationTime"),
    TRIAL_COMPONENTS(
        "trialComponents",
        List.of(DescribeTrialComponentResponse.class),
        "TrialComponentArn",
        "CreationTime"),
    ASSOCIATIONS(
        "associations",
        List.of(AssociationSummary.class),
        "SourceArn",
        "DestinationArn",
        "CreationTime"),
    METRIC_DATA("metricData", List.of(PutMetricDataRequest.class), "Namespace", "MetricData"),
    MONITORING_SCHEDULES(
        "monitoringSchedules",
        List.of(MonitoringScheduleSummary.class),
        "MonitoringScheduleName",
        "MonitoringScheduleArn",
        "CreationTime",
        "LastModifiedTime",
        "MonitoringScheduleStatus"),
    MONITORING_EXECUTIONS(
        "monitoringExecutions",
        List.of(MonitoringExecutionSummary.class),
        "MonitoringScheduleName",
        "ScheduledTime",
        "CreationTime",
        "LastModifiedTime",
        "MonitoringExecutionStatus"),
    /**
     * DescribeInferenceComponent output; Tags (as CreateInferenceComponent takes them) for
     * ListTags.
     */
    INFERENCE_COMPONENTS(
        "inferenceComponents",
        List.of(
            DescribeInferenceComponentResponse.class,
            InferenceComponentSummary.class,
            CreateInferenceComponentRequest.class),
        "InferenceComponentName",
        "InferenceComponentArn",
        "EndpointName",
        "EndpointArn",
        "CreationTime",
        "LastModifiedTime"),
    /**
     * DescribeAlarms MetricAlarms member; AWS marks nothing required, the simulator needs name and
     * ARN.
     */
    METRIC_ALARMS("metricAlarms", List.of(MetricAlarm.class), "AlarmName", "AlarmArn"),
    COMPOSITE_ALARMS(
        "compositeAlarms", List.of(CompositeAlarm.class), "AlarmName", "AlarmArn", "AlarmRule"),
    /**
     * CloudTrail event history: the Event shape LookupEvents returns. AWS marks no member required;
     * the simulator needs the id, the name and the time it filters and sorts on.
     */
    CLOUDTRAIL_EVENTS(
        "cloudTrailEvents", List.of(Event.class), "EventId", "EventName", "EventTime");

    final String key;
    final List<SdkJson.Shape> shapes;
    final List<String> required;

    Collection(String key, List<Class<?>> shapes, String... required) {
      this.key = key;
      this.shapes = shapes.stream().map(SdkJson::shape).toList();
      this.required = List.of(required);
    }
  }

  private static final Set<String> TOP_LEVEL =
      Set.of(
          "accounts",
          "roles",
          "callerAccount",
          "organization",
          "s3Objects",
          "s3ObjectMetadata",
          "now",
          "callerDenies");

  /** The members of an {@code s3ObjectMetadata} entry: what HeadObject answers in its headers. */
  private static final Set<String> OBJECT_METADATA_KEYS =
      Set.of("LastModified", "ETag", "VersionId", "Deleted");

  private static final Set<String> REGION_KEYS =
      Set.of(
          "modelPackageGroups",
          "modelPackages",
          "models",
          "endpointConfigs",
          "endpoints",
          "modelCards",
          "trainingJobs",
          "lineage",
          "metricData",
          "monitoringSchedules",
          "monitoringExecutions",
          "inferenceComponents",
          "metricAlarms",
          "compositeAlarms",
          "cloudTrailEvents");
  private static final Set<String> LINEAGE_KEYS =
      Set.of("artifacts", "actions", "contexts", "trialComponents", "associations");
  private static final Set<String> ROLE_KEYS =
      Set.of("ExternalId", "DeniedActions", "DeniedS3Prefixes");
  private static final Set<String> ORGANIZATION_KEYS =
      Set.of("Accounts", "ManagementAccountId", "DelegatedAdministrators", "OrganizationalUnits");
  private static final Set<String> UNIT_KEYS = Set.of("Id", "Name", "ParentId", "Accounts");

  private final String source;
  private final List<String> problems = new ArrayList<>();

  private PortfolioLoader(String source) {
    this.source = source;
  }

  /** Loads and validates a portfolio file. */
  public static Portfolio load(Path file) {
    JsonNode root;
    try (InputStream in = Files.newInputStream(file)) {
      root = MAPPER.readTree(in);
    } catch (NoSuchFileException e) {
      throw new PortfolioException(file.toString(), List.of("file not found"));
    } catch (JsonProcessingException e) {
      throw new PortfolioException(file.toString(), List.of(malformed(e)));
    } catch (IOException e) {
      throw new PortfolioException(file.toString(), List.of("cannot read: " + e.getMessage()));
    }
    return new PortfolioLoader(file.toString()).build(root);
  }

  /**
   * Validates an in-memory portfolio document (a copy: timestamps are normalised in place); {@code
   * source} names it in messages.
   */
  public static Portfolio fromJson(JsonNode root, String source) {
    return new PortfolioLoader(source).build(root.deepCopy());
  }

  /** Parses portfolio text (for tests and the bundled sample). */
  public static Portfolio fromText(String json, String source) {
    try {
      return fromJson(MAPPER.readTree(json), source);
    } catch (JsonProcessingException e) {
      throw new PortfolioException(source, List.of(malformed(e)));
    }
  }

  /**
   * Where and why the JSON could not be read, in words: a value past the reader's limits (a string
   * of more than 20,000,000 characters, say) names the limit, not the library setting behind it.
   */
  static String malformed(JsonProcessingException e) {
    String where =
        e.getLocation() == null
            ? ""
            : " at line "
                + e.getLocation().getLineNr()
                + ", column "
                + e.getLocation().getColumnNr();
    String why = e.getOriginalMessage().replaceAll(",? from `[^`]*`", "");
    return (e instanceof StreamConstraintsException ? "too large to read" : "malformed JSON")
        + where
        + ": "
        + why;
  }

  private Portfolio build(JsonNode root) {
    if (!root.isObject()) {
      throw new PortfolioException(source, List.of("$: expected a JSON object at the top level"));
    }
    unknownKeys(root, TOP_LEVEL, "$");
    Map<String, Map<String, Portfolio.RegionData>> accounts = new LinkedHashMap<>();
    JsonNode accountsNode = root.get("accounts");
    if (accountsNode == null || !accountsNode.isObject()) {
      problems.add("$.accounts: required, an object keyed by 12-digit account id");
    } else {
      accountsNode
          .fields()
          .forEachRemaining(e -> accounts.put(e.getKey(), account(e.getKey(), e.getValue())));
    }
    Map<String, Map<String, Portfolio.RoleSpec>> roles = roles(root.get("roles"));
    String caller = null;
    JsonNode callerNode = root.get("callerAccount");
    if (callerNode != null) {
      if (!callerNode.isTextual() || !ACCOUNT_ID.matcher(callerNode.asText()).matches()) {
        problems.add("$.callerAccount: expected a 12-digit account id, found " + callerNode);
      } else {
        caller = callerNode.asText();
      }
    } else if (!accounts.isEmpty()) {
      caller = accounts.keySet().iterator().next();
    }
    Portfolio.Organization organization = organization(root.get("organization"));
    Map<String, byte[]> objects = s3Objects(root.get("s3Objects"));
    Map<String, Portfolio.ObjectMetadata> metadata = s3ObjectMetadata(root.get("s3ObjectMetadata"));
    Instant now = null;
    JsonNode nowNode = root.get("now");
    if (nowNode != null) {
      now = SdkJson.parseTimestamp(nowNode).orElse(null);
      if (now == null) {
        problems.add("$.now: expected an ISO-8601 timestamp (or epoch seconds), found " + nowNode);
      }
    }
    Set<String> callerDenies = new TreeSet<>();
    JsonNode deniesNode = root.get("callerDenies");
    if (deniesNode != null) {
      if (!deniesNode.isArray()) {
        problems.add("$.callerDenies: expected an array of actions (\"pricing:GetProducts\")");
      } else {
        deniesNode.forEach(
            action -> {
              if (!action.isTextual() || !action.asText().matches("[a-z0-9-]+:[A-Za-z0-9*]+")) {
                problems.add(
                    "$.callerDenies: expected an action as service:Operation, found " + action);
              } else {
                callerDenies.add(action.asText());
              }
            });
      }
    }
    if (!problems.isEmpty()) {
      throw new PortfolioException(source, problems);
    }
    impliedArtifacts(accounts, objects, metadata);
    return new Portfolio(
        accounts, roles, caller, organization, objects, metadata, now, Set.copyOf(callerDenies));
  }

  private void unknownKeys(JsonNode node, Set<String> allowed, String path) {
    node.fieldNames()
        .forEachRemaining(
            name -> {
              if (!allowed.contains(name)) {
                problems.add(
                    path
                        + "."
                        + name
                        + ": unknown field (expected one of "
                        + sorted(allowed)
                        + ")");
              }
            });
  }

  private static String sorted(Set<String> names) {
    return String.join(", ", names.stream().sorted().toList());
  }

  private Map<String, Portfolio.RegionData> account(String accountId, JsonNode regions) {
    String path = "$.accounts." + accountId;
    Map<String, Portfolio.RegionData> result = new LinkedHashMap<>();
    if (!ACCOUNT_ID.matcher(accountId).matches()) {
      problems.add(path + ": an account id has exactly 12 digits");
    }
    if (!regions.isObject()) {
      problems.add(path + ": expected an object keyed by region name");
      return result;
    }
    regions
        .fields()
        .forEachRemaining(
            e -> {
              String regionPath = path + "." + e.getKey();
              if (!REGION.matcher(e.getKey()).matches()) {
                problems.add(regionPath + ": not a region name (e.g. eu-west-1)");
              }
              result.put(e.getKey(), region(accountId, e.getKey(), e.getValue(), regionPath));
            });
    return result;
  }

  private Portfolio.RegionData region(String account, String region, JsonNode node, String path) {
    Portfolio.RegionData data = new Portfolio.RegionData();
    if (!node.isObject()) {
      problems.add(path + ": expected an object with " + sorted(REGION_KEYS));
      return data;
    }
    unknownKeys(node, REGION_KEYS, path);
    String arnPrefix = "arn:aws:sagemaker:" + region + ":" + account + ":";

    for (ObjectNode group : entries(node, Collection.MODEL_PACKAGE_GROUPS, path)) {
      String name = group.path("ModelPackageGroupName").asText();
      checkArn(group, "ModelPackageGroupArn", arnPrefix + "model-package-group/", path);
      if (data.groups.put(name, group) != null) {
        problems.add(path + ".modelPackageGroups: duplicate group " + name);
      }
      data.packagesByGroup.put(name, new ArrayList<>());
      data.taggable.put(group.path("ModelPackageGroupArn").asText(), group);
      JsonNode policy = group.get("ResourcePolicy");
      if (policy != null && policy.isTextual()) {
        data.groupSharedWith.put(
            group.path("ModelPackageGroupArn").asText(),
            sharedWith(policy.asText(), path + ".modelPackageGroups." + name + ".ResourcePolicy"));
      }
    }
    int index = 0;
    for (ObjectNode pkg : entries(node, Collection.MODEL_PACKAGES, path)) {
      String entryPath = path + ".modelPackages[" + index++ + "]";
      String arn = pkg.path("ModelPackageArn").asText();
      checkArn(pkg, "ModelPackageArn", arnPrefix + "model-package/", path);
      if (data.packages.put(arn, pkg) != null) {
        problems.add(entryPath + ": duplicate model package " + arn);
      }
      data.taggable.put(arn, pkg);
      JsonNode groupName = pkg.get("ModelPackageGroupName");
      if (groupName != null) {
        List<ObjectNode> versions = data.packagesByGroup.get(groupName.asText());
        if (versions == null) {
          problems.add(
              entryPath
                  + ".ModelPackageGroupName: group "
                  + groupName.asText()
                  + " is not in modelPackageGroups of this account and region");
        } else {
          versions.add(pkg);
        }
        if (!pkg.has("ModelPackageVersion")) {
          problems.add(entryPath + ".ModelPackageVersion: required for a version of a group");
        }
      }
    }
    for (ObjectNode model : entries(node, Collection.MODELS, path)) {
      checkArn(model, "ModelArn", arnPrefix + "model/", path);
      putUnique(data.models, model.path("ModelName").asText(), model, path + ".models");
      data.taggable.put(model.path("ModelArn").asText(), model);
    }
    for (ObjectNode config : entries(node, Collection.ENDPOINT_CONFIGS, path)) {
      checkArn(config, "EndpointConfigArn", arnPrefix + "endpoint-config/", path);
      putUnique(
          data.endpointConfigs,
          config.path("EndpointConfigName").asText(),
          config,
          path + ".endpointConfigs");
      data.taggable.put(config.path("EndpointConfigArn").asText(), config);
    }
    for (ObjectNode endpoint : entries(node, Collection.ENDPOINTS, path)) {
      checkArn(endpoint, "EndpointArn", arnPrefix + "endpoint/", path);
      putUnique(
          data.endpoints, endpoint.path("EndpointName").asText(), endpoint, path + ".endpoints");
      data.taggable.put(endpoint.path("EndpointArn").asText(), endpoint);
    }
    for (ObjectNode card : entries(node, Collection.MODEL_CARDS, path)) {
      checkArn(card, "ModelCardArn", arnPrefix + "model-card/", path);
      putUnique(data.modelCards, card.path("ModelCardName").asText(), card, path + ".modelCards");
      data.taggable.put(card.path("ModelCardArn").asText(), card);
    }
    for (ObjectNode job : entries(node, Collection.TRAINING_JOBS, path)) {
      checkArn(job, "TrainingJobArn", arnPrefix + "training-job/", path);
      putUnique(
          data.trainingJobs, job.path("TrainingJobName").asText(), job, path + ".trainingJobs");
      data.taggable.put(job.path("TrainingJobArn").asText(), job);
    }
    for (ObjectNode metrics : entries(node, Collection.METRIC_DATA, path)) {
      for (JsonNode datum : metrics.path("MetricData")) {
        if (!datum.hasNonNull("MetricName") || !datum.hasNonNull("Timestamp")) {
          problems.add(path + ".metricData: every MetricDatum needs MetricName and Timestamp");
        }
      }
      data.metricData.add(metrics);
    }
    for (ObjectNode schedule : entries(node, Collection.MONITORING_SCHEDULES, path)) {
      checkArn(schedule, "MonitoringScheduleArn", arnPrefix + "monitoring-schedule/", path);
      putUnique(
          data.monitoringSchedules,
          schedule.path("MonitoringScheduleName").asText(),
          schedule,
          path + ".monitoringSchedules");
    }
    for (ObjectNode execution : entries(node, Collection.MONITORING_EXECUTIONS, path)) {
      if (!data.monitoringSchedules.containsKey(
          execution.path("MonitoringScheduleName").asText())) {
        problems.add(
            path
                + ".monitoringExecutions: schedule "
                + execution.path("MonitoringScheduleName").asText()
                + " is not in monitoringSchedules of this account and region");
      }
      data.monitoringExecutions.add(execution);
    }
    int componentIndex = 0;
    for (ObjectNode component : entries(node, Collection.INFERENCE_COMPONENTS, path)) {
      String entryPath = path + ".inferenceComponents[" + componentIndex++ + "]";
      checkArn(component, "InferenceComponentArn", arnPrefix + "inference-component/", entryPath);
      checkArn(component, "EndpointArn", arnPrefix + "endpoint/", entryPath);
      putUnique(
          data.inferenceComponents,
          component.path("InferenceComponentName").asText(),
          component,
          path + ".inferenceComponents");
      if (component.hasNonNull("InferenceComponentArn")) {
        data.taggable.put(component.path("InferenceComponentArn").asText(), component);
      }
    }
    alarms(node, Collection.METRIC_ALARMS, data.metricAlarms, account, region, path, data);
    alarms(node, Collection.COMPOSITE_ALARMS, data.compositeAlarms, account, region, path, data);
    cloudTrailEvents(node, path, data);
    JsonNode lineage = node.get("lineage");
    if (lineage != null) {
      String lineagePath = path + ".lineage";
      if (!lineage.isObject()) {
        problems.add(lineagePath + ": expected an object with " + sorted(LINEAGE_KEYS));
      } else {
        unknownKeys(lineage, LINEAGE_KEYS, lineagePath);
        for (ObjectNode a : entries(lineage, Collection.ARTIFACTS, lineagePath)) {
          putUnique(data.artifacts, a.path("ArtifactArn").asText(), a, lineagePath + ".artifacts");
        }
        for (ObjectNode a : entries(lineage, Collection.ACTIONS, lineagePath)) {
          putUnique(data.actions, a.path("ActionArn").asText(), a, lineagePath + ".actions");
        }
        for (ObjectNode c : entries(lineage, Collection.CONTEXTS, lineagePath)) {
          putUnique(data.contexts, c.path("ContextArn").asText(), c, lineagePath + ".contexts");
        }
        for (ObjectNode t : entries(lineage, Collection.TRIAL_COMPONENTS, lineagePath)) {
          putUnique(
              data.trialComponents,
              t.path("TrialComponentArn").asText(),
              t,
              lineagePath + ".trialComponents");
        }
        data.associations.addAll(entries(lineage, Collection.ASSOCIATIONS, lineagePath));
      }
    }
    data.index();
    return data;
  }

  /**
   * Metric or composite alarms: ARNs of this account and region, names unique across both kinds
   * (one namespace of alarm names per account and region), and the members the simulator reads.
   */
  private void alarms(
      JsonNode node,
      Collection collection,
      Map<String, ObjectNode> into,
      String account,
      String region,
      String path,
      Portfolio.RegionData data) {
    String alarmPrefix = "arn:aws:cloudwatch:" + region + ":" + account + ":alarm:";
    int index = 0;
    for (ObjectNode alarm : entries(node, collection, path)) {
      String entryPath = path + "." + collection.key + "[" + index++ + "]";
      checkArn(alarm, "AlarmArn", alarmPrefix, entryPath);
      String name = alarm.path("AlarmName").asText();
      boolean other =
          collection == Collection.METRIC_ALARMS
              ? data.compositeAlarms.containsKey(name)
              : data.metricAlarms.containsKey(name);
      if (other) {
        problems.add(
            entryPath + ".AlarmName: alarm " + name + " is both a metric and a composite alarm");
      }
      putUnique(into, name, alarm, path + "." + collection.key);
      dimensions(alarm.path("Dimensions"), entryPath + ".Dimensions");
      JsonNode metrics = alarm.path("Metrics");
      for (int i = 0; i < metrics.size(); i++) {
        JsonNode query = metrics.get(i);
        String queryPath = entryPath + ".Metrics[" + i + "]";
        if (!query.hasNonNull("Id")) {
          problems.add(queryPath + ".Id: required field is missing");
        }
        JsonNode stat = query.path("MetricStat");
        if (!stat.isMissingNode()) {
          for (String required : List.of("Metric", "Period", "Stat")) {
            if (!stat.hasNonNull(required)) {
              problems.add(queryPath + ".MetricStat." + required + ": required field is missing");
            }
          }
          dimensions(
              stat.path("Metric").path("Dimensions"), queryPath + ".MetricStat.Metric.Dimensions");
        }
      }
    }
  }

  /**
   * CloudTrail events: the LookupEvents Event shape. {@code CloudTrailEvent} may be written as a
   * JSON object (stored as the compact JSON string the API returns) or as that string already,
   * which must hold JSON. EventIds are unique per account and region.
   */
  private void cloudTrailEvents(JsonNode node, String path, Portfolio.RegionData data) {
    JsonNode list = node.get(Collection.CLOUDTRAIL_EVENTS.key);
    Map<JsonNode, Integer> positions = new IdentityHashMap<>();
    if (list != null && list.isArray()) {
      for (int i = 0; i < list.size(); i++) {
        JsonNode entry = list.get(i);
        positions.put(entry, i);
        JsonNode record = entry.get("CloudTrailEvent");
        if (entry.isObject() && record != null && (record.isObject() || record.isArray())) {
          ((ObjectNode) entry).put("CloudTrailEvent", record.toString());
        }
      }
    }
    Map<String, Integer> seen = new LinkedHashMap<>();
    for (ObjectNode event : entries(node, Collection.CLOUDTRAIL_EVENTS, path)) {
      int index = positions.getOrDefault(event, -1);
      String entryPath = path + "." + Collection.CLOUDTRAIL_EVENTS.key + "[" + index + "]";
      String id = event.path("EventId").asText("");
      Integer first = id.isEmpty() ? null : seen.putIfAbsent(id, index);
      if (first != null) {
        problems.add(
            entryPath
                + ".EventId: duplicate EventId "
                + id
                + " (also at ["
                + first
                + "]; EventIds are unique per account and region)");
      }
      JsonNode record = event.get("CloudTrailEvent");
      if (record != null && record.isTextual()) {
        try {
          JsonNode parsed = MAPPER.readTree(record.asText());
          if ("Insight".equalsIgnoreCase(parsed.path("eventCategory").asText())
              || "AwsCloudTrailInsight".equals(parsed.path("eventType").asText())) {
            data.insightEventIds.add(id);
          }
        } catch (JsonProcessingException e) {
          problems.add(
              entryPath + ".CloudTrailEvent: not a JSON document: " + e.getOriginalMessage());
        }
      }
      data.cloudTrailEvents.add(event);
    }
  }

  private void dimensions(JsonNode dimensions, String path) {
    for (int i = 0; i < dimensions.size(); i++) {
      for (String required : List.of("Name", "Value")) {
        if (!dimensions.get(i).hasNonNull(required)) {
          problems.add(path + "[" + i + "]." + required + ": required field is missing");
        }
      }
    }
  }

  private void putUnique(Map<String, ObjectNode> map, String key, ObjectNode value, String path) {
    if (map.put(key, value) != null) {
      problems.add(path + ": duplicate entry " + key);
    }
  }

  private void checkArn(ObjectNode node, String field, String expectedPrefix, String path) {
    String arn = node.path(field).asText("");
    if (!arn.isEmpty() && !arn.startsWith(expectedPrefix)) {
      problems.add(
          path
              + ": "
              + field
              + " "
              + arn
              + " does not belong here (expected it to start with "
              + expectedPrefix
              + ")");
    }
  }

  private List<ObjectNode> entries(JsonNode parent, Collection collection, String path) {
    JsonNode list = parent.get(collection.key);
    List<ObjectNode> result = new ArrayList<>();
    if (list == null) {
      return result;
    }
    String listPath = path + "." + collection.key;
    if (!list.isArray()) {
      problems.add(listPath + ": expected an array");
      return result;
    }
    for (int i = 0; i < list.size(); i++) {
      JsonNode entry = list.get(i);
      String entryPath = listPath + "[" + i + "]";
      if (!entry.isObject()) {
        problems.add(entryPath + ": expected an object");
        continue;
      }
      ObjectNode object = (ObjectNode) entry;
      SdkJson.validateAndNormalize(object, collection.shapes, entryPath, problems);
      for (String required : collection.required) {
        JsonNode value = object.get(required);
        if (value == null || value.isNull()) {
          problems.add(entryPath + "." + required + ": required field is missing");
        }
      }
      result.add(object);
    }
    return result;
  }

  /** Accounts named as principals of a model package group's resource policy. */
  private Set<String> sharedWith(String policyText, String path) {
    Set<String> accounts = new LinkedHashSet<>();
    try {
      JsonNode policy = MAPPER.readTree(policyText);
      for (JsonNode statement : policy.path("Statement")) {
        if (!"Allow".equals(statement.path("Effect").asText())) {
          continue;
        }
        JsonNode principal = statement.path("Principal").path("AWS");
        List<JsonNode> principals = new ArrayList<>();
        if (principal.isArray()) {
          principal.forEach(principals::add);
        } else if (!principal.isMissingNode()) {
          principals.add(principal);
        }
        for (JsonNode p : principals) {
          String text = p.asText();
          Matcher m = Pattern.compile("(\\d{12})").matcher(text);
          if (m.find()) {
            accounts.add(m.group(1));
          }
        }
      }
    } catch (JsonProcessingException e) {
      problems.add(path + ": not a JSON policy document: " + e.getOriginalMessage());
    }
    return accounts;
  }

  private Map<String, Map<String, Portfolio.RoleSpec>> roles(JsonNode node) {
    Map<String, Map<String, Portfolio.RoleSpec>> roles = new LinkedHashMap<>();
    if (node == null) {
      return roles;
    }
    if (!node.isObject()) {
      problems.add("$.roles: expected an object keyed by account id");
      return roles;
    }
    node.fields()
        .forEachRemaining(
            account -> {
              String path = "$.roles." + account.getKey();
              if (!ACCOUNT_ID.matcher(account.getKey()).matches()) {
                problems.add(path + ": an account id has exactly 12 digits");
              }
              Map<String, Portfolio.RoleSpec> byName = new LinkedHashMap<>();
              account
                  .getValue()
                  .fields()
                  .forEachRemaining(
                      role -> {
                        String rolePath = path + "." + role.getKey();
                        JsonNode spec = role.getValue();
                        if (!spec.isObject()) {
                          problems.add(rolePath + ": expected an object (may be empty)");
                          return;
                        }
                        unknownKeys(spec, ROLE_KEYS, rolePath);
                        JsonNode externalId = spec.get("ExternalId");
                        byName.put(
                            role.getKey(),
                            new Portfolio.RoleSpec(
                                externalId == null ? null : externalId.asText(),
                                new HashSet<>(
                                    strings(
                                        spec.get("DeniedActions"), rolePath + ".DeniedActions")),
                                strings(
                                    spec.get("DeniedS3Prefixes"), rolePath + ".DeniedS3Prefixes")));
                      });
              roles.put(account.getKey(), byName);
            });
    return roles;
  }

  private List<String> strings(JsonNode node, String path) {
    List<String> values = new ArrayList<>();
    if (node == null) {
      return values;
    }
    if (!node.isArray()) {
      problems.add(path + ": expected an array of strings");
      return values;
    }
    node.forEach(v -> values.add(v.asText()));
    return values;
  }

  private Portfolio.Organization organization(JsonNode node) {
    if (node == null) {
      return Portfolio.Organization.NONE;
    }
    String path = "$.organization";
    if (!node.isObject()) {
      problems.add(path + ": expected an object");
      return Portfolio.Organization.NONE;
    }
    unknownKeys(node, ORGANIZATION_KEYS, path);
    List<ObjectNode> accounts = new ArrayList<>();
    JsonNode list = node.path("Accounts");
    for (int i = 0; i < list.size(); i++) {
      String entryPath = path + ".Accounts[" + i + "]";
      if (!list.get(i).isObject()) {
        problems.add(entryPath + ": expected an object");
        continue;
      }
      ObjectNode account = (ObjectNode) list.get(i);
      SdkJson.validateAndNormalize(
          account, List.of(SdkJson.shape(Account.class)), entryPath, problems);
      if (!ACCOUNT_ID.matcher(account.path("Id").asText()).matches()) {
        problems.add(entryPath + ".Id: required, a 12-digit account id");
      }
      accounts.add(account);
    }
    String management = node.path("ManagementAccountId").asText(null);
    if (management == null || !ACCOUNT_ID.matcher(management).matches()) {
      problems.add(path + ".ManagementAccountId: required, a 12-digit account id");
    }
    Map<String, Portfolio.OrganizationalUnit> units = new LinkedHashMap<>();
    JsonNode unitList = node.path("OrganizationalUnits");
    for (int i = 0; i < unitList.size(); i++) {
      JsonNode unit = unitList.get(i);
      String unitPath = path + ".OrganizationalUnits[" + i + "]";
      unknownKeys(unit, UNIT_KEYS, unitPath);
      String id = unit.path("Id").asText("");
      if (!id.startsWith("ou-")) {
        problems.add(unitPath + ".Id: required, an OU id such as ou-ab12-cdef3456");
      }
      units.put(
          id,
          new Portfolio.OrganizationalUnit(
              id,
              unit.path("Name").asText(id),
              unit.path("ParentId").asText(null),
              strings(unit.get("Accounts"), unitPath + ".Accounts")));
    }
    return new Portfolio.Organization(
        accounts,
        management,
        Set.copyOf(strings(node.get("DelegatedAdministrators"), path + ".DelegatedAdministrators")),
        units);
  }

  /**
   * {@code "s3ObjectMetadata": {"s3://bucket/key": {"LastModified", "ETag", "VersionId"}}}: the
   * headers HeadObject and GetObject answer with. A URI not in {@code s3Objects} is a zero-byte
   * object.
   */
  private Map<String, Portfolio.ObjectMetadata> s3ObjectMetadata(JsonNode node) {
    Map<String, Portfolio.ObjectMetadata> metadata = new LinkedHashMap<>();
    if (node == null) {
      return metadata;
    }
    if (!node.isObject()) {
      problems.add("$.s3ObjectMetadata: expected an object keyed by s3:// URI");
      return metadata;
    }
    node.fields()
        .forEachRemaining(
            e -> {
              String path = "$.s3ObjectMetadata." + e.getKey();
              if (!S3_URI.matcher(e.getKey()).matches()) {
                problems.add(path + ": not an s3://bucket/key URI");
              }
              JsonNode value = e.getValue();
              if (!value.isObject()) {
                problems.add(path + ": expected an object with " + sorted(OBJECT_METADATA_KEYS));
                return;
              }
              unknownKeys(value, OBJECT_METADATA_KEYS, path);
              Instant lastModified = null;
              JsonNode modified = value.get("LastModified");
              if (modified != null) {
                lastModified = SdkJson.parseTimestamp(modified).orElse(null);
                if (lastModified == null) {
                  problems.add(
                      path
                          + ".LastModified: expected an ISO-8601 timestamp or epoch seconds, found "
                          + modified);
                }
              }
              String eTag = text(value, "ETag", path);
              String versionId = text(value, "VersionId", path);
              JsonNode deleted = value.get("Deleted");
              if (deleted != null && !deleted.isBoolean()) {
                problems.add(path + ".Deleted: expected true or false, found " + deleted);
              }
              metadata.put(
                  e.getKey(),
                  new Portfolio.ObjectMetadata(
                      lastModified, eTag, versionId, deleted != null && deleted.asBoolean()));
            });
    return metadata;
  }

  /**
   * The model artefact each version names (a container's ModelDataUrl that is one object) exists
   * unless the portfolio says otherwise: a zero-byte object last written a minute before the
   * version was registered (a pipeline writes the artefact, then registers it). An entry in
   * s3Objects or s3ObjectMetadata (e.g. a later LastModified, or "Deleted": true) wins.
   */
  private static void impliedArtifacts(
      Map<String, Map<String, Portfolio.RegionData>> accounts,
      Map<String, byte[]> objects,
      Map<String, Portfolio.ObjectMetadata> metadata) {
    for (Map<String, Portfolio.RegionData> regions : accounts.values()) {
      for (Portfolio.RegionData data : regions.values()) {
        for (ObjectNode p : data.packages.values()) {
          JsonNode created = p.get("CreationTime");
          Instant registered =
              created == null || !created.isNumber()
                  ? null
                  : Instant.ofEpochMilli(Math.round(created.asDouble() * 1000));
          for (JsonNode container : p.path("InferenceSpecification").path("Containers")) {
            String url = container.path("ModelDataUrl").asText("");
            if (S3_URI.matcher(url).matches()
                && !url.endsWith("/")
                && !objects.containsKey(url)
                && !metadata.containsKey(url)) {
              metadata.put(
                  url,
                  new Portfolio.ObjectMetadata(
                      registered == null ? null : registered.minusSeconds(60), null, null, false));
            }
          }
        }
      }
    }
  }

  private String text(JsonNode node, String member, String path) {
    JsonNode value = node.get(member);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isTextual() || value.asText().isEmpty()) {
      problems.add(path + "." + member + ": expected a non-empty string, found " + value);
      return null;
    }
    return value.asText();
  }

  private Map<String, byte[]> s3Objects(JsonNode node) {
    Map<String, byte[]> objects = new LinkedHashMap<>();
    if (node == null) {
      return objects;
    }
    if (!node.isObject()) {
      problems.add("$.s3Objects: expected an object keyed by s3:// URI");
      return objects;
    }
    node.fields()
        .forEachRemaining(
            e -> {
              if (!S3_URI.matcher(e.getKey()).matches()) {
                problems.add("$.s3Objects." + e.getKey() + ": not an s3://bucket/key URI");
              }
              JsonNode value = e.getValue();
              byte[] bytes =
                  value.isTextual()
                      ? value.asText().getBytes(StandardCharsets.UTF_8)
                      : value.toString().getBytes(StandardCharsets.UTF_8);
              objects.put(e.getKey(), bytes);
            });
    return objects;
  }
}
