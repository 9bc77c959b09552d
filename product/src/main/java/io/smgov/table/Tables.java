package io.smgov.table;

import static io.smgov.table.ColumnType.BIGINT;
import static io.smgov.table.ColumnType.BOOLEAN;
import static io.smgov.table.ColumnType.DATE;
import static io.smgov.table.ColumnType.DOUBLE;
import static io.smgov.table.ColumnType.INT;
import static io.smgov.table.ColumnType.STRING;
import static io.smgov.table.ColumnType.TIMESTAMP;

import io.smgov.model.ApprovalEventRow;
import io.smgov.model.EndpointAlarmRow;
import io.smgov.model.EndpointDeploymentRow;
import io.smgov.model.EndpointMetricRow;
import io.smgov.model.EndpointMonitoringRow;
import io.smgov.model.ExportRunRow;
import io.smgov.model.FeatureConstraintRow;
import io.smgov.model.FeatureStatisticRow;
import io.smgov.model.FindingRow;
import io.smgov.model.FindingRunRow;
import io.smgov.model.LineageAssociationRow;
import io.smgov.model.LineageEntityRow;
import io.smgov.model.LineageRow;
import io.smgov.model.MetricReportRow;
import io.smgov.model.ModelArtifactRow;
import io.smgov.model.ModelCardRow;
import io.smgov.model.ModelMetricRow;
import io.smgov.model.ModelPackageGroupRow;
import io.smgov.model.ModelPackageRow;
import io.smgov.model.PriceRow;
import io.smgov.model.ResourceTagRow;
import io.smgov.model.TrainingChannelRow;
import io.smgov.model.TrainingHyperparameterRow;
import io.smgov.model.TrainingJobRow;
import io.smgov.model.WaiverRow;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Every warehouse table, declared once. The warehouse layout is {@code
 * {warehouse}/{table}/snapshot_date=YYYY-MM-DD/region={region}/{account_id}.parquet}.
 */
public final class Tables {
  private Tables() {}

  /** Written first in every file: when the snapshot was taken and whose registry it is. */
  public static final List<ColumnDefinition> COMMON_COLUMNS =
      List.of(
          new ColumnDefinition(
              "snapshot_time",
              TIMESTAMP,
              false,
              "When the snapshot was taken (UTC, --snapshot-time); every age in the views is computed against it."),
          new ColumnDefinition(
              "account_id",
              STRING,
              false,
              "The AWS account that was read (for RAM-shared groups: the account that read them)."));

  /**
   * Endpoint statuses whose variants serve traffic: what the views count as in production (as
   * {@code ${serving_statuses}}) and the variants whose CloudWatch metrics an export reads.
   */
  public static final List<String> SERVING_ENDPOINT_STATUSES =
      List.of("InService", "Updating", "SystemUpdating", "RollingBack");

  /** Hive-style partition keys, in path order; not stored in the files. */
  public static final List<ColumnDefinition> PARTITION_KEYS =
      List.of(
          new ColumnDefinition("snapshot_date", DATE, false, "UTC date of snapshot_time."),
          new ColumnDefinition("region", STRING, false, "The AWS region that was read."));

  private static final String API = "https://docs.aws.amazon.com/sagemaker/latest/APIReference/";

  private static final String IDENTITY_KINDS =
      "What kind of identity the column before holds: studio_user_profile | source_identity | iam_arn | iam_principal_id.";

  public static final TableSpec<ModelPackageGroupRow> MODEL_PACKAGE_GROUPS =
      TableSpec.builder("model_package_groups", ModelPackageGroupRow.class)
          .doc(
              "One row per model package group. Source: Search(ModelPackageGroup) or DescribeModelPackageGroup; "
                  + API
                  + "API_DescribeModelPackageGroup.html")
          .required("group_arn", STRING, ModelPackageGroupRow::groupArn, "Group ARN.")
          .required("group_name", STRING, ModelPackageGroupRow::groupName, "Group name.")
          .optional(
              "description",
              STRING,
              ModelPackageGroupRow::description,
              "ModelPackageGroupDescription.")
          .optional(
              "status",
              STRING,
              ModelPackageGroupRow::status,
              "Pending | InProgress | Completed | Failed | Deleting | DeleteFailed.")
          .optional(
              "creation_time",
              TIMESTAMP,
              ModelPackageGroupRow::creationTime,
              "When the group was created (UTC).")
          .optional(
              "created_by",
              STRING,
              ModelPackageGroupRow::createdBy,
              "Who created it, the most specific identity AWS gives: Studio user profile, else SourceIdentity, else IAM ARN (with the assumed role's session name).")
          .optional("created_by_kind", STRING, ModelPackageGroupRow::createdByKind, IDENTITY_KINDS)
          .required(
              "owner_account_id",
              STRING,
              ModelPackageGroupRow::ownerAccountId,
              "Account that owns the group (differs from account_id for shared groups).")
          .required(
              "is_shared",
              BOOLEAN,
              ModelPackageGroupRow::isShared,
              "True for a group another account shares through AWS RAM.")
          .build();

  private static final String ROLE =
      "The IAM role behind the identity before (arn:aws:iam::<account>:role/<name>, rebuilt from the assumed-role ARN, so without the role's path), or the IAM user's ARN; null when AWS gave neither.";

