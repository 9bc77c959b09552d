package io.smgov.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smgov.wire.SdkJson;
import java.math.BigDecimal;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.sagemaker.model.ActionSummary;
import software.amazon.awssdk.services.sagemaker.model.ArtifactSummary;
import software.amazon.awssdk.services.sagemaker.model.AssociationSummary;
import software.amazon.awssdk.services.sagemaker.model.BatchDescribeModelPackageSummary;
import software.amazon.awssdk.services.sagemaker.model.ContextSummary;
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
import software.amazon.awssdk.services.sagemaker.model.EndpointSummary;
import software.amazon.awssdk.services.sagemaker.model.InferenceComponentSummary;
import software.amazon.awssdk.services.sagemaker.model.Model;
import software.amazon.awssdk.services.sagemaker.model.ModelCard;
import software.amazon.awssdk.services.sagemaker.model.ModelCardSummary;
import software.amazon.awssdk.services.sagemaker.model.ModelDashboardEndpoint;
import software.amazon.awssdk.services.sagemaker.model.ModelPackage;
import software.amazon.awssdk.services.sagemaker.model.ModelPackageGroup;
import software.amazon.awssdk.services.sagemaker.model.ModelPackageGroupSummary;
import software.amazon.awssdk.services.sagemaker.model.ModelPackageSummary;
import software.amazon.awssdk.services.sagemaker.model.TrainingJob;
import software.amazon.awssdk.services.sagemaker.model.TrialComponentSummary;

/**
 * The SageMaker control plane (JSON 1.1, {@code X-Amz-Target: SageMaker.<Operation>}) over a
 * portfolio: the registry, endpoints, inference components, model cards, lineage and Search, with
 * the real page limits, defaults and errors (a missing resource is HTTP 400 ValidationException;
 * only model cards and lineage declare ResourceNotFound).
 */
final class SageMakerService implements JsonService {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final Pattern LINEAGE_START =
      Pattern.compile(
          "arn:aws[a-z\\-]*:sagemaker:[a-z0-9\\-]*:\\d{12}:"
              + "(experiment|experiment-trial-component|artifact|action|context)/.*");
  private static final Set<String> SEARCH_RESOURCES =
      Set.of(
          "TrainingJob",
          "HyperParameterTuningJob",
          "Job",
          "Experiment",
          "ExperimentTrial",
          "ExperimentTrialComponent",
          "Endpoint",
          "Model",
          "ModelCard",
          "ModelPackage",
          "ModelPackageGroup",
          "Pipeline",
          "PipelineExecution",
          "PipelineVersion",
          "FeatureGroup",
          "FeatureMetadata",
          "Image",
          "ImageVersion",
          "Project");

  /** InferenceComponentStatus, in the model's order (the order AWS's enum messages list). */
  private static final List<String> INFERENCE_COMPONENT_STATUSES =
      List.of("InService", "Creating", "Updating", "Failed", "Deleting");

  /** The patterns and maximum lengths of the ListInferenceComponents / Describe name members. */
  private static final String INFERENCE_COMPONENT_NAME = "[a-zA-Z0-9]([\\-a-zA-Z0-9]*[a-zA-Z0-9])?";

  private static final String INFERENCE_COMPONENT_NAME_CONTAINS = "[a-zA-Z0-9-]+";
  private static final String ENDPOINT_OR_VARIANT_NAME = "[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}";

  /** Operations a group's resource policy can grant to another account. */
  private static final Set<String> SHAREABLE =
      Set.of("DescribeModelPackageGroup", "ListModelPackages", "DescribeModelPackage");

  private final Portfolio portfolio;
  private final ResultCache cache = new ResultCache(512);

  SageMakerService(Portfolio portfolio) {
    this.portfolio = portfolio;
  }

  @Override
  public String targetPrefix() {
    return "SageMaker";
  }

  @Override
  public String actionPrefix() {
    return "sagemaker";
  }

  @Override
  public boolean throttled() {
    return true;
  }

  @Override
  public Result handle(String operation, SimRequest request) {
    switch (operation) {
      case "ListModelPackageGroups":
        return listModelPackageGroups(request);
      case "DescribeModelPackageGroup":
        return describeModelPackageGroup(request);
      case "GetModelPackageGroupPolicy":
        return getModelPackageGroupPolicy(request);
      case "ListModelPackages":
        return listModelPackages(request);
      case "DescribeModelPackage":
        return describeModelPackage(request);
      case "BatchDescribeModelPackage":
        return batchDescribeModelPackage(request);
      case "Search":
        return search(request);
      case "ListTags":
        return listTags(request);
      case "ListEndpoints":
        return listEndpoints(request);
      case "ListMonitoringSchedules":
        return listMonitoringSchedules(request);
      case "ListMonitoringExecutions":
        return listMonitoringExecutions(request);
      case "DescribeEndpoint":
        return describeNamed(
            request,
            "EndpointName",
            d -> d.endpoints,
            DescribeEndpointResponse.class,
            n -> "Could not find endpoint \"" + n + "\".");
      case "DescribeTrainingJob":
        return describeNamed(
            request,
            "TrainingJobName",
            d -> d.trainingJobs,
            DescribeTrainingJobResponse.class,
            n -> "Requested resource not found.");
      case "DescribeEndpointConfig":
        return describeNamed(
            request,
            "EndpointConfigName",
            d -> d.endpointConfigs,
            DescribeEndpointConfigResponse.class,
            n -> "Could not find endpoint configuration \"" + n + "\".");
      case "DescribeModel":
        return describeNamed(
            request,
            "ModelName",
            d -> d.models,
            DescribeModelResponse.class,
            n -> "Could not find model \"" + n + "\".");
      case "ListInferenceComponents":
        return listInferenceComponents(request);
      case "DescribeInferenceComponent":
        return describeInferenceComponent(request);
      case "ListModelCards":
        return listModelCards(request);
      case "DescribeModelCard":
        return describeModelCard(request);
      case "ListArtifacts":
        return listLineage(
            request,
            d -> d.artifacts.values(),
            "ArtifactSummaries",
            ArtifactSummary.class,
            "ArtifactArn",
            Map.of("SourceUri", "Source.SourceUri", "ArtifactType", "ArtifactType"));
      case "ListActions":
        return listLineage(
            request,
            d -> d.actions.values(),
            "ActionSummaries",
            ActionSummary.class,
            "ActionArn",
            Map.of("SourceUri", "Source.SourceUri", "ActionType", "ActionType"));
      case "ListContexts":
        return listLineage(
            request,
            d -> d.contexts.values(),
            "ContextSummaries",
            ContextSummary.class,
            "ContextArn",
            Map.of("SourceUri", "Source.SourceUri", "ContextType", "ContextType"));
      case "ListTrialComponents":
        return listTrialComponents(request);
      case "ListAssociations":
        return listLineage(
            request,
            d -> d.associations,
            "AssociationSummaries",
            AssociationSummary.class,
            "SourceArn",
            Map.of(
                "SourceArn",
                "SourceArn",
                "DestinationArn",
                "DestinationArn",
                "SourceType",
                "SourceType",
                "DestinationType",
                "DestinationType",
                "AssociationType",
                "AssociationType"));
      case "DescribeArtifact":
        return describeLineage(
            request, "ArtifactArn", d -> d.artifacts, DescribeArtifactResponse.class);
      case "DescribeAction":
        return describeLineage(request, "ActionName", d -> d.actions, DescribeActionResponse.class);
      case "DescribeContext":
        return describeLineage(
            request, "ContextName", d -> d.contexts, DescribeContextResponse.class);
      case "DescribeTrialComponent":
        return describeLineage(
            request,
            "TrialComponentName",
            d -> d.trialComponents,
            DescribeTrialComponentResponse.class);
      case "QueryLineage":
        return queryLineage(request);
      default:
        throw new ApiException(
            400,
            "UnknownOperationException",
            "The simulator does not serve SageMaker." + operation);
    }
  }

