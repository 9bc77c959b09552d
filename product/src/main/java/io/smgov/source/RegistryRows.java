package io.smgov.source;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.smgov.model.ModelPackageGroupRow;
import io.smgov.model.ModelPackageRow;
import io.smgov.model.ResourceTagRow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import software.amazon.awssdk.services.sagemaker.model.InferenceSpecification;
import software.amazon.awssdk.services.sagemaker.model.ModelPackage;
import software.amazon.awssdk.services.sagemaker.model.ModelPackageContainerDefinition;
import software.amazon.awssdk.services.sagemaker.model.ModelPackageGroup;
import software.amazon.awssdk.services.sagemaker.model.Tag;

/** Converts registry records (the Search record shapes) into rows. Pure functions. */
public final class RegistryRows {
  private static final ObjectMapper SORTED_JSON =
      new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

  private RegistryRows() {}

  public static ModelPackageGroupRow toGroupRow(
      ModelPackageGroup group, String ownerAccount, boolean shared) {
    return new ModelPackageGroupRow(
        group.modelPackageGroupArn(),
        group.modelPackageGroupName(),
        group.modelPackageGroupDescription(),
        group.modelPackageGroupStatusAsString(),
        group.creationTime(),
        Identities.of(group.createdBy()).value(),
        Identities.of(group.createdBy()).kind(),
        ownerAccount,
        shared);
  }

  public static ModelPackageRow toPackageRow(ModelPackage p, String ownerAccount, boolean shared) {
    ModelPackageContainerDefinition first = firstContainer(p.inferenceSpecification());
    Identities.Identity createdBy = Identities.of(p.createdBy());
    Identities.Identity lastModifiedBy = Identities.of(p.lastModifiedBy());
    Map<String, String> reports = new TreeMap<>();
    for (MetricReports.Reference reference : MetricReports.references(p)) {
      reports.put(reference.kind(), reference.s3Uri());
    }
    return new ModelPackageRow(
        p.modelPackageArn(),
        p.modelPackageGroupName(),
        groupArn(p.modelPackageArn(), p.modelPackageGroupName()),
        p.modelPackageVersion(),
        p.modelPackageDescription(),
        p.modelPackageStatusAsString(),
        p.modelApprovalStatusAsString(),
        p.approvalDescription(),
        !Text.isBlank(p.approvalDescription()),
        null, // set by the export once it knows how far back its approval events reach
        Text.contentLength(p.approvalDescription()),
        p.creationTime(),
        p.lastModifiedTime(),
        createdBy.value(),
        createdBy.kind(),
        lastModifiedBy.value(),
        lastModifiedBy.kind(),
        Identities.roleOf(p.createdBy()),
        Identities.roleOf(p.lastModifiedBy()),
        p.sourceUri(),
        p.domain(),
        p.task(),
        first == null ? null : first.framework(),
        first == null ? null : first.frameworkVersion(),
        first == null ? null : first.image(),
        first == null ? null : modelData(first),
        p.inferenceSpecification() == null ? null : p.inferenceSpecification().containers().size(),
        p.metadataProperties() == null ? null : p.metadataProperties().generatedBy(),
        p.metadataProperties() == null ? null : p.metadataProperties().commitId(),
        p.metadataProperties() == null ? null : p.metadataProperties().repository(),
        p.metadataProperties() == null ? null : p.metadataProperties().projectId(),
        p.modelLifeCycle() == null ? null : p.modelLifeCycle().stage(),
        p.modelLifeCycle() == null ? null : p.modelLifeCycle().stageStatus(),
        p.modelLifeCycle() == null ? null : p.modelLifeCycle().stageDescription(),
        p.modelCard() == null ? null : p.modelCard().modelCardStatusAsString(),
        p.modelPackageRegistrationTypeAsString(),
        reports.isEmpty() ? null : json(reports),
        p.hasCustomerMetadataProperties() && !p.customerMetadataProperties().isEmpty()
            ? json(new TreeMap<>(p.customerMetadataProperties()))
            : null,
        ownerAccount,
        shared,
        null, // whether tags, lineage and cards could be read is known once they were read
        null,
        null);
  }

  /**
   * What a run knows about its versions only once every source was read: whether tags, lineage and
   * model cards could be read, and from when approval_events holds every approval.
   */
  public record Readable(
      Boolean tagsRead, Boolean lineageRead, Boolean modelCardsRead, Instant approvalsSince) {}