  public static final TableSpec<ModelPackageRow> MODEL_PACKAGES =
      TableSpec.builder("model_packages", ModelPackageRow.class)
          .doc(
              "One row per model package version. Source: Search(ModelPackage) or DescribeModelPackage; "
                  + API
                  + "API_DescribeModelPackage.html")
          .required(
              "model_package_arn",
              STRING,
              ModelPackageRow::modelPackageArn,
              "Version ARN (…:model-package/<group>/<version>).")
          .optional("group_name", STRING, ModelPackageRow::groupName, "ModelPackageGroupName.")
          .optional(
              "group_arn",
              STRING,
              ModelPackageRow::groupArn,
              "The group's ARN (a group is its ARN: a group shared through AWS RAM may have a local group's name); null for an unversioned package.")
          .optional("version", INT, ModelPackageRow::version, "ModelPackageVersion, 1-based.")
          .optional("description", STRING, ModelPackageRow::description, "ModelPackageDescription.")
          .optional(
              "package_status",
              STRING,
              ModelPackageRow::packageStatus,
              "ModelPackageStatus: Pending | InProgress | Completed | Failed | Deleting.")
          .optional(
              "approval_status",
              STRING,
              ModelPackageRow::approvalStatus,
              "ModelApprovalStatus: Approved | Rejected | PendingManualApproval.")
          .optional(
              "approval_description",
              STRING,
              ModelPackageRow::approvalDescription,
              "ApprovalDescription: the approver's note, as written.")
          .optional(
              "has_approval_note",
              BOOLEAN,
              ModelPackageRow::hasApprovalNote,
              "Whether approval_description has any text: empty or only whitespace (spaces, tabs, CR, LF, Unicode spaces) is no note.")
          .optional(
              "approval_history_complete",
              BOOLEAN,
              ModelPackageRow::approvalHistoryComplete,
              "Whether approval_events holds every approval of the version: it was registered after export_runs.approvals_since. DEPLOYED_BEFORE_APPROVAL needs it (its first approval is then known).")
          .optional(
              "approval_note_chars",
              INT,
              ModelPackageRow::approvalNoteChars,
              "How much text approval_description has: its characters that are not whitespace (MISSING_APPROVAL_NOTE compares it with the policy's min_approval_note_chars).")
          .optional(
              "creation_time",
              TIMESTAMP,
              ModelPackageRow::creationTime,
              "When the version was registered (UTC).")
          .optional(
              "last_modified_time",
              TIMESTAMP,
              ModelPackageRow::lastModifiedTime,
              "Last change (approval, description, metadata, lifecycle) (UTC).")
          .optional(
              "created_by",
              STRING,
              ModelPackageRow::createdBy,
              "Who registered it, the most specific identity AWS gives: Studio user profile, else SourceIdentity, else IAM ARN (with the assumed role's session name).")
          .optional("created_by_kind", STRING, ModelPackageRow::createdByKind, IDENTITY_KINDS)
          .optional(
              "last_modified_by",
              STRING,
              ModelPackageRow::lastModifiedBy,
              "Who changed it last (usually the approver), chosen like created_by.")
          .optional(
              "last_modified_by_kind", STRING, ModelPackageRow::lastModifiedByKind, IDENTITY_KINDS)
          .optional("created_by_role", STRING, ModelPackageRow::createdByRole, ROLE)
          .optional("last_modified_by_role", STRING, ModelPackageRow::lastModifiedByRole, ROLE)
          .optional("source_uri", STRING, ModelPackageRow::sourceUri, "SourceUri of the version.")
          .optional("domain", STRING, ModelPackageRow::domain, "Domain, e.g. MACHINE_LEARNING.")
          .optional("task", STRING, ModelPackageRow::task, "Task, e.g. CLASSIFICATION.")
          .optional(
              "framework",
              STRING,
              ModelPackageRow::framework,
              "Framework of the first inference container.")
          .optional(
              "framework_version",
              STRING,
              ModelPackageRow::frameworkVersion,
              "FrameworkVersion of the first inference container.")
          .optional(
              "image", STRING, ModelPackageRow::image, "Image of the first inference container.")
          .optional(
              "model_data_url",
              STRING,
              ModelPackageRow::modelDataUrl,
              "ModelDataUrl (or ModelDataSource S3Uri) of the first inference container.")
          .optional(
              "container_count",
              INT,
              ModelPackageRow::containerCount,
              "Number of inference containers.")
          .optional(
              "generated_by",
              STRING,
              ModelPackageRow::generatedBy,
              "MetadataProperties.GeneratedBy, usually the pipeline execution ARN.")
          .optional("commit_id", STRING, ModelPackageRow::commitId, "MetadataProperties.CommitId.")
          .optional(
              "repository", STRING, ModelPackageRow::repository, "MetadataProperties.Repository.")
          .optional(
              "project_id", STRING, ModelPackageRow::projectId, "MetadataProperties.ProjectId.")
          .optional(
              "lifecycle_stage", STRING, ModelPackageRow::lifecycleStage, "ModelLifeCycle.Stage.")
          .optional(
              "lifecycle_stage_status",
              STRING,
              ModelPackageRow::lifecycleStageStatus,
              "ModelLifeCycle.StageStatus.")
          .optional(
              "lifecycle_stage_description",
              STRING,
              ModelPackageRow::lifecycleStageDescription,
              "ModelLifeCycle.StageDescription.")
          .optional(
              "model_card_status",
              STRING,
              ModelPackageRow::modelCardStatus,
              "Status of the model card on the version (Draft | PendingReview | Approved | Archived); null when it has none.")
          .optional(
              "registration_type",
              STRING,
              ModelPackageRow::registrationType,
              "ModelPackageRegistrationType: Logged | Registered.")
          .optional(
              "metric_report_uris",
              STRING,
              ModelPackageRow::metricReportUris,
              "JSON object: report kind -> S3 URI, for every ModelMetrics and DriftCheckBaselines report.")
          .optional(
              "customer_metadata_json",
              STRING,
              ModelPackageRow::customerMetadataJson,
              "CustomerMetadataProperties as a JSON object.")
          .required(
              "owner_account_id",
              STRING,
              ModelPackageRow::ownerAccountId,
              "Account that owns the version.")
          .required(
              "is_shared",
              BOOLEAN,
              ModelPackageRow::isShared,
              "True for a version of a group shared through AWS RAM.")
          .optional(
              "tags_verifiable",
              BOOLEAN,
              ModelPackageRow::tagsVerifiable,
              "Whether the version's tags could be read: false for a RAM-shared copy (tags are not shared) or where ListTags was denied. MISSING_OWNER needs them.")
          .optional(
              "lineage_verifiable",
              BOOLEAN,
              ModelPackageRow::lineageVerifiable,
              "Whether the version's lineage could be read: false for a RAM-shared copy (lineage lives in the owner account) or where it was denied. MISSING_LINEAGE needs it.")
          .optional(
              "model_cards_verifiable",
              BOOLEAN,
              ModelPackageRow::modelCardsVerifiable,
              "Whether the standalone model cards of the version's account could be read: false for a RAM-shared copy or where ListModelCards was denied. MISSING_MODEL_CARD needs them.")
          .build();

  public static final TableSpec<MetricReportRow> METRIC_REPORTS =
      TableSpec.builder("metric_reports", MetricReportRow.class)
          .doc(
              "One row per report a version references in ModelMetrics or DriftCheckBaselines, and how reading it from S3 went.")
          .required("model_package_arn", STRING, MetricReportRow::modelPackageArn, "Version ARN.")
          .required(
              "report_kind",
              STRING,
              MetricReportRow::reportKind,
              "e.g. model_quality_statistics, bias_report, drift_model_quality_constraints.")
          .required(
              "report_source",
              STRING,
              MetricReportRow::reportSource,
              "model_metrics | drift_check_baselines.")
          .required("s3_uri", STRING, MetricReportRow::s3Uri, "Where the report is.")
          .optional(
              "content_type",
              STRING,
              MetricReportRow::contentType,
              "ContentType registered with the report.")
          .optional(
              "content_digest",
              STRING,
              MetricReportRow::contentDigest,
              "ContentDigest registered with the report (sha256:…).")
          .required(
              "status",
              STRING,
              MetricReportRow::status,
              "ok | missing | access_denied | unparseable | too_large | error.")
          .optional("bytes", BIGINT, MetricReportRow::bytes, "Size of the object read.")
          .optional(
              "digest_matches",
              BOOLEAN,
              MetricReportRow::digestMatches,
              "Whether the object read has the registered sha256 digest; null when none is registered or nothing was read.")
          .optional(
              "metric_count",
              INT,
              MetricReportRow::metricCount,
              "Rows in model_metrics from this report.")
          .optional(
              "error_message", STRING, MetricReportRow::errorMessage, "Why the status is not ok.")
          .build();

  public static final TableSpec<ModelMetricRow> MODEL_METRICS =
      TableSpec.builder("model_metrics", ModelMetricRow.class)
          .doc(
              "One row per numeric metric in a report (model quality, data quality, bias, explainability).")
          .required("model_package_arn", STRING, ModelMetricRow::modelPackageArn, "Version ARN.")
          .required(
              "report_kind",
              STRING,
              ModelMetricRow::reportKind,
              "The report it came from (metric_reports.report_kind).")
          .required(
              "metric_group",
              STRING,
              ModelMetricRow::metricGroup,
              "e.g. binary_classification_metrics, regression_metrics, feature.<name>, pre_training_bias_metrics.<facet>=<value>.")
          .required("metric_name", STRING, ModelMetricRow::metricName, "e.g. auc, rmse, mean, DPL.")
          .required("value", DOUBLE, ModelMetricRow::value, "The metric's value.")
          .optional(
              "standard_deviation",
              DOUBLE,
              ModelMetricRow::standardDeviation,
              "Its standard deviation; null where the report says \"NaN\" (fewer than 200 samples).")
          .build();

  public static final TableSpec<ResourceTagRow> RESOURCE_TAGS =
      TableSpec.builder("resource_tags", ResourceTagRow.class)
          .doc(
              "Tags of groups, versions, endpoints and deployed models, and each version's customer metadata.")
          .required(
              "resource_type",
              STRING,
              ResourceTagRow::resourceType,
              "ModelPackageGroup | ModelPackage | Endpoint | Model.")
          .required("resource_arn", STRING, ResourceTagRow::resourceArn, "The tagged resource.")
          .required("key", STRING, ResourceTagRow::key, "Tag key, as written.")
          .optional("value", STRING, ResourceTagRow::value, "Tag value, as written.")
          .required(
              "value_is_blank",
              BOOLEAN,
              ResourceTagRow::valueIsBlank,
              "Whether the value is empty or only whitespace (spaces, tabs, CR, LF, Unicode spaces): a blank value is no value.")
          .required("origin", STRING, ResourceTagRow::origin, "tag | customer_metadata.")
          .build();