  // ---------------------------------------------------------------- access

  private Portfolio.RegionData own(SimRequest request) {
    return portfolio.region(request.caller().account(), request.region());
  }

  /**
   * Where a name or ARN lives: the caller's own account, or the account and region an ARN names.
   * Another account's resource is reachable only for the operations its group's resource policy
   * shares with the caller (RAM sharing); anything else is AccessDenied, as in AWS.
   */
  private Portfolio.RegionData resolve(
      SimRequest request, String nameOrArn, String operation, String groupArn) {
    Optional<String[]> arn = arnAccountRegion(nameOrArn);
    if (arn.isEmpty() || arn.get()[0].equals(request.caller().account())) {
      return arn.isEmpty() ? own(request) : portfolio.region(arn.get()[0], arn.get()[1]);
    }
    Portfolio.RegionData owner = portfolio.region(arn.get()[0], arn.get()[1]);
    String group = groupArn == null ? nameOrArn : groupArn;
    Set<String> shared = owner.groupSharedWith.getOrDefault(group, Set.of());
    if (!SHAREABLE.contains(operation) || !shared.contains(request.caller().account())) {
      throw ApiException.accessDenied(
          "User: "
              + request.caller().arn()
              + " is not authorized to perform: sagemaker:"
              + operation
              + " on resource: "
              + nameOrArn
              + " because no resource-based policy allows the sagemaker:"
              + operation
              + " action");
    }
    return owner;
  }

  /** Account and region of a SageMaker ARN. */
  private static Optional<String[]> arnAccountRegion(String value) {
    if (value == null || !value.startsWith("arn:")) {
      return Optional.empty();
    }
    String[] parts = value.split(":", 6);
    if (parts.length < 6) {
      return Optional.empty();
    }
    return Optional.of(new String[] {parts[4], parts[3]});
  }

  private static String groupArnOfPackage(String packageArn) {
    // arn:aws:sagemaker:r:a:model-package/<group>/<version>
    int slash = packageArn.indexOf(":model-package/");
    if (slash < 0) {
      return packageArn;
    }
    String rest = packageArn.substring(slash + ":model-package/".length());
    int versionSlash = rest.lastIndexOf('/');
    String group = versionSlash < 0 ? rest : rest.substring(0, versionSlash);
    return packageArn.substring(0, slash) + ":model-package-group/" + group;
  }

  // ---------------------------------------------------------------- registry

  private Result listModelPackageGroups(SimRequest request) {
    String filter = request.text("CrossAccountFilterOption").orElse("SameAccount");
    if (!filter.equals("SameAccount") && !filter.equals("CrossAccount")) {
      throw enumError("crossAccountFilterOption", filter, "[SameAccount, CrossAccount]");
    }
    List<JsonNode> all =
        cache.get(
            request,
            () -> {
              List<JsonNode> groups = new ArrayList<>();
              if (filter.equals("SameAccount")) {
                groups.addAll(own(request).groups.values());
              } else {
                groups.addAll(sharedGroups(request));
              }
              Predicate<JsonNode> created =
                  timeRange(request, "CreationTime", "CreationTimeAfter", "CreationTimeBefore");
              List<JsonNode> matched = new ArrayList<>(groups.stream().filter(created).toList());
              matched.sort(
                  sortOrder(
                      request,
                      Map.of("Name", "ModelPackageGroupName", "CreationTime", "CreationTime"),
                      "CreationTime",
                      false,
                      "ModelPackageGroupArn"));
              return matched;
            });
    Predicate<JsonNode> name = nameContains(request, "ModelPackageGroupName");
    return pageOf(
        all,
        name,
        request,
        Paging.Limits.SAGEMAKER,
        "ModelPackageGroupSummaryList",
        g -> SdkJson.project(g, ModelPackageGroupSummary.class));
  }

  /** Groups of other accounts in this region whose resource policy names the caller. */
  private List<JsonNode> sharedGroups(SimRequest request) {
    List<JsonNode> shared = new ArrayList<>();
    String caller = request.caller().account();
    for (String account : portfolio.accountIds()) {
      if (account.equals(caller)) {
        continue;
      }
      Portfolio.RegionData data = portfolio.region(account, request.region());
      for (ObjectNode group : data.groups.values()) {
        if (data.groupSharedWith
            .getOrDefault(group.path("ModelPackageGroupArn").asText(), Set.of())
            .contains(caller)) {
          shared.add(group);
        }
      }
    }
    return shared;
  }