  /**
   * A version's row as it is written. A row carried from a snapshot written before a column existed
   * gets what can be derived from what it holds (its group's ARN, the note's blankness and length,
   * the role behind an IAM ARN). With {@code readable} (a run that read the registry), a row read
   * in this run learns whether its tags, lineage and cards could be read (a RAM-shared copy's live
   * in the owner account; carried rows keep what was true when they were read), and every row
   * whether approval_events holds its whole approval history: it was registered after {@code
   * approvalsSince}.
   */
  public static ModelPackageRow complete(ModelPackageRow r, Optional<Readable> readable) {
    boolean own = !r.isShared();
    Boolean tags = r.tagsVerifiable();
    Boolean lineage = r.lineageVerifiable();
    Boolean cards = r.modelCardsVerifiable();
    Boolean history = r.approvalHistoryComplete();
    if (readable.isPresent()) {
      Readable read = readable.get();
      tags = tags != null ? tags : own && !Boolean.FALSE.equals(read.tagsRead());
      lineage = lineage != null ? lineage : own && !Boolean.FALSE.equals(read.lineageRead());
      // The account's model cards are read whole in every full or group run: the flag holds for
      // every row, carried ones included.
      cards = own && Boolean.TRUE.equals(read.modelCardsRead());
      Instant since = read.approvalsSince();
      history = since != null && r.creationTime() != null && !r.creationTime().isBefore(since);
    }
    return new ModelPackageRow(
        r.modelPackageArn(),
        r.groupName(),
        r.groupArn() != null ? r.groupArn() : groupArn(r.modelPackageArn(), r.groupName()),
        r.version(),
        r.description(),
        r.packageStatus(),
        r.approvalStatus(),
        r.approvalDescription(),
        r.hasApprovalNote() != null ? r.hasApprovalNote() : !Text.isBlank(r.approvalDescription()),
        history,
        r.approvalNoteChars() != null
            ? r.approvalNoteChars()
            : Text.contentLength(r.approvalDescription()),
        r.creationTime(),
        r.lastModifiedTime(),
        r.createdBy(),
        r.createdByKind(),
        r.lastModifiedBy(),
        r.lastModifiedByKind(),
        roleOf(r.createdByRole(), r.createdBy(), r.createdByKind()),
        roleOf(r.lastModifiedByRole(), r.lastModifiedBy(), r.lastModifiedByKind()),
        r.sourceUri(),
        r.domain(),
        r.task(),
        r.framework(),
        r.frameworkVersion(),
        r.image(),
        r.modelDataUrl(),
        r.containerCount(),
        r.generatedBy(),
        r.commitId(),
        r.repository(),
        r.projectId(),
        r.lifecycleStage(),
        r.lifecycleStageStatus(),
        r.lifecycleStageDescription(),
        r.modelCardStatus(),
        r.registrationType(),
        r.metricReportUris(),
        r.customerMetadataJson(),
        r.ownerAccountId(),
        r.isShared(),
        tags,
        lineage,
        cards);
  }

  /** The role behind an identity stored as an IAM ARN (the other kinds do not carry it). */
  private static String roleOf(String role, String identity, String kind) {
    return role == null && Identities.IAM_ARN.equals(kind) ? Identities.roleOfArn(identity) : role;
  }

  /** A tag row as it is written: one carried from before value_is_blank existed gets it. */
  public static ResourceTagRow complete(ResourceTagRow r) {
    return r.valueIsBlank() != null
        ? r
        : new ResourceTagRow(
            r.resourceType(),
            r.resourceArn(),
            r.key(),
            r.value(),
            Text.isBlank(r.value()),
            r.origin());
  }

  /** The version's own tags, then its customer metadata entries (origin customer_metadata). */
  public static List<ResourceTagRow> packageTags(ModelPackage p) {
    List<ResourceTagRow> rows =
        tags("ModelPackage", p.modelPackageArn(), p.hasTags() ? p.tags() : List.of());
    if (p.hasCustomerMetadataProperties()) {
      new TreeMap<>(p.customerMetadataProperties())
          .forEach(
              (k, v) ->
                  rows.add(
                      new ResourceTagRow(
                          "ModelPackage",
                          p.modelPackageArn(),
                          k,
                          v,
                          Text.isBlank(v),
                          "customer_metadata")));
    }
    return rows;
  }

  public static List<ResourceTagRow> tags(String resourceType, String arn, List<Tag> tags) {
    List<ResourceTagRow> rows = new ArrayList<>();
    for (Tag tag : tags) {
      rows.add(
          new ResourceTagRow(
              resourceType, arn, tag.key(), tag.value(), Text.isBlank(tag.value()), "tag"));
    }
    return rows;
  }

  /**
   * The ARN of a version's group: a version ARN is {@code arn:PARTITION:sagemaker:REGION:ACCOUNT:
   * model-package/GROUP/VERSION} and its group's {@code ...:model-package-group/GROUP}. A group is
   * its ARN, never its name: a group shared through AWS RAM may have the name of a local one. Null
   * for an unversioned package (no group).
   */
  public static String groupArn(String versionArn, String groupName) {
    String marker = ":model-package/";
    int at = versionArn == null ? -1 : versionArn.indexOf(marker);
    if (groupName == null || at < 0) {
      return null;
    }
    return versionArn.substring(0, at) + ":model-package-group/" + groupName;
  }

  private static ModelPackageContainerDefinition firstContainer(InferenceSpecification spec) {
    if (spec == null || !spec.hasContainers() || spec.containers().isEmpty()) {
      return null;
    }
    return spec.containers().get(0);
  }

  private static String modelData(ModelPackageContainerDefinition container) {
    if (container.modelDataUrl() != null) {
      return container.modelDataUrl();
    }
    if (container.modelDataSource() != null && container.modelDataSource().s3DataSource() != null) {
      return container.modelDataSource().s3DataSource().s3Uri();
    }
    return null;
  }

  static String json(Object value) {
    try {
      return SORTED_JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