  public static final TableSpec<LineageRow> MODEL_LINEAGE =
      TableSpec.builder("model_lineage", LineageRow.class)
          .doc(
              "Per version, every upstream lineage entity (datasets, training jobs, images, …), walked from the version's package artifact against the association direction.")
          .required("model_package_arn", STRING, LineageRow::modelPackageArn, "Version ARN.")
          .required("entity_arn", STRING, LineageRow::entityArn, "The upstream entity.")
          .optional(
              "entity_type",
              STRING,
              LineageRow::entityType,
              "DataSet | Model | Image | TrainingJob | ProcessingJob | … (ArtifactType, trial component source type, ActionType, ContextType).")
          .optional(
              "lineage_type",
              STRING,
              LineageRow::lineageType,
              "Artifact | TrialComponent | Action | Context.")
          .optional(
              "source_uri",
              STRING,
              LineageRow::sourceUri,
              "The entity's source: an S3 URI for a dataset, a job ARN for a trial component.")
          .required(
              "parent_arn",
              STRING,
              LineageRow::parentArn,
              "The entity it contributed to, one step closer to the version.")
          .optional(
              "association_type",
              STRING,
              LineageRow::associationType,
              "ContributedTo | AssociatedWith | DerivedFrom | Produced | SameAs.")
          .required(
              "depth",
              INT,
              LineageRow::depth,
              "Associations between the version's package artifact and the entity (1 = direct).")
          .build();

  public static final TableSpec<LineageEntityRow> LINEAGE_ENTITIES =
      TableSpec.builder("lineage_entities", LineageEntityRow.class)
          .doc(
              "Every lineage entity of the account (the bulk lists), carried forward so a daily run only lists what is new.")
          .required(
              "entity_arn",
              STRING,
              LineageEntityRow::entityArn,
              "Artifact, trial component, action or context ARN.")
          .required(
              "lineage_type",
              STRING,
              LineageEntityRow::lineageType,
              "Artifact | TrialComponent | Action | Context.")
          .optional(
              "entity_type",
              STRING,
              LineageEntityRow::entityType,
              "ArtifactType, trial component source type (TrainingJob, …), ActionType or ContextType.")
          .optional("entity_name", STRING, LineageEntityRow::entityName, "Name of the entity.")
          .optional(
              "source_uri",
              STRING,
              LineageEntityRow::sourceUri,
              "Source URI (or source ARN for trial components).")
          .optional(
              "source_type",
              STRING,
              LineageEntityRow::sourceType,
              "Source type where the API gives one.")
          .optional(
              "creation_time",
              TIMESTAMP,
              LineageEntityRow::creationTime,
              "When the entity was created (UTC).")
          .build();

  public static final TableSpec<LineageAssociationRow> LINEAGE_ASSOCIATIONS =
      TableSpec.builder("lineage_associations", LineageAssociationRow.class)
          .doc(
              "Every lineage association (edge) of the account, carried forward like lineage_entities.")
          .required("source_arn", STRING, LineageAssociationRow::sourceArn, "Upstream entity.")
          .required(
              "destination_arn",
              STRING,
              LineageAssociationRow::destinationArn,
              "Downstream entity.")
          .optional(
              "association_type",
              STRING,
              LineageAssociationRow::associationType,
              "ContributedTo | AssociatedWith | DerivedFrom | Produced | SameAs.")
          .optional(
              "source_type",
              STRING,
              LineageAssociationRow::sourceType,
              "Type of the source entity.")
          .optional(
              "destination_type",
              STRING,
              LineageAssociationRow::destinationType,
              "Type of the destination entity.")
          .optional(
              "creation_time",
              TIMESTAMP,
              LineageAssociationRow::creationTime,
              "When the association was created (UTC).")
          .build();

  public static final TableSpec<EndpointDeploymentRow> ENDPOINT_DEPLOYMENTS =
      TableSpec.builder("endpoint_deployments", EndpointDeploymentRow.class)
          .doc(
              "One row per endpoint variant and container: endpoint -> endpoint config -> model -> container -> model package version. Source: Search(Endpoint), DescribeEndpointConfig, Search(Model)/DescribeModel.")
          .required("endpoint_name", STRING, EndpointDeploymentRow::endpointName, "Endpoint name.")
          .required("endpoint_arn", STRING, EndpointDeploymentRow::endpointArn, "Endpoint ARN.")
          .optional(
              "endpoint_status",
              STRING,
              EndpointDeploymentRow::endpointStatus,
              "InService | Updating | SystemUpdating | RollingBack | Creating | OutOfService | Failed | …")
          .optional(
              "endpoint_config_name",
              STRING,
              EndpointDeploymentRow::endpointConfigName,
              "The endpoint's current endpoint config.")
          .optional(
              "endpoint_creation_time",
              TIMESTAMP,
              EndpointDeploymentRow::endpointCreationTime,
              "When the endpoint was created (UTC).")
          .optional(
              "endpoint_last_modified_time",
              TIMESTAMP,
              EndpointDeploymentRow::endpointLastModifiedTime,
              "Last change of the endpoint (UTC).")
          .required(
              "variant_name",
              STRING,
              EndpointDeploymentRow::variantName,
              "Production or shadow variant name.")
          .required(
              "variant_kind", STRING, EndpointDeploymentRow::variantKind, "production | shadow.")
          .optional(
              "model_name",
              STRING,
              EndpointDeploymentRow::modelName,
              "The variant's model, or the inference component's.")
          .optional(
              "container_index",
              INT,
              EndpointDeploymentRow::containerIndex,
              "0-based container position in the model.")
          .optional(
              "container_hostname",
              STRING,
              EndpointDeploymentRow::containerHostname,
              "ContainerHostname of a multi-container model.")
          .optional(
              "model_package_arn",
              STRING,
              EndpointDeploymentRow::modelPackageArn,
              "The version the container runs; null when the model is not from the registry.")
          .optional("image", STRING, EndpointDeploymentRow::image, "Container image.")
          .optional(
              "instance_type",
              STRING,
              EndpointDeploymentRow::instanceType,
              "Variant instance type.")
          .optional(
              "instance_count",
              INT,
              EndpointDeploymentRow::instanceCount,
              "Current instance count; null for a serverless variant.")
          .optional(
              "serverless_memory_mb",
              INT,
              EndpointDeploymentRow::serverlessMemoryMb,
              "A serverless variant's current memory size (CurrentServerlessConfig.MemorySizeInMB); null for an instance-based one.")
          .optional(
              "serverless_max_concurrency",
              INT,
              EndpointDeploymentRow::serverlessMaxConcurrency,
              "A serverless variant's current MaxConcurrency.")
          .optional(
              "current_weight",
              DOUBLE,
              EndpointDeploymentRow::currentWeight,
              "Current traffic weight.")
          .optional(
              "version_tag",
              STRING,
              EndpointDeploymentRow::versionTag,
              "The endpoint's model-package-version tag.")
          .optional(
              "inference_component_name",
              STRING,
              EndpointDeploymentRow::inferenceComponentName,
              "The inference component that hosts the model on this variant; null for a variant that names its model.")
          .optional(
              "inference_component_status",
              STRING,
              EndpointDeploymentRow::inferenceComponentStatus,
              "InService | Creating | Updating | Failed | Deleting; only an InService component serves.")
          .optional(
              "inference_component_modified_time",
              TIMESTAMP,
              EndpointDeploymentRow::inferenceComponentModifiedTime,
              "The component's LastModifiedTime: a later run describes it again only when this changed (UTC).")
          .optional(
              "inference_component_copies",
              INT,
              EndpointDeploymentRow::inferenceComponentCopies,
              "The component's current copy count.")
          .optional(
              "inference_component_base_name",
              STRING,
              EndpointDeploymentRow::inferenceComponentBaseName,
              "For an adapter component: the base component whose model it runs.")
          .required(
              "resolution",
              STRING,
              EndpointDeploymentRow::resolution,
              "resolved | no_package (the model has no registry container) | model_missing (the model was deleted) | config_missing (the endpoint config was deleted) | inference_components (a variant that hosts no component) | components_unreadable (its inference components could not be listed) | base_missing (an adapter component whose base component is gone).")
          .optional(
              "price_date",
              DATE,
              EndpointDeploymentRow::priceDate,
              "The snapshot date of the prices (prices table) the variant's price comes from: the region's newest on or before this snapshot; null when the export had none for the region (pricing:GetProducts denied, or never read).")
          .optional(
              "usd_per_unit",
              DOUBLE,
              EndpointDeploymentRow::usdPerUnit,
              "The variant's on-demand price: per instance-hour of its instance type, or per second of compute at its serverless memory size; null when the price list has none.")
          .optional(
              "price_unit",
              STRING,
              EndpointDeploymentRow::priceUnit,
              "Hrs | Second: the unit of usd_per_unit.")
          .build();