  private Result describeModelPackageGroup(SimRequest request) {
    String name = request.requiredText("ModelPackageGroupName");
    Portfolio.RegionData data = resolve(request, name, "DescribeModelPackageGroup", null);
    ObjectNode group =
        data.group(name)
            .orElseThrow(
                () -> ApiException.validation("ModelPackageGroup " + name + " does not exist."));
    return new Result(SdkJson.project(group, DescribeModelPackageGroupResponse.class), -1, name);
  }

  private Result getModelPackageGroupPolicy(SimRequest request) {
    String name = request.requiredText("ModelPackageGroupName");
    ObjectNode group =
        own(request)
            .group(name)
            .orElseThrow(
                () -> ApiException.validation("ModelPackageGroup " + name + " does not exist."));
    JsonNode policy = group.get("ResourcePolicy");
    if (policy == null) {
      throw ApiException.validation("Cannot find resource policy for " + name + ".");
    }
    ObjectNode body = NODES.objectNode();
    body.set("ResourcePolicy", policy);
    return new Result(body, -1, name);
  }

  private Result listModelPackages(SimRequest request) {
    Optional<String> groupName = request.text("ModelPackageGroupName");
    // AWS: without a group the type defaults to Unversioned, so registry versions do not appear.
    String type =
        request
            .text("ModelPackageType")
            .orElse(groupName.isPresent() ? "Versioned" : "Unversioned");
    if (!Set.of("Versioned", "Unversioned", "Both").contains(type)) {
      throw enumError("modelPackageType", type, "[Versioned, Unversioned, Both]");
    }
    Portfolio.RegionData data =
        groupName
            .map(g -> resolve(request, g, "ListModelPackages", null))
            .orElseGet(() -> own(request));
    if (groupName.isPresent() && data.group(groupName.get()).isEmpty()) {
      throw ApiException.validation("ModelPackageGroup " + groupName.get() + " does not exist.");
    }
    List<JsonNode> all =
        cache.get(
            request,
            () -> {
              List<JsonNode> candidates = new ArrayList<>();
              if (groupName.isPresent()) {
                String group =
                    data.group(groupName.get())
                        .orElseThrow()
                        .path("ModelPackageGroupName")
                        .asText();
                if (!type.equals("Unversioned")) {
                  candidates.addAll(data.packagesByGroup.getOrDefault(group, List.of()));
                }
              } else {
                for (ObjectNode p : data.packages.values()) {
                  boolean versioned = p.has("ModelPackageGroupName");
                  if (type.equals("Both")
                      || (versioned && type.equals("Versioned"))
                      || (!versioned && type.equals("Unversioned"))) {
                    candidates.add(p);
                  }
                }
              }
              Predicate<JsonNode> approval =
                  request
                      .text("ModelApprovalStatus")
                      .<Predicate<JsonNode>>map(
                          s -> p -> s.equals(p.path("ModelApprovalStatus").asText()))
                      .orElse(p -> true);
              Predicate<JsonNode> created =
                  timeRange(request, "CreationTime", "CreationTimeAfter", "CreationTimeBefore");
              List<JsonNode> matched =
                  new ArrayList<>(candidates.stream().filter(approval.and(created)).toList());
              matched.sort(
                  sortOrder(
                      request,
                      Map.of("Name", "ModelPackageName", "CreationTime", "CreationTime"),
                      "CreationTime",
                      false,
                      "ModelPackageArn"));
              return matched;
            });
    return pageOf(
        all,
        nameContains(request, "ModelPackageName"),
        request,
        Paging.Limits.SAGEMAKER,
        "ModelPackageSummaryList",
        p -> {
          ObjectNode summary = SdkJson.project(p, ModelPackageSummary.class);
          if (p.has("ModelPackageGroupName")) {
            summary.remove("ModelPackageName"); // versioned summaries carry only the ARN
          }
          return summary;
        });
  }

  private Result describeModelPackage(SimRequest request) {
    String name = request.requiredText("ModelPackageName");
    Portfolio.RegionData data =
        resolve(
            request,
            name,
            "DescribeModelPackage",
            name.startsWith("arn:") ? groupArnOfPackage(name) : null);
    ObjectNode pkg =
        data.modelPackage(name)
            .orElseThrow(
                () -> ApiException.validation("ModelPackage " + name + " does not exist."));
    ObjectNode body = SdkJson.project(pkg, DescribeModelPackageResponse.class);
    if ("MetadataOnly".equals(request.text("IncludedData").orElse("AllData"))
        && body.has("ModelCard")) {
      ((ObjectNode) body.get("ModelCard")).remove("ModelCardContent");
    }
    return new Result(body, -1, name);
  }

  private Result batchDescribeModelPackage(SimRequest request) {
    JsonNode arns = request.member("ModelPackageArnList");
    if (!arns.isArray() || arns.size() < 1 || arns.size() > 100) {
      throw ApiException.validation(
          "1 validation error detected: Value at 'modelPackageArnList' failed to satisfy constraint:"
              + " Member must have length between 1 and 100");
    }
    ObjectNode summaries = NODES.objectNode();
    ObjectNode errors = NODES.objectNode();
    for (JsonNode arnNode : arns) {
      String arn = arnNode.asText();
      Optional<ObjectNode> pkg;
      try {
        pkg =
            resolve(request, arn, "DescribeModelPackage", groupArnOfPackage(arn)).modelPackage(arn);
      } catch (ApiException denied) {
        ObjectNode error = NODES.objectNode();
        error.put("ErrorCode", denied.code());
        error.put("ErrorResponse", denied.getMessage());
        errors.set(arn, error);
        continue;
      }
      if (pkg.isPresent() && pkg.get().has("ModelPackageGroupName")) {
        summaries.set(arn, SdkJson.project(pkg.get(), BatchDescribeModelPackageSummary.class));
      } else {
        ObjectNode error = NODES.objectNode();
        error.put("ErrorCode", "ValidationException");
        error.put("ErrorResponse", "ModelPackage " + arn + " does not exist.");
        errors.set(arn, error);
      }
    }
    ObjectNode body = NODES.objectNode();
    body.set("ModelPackageSummaries", summaries);
    body.set("BatchDescribeModelPackageErrorMap", errors);
    return new Result(body, summaries.size(), null);
  }