  public static final TableSpec<ModelCardRow> MODEL_CARDS =
      TableSpec.builder("model_cards", ModelCardRow.class)
          .doc(
              "One row per standalone model card (its newest version) and the version its content links (model_package_details.model_package_arn). Source: ListModelCards, DescribeModelCard (only for cards changed since the previous snapshot); "
                  + API
                  + "API_DescribeModelCard.html")
          .required("model_card_name", STRING, ModelCardRow::modelCardName, "Card name.")
          .optional("model_card_arn", STRING, ModelCardRow::modelCardArn, "Card ARN.")
          .optional(
              "model_card_version",
              INT,
              ModelCardRow::modelCardVersion,
              "The card's newest version.")
          .optional(
              "model_card_status",
              STRING,
              ModelCardRow::modelCardStatus,
              "Draft | PendingReview | Approved | Archived.")
          .optional(
              "risk_rating",
              STRING,
              ModelCardRow::riskRating,
              "intended_uses.risk_rating of the content: High | Medium | Low | Unknown.")
          .optional(
              "model_package_arn",
              STRING,
              ModelCardRow::modelPackageArn,
              "The version the card documents (model_package_details.model_package_arn); null when it links none.")
          .optional(
              "model_id", STRING, ModelCardRow::modelId, "model_overview.model_id of the content.")
          .optional(
              "creation_time",
              TIMESTAMP,
              ModelCardRow::creationTime,
              "When the card was created (UTC).")
          .optional(
              "last_modified_time",
              TIMESTAMP,
              ModelCardRow::lastModifiedTime,
              "When the card last changed (UTC).")
          .optional(
              "created_by",
              STRING,
              ModelCardRow::createdBy,
              "Who created it (Studio user profile, else IAM identity).")
          .optional(
              "last_modified_by", STRING, ModelCardRow::lastModifiedBy, "Who changed it last.")
          .build();

  public static final TableSpec<TrainingJobRow> TRAINING_JOBS =
      TableSpec.builder("training_jobs", TrainingJobRow.class)
          .doc(
              "One row per version and the training job its lineage names as its maker (the trial component's source ARN): how the version was trained. A job Search cannot see (deleted, or in another account) has status unknown and the reason, never no row. Source: Search (resource TrainingJob, 100 a page; on a warm run only jobs modified since the previous run, the rest carried forward), DescribeTrainingJob for a job Search did not return and in an event refresh; "
                  + API
                  + "API_DescribeTrainingJob.html")
          .required(
              "model_package_arn",
              STRING,
              TrainingJobRow::modelPackageArn,
              "The version the job trained.")
          .required(
              "training_job_arn", STRING, TrainingJobRow::trainingJobArn, "The training job's ARN.")
          .optional("training_job_name", STRING, TrainingJobRow::trainingJobName, "Job name.")
          .required(
              "status",
              STRING,
              TrainingJobRow::status,
              "InProgress | Completed | Failed | Stopping | Stopped, or unknown when Search does not return the job.")
          .optional(
              "unknown_reason",
              STRING,
              TrainingJobRow::unknownReason,
              "Why the job is unknown (null when it is known).")
          .optional(
              "training_image",
              STRING,
              TrainingJobRow::trainingImage,
              "AlgorithmSpecification.TrainingImage: the container that trained the model.")
          .optional(
              "algorithm_name",
              STRING,
              TrainingJobRow::algorithmName,
              "AlgorithmSpecification.AlgorithmName (a Marketplace or own algorithm resource), when used instead of an image.")
          .optional(
              "instance_type", STRING, TrainingJobRow::instanceType, "ResourceConfig.InstanceType.")
          .optional(
              "instance_count", INT, TrainingJobRow::instanceCount, "ResourceConfig.InstanceCount.")
          .optional(
              "managed_spot",
              BOOLEAN,
              TrainingJobRow::managedSpot,
              "EnableManagedSpotTraining: trained on spot instances.")
          .optional(
              "hyperparameters",
              STRING,
              TrainingJobRow::hyperparameters,
              "The hyperparameters as a JSON object of strings (each also a row of training_hyperparameters).")
          .optional(
              "output_path",
              STRING,
              TrainingJobRow::outputPath,
              "OutputDataConfig.S3OutputPath: where the model artefact was written.")
          .optional(
              "final_metrics",
              STRING,
              TrainingJobRow::finalMetrics,
              "FinalMetricDataList as a JSON object of metric name to value.")
          .optional(
              "training_start_time",
              TIMESTAMP,
              TrainingJobRow::trainingStartTime,
              "When training started (UTC).")
          .optional(
              "training_end_time",
              TIMESTAMP,
              TrainingJobRow::trainingEndTime,
              "When training ended (UTC).")
          .optional(
              "training_seconds",
              BIGINT,
              TrainingJobRow::trainingSeconds,
              "TrainingTimeInSeconds: time on the instances.")
          .optional(
              "billable_seconds",
              BIGINT,
              TrainingJobRow::billableSeconds,
              "BillableTimeInSeconds: what was paid for (less than training_seconds with spot).")
          .optional(
              "network_isolation",
              BOOLEAN,
              TrainingJobRow::networkIsolation,
              "EnableNetworkIsolation: the container could make no outbound calls.")
          .optional(
              "inter_container_encryption",
              BOOLEAN,
              TrainingJobRow::interContainerEncryption,
              "EnableInterContainerTrafficEncryption.")
          .optional(
              "vpc", BOOLEAN, TrainingJobRow::vpc, "Whether the job ran in a VPC (VpcConfig set).")
          .optional(
              "volume_kms_key",
              BOOLEAN,
              TrainingJobRow::volumeKmsKey,
              "Whether the instances' volumes were encrypted with a customer key (ResourceConfig.VolumeKmsKeyId set).")
          .optional(
              "last_modified_time",
              TIMESTAMP,
              TrainingJobRow::lastModifiedTime,
              "When the job last changed (UTC): the warm run's watermark.")
          .build();

  public static final TableSpec<TrainingHyperparameterRow> TRAINING_HYPERPARAMETERS =
      TableSpec.builder("training_hyperparameters", TrainingHyperparameterRow.class)
          .doc(
              "One row per hyperparameter of each training job in training_jobs (its HyperParameters map), for analysts comparing versions key by key. Source: as training_jobs.")
          .required(
              "training_job_arn",
              STRING,
              TrainingHyperparameterRow::trainingJobArn,
              "The training job.")
          .required("name", STRING, TrainingHyperparameterRow::name, "The hyperparameter's name.")
          .optional(
              "value",
              STRING,
              TrainingHyperparameterRow::value,
              "Its value, as the job was given it (a string).")
          .build();

  public static final TableSpec<TrainingChannelRow> TRAINING_CHANNELS =
      TableSpec.builder("training_channels", TrainingChannelRow.class)
          .doc(
              "One row per input channel of each training job in training_jobs (its InputDataConfig): the data it trained and validated on. Source: as training_jobs.")
          .required(
              "training_job_arn", STRING, TrainingChannelRow::trainingJobArn, "The training job.")
          .required(
              "channel_name",
              STRING,
              TrainingChannelRow::channelName,
              "The channel: train, validation, test or the algorithm's own.")
          .optional(
              "s3_uri",
              STRING,
              TrainingChannelRow::s3Uri,
              "DataSource.S3DataSource.S3Uri (null for a file system or dataset definition source).")
          .optional(
              "s3_data_type",
              STRING,
              TrainingChannelRow::s3DataType,
              "S3Prefix | ManifestFile | AugmentedManifestFile | Converse.")
          .optional(
              "content_type", STRING, TrainingChannelRow::contentType, "The channel's MIME type.")
          .optional(
              "input_mode",
              STRING,
              TrainingChannelRow::inputMode,
              "Pipe | File | FastFile (the channel's own, else the algorithm's).")
          .build();