  // ---------------------------------------------------------------- search

  private Result search(SimRequest request) {
    String resource = request.requiredText("Resource");
    if (!SEARCH_RESOURCES.contains(resource)) {
      throw enumError("resource", resource, SEARCH_RESOURCES.stream().sorted().toList().toString());
    }
    String crossAccount = request.text("CrossAccountFilterOption").orElse("SameAccount");
    Predicate<JsonNode> matcher = SearchExpression.compile(request.member("SearchExpression"));
    List<JsonNode> visibility = new ArrayList<>();
    request.member("VisibilityConditions").forEach(visibility::add);
    String sortBy = request.text("SortBy").orElse("LastModifiedTime");
    boolean descending = !"Ascending".equals(request.text("SortOrder").orElse("Descending"));
    List<JsonNode> all =
        cache.get(
            request,
            () -> {
              List<ObjectNode> records = searchRecords(request, resource, crossAccount);
              List<JsonNode> matched = new ArrayList<>();
              for (ObjectNode record : records) {
                JsonNode inner = record.elements().next();
                if (matcher.test(inner) && visible(inner, visibility)) {
                  matched.add(record);
                }
              }
              matched.sort(
                  Comparator.comparing(
                      (JsonNode r) -> r.elements().next(),
                      SearchExpression.order(sortBy, descending, SageMakerService::recordKey)));
              return matched;
            });
    Paging.Page<JsonNode> page = Paging.page(all, request, Paging.Limits.SAGEMAKER);
    ObjectNode body = NODES.objectNode();
    ArrayNode results = body.putArray("Results");
    page.items().forEach(results::add);
    if (page.nextToken() != null) {
      body.put("NextToken", page.nextToken());
    }
    ObjectNode hits = body.putObject("TotalHits");
    hits.put("Value", all.size());
    hits.put("Relation", "EqualTo");
    return new Result(body, page.items().size(), resource);
  }

  private static boolean visible(JsonNode record, List<JsonNode> conditions) {
    for (JsonNode condition : conditions) {
      String key = condition.path("Key").asText();
      String tagKey = key.startsWith("Tags.") ? key.substring(5) : key;
      boolean found = false;
      for (JsonNode tag : record.path("Tags")) {
        found |=
            tagKey.equals(tag.path("Key").asText())
                && condition.path("Value").asText().equals(tag.path("Value").asText());
      }
      if (!found) {
        return false;
      }
    }
    return true;
  }

  private static String recordKey(JsonNode inner) {
    for (String arn :
        List.of(
            "ModelPackageArn",
            "ModelPackageGroupArn",
            "EndpointArn",
            "ModelCardArn",
            "ModelArn",
            "TrainingJobArn")) {
      if (inner.has(arn)) {
        return inner.get(arn).asText();
      }
    }
    JsonNode model = inner.path("Model");
    return model.path("ModelArn").asText("");
  }

  /** The Search records of one resource type, each {@code {"<Resource>": {...}}}. */
  private List<ObjectNode> searchRecords(SimRequest request, String resource, String crossAccount) {
    Portfolio.RegionData data = own(request);
    List<ObjectNode> records = new ArrayList<>();
    boolean shared = "CrossAccount".equals(crossAccount);
    switch (resource) {
      case "ModelPackageGroup":
        for (JsonNode g : shared ? sharedGroups(request) : List.copyOf(data.groups.values())) {
          ObjectNode record = SdkJson.project(g, ModelPackageGroup.class);
          if (shared) {
            record.remove("Tags");
          }
          records.add(wrap("ModelPackageGroup", record));
        }
        break;
      case "ModelPackage":
        if (shared) {
          for (JsonNode group : sharedGroups(request)) {
            String arn = group.path("ModelPackageGroupArn").asText();
            Optional<String[]> owner = arnAccountRegion(arn);
            Portfolio.RegionData ownerData = portfolio.region(owner.get()[0], owner.get()[1]);
            for (ObjectNode p :
                ownerData.packagesByGroup.getOrDefault(
                    group.path("ModelPackageGroupName").asText(), List.of())) {
              ObjectNode record = SdkJson.project(p, ModelPackage.class);
              record.remove("Tags");
              records.add(wrap("ModelPackage", record));
            }
          }
        } else {
          for (ObjectNode p : data.packages.values()) {
            records.add(wrap("ModelPackage", SdkJson.project(p, ModelPackage.class)));
          }
        }
        break;
      case "Endpoint":
        for (ObjectNode e : data.endpoints.values()) {
          records.add(wrap("Endpoint", SdkJson.project(e, Endpoint.class)));
        }
        break;
      case "ModelCard":
        for (ObjectNode c : data.modelCards.values()) {
          records.add(wrap("ModelCard", SdkJson.project(c, ModelCard.class)));
        }
        break;
      case "Model":
        for (ObjectNode m : data.models.values()) {
          ObjectNode dashboard = NODES.objectNode();
          dashboard.set("Model", SdkJson.project(m, Model.class));
          ArrayNode endpoints = dashboard.putArray("Endpoints");
          for (ObjectNode e :
              data.endpointsByModel.getOrDefault(m.path("ModelName").asText(), List.of())) {
            endpoints.add(SdkJson.project(e, ModelDashboardEndpoint.class));
          }
          records.add(wrap("Model", dashboard));
        }
        break;
      case "TrainingJob":
        for (ObjectNode j : data.trainingJobs.values()) {
          records.add(wrap("TrainingJob", SdkJson.project(j, TrainingJob.class)));
        }
        break;
      default:
        // Valid resource types the portfolio does not hold (tuning jobs, pipelines, ...).
        break;
    }
    return records;
  }

  private static ObjectNode wrap(String key, ObjectNode value) {
    ObjectNode record = NODES.objectNode();
    record.set(key, value);
    return record;
  }

  // ---------------------------------------------------------------- tags