  public static final TableSpec<FeatureStatisticRow> FEATURE_STATISTICS =
      TableSpec.builder("feature_statistics", FeatureStatisticRow.class)
          .doc(
              "One row per feature of each version's data-quality statistics report (ModelMetrics.ModelDataQuality.Statistics, Model Monitor's statistics.json): how the data was distributed. A report in another format has no rows here and status unparseable, with the reason, in metric_reports. Source: the report in S3; https://docs.aws.amazon.com/sagemaker/latest/dg/model-monitor-interpreting-statistics.html")
          .required(
              "model_package_arn",
              STRING,
              FeatureStatisticRow::modelPackageArn,
              "The version the report belongs to.")
          .required("feature_name", STRING, FeatureStatisticRow::featureName, "The feature.")
          .optional(
              "inferred_type",
              STRING,
              FeatureStatisticRow::inferredType,
              "Integral | Fractional | String | Unknown.")
          .optional(
              "item_count",
              BIGINT,
              FeatureStatisticRow::itemCount,
              "Rows in the dataset (dataset.item_count).")
          .optional("num_present", BIGINT, FeatureStatisticRow::numPresent, "Values present.")
          .optional("num_missing", BIGINT, FeatureStatisticRow::numMissing, "Values missing.")
          .optional("mean", DOUBLE, FeatureStatisticRow::mean, "Mean (numeric features).")
          .optional("std_dev", DOUBLE, FeatureStatisticRow::stdDev, "Standard deviation (numeric).")
          .optional("min", DOUBLE, FeatureStatisticRow::min, "Minimum (numeric).")
          .optional("max", DOUBLE, FeatureStatisticRow::max, "Maximum (numeric).")
          .optional(
              "p05",
              DOUBLE,
              FeatureStatisticRow::p05,
              "5th percentile, estimated from the KLL distribution's buckets (linear inside a bucket).")
          .optional("p25", DOUBLE, FeatureStatisticRow::p25, "25th percentile, as p05.")
          .optional("p50", DOUBLE, FeatureStatisticRow::p50, "Median, as p05.")
          .optional("p75", DOUBLE, FeatureStatisticRow::p75, "75th percentile, as p05.")
          .optional("p95", DOUBLE, FeatureStatisticRow::p95, "95th percentile, as p05.")
          .optional(
              "distinct_count",
              BIGINT,
              FeatureStatisticRow::distinctCount,
              "Distinct values (string features).")
          .optional(
              "top_values",
              STRING,
              FeatureStatisticRow::topValues,
              "The 10 most frequent values of a string feature as JSON [[value, count], ...], most frequent first.")
          .optional(
              "histogram",
              STRING,
              FeatureStatisticRow::histogram,
              "The KLL distribution's buckets as JSON [[lower, upper, count], ...] in order (numeric features).")
          .build();

  public static final TableSpec<FeatureConstraintRow> FEATURE_CONSTRAINTS =
      TableSpec.builder("feature_constraints", FeatureConstraintRow.class)
          .doc(
              "One row per feature of each version's data-quality constraints report (ModelMetrics.ModelDataQuality.Constraints, Model Monitor's constraints.json): what later data is held to. Source: the report in S3; https://docs.aws.amazon.com/sagemaker/latest/dg/model-monitor-byoc-constraints.html")
          .required(
              "model_package_arn",
              STRING,
              FeatureConstraintRow::modelPackageArn,
              "The version the report belongs to.")
          .required("feature_name", STRING, FeatureConstraintRow::featureName, "The feature.")
          .optional(
              "inferred_type",
              STRING,
              FeatureConstraintRow::inferredType,
              "Integral | Fractional | String | Unknown.")
          .optional(
              "completeness",
              DOUBLE,
              FeatureConstraintRow::completeness,
              "The share of values that must be present (0 to 1).")
          .optional(
              "is_non_negative",
              BOOLEAN,
              FeatureConstraintRow::isNonNegative,
              "num_constraints.is_non_negative.")
          .optional(
              "domain_size",
              INT,
              FeatureConstraintRow::domainSize,
              "How many values string_constraints.domains allows.")
          .optional(
              "domain",
              STRING,
              FeatureConstraintRow::domain,
              "string_constraints.domains as a JSON array.")
          .build();

  public static final TableSpec<ApprovalEventRow> APPROVAL_EVENTS =
      TableSpec.builder("approval_events", ApprovalEventRow.class)
          .doc(
              "One row per change of a version's approval status recorded by CloudTrail (UpdateModelPackage with a ModelApprovalStatus; CreateModelPackage registering a version already with one), carried forward so history older than CloudTrail's 90 days is kept. Source: LookupEvents; https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_LookupEvents.html")
          .required("event_id", STRING, ApprovalEventRow::eventId, "CloudTrail event id.")
          .required(
              "event_time", TIMESTAMP, ApprovalEventRow::eventTime, "When the call was made (UTC).")
          .required(
              "event_name",
              STRING,
              ApprovalEventRow::eventName,
              "UpdateModelPackage | CreateModelPackage.")
          .required(
              "model_package_arn",
              STRING,
              ApprovalEventRow::modelPackageArn,
              "The version whose approval changed.")
          .optional(
              "approval_status",
              STRING,
              ApprovalEventRow::approvalStatus,
              "The ModelApprovalStatus the call set: Approved | Rejected | PendingManualApproval.")
          .optional(
              "approval_description",
              STRING,
              ApprovalEventRow::approvalDescription,
              "The ApprovalDescription sent with the call, as written.")
          .required(
              "has_approval_note",
              BOOLEAN,
              ApprovalEventRow::hasApprovalNote,
              "Whether approval_description has any text (blank is none).")
          .optional(
              "actor",
              STRING,
              ApprovalEventRow::actor,
              "Who made the call, the most specific identity CloudTrail gives: SourceIdentity, else the IAM Identity Center user, else the IAM ARN (an assumed role's carries its session name), else the principal id.")
          .optional(
              "actor_kind",
              STRING,
              ApprovalEventRow::actorKind,
              "source_identity | identity_center_user | iam_arn | iam_principal_id.")
          .optional(
              "principal_arn",
              STRING,
              ApprovalEventRow::principalArn,
              "userIdentity.arn of the call, as recorded.")
          .optional(
              "role_arn",
              STRING,
              ApprovalEventRow::roleArn,
              "The IAM role the caller acted in, as CloudTrail records it (sessionContext.sessionIssuer.arn, with the role's path), or the IAM user's ARN; what the policy's approver_roles match.")
          .build();