  private Result listTags(SimRequest request) {
    String arn = request.requiredText("ResourceArn");
    Optional<String[]> owner = arnAccountRegion(arn);
    if (owner.isPresent() && !owner.get()[0].equals(request.caller().account())) {
      throw ApiException.accessDenied(
          "User: "
              + request.caller().arn()
              + " is not authorized to perform: sagemaker:ListTags on resource: "
              + arn);
    }
    ObjectNode resource = own(request).taggable.get(arn);
    if (resource == null) {
      throw ApiException.validation("Resource " + arn + " does not exist.");
    }
    List<JsonNode> tags = new ArrayList<>();
    resource.path("Tags").forEach(tags::add);
    return pageOf(tags, t -> true, request, Paging.Limits.LIST_TAGS, "Tags", JsonNode::deepCopy);
  }

  // ---------------------------------------------------------------- endpoints and models

  private Result listEndpoints(SimRequest request) {
    List<JsonNode> all =
        cache.get(
            request,
            () -> {
              Predicate<JsonNode> filter =
                  timeRange(request, "CreationTime", "CreationTimeAfter", "CreationTimeBefore")
                      .and(
                          timeRange(
                              request,
                              "LastModifiedTime",
                              "LastModifiedTimeAfter",
                              "LastModifiedTimeBefore"));
              Optional<String> status = request.text("StatusEquals");
              List<JsonNode> matched = new ArrayList<>();
              for (ObjectNode e : own(request).endpoints.values()) {
                if (filter.test(e)
                    && status.map(s -> s.equals(e.path("EndpointStatus").asText())).orElse(true)) {
                  matched.add(e);
                }
              }
              matched.sort(
                  sortOrder(
                      request,
                      Map.of(
                          "Name", "EndpointName",
                          "CreationTime", "CreationTime",
                          "Status", "EndpointStatus"),
                      "CreationTime",
                      true,
                      "EndpointArn"));
              return matched;
            });
    return pageOf(
        all,
        nameContains(request, "EndpointName"),
        request,
        Paging.Limits.SAGEMAKER,
        "Endpoints",
        e -> SdkJson.project(e, EndpointSummary.class));
  }

  private Result listMonitoringSchedules(SimRequest request) {
    Predicate<JsonNode> filter =
        timeRange(request, "CreationTime", "CreationTimeAfter", "CreationTimeBefore")
            .and(
                timeRange(
                    request, "LastModifiedTime", "LastModifiedTimeAfter", "LastModifiedTimeBefore"))
            .and(equalsIfGiven(request, "EndpointName", "EndpointName"))
            .and(equalsIfGiven(request, "StatusEquals", "MonitoringScheduleStatus"))
            .and(equalsIfGiven(request, "MonitoringTypeEquals", "MonitoringType"))
            .and(nameContains(request, "MonitoringScheduleName"));
    List<JsonNode> matched = new ArrayList<>();
    for (ObjectNode schedule : own(request).monitoringSchedules.values()) {
      if (filter.test(schedule)) {
        matched.add(schedule);
      }
    }
    matched.sort(
        sortOrder(
            request,
            Map.of(
                "Name",
                "MonitoringScheduleName",
                "CreationTime",
                "CreationTime",
                "Status",
                "MonitoringScheduleStatus"),
            "CreationTime",
            true,
            "MonitoringScheduleArn"));
    return pageOf(
        matched,
        n -> true,
        request,
        Paging.Limits.SAGEMAKER,
        "MonitoringScheduleSummaries",
        n -> n);
  }

  private Result listMonitoringExecutions(SimRequest request) {
    Predicate<JsonNode> filter =
        timeRange(request, "CreationTime", "CreationTimeAfter", "CreationTimeBefore")
            .and(
                timeRange(
                    request, "LastModifiedTime", "LastModifiedTimeAfter", "LastModifiedTimeBefore"))
            .and(timeRange(request, "ScheduledTime", "ScheduledTimeAfter", "ScheduledTimeBefore"))
            .and(equalsIfGiven(request, "MonitoringScheduleName", "MonitoringScheduleName"))
            .and(equalsIfGiven(request, "EndpointName", "EndpointName"))
            .and(equalsIfGiven(request, "StatusEquals", "MonitoringExecutionStatus"))
            .and(equalsIfGiven(request, "MonitoringTypeEquals", "MonitoringType"));
    List<JsonNode> matched = new ArrayList<>();
    for (ObjectNode execution : own(request).monitoringExecutions) {
      if (filter.test(execution)) {
        matched.add(execution);
      }
    }
    matched.sort(
        sortOrder(
            request,
            Map.of(
                "CreationTime",
                "CreationTime",
                "ScheduledTime",
                "ScheduledTime",
                "Status",
                "MonitoringExecutionStatus"),
            "CreationTime",
            true,
            "MonitoringScheduleName"));
    return pageOf(
        matched,
        n -> true,
        request,
        Paging.Limits.SAGEMAKER,
        "MonitoringExecutionSummaries",
        n -> n);
  }

  private static Predicate<JsonNode> equalsIfGiven(
      SimRequest request, String member, String field) {
    Optional<String> wanted = request.text(member);
    return node -> wanted.map(w -> w.equals(node.path(field).asText())).orElse(true);
  }

  private Result describeNamed(
      SimRequest request,
      String member,
      Function<Portfolio.RegionData, Map<String, ObjectNode>> collection,
      Class<?> shape,
      Function<String, String> notFound) {
    String name = request.requiredText(member);
    String key = name;
    if (name.startsWith("arn:")) {
      key = name.substring(name.indexOf('/') + 1);
    }
    ObjectNode node = collection.apply(own(request)).get(key);
    if (node == null) {
      throw ApiException.validation(notFound.apply(name));
    }
    return new Result(SdkJson.project(node, shape), -1, name);
  }

  // ---------------------------------------------------------------- inference components