  public static final TableSpec<ModelArtifactRow> MODEL_ARTIFACTS =
      TableSpec.builder("model_artifacts", ModelArtifactRow.class)
          .doc(
              "One row per version container's model artefact (ModelDataUrl): the S3 object as last checked and as first seen. Versions in production are checked every run, the others once and carried forward. Source: HeadObject; https://docs.aws.amazon.com/AmazonS3/latest/API/API_HeadObject.html")
          .required("model_package_arn", STRING, ModelArtifactRow::modelPackageArn, "Version ARN.")
          .required(
              "container_index",
              INT,
              ModelArtifactRow::containerIndex,
              "0-based position of the container in the version's InferenceSpecification.")
          .optional(
              "model_data_url",
              STRING,
              ModelArtifactRow::modelDataUrl,
              "The container's ModelDataUrl (or ModelDataSource S3Uri).")
          .optional(
              "registered_at",
              TIMESTAMP,
              ModelArtifactRow::registeredAt,
              "The version's CreationTime (UTC).")
          .optional(
              "registered_etag",
              STRING,
              ModelArtifactRow::registeredEtag,
              "The container's ModelDataETag: the artefact's ETag as registered with the version, where it has one.")
          .required(
              "checked_at",
              TIMESTAMP,
              ModelArtifactRow::checkedAt,
              "The snapshot time of the run that last checked the object (UTC).")
          .required(
              "status",
              STRING,
              ModelArtifactRow::status,
              "ok | not_found (the object is gone) | access_denied | prefix (uncompressed model data: a prefix, not one object) | error.")
          .optional(
              "last_modified",
              TIMESTAMP,
              ModelArtifactRow::lastModified,
              "The object's Last-Modified when checked (UTC).")
          .optional("etag", STRING, ModelArtifactRow::etag, "The object's ETag when checked.")
          .optional(
              "version_id",
              STRING,
              ModelArtifactRow::versionId,
              "The object's version id when checked (versioned buckets).")
          .optional(
              "first_checked_at",
              TIMESTAMP,
              ModelArtifactRow::firstCheckedAt,
              "When the object was first seen (UTC).")
          .optional("first_etag", STRING, ModelArtifactRow::firstEtag, "Its ETag then.")
          .optional(
              "first_version_id", STRING, ModelArtifactRow::firstVersionId, "Its version id then.")
          .optional(
              "changed_after_registration",
              BOOLEAN,
              ModelArtifactRow::changedAfterRegistration,
              "True when the object was written after the version was registered, its ETag differs from registered_etag, its ETag or version id differs from the first seen, or it is gone; null when it could not be checked.")
          .optional("error", STRING, ModelArtifactRow::error, "Why the check gave no answer.")
          .build();

  public static final TableSpec<EndpointAlarmRow> ENDPOINT_ALARMS =
      TableSpec.builder("endpoint_alarms", EndpointAlarmRow.class)
          .doc(
              "One row per CloudWatch metric alarm on an endpoint's metrics (a metric, or a metric-math input, with dimension EndpointName, or InferenceComponentName of one of its components): monitoring evidence beside Model Monitor when it notifies. Source: DescribeAlarms, every page; https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_DescribeAlarms.html")
          .required(
              "endpoint_name",
              STRING,
              EndpointAlarmRow::endpointName,
              "The endpoint the alarm watches.")
          .optional(
              "variant_name",
              STRING,
              EndpointAlarmRow::variantName,
              "The VariantName dimension, when the alarm has one.")
          .optional(
              "inference_component_name",
              STRING,
              EndpointAlarmRow::inferenceComponentName,
              "The InferenceComponentName dimension of an alarm on a component's metrics (its endpoint is the component's).")
          .required("alarm_name", STRING, EndpointAlarmRow::alarmName, "Alarm name.")
          .optional("alarm_arn", STRING, EndpointAlarmRow::alarmArn, "Alarm ARN.")
          .optional(
              "namespace",
              STRING,
              EndpointAlarmRow::namespace,
              "The watched metric's namespace (e.g. AWS/SageMaker).")
          .optional(
              "metric_name",
              STRING,
              EndpointAlarmRow::metricName,
              "The watched metric (e.g. Invocation5XXErrors, ModelLatency).")
          .optional(
              "state_value",
              STRING,
              EndpointAlarmRow::stateValue,
              "OK | ALARM | INSUFFICIENT_DATA.")
          .optional(
              "actions_enabled",
              BOOLEAN,
              EndpointAlarmRow::actionsEnabled,
              "Whether the alarm's actions are enabled.")
          .required(
              "notifies",
              BOOLEAN,
              EndpointAlarmRow::notifies,
              "Whether the alarm is monitoring evidence: its actions are enabled and at least one is not an Application Auto Scaling policy (target-tracking alarms scale the endpoint, they tell no one).")
          .build();

  private static final String CW =
      "https://docs.aws.amazon.com/sagemaker/latest/dg/monitoring-cloudwatch.html";

  public static final TableSpec<EndpointMetricRow> ENDPOINT_METRICS =
      TableSpec.builder("endpoint_metrics", EndpointMetricRow.class)
          .doc(
              "One row per endpoint variant of an in-service endpoint: its CloudWatch signals over the --metrics-days window ending at the snapshot date (AWS/SageMaker Invocations, Invocation4XXErrors, Invocation5XXErrors, ModelLatency; /aws/sagemaker/Endpoints CPUUtilization). Source: GetMetricData, batched; "
                  + CW)
          .required("endpoint_name", STRING, EndpointMetricRow::endpointName, "Endpoint name.")
          .required("endpoint_arn", STRING, EndpointMetricRow::endpointArn, "Endpoint ARN.")
          .required(
              "variant_name",
              STRING,
              EndpointMetricRow::variantName,
              "Production or shadow variant name.")
          .required(
              "window_start",
              TIMESTAMP,
              EndpointMetricRow::windowStart,
              "Start of the metrics window (UTC midnight).")
          .required(
              "window_end",
              TIMESTAMP,
              EndpointMetricRow::windowEnd,
              "End of the metrics window (UTC midnight of the snapshot date, exclusive).")
          .required(
              "window_days", INT, EndpointMetricRow::windowDays, "Length of the window in days.")
          .optional(
              "invocations",
              BIGINT,
              EndpointMetricRow::invocations,
              "Invocations (Sum) over the window; null when CloudWatch holds no data point (no traffic).")
          .optional(
              "invocation_4xx_errors",
              BIGINT,
              EndpointMetricRow::invocation4xxErrors,
              "Invocation4XXErrors (Sum) over the window.")
          .optional(
              "invocation_5xx_errors",
              BIGINT,
              EndpointMetricRow::invocation5xxErrors,
              "Invocation5XXErrors (Sum) over the window.")
          .optional(
              "model_latency_p50_ms",
              DOUBLE,
              EndpointMetricRow::modelLatencyP50Ms,
              "ModelLatency p50 over the window, in milliseconds (CloudWatch reports microseconds).")
          .optional(
              "model_latency_p90_ms",
              DOUBLE,
              EndpointMetricRow::modelLatencyP90Ms,
              "ModelLatency p90 over the window, in milliseconds.")
          .optional(
              "model_latency_sum_ms",
              DOUBLE,
              EndpointMetricRow::modelLatencySumMs,
              "ModelLatency (Sum) over the window, in milliseconds: the time the model spent on requests, which a serverless variant's compute is billed by.")
          .optional(
              "cpu_utilization_avg",
              DOUBLE,
              EndpointMetricRow::cpuUtilizationAvg,
              "CPUUtilization (Average) over the window, percent of one core times cores.")
          .optional(
              "last_invocation_date",
              DATE,
              EndpointMetricRow::lastInvocationDate,
              "The last day in the window with at least one invocation; null when none.")
          .required(
              "days_with_invocations",
              INT,
              EndpointMetricRow::daysWithInvocations,
              "Days in the window with at least one invocation.")
          .build();