  /**
   * ListInferenceComponents: summaries of the caller's components in the region, filtered by
   * endpoint, variant, status and time, sorted by CreationTime (default, newest first), Name or
   * Status; NameContains applies to each page window like the other SageMaker list calls.
   */
  private Result listInferenceComponents(SimRequest request) {
    request
        .text("StatusEquals")
        .filter(s -> !INFERENCE_COMPONENT_STATUSES.contains(s))
        .ifPresent(
            s -> {
              throw enumError("statusEquals", s, INFERENCE_COMPONENT_STATUSES.toString());
            });
    checkPattern(request, "NameContains", INFERENCE_COMPONENT_NAME_CONTAINS, 63);
    checkPattern(request, "EndpointNameEquals", ENDPOINT_OR_VARIANT_NAME, 63);
    checkPattern(request, "VariantNameEquals", ENDPOINT_OR_VARIANT_NAME, 63);
    List<JsonNode> all =
        cache.get(
            request,
            () -> {
              Predicate<JsonNode> filter =
                  timeRange(request, "CreationTime", "CreationTimeAfter", "CreationTimeBefore")
                      .and(
                          timeRange(
                              request,
                              "LastModifiedTime",
                              "LastModifiedTimeAfter",
                              "LastModifiedTimeBefore"))
                      .and(equalsIfGiven(request, "EndpointNameEquals", "EndpointName"))
                      .and(equalsIfGiven(request, "VariantNameEquals", "VariantName"))
                      .and(equalsIfGiven(request, "StatusEquals", "InferenceComponentStatus"));
              List<JsonNode> matched = new ArrayList<>();
              for (ObjectNode component : own(request).inferenceComponents.values()) {
                if (filter.test(component)) {
                  matched.add(component);
                }
              }
              matched.sort(
                  sortOrder(
                      request,
                      Map.of(
                          "Name", "InferenceComponentName",
                          "CreationTime", "CreationTime",
                          "Status", "InferenceComponentStatus"),
                      "CreationTime",
                      true,
                      "InferenceComponentArn"));
              return matched;
            });
    return pageOf(
        all,
        nameContains(request, "InferenceComponentName"),
        request,
        Paging.Limits.SAGEMAKER,
        "InferenceComponents",
        c -> SdkJson.project(c, InferenceComponentSummary.class));
  }

  /**
   * DescribeInferenceComponent by name (the member takes no ARN: its pattern refuses one). AWS
   * declares no error for this operation, so a missing component is HTTP 400 ValidationException
   * "Could not find inference component", as for endpoints.
   */
  private Result describeInferenceComponent(SimRequest request) {
    String name = request.requiredText("InferenceComponentName");
    checkPattern(request, "InferenceComponentName", INFERENCE_COMPONENT_NAME, 63);
    ObjectNode component = own(request).inferenceComponents.get(name);
    if (component == null) {
      throw ApiException.validation("Could not find inference component \"" + name + "\".");
    }
    return new Result(
        SdkJson.project(component, DescribeInferenceComponentResponse.class), -1, name);
  }

  /**
   * A string member's length and pattern constraints, refused in AWS's validation message style.
   */
  private static void checkPattern(
      SimRequest request, String member, String pattern, int maxLength) {
    Optional<String> value = request.text(member);
    if (value.isEmpty()) {
      return;
    }
    String field = Character.toLowerCase(member.charAt(0)) + member.substring(1);
    String prefix =
        "1 validation error detected: Value '"
            + value.get()
            + "' at '"
            + field
            + "' failed to satisfy constraint: ";
    if (value.get().length() > maxLength) {
      throw ApiException.validation(
          prefix + "Member must have length less than or equal to " + maxLength);
    }
    if (!value.get().matches(pattern)) {
      throw ApiException.validation(
          prefix + "Member must satisfy regular expression pattern: " + pattern);
    }
  }

  // ---------------------------------------------------------------- model cards

  private Result listModelCards(SimRequest request) {
    List<JsonNode> all =
        cache.get(
            request,
            () -> {
              Predicate<JsonNode> filter =
                  timeRange(request, "CreationTime", "CreationTimeAfter", "CreationTimeBefore");
              Optional<String> status = request.text("ModelCardStatus");
              List<JsonNode> matched = new ArrayList<>();
              for (ObjectNode c : own(request).modelCards.values()) {
                if (filter.test(c)
                    && status.map(s -> s.equals(c.path("ModelCardStatus").asText())).orElse(true)) {
                  matched.add(c);
                }
              }
              matched.sort(
                  sortOrder(
                      request,
                      Map.of("Name", "ModelCardName", "CreationTime", "CreationTime"),
                      "CreationTime",
                      true,
                      "ModelCardArn"));
              return matched;
            });
    return pageOf(
        all,
        nameContains(request, "ModelCardName"),
        request,
        Paging.Limits.SAGEMAKER,
        "ModelCardSummaries",
        c -> SdkJson.project(c, ModelCardSummary.class));
  }

  private Result describeModelCard(SimRequest request) {
    String name = request.requiredText("ModelCardName");
    String key = name.startsWith("arn:") ? name.substring(name.indexOf('/') + 1) : name;
    ObjectNode card = own(request).modelCards.get(key);
    if (card == null) {
      throw ApiException.resourceNotFound("Model card " + name + " does not exist.");
    }
    Optional<Integer> version = request.integer("ModelCardVersion");
    if (version.isPresent() && version.get() != card.path("ModelCardVersion").asInt()) {
      throw ApiException.resourceNotFound(
          "Model card " + name + " version " + version.get() + " does not exist.");
    }
    return new Result(SdkJson.project(card, DescribeModelCardResponse.class), -1, name);
  }

  // ---------------------------------------------------------------- lineage

  private Result listLineage(
      SimRequest request,
      Function<Portfolio.RegionData, Collection<ObjectNode>> collection,
      String resultKey,
      Class<?> summaryShape,
      String keyField,
      Map<String, String> equalityFilters) {
    List<JsonNode> all =
        cache.get(
            request,
            () -> {
              Predicate<JsonNode> filter =
                  timeRange(request, "CreationTime", "CreatedAfter", "CreatedBefore");
              for (Map.Entry<String, String> e : equalityFilters.entrySet()) {
                Optional<String> wanted = request.text(e.getKey());
                if (wanted.isPresent()) {
                  String path = e.getValue();
                  filter =
                      filter.and(
                          n ->
                              SearchExpression.values(n, path).stream()
                                  .anyMatch(v -> wanted.get().equals(v.asText())));
                }
              }
              List<JsonNode> matched =
                  new ArrayList<>(collection.apply(own(request)).stream().filter(filter).toList());
              matched.sort(
                  sortOrder(
                      request,
                      Map.of(
                          "CreationTime", "CreationTime",
                          "Name", keyField.replace("Arn", "Name"),
                          "SourceArn", "SourceArn",
                          "DestinationArn", "DestinationArn",
                          "SourceType", "SourceType",
                          "DestinationType", "DestinationType"),
                      "CreationTime",
                      true,
                      keyField));
              return matched;
            });
    return pageOf(
        all,
        n -> true,
        request,
        Paging.Limits.SAGEMAKER,
        resultKey,
        n -> SdkJson.project(n, summaryShape));
  }

  private Result listTrialComponents(SimRequest request) {
    List<JsonNode> all =
        cache.get(
            request,
            () -> {
              Predicate<JsonNode> filter =
                  timeRange(request, "CreationTime", "CreatedAfter", "CreatedBefore");
              Optional<String> source = request.text("SourceArn");
              List<JsonNode> matched = new ArrayList<>();
              for (ObjectNode t : own(request).trialComponents.values()) {
                if (filter.test(t)
                    && source
                        .map(s -> s.equals(t.path("Source").path("SourceArn").asText()))
                        .orElse(true)) {
                  matched.add(t);
                }
              }
              matched.sort(
                  sortOrder(
                      request,
                      Map.of("Name", "TrialComponentName", "CreationTime", "CreationTime"),
                      "CreationTime",
                      true,
                      "TrialComponentArn"));
              return matched;
            });
    return pageOf(
        all,
        n -> true,
        request,
        Paging.Limits.SAGEMAKER,
        "TrialComponentSummaries",
        t -> {
          ObjectNode summary = SdkJson.project(t, TrialComponentSummary.class);
          if (t.has("Source")) {
            summary.set("TrialComponentSource", t.get("Source").deepCopy());
          }
          return summary;
        });
  }

  private Result describeLineage(
      SimRequest request,
      String member,
      Function<Portfolio.RegionData, Map<String, ObjectNode>> collection,
      Class<?> shape) {
    String nameOrArn = request.requiredText(member);
    Map<String, ObjectNode> entities = collection.apply(own(request));
    ObjectNode node = entities.get(nameOrArn);
    if (node == null) {
      String nameField = member.endsWith("Arn") ? null : member;
      for (ObjectNode candidate : entities.values()) {
        if (nameField != null && nameOrArn.equals(candidate.path(nameField).asText())) {
          node = candidate;
          break;
        }
      }
    }
    if (node == null) {
      throw ApiException.resourceNotFound(nameOrArn + " does not exist.");
    }
    return new Result(SdkJson.project(node, shape), -1, nameOrArn);
  }

  /** A lineage entity as QueryLineage reports it: its type and its lineage type. */
  private record VertexInfo(String type, String lineageType, BigDecimal created) {}

  private Optional<VertexInfo> vertex(Portfolio.RegionData data, String arn) {
    ObjectNode a = data.artifacts.get(arn);
    if (a != null) {
      return Optional.of(
          new VertexInfo(
              a.path("ArtifactType").asText(null),
              "Artifact",
              Portfolio.seconds(a, "CreationTime")));
    }
    ObjectNode t = data.trialComponents.get(arn);
    if (t != null) {
      return Optional.of(
          new VertexInfo(
              trialComponentType(t.path("Source").path("SourceType").asText("")),
              "TrialComponent",
              Portfolio.seconds(t, "CreationTime")));
    }
    ObjectNode action = data.actions.get(arn);
    if (action != null) {
      return Optional.of(
          new VertexInfo(
              action.path("ActionType").asText(null),
              "Action",
              Portfolio.seconds(action, "CreationTime")));
    }
    ObjectNode context = data.contexts.get(arn);
    if (context != null) {
      return Optional.of(
          new VertexInfo(
              context.path("ContextType").asText(null),
              "Context",
              Portfolio.seconds(context, "CreationTime")));
    }
    return Optional.empty();
  }

  /** {@code SageMakerTrainingJob} → {@code TrainingJob}, as QueryLineage names trial components. */
  static String trialComponentType(String sourceType) {
    return sourceType.startsWith("SageMaker")
        ? sourceType.substring("SageMaker".length())
        : sourceType;
  }