  public static final TableSpec<EndpointMonitoringRow> ENDPOINT_MONITORING =
      TableSpec.builder("endpoint_monitoring", EndpointMonitoringRow.class)
          .doc(
              "One row per SageMaker Model Monitor schedule of an endpoint, with its latest execution. Source: ListMonitoringSchedules, ListMonitoringExecutions; "
                  + API
                  + "API_ListMonitoringExecutions.html")
          .required(
              "endpoint_name",
              STRING,
              EndpointMonitoringRow::endpointName,
              "The monitored endpoint.")
          .required(
              "monitoring_schedule_name",
              STRING,
              EndpointMonitoringRow::monitoringScheduleName,
              "Schedule name.")
          .required(
              "monitoring_schedule_arn",
              STRING,
              EndpointMonitoringRow::monitoringScheduleArn,
              "Schedule ARN.")
          .optional(
              "monitoring_type",
              STRING,
              EndpointMonitoringRow::monitoringType,
              "DataQuality | ModelQuality | ModelBias | ModelExplainability.")
          .optional(
              "schedule_status",
              STRING,
              EndpointMonitoringRow::scheduleStatus,
              "Pending | Failed | Scheduled | Stopped.")
          .optional(
              "schedule_creation_time",
              TIMESTAMP,
              EndpointMonitoringRow::scheduleCreationTime,
              "When the schedule was created (UTC).")
          .optional(
              "last_execution_status",
              STRING,
              EndpointMonitoringRow::lastExecutionStatus,
              "Latest execution: Pending | Completed | CompletedWithViolations | InProgress | Failed | Stopping | Stopped; null when it never ran.")
          .optional(
              "last_execution_scheduled_time",
              TIMESTAMP,
              EndpointMonitoringRow::lastExecutionScheduledTime,
              "When the latest execution was scheduled (UTC).")
          .optional(
              "last_execution_modified_time",
              TIMESTAMP,
              EndpointMonitoringRow::lastExecutionModifiedTime,
              "When the latest execution last changed (UTC).")
          .optional(
              "last_execution_failure_reason",
              STRING,
              EndpointMonitoringRow::lastExecutionFailureReason,
              "Why the latest execution failed.")
          .optional(
              "last_execution_processing_job_arn",
              STRING,
              EndpointMonitoringRow::lastExecutionProcessingJobArn,
              "The processing job of the latest execution (its violations report).")
          .build();

  /** The tables an export writes rows to (all but export_runs). */
  public static final List<TableSpec<?>> DATA_TABLES =
      List.of(
          MODEL_PACKAGE_GROUPS,
          MODEL_PACKAGES,
          METRIC_REPORTS,
          MODEL_METRICS,
          RESOURCE_TAGS,
          MODEL_LINEAGE,
          LINEAGE_ENTITIES,
          LINEAGE_ASSOCIATIONS,
          ENDPOINT_DEPLOYMENTS,
          ENDPOINT_METRICS,
          ENDPOINT_MONITORING,
          ENDPOINT_ALARMS,
          MODEL_CARDS,
          APPROVAL_EVENTS,
          MODEL_ARTIFACTS,
          TRAINING_JOBS,
          TRAINING_HYPERPARAMETERS,
          TRAINING_CHANNELS,
          FEATURE_STATISTICS,
          FEATURE_CONSTRAINTS);

  public static final TableSpec<ExportRunRow> EXPORT_RUNS = exportRuns();

  public static final TableSpec<FindingRow> FINDINGS =
      TableSpec.builder("findings", FindingRow.class)
          .doc(
              "The governance findings of each recorded snapshot (smgov findings record), one row per finding, with the waiver that accepted it: what finding_history, finding_changes and the trends read. A snapshot's findings belong to the account and region of the resource they are about.")
          .required(
              "finding_id",
              STRING,
              FindingRow::findingId,
              "The SHA-256 (lower-case hex) of rule_id, '|' and the resource (endpoint ARN, endpoint ARN + '|' + variant, or version ARN): the same finding in every snapshot.")
          .required("rule_id", STRING, FindingRow::ruleId, "The rule (sql/rules.yaml).")
          .required(
              "category",
              STRING,
              FindingRow::category,
              "unapproved | stale | integrity | undocumented | operational.")
          .required("severity", STRING, FindingRow::severity, "critical | high | medium | low.")
          .required(
              "resource_arn",
              STRING,
              FindingRow::resourceArn,
              "What the finding is about, as a waiver's resource names it: the endpoint's ARN (variant and endpoint findings) or the version's.")
          .optional(
              "model_package_group_name",
              STRING,
              FindingRow::modelPackageGroupName,
              "The version's group.")
          .optional(
              "model_package_arn", STRING, FindingRow::modelPackageArn, "The version, if any.")
          .optional(
              "model_package_version",
              INT,
              FindingRow::modelPackageVersion,
              "The version's number.")
          .optional("endpoint_name", STRING, FindingRow::endpointName, "The endpoint, if any.")
          .optional("variant_name", STRING, FindingRow::variantName, "The variant, if any.")
          .optional("owner", STRING, FindingRow::owner, "The effective owner tag.")
          .optional(
              "business_unit", STRING, FindingRow::businessUnit, "The effective business unit.")
          .optional("detail", STRING, FindingRow::detail, "What was found, in words.")
          .optional(
              "waiver_resource",
              STRING,
              FindingRow::waiverResource,
              "The resource (ARN or glob) of the policy waiver that accepted this finding; null when none did.")
          .optional("waiver_reason", STRING, FindingRow::waiverReason, "Why it was accepted.")
          .optional("waiver_approved_by", STRING, FindingRow::waiverApprovedBy, "Who accepted it.")
          .optional(
              "waiver_expires",
              DATE,
              FindingRow::waiverExpires,
              "The last day the waiver accepts it; the finding is open again after.")
          .optional(
              "carried_from_date",
              DATE,
              FindingRow::carriedFromDate,
              "Set when the rule could not judge the resource this day (what it needs was not read: its unknown_when in sql/rules.yaml): the finding is carried from its last judged record, this date, rather than read as resolved.")
          .build();

  public static final TableSpec<WaiverRow> WAIVERS =
      TableSpec.builder("waivers", WaiverRow.class)
          .doc(
              "The policy's waivers (risk accepted on purpose) each recorded snapshot was judged with, per account and region, with how many of its findings each accepted.")
          .required("rule_id", STRING, WaiverRow::ruleId, "The rule the waiver accepts.")
          .required(
              "resource",
              STRING,
              WaiverRow::resource,
              "An ARN, or a glob of ARNs (* any run of characters, ? one).")
          .required("reason", STRING, WaiverRow::reason, "Why the risk is accepted.")
          .required("approved_by", STRING, WaiverRow::approvedBy, "Who accepted it.")
          .required("expires", DATE, WaiverRow::expires, "The last day it applies (inclusive).")
          .required(
              "matched_findings",
              BIGINT,
              WaiverRow::matchedFindings,
              "Findings of this account and region's snapshot it accepted.")
          .build();

  public static final TableSpec<FindingRunRow> FINDING_RUNS =
      TableSpec.builder("finding_runs", FindingRunRow.class)
          .doc(
              "One row per recorded snapshot of an account and region: that its findings were judged (a finding missing from a recorded snapshot is resolved; a snapshot never recorded resolves nothing), when, and with which policy.")
          .required(
              "recorded_at", TIMESTAMP, FindingRunRow::recordedAt, "When it was recorded (UTC).")
          .required(
              "tool_version", STRING, FindingRunRow::toolVersion, "The smgov that recorded it.")
          .required(
              "policy_sha256",
              STRING,
              FindingRunRow::policySha256,
              "SHA-256 of the policy file's text the rules and waivers came from (of the defaults' name when none).")
          .required("findings", BIGINT, FindingRunRow::findings, "Findings recorded.")
          .required("waived", BIGINT, FindingRunRow::waived, "Of those, accepted by a waiver.")
          .required(
              "engine", STRING, FindingRunRow::engine, "Where the rules ran: duckdb | athena.")
          .build();

  /**
   * The tables {@code smgov findings record} writes after an export, for each account and region
   * whose newest snapshot it has not recorded yet ({@code finding_runs} last).
   */
  public static final List<TableSpec<?>> FINDING_TABLES = List.of(FINDINGS, WAIVERS, FINDING_RUNS);

  /** What an export writes: the data tables and export_runs. */
  public static final List<TableSpec<?>> EXPORTED =
      Stream.concat(DATA_TABLES.stream(), Stream.of(EXPORT_RUNS)).toList();