  private Result queryLineage(SimRequest request) {
    JsonNode starts = request.member("StartArns");
    if (starts.size() > 1) {
      throw ApiException.validation(
          "1 validation error detected: Value at 'startArns' failed to satisfy constraint: Member"
              + " must have length less than or equal to 1");
    }
    if (starts.size() == 0) {
      throw ApiException.validation("StartArns must name one lineage entity");
    }
    String start = starts.get(0).asText();
    if (!LINEAGE_START.matcher(start).matches()) {
      throw ApiException.validation(
          "1 validation error detected: Value '["
              + start
              + "]' at 'startArns' failed to satisfy constraint: Member must satisfy constraint:"
              + " [Member must satisfy regular expression pattern: "
              + LINEAGE_START.pattern()
              + "]");
    }
    Portfolio.RegionData data = own(request);
    if (vertex(data, start).isEmpty()) {
      throw ApiException.resourceNotFound("Lineage entity " + start + " does not exist.");
    }
    String direction = request.text("Direction").orElse("Both");
    if (!Set.of("Both", "Ascendants", "Descendants").contains(direction)) {
      throw enumError("direction", direction, "[Both, Ascendants, Descendants]");
    }
    int maxDepth = request.integer("MaxDepth").orElse(10);
    if (maxDepth < 0 || maxDepth > 10) {
      throw ApiException.validation("MaxDepth must be between 0 and 10");
    }
    boolean includeEdges = request.bool("IncludeEdges").orElse(false);
    JsonNode filters = request.member("Filters");
    Set<String> types = strings(filters.path("Types"));
    Set<String> lineageTypes = strings(filters.path("LineageTypes"));
    Optional<BigDecimal> createdAfter = seconds(filters.path("CreatedAfter"));
    Optional<BigDecimal> createdBefore = seconds(filters.path("CreatedBefore"));

    // Breadth-first from the start entity; every association crossed is an edge.
    Map<String, Integer> depth = new LinkedHashMap<>();
    List<ObjectNode> edges = new ArrayList<>();
    Deque<String> queue = new ArrayDeque<>();
    depth.put(start, 0);
    queue.add(start);
    while (!queue.isEmpty()) {
      String current = queue.poll();
      int d = depth.get(current);
      if (d >= maxDepth) {
        continue;
      }
      List<ObjectNode> crossing = new ArrayList<>();
      if (!direction.equals("Descendants")) {
        crossing.addAll(data.associationsTo.getOrDefault(current, List.of()));
      }
      if (!direction.equals("Ascendants")) {
        crossing.addAll(data.associationsFrom.getOrDefault(current, List.of()));
      }
      for (ObjectNode association : crossing) {
        String source = association.path("SourceArn").asText();
        String next = source.equals(current) ? association.path("DestinationArn").asText() : source;
        edges.add(association);
        if (!depth.containsKey(next)) {
          depth.put(next, d + 1);
          queue.add(next);
        }
      }
    }
    List<ObjectNode> vertices = new ArrayList<>();
    for (String arn : depth.keySet()) {
      Optional<VertexInfo> info = vertex(data, arn);
      String type = info.map(VertexInfo::type).orElse(null);
      String lineageType = info.map(VertexInfo::lineageType).orElse(null);
      BigDecimal created = info.map(VertexInfo::created).orElse(null);
      if (!types.isEmpty() && (type == null || !types.contains(type))) {
        continue;
      }
      if (!lineageTypes.isEmpty() && (lineageType == null || !lineageTypes.contains(lineageType))) {
        continue;
      }
      if (createdAfter.isPresent()
          && (created == null || created.compareTo(createdAfter.get()) <= 0)) {
        continue;
      }
      if (createdBefore.isPresent()
          && (created == null || created.compareTo(createdBefore.get()) >= 0)) {
        continue;
      }
      ObjectNode vertex = NODES.objectNode();
      vertex.put("Arn", arn);
      if (type != null) {
        vertex.put("Type", type);
      }
      if (lineageType != null) {
        vertex.put("LineageType", lineageType);
      }
      vertices.add(vertex);
    }
    Paging.Page<ObjectNode> page = Paging.page(vertices, request, Paging.Limits.QUERY_LINEAGE);
    ObjectNode body = NODES.objectNode();
    ArrayNode vertexArray = body.putArray("Vertices");
    page.items().forEach(vertexArray::add);
    ArrayNode edgeArray = body.putArray("Edges");
    // Edges travel with the first page, once; later pages carry vertices only.
    if (includeEdges && request.text("NextToken").isEmpty()) {
      Set<String> seen = new LinkedHashSet<>();
      for (ObjectNode association : edges) {
        String key =
            association.path("SourceArn").asText()
                + ">"
                + association.path("DestinationArn").asText();
        if (seen.add(key)) {
          ObjectNode edge = NODES.objectNode();
          edge.put("SourceArn", association.path("SourceArn").asText());
          edge.put("DestinationArn", association.path("DestinationArn").asText());
          if (association.has("AssociationType")) {
            edge.put("AssociationType", association.path("AssociationType").asText());
          }
          edgeArray.add(edge);
        }
      }
    }
    if (page.nextToken() != null) {
      body.put("NextToken", page.nextToken());
    }
    return new Result(body, page.items().size(), start);
  }

  // ---------------------------------------------------------------- helpers

  private static Set<String> strings(JsonNode array) {
    Set<String> values = new LinkedHashSet<>();
    array.forEach(v -> values.add(v.asText()));
    return values;
  }

  private static Optional<BigDecimal> seconds(JsonNode value) {
    return SdkJson.parseTimestamp(value).map(i -> BigDecimal.valueOf(i.toEpochMilli(), 3));
  }

  /** Keeps entities whose timestamp is strictly after / before the request's bounds. */
  private static Predicate<JsonNode> timeRange(
      SimRequest request, String field, String afterMember, String beforeMember) {
    Optional<BigDecimal> after = request.epochSeconds(afterMember);
    Optional<BigDecimal> before = request.epochSeconds(beforeMember);
    return node -> {
      BigDecimal value = Portfolio.seconds(node, field);
      if (after.isPresent() && (value == null || value.compareTo(after.get()) <= 0)) {
        return false;
      }
      return before.isEmpty() || (value != null && value.compareTo(before.get()) < 0);
    };
  }

  private static Predicate<JsonNode> nameContains(SimRequest request, String field) {
    Optional<String> needle = request.text("NameContains");
    return needle
        .<Predicate<JsonNode>>map(
            n -> node -> node.path(field).asText().toLowerCase().contains(n.toLowerCase()))
        .orElse(node -> true);
  }

  private static Comparator<JsonNode> sortOrder(
      SimRequest request,
      Map<String, String> sortFields,
      String defaultSort,
      boolean defaultDescending,
      String keyField) {
    String sortBy = request.text("SortBy").orElse(defaultSort);
    String field = sortFields.get(sortBy);
    if (field == null) {
      throw enumError("sortBy", sortBy, sortFields.keySet().stream().sorted().toList().toString());
    }
    String order = request.text("SortOrder").orElse(defaultDescending ? "Descending" : "Ascending");
    if (!order.equals("Ascending") && !order.equals("Descending")) {
      throw enumError("sortOrder", order, "[Ascending, Descending]");
    }
    return SearchExpression.order(
        field, order.equals("Descending"), n -> n.path(keyField).asText());
  }

  /**
   * One page. A {@code NameContains} filter is applied to the page window after paging, as
   * SageMaker does: a page can come back empty and still carry a NextToken, so clients must page on
   * until the token is gone.
   */
  private static Result pageOf(
      List<JsonNode> all,
      Predicate<JsonNode> windowFilter,
      SimRequest request,
      Paging.Limits limits,
      String resultKey,
      Function<JsonNode, JsonNode> render) {
    Paging.Page<JsonNode> page = Paging.page(all, request, limits);
    ObjectNode body = NODES.objectNode();
    ArrayNode items = body.putArray(resultKey);
    for (JsonNode item : page.items()) {
      if (windowFilter.test(item)) {
        items.add(render.apply(item));
      }
    }
    if (page.nextToken() != null) {
      body.put("NextToken", page.nextToken());
    }
    return new Result(body, items.size(), null);
  }

  private static ApiException enumError(String member, String value, String allowed) {
    return ApiException.validation(
        "1 validation error detected: Value '"
            + value
            + "' at '"
            + member
            + "' failed to satisfy constraint: Member must satisfy enum value set: "
            + allowed);
  }
}