  public static final TableSpec<PriceRow> PRICES =
      TableSpec.builder("prices", PriceRow.class)
          .doc(
              "SageMaker on-demand hosting prices of a region (real-time instance types per hour, serverless inference per second at each memory size) (AWS Price List Query API, GetProducts), read by a full export when the region's newest prices are older than 30 days; account_id is the account that read them. endpoint_costs uses each region's newest prices on or before a snapshot.")
          .optional(
              "instance_type",
              STRING,
              PriceRow::instanceType,
              "The instance type (instanceName) of a Hosting price; null for a serverless one.")
          .optional(
              "memory_mb",
              INT,
              PriceRow::memoryMb,
              "The memory size of a Serverless price (its usagetype's ServerlessInf:Mem-<N>GB, in MB).")
          .required("component", STRING, PriceRow::component, "Hosting | Serverless.")
          .required(
              "unit",
              STRING,
              PriceRow::unit,
              "Hrs (Hosting: per instance-hour) | Second (Serverless: per second of compute at that memory size).")
          .required("usd_per_unit", DOUBLE, PriceRow::usdPerUnit, "On-demand USD per unit.")
          .optional("effective_date", DATE, PriceRow::effectiveDate, "The price's effective date.")
          .optional("sku", STRING, PriceRow::sku, "The price list SKU.")
          .optional("usage_type", STRING, PriceRow::usageType, "The price list usagetype.")
          .build();

  /** Every table, in the order the catalog creates them. */
  public static final List<TableSpec<?>> ALL =
      Stream.of(EXPORTED, FINDING_TABLES, List.<TableSpec<?>>of(PRICES))
          .flatMap(List::stream)
          .toList();

  public static Optional<TableSpec<?>> byName(String name) {
    return ALL.stream().filter(t -> t.name().equals(name)).findFirst();
  }

  private static TableSpec<ExportRunRow> exportRuns() {
    TableSpec.Builder<ExportRunRow> b =
        TableSpec.builder("export_runs", ExportRunRow.class)
            .doc(
                "One row per account and region per export run: outcome, rows written, API calls and what was carried forward.")
            .required(
                "run_id",
                STRING,
                ExportRunRow::runId,
                "Identifies the run (shared by all its accounts and regions).")
            .required(
                "run_snapshot_time",
                TIMESTAMP,
                ExportRunRow::runSnapshotTime,
                "This run's --snapshot-time (snapshot_time is the last writer's: the day's runs share one file).")
            .optional(
                "started_at",
                TIMESTAMP,
                ExportRunRow::startedAt,
                "When this account/region started (UTC, wall clock).")
            .optional(
                "finished_at",
                TIMESTAMP,
                ExportRunRow::finishedAt,
                "When it finished (UTC, wall clock).")
            .required(
                "status",
                STRING,
                r -> r.status().label(),
                "succeeded | partial (written, some enrichment missing) | failed (nothing written).")
            .optional(
                "error_kind",
                STRING,
                ExportRunRow::errorKind,
                "access_denied | expired_credentials | region_disabled | throttled | not_found | error.")
            .optional(
                "error_message",
                STRING,
                ExportRunRow::errorMessage,
                "The error, with the call that failed.")
            .optional(
                "strategy",
                STRING,
                r -> r.strategy() == null ? null : r.strategy().label(),
                "search | list.")
            .optional(
                "mode",
                STRING,
                r -> r.mode() == null ? null : r.mode().label(),
                "full | groups | versions | endpoints (what was refreshed; the rest was carried forward).")
            .optional(
                "refreshed_groups",
                STRING,
                ExportRunRow::refreshedGroups,
                "Comma-separated groups of a --group or --event run (for a version refresh, the groups of its versions).")
            .optional(
                "changed_tables",
                STRING,
                ExportRunRow::changedTables,
                "In a --group or --event run: the comma-separated tables whose rows differ from the snapshot it carried forward (empty when none did); null in a full run (every table may have changed). smgov dashboard refresh ingests the SPICE data sets that read them.")
            .optional(
                "previous_snapshot_date",
                STRING,
                ExportRunRow::previousSnapshotDate,
                "The snapshot reports, lineage and endpoint configs were carried forward from.");
    for (TableSpec<?> table : DATA_TABLES) {
      String name = table.name();
      b.optional("rows_" + name, BIGINT, r -> r.rows().get(name), "Rows written to " + name + ".");
    }
    return b.required(
            "api_calls_total",
            BIGINT,
            ExportRunRow::apiCallsTotal,
            "AWS requests sent (retries included): SageMaker, STS and S3 report reads.")
        .optional(
            "api_calls_by_operation",
            STRING,
            ExportRunRow::apiCallsByOperation,
            "JSON object: Service:Operation -> requests.")
        .required(
            "throttled_calls",
            BIGINT,
            ExportRunRow::throttledCalls,
            "Requests answered with throttling (and retried).")
        .required(
            "reports_fetched",
            BIGINT,
            ExportRunRow::reportsFetched,
            "Reports read from S3 in this run.")
        .required(
            "reports_reused",
            BIGINT,
            ExportRunRow::reportsReused,
            "Reports carried forward from the previous snapshot (same version and digest).")
        .required(
            "lineage_listed",
            BIGINT,
            ExportRunRow::lineageListed,
            "Lineage entities and associations listed in this run.")
        .required(
            "lineage_reused",
            BIGINT,
            ExportRunRow::lineageReused,
            "Lineage entities and associations carried forward.")
        .required(
            "lineage_queried",
            BIGINT,
            ExportRunRow::lineageQueried,
            "Versions whose lineage came from QueryLineage (bulk listing denied).")
        .required(
            "endpoint_configs_described",
            BIGINT,
            ExportRunRow::endpointConfigsDescribed,
            "DescribeEndpointConfig calls.")
        .required(
            "endpoint_configs_reused",
            BIGINT,
            ExportRunRow::endpointConfigsReused,
            "Endpoint configs (immutable) carried forward.")
        .optional(
            "lineage_watermark",
            TIMESTAMP,
            ExportRunRow::lineageWatermark,
            "The next run lists lineage created after this (UTC).")
        .optional(
            "metrics_read",
            BOOLEAN,
            ExportRunRow::metricsRead,
            "Whether endpoint_metrics holds CloudWatch data for this account/region (false: denied, failed or --metrics-days 0); traffic and latency rules need it.")
        .optional(
            "monitoring_read",
            BOOLEAN,
            ExportRunRow::monitoringRead,
            "Whether endpoint_monitoring holds the Model Monitor schedules of this account/region; NO_MONITORING needs it.")
        .optional(
            "alarms_read",
            BOOLEAN,
            ExportRunRow::alarmsRead,
            "Whether endpoint_alarms holds the CloudWatch alarms of this account/region; NO_MONITORING needs it.")
        .optional(
            "model_cards_read",
            BOOLEAN,
            ExportRunRow::modelCardsRead,
            "Whether model_cards holds the standalone model cards of this account/region; MISSING_MODEL_CARD needs it.")
        .optional(
            "tags_read",
            BOOLEAN,
            ExportRunRow::tagsRead,
            "Whether the versions' tags could be read (false: ListTags denied); MISSING_OWNER needs them.")
        .optional(
            "lineage_read",
            BOOLEAN,
            ExportRunRow::lineageRead,
            "Whether lineage could be read (false: bulk listing and QueryLineage denied); MISSING_LINEAGE needs it.")
        .optional(
            "approvals_read",
            BOOLEAN,
            ExportRunRow::approvalsRead,
            "Whether approval_events holds CloudTrail's approval events of this account/region (false: LookupEvents denied or failed; approvers then come from LastModifiedBy).")
        .optional(
            "approvals_watermark",
            TIMESTAMP,
            ExportRunRow::approvalsWatermark,
            "The next run looks up approval events from this time on (UTC).")
        .optional(
            "approvals_since",
            TIMESTAMP,
            ExportRunRow::approvalsSince,
            "approval_events holds every approval of this account/region from this time on: the start of its first CloudTrail lookup (at most 90 days before that run), kept across runs (UTC). A version registered since has its whole approval history.")
        .optional(
            "artifacts_checked",
            BIGINT,
            ExportRunRow::artifactsChecked,
            "Model artefact objects checked with HeadObject in this run (versions in production, and versions not checked before).")
        .optional(
            "warnings",
            STRING,
            ExportRunRow::warnings,
            "JSON array of what could not be read (the rows are still written).")
        .optional("tool_version", STRING, ExportRunRow::toolVersion, "smgov version.")
        .optional(
            "shard",
            STRING,
            ExportRunRow::shard,
            "K/N when a fanned-out export's shard K (0-based) of N wrote this row (export --shard); null for a single run.")
        .build();
  }
}
