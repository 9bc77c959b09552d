package io.smgov.source;

import io.smgov.aws.SdkPojos;
import io.smgov.model.ReadStrategy;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemaker.model.CrossAccountFilterOption;
import software.amazon.awssdk.services.sagemaker.model.DescribeEndpointConfigResponse;
import software.amazon.awssdk.services.sagemaker.model.Endpoint;
import software.amazon.awssdk.services.sagemaker.model.EndpointSummary;
import software.amazon.awssdk.services.sagemaker.model.Filter;
import software.amazon.awssdk.services.sagemaker.model.Model;
import software.amazon.awssdk.services.sagemaker.model.ModelPackage;
import software.amazon.awssdk.services.sagemaker.model.ModelPackageGroup;
import software.amazon.awssdk.services.sagemaker.model.ModelPackageGroupSummary;
import software.amazon.awssdk.services.sagemaker.model.ModelPackageSummary;
import software.amazon.awssdk.services.sagemaker.model.ModelPackageType;
import software.amazon.awssdk.services.sagemaker.model.Operator;
import software.amazon.awssdk.services.sagemaker.model.ResourceType;
import software.amazon.awssdk.services.sagemaker.model.SageMakerException;
import software.amazon.awssdk.services.sagemaker.model.SearchRecord;
import software.amazon.awssdk.services.sagemaker.model.Tag;

/**
 * Reads one account's registry and endpoints in one region. Two strategies produce the same records
 * (the Search record shapes), so everything downstream is shared:
 *
 * <ul>
 *   <li>{@link #search}: Search pages of 100 with tags included (groups, versions, endpoints,
 *       models) — about one request per hundred versions;
 *   <li>{@link #list}: ListModelPackageGroups → ListModelPackages → DescribeModelPackage + ListTags
 *       per item, for accounts where Search is denied.
 * </ul>
 *
 * <p>A {@code --group} refresh reads the named groups authoritatively with the list calls in either
 * strategy: Search is eventually consistent and an approval must show at once.
 */
public abstract class RegistryReader {
  /** The most any SageMaker list or Search call returns in a page. */
  static final int PAGE = 100;

  /** ListTags has a minimum MaxResults of 50 and returns at most 50 tags a page. */
  static final int TAG_PAGE = 50;

  protected final SageMakerClient sageMaker;

  /** Versions or groups that vanished between list and describe (deleted mid-run). */
  private int skipped;

  protected RegistryReader(SageMakerClient sageMaker) {
    this.sageMaker = sageMaker;
  }

  public static RegistryReader search(SageMakerClient sageMaker) {
    return new SearchStrategy(sageMaker);
  }

  public static RegistryReader list(SageMakerClient sageMaker) {
    return new ListStrategy(sageMaker);
  }

  public abstract ReadStrategy strategy();

  /** Every group of the account, with tags. */
  public abstract List<ModelPackageGroup> groups();

  /**
   * Every version of the account's groups, with tags, passed on as each page arrives: the caller
   * keeps what it needs, so an account of any size is never held as SDK objects.
   */
  public abstract void versions(Consumer<ModelPackage> each);

  /** Every endpoint, with tags. */
  public abstract List<Endpoint> endpoints();

  /** The models of these names, with tags; empty for a model that does not exist (deleted). */
  public abstract Map<String, Optional<Model>> models(Collection<String> names);

  public int skipped() {
    return skipped;
  }

  // ---------------------------------------------------------------- authoritative reads

  /** One group by name, with tags: DescribeModelPackageGroup + ListTags. Empty if it is gone. */
  public Optional<ModelPackageGroup> group(String name) {
    try {
      ModelPackageGroup described =
          SdkPojos.copy(
              sageMaker.describeModelPackageGroup(r -> r.modelPackageGroupName(name)),
              ModelPackageGroup.class);
      return Optional.of(
          described.toBuilder().tags(tags(described.modelPackageGroupArn())).build());
    } catch (SageMakerException e) {
      if (ErrorKind.isNotFound(e)) {
        skipped++;
        return Optional.empty();
      }
      throw e;
    }
  }

  /**
   * One version by its ARN, with tags: DescribeModelPackage + ListTags. Empty if it is gone
   * (deleted since the event that named it).
   */
  public Optional<ModelPackage> version(String arn) {
    try {
      ModelPackage version =
          SdkPojos.copy(
              sageMaker.describeModelPackage(r -> r.modelPackageName(arn)), ModelPackage.class);
      return Optional.of(version.toBuilder().tags(tags(version.modelPackageArn())).build());
    } catch (SageMakerException e) {
      if (ErrorKind.isNotFound(e)) {
        skipped++;
        return Optional.empty();
      }
      throw e;
    }
  }

  /**
   * The versions of one group read authoritatively: ListModelPackages (Versioned, by name or by ARN
   * for a shared group), then DescribeModelPackage per version, then ListTags unless the group is
   * another account's (its tags are not shared).
   */
  public List<ModelPackage> versionsOf(String groupNameOrArn, boolean withTags) {
    List<ModelPackage> versions = new ArrayList<>();
    for (ModelPackageSummary summary :
        sageMaker
            .listModelPackagesPaginator(
                r ->
                    r.modelPackageGroupName(groupNameOrArn)
                        .modelPackageType(ModelPackageType.VERSIONED)
                        .maxResults(PAGE))
            .modelPackageSummaryList()) {
      try {
        ModelPackage version =
            SdkPojos.copy(
                sageMaker.describeModelPackage(r -> r.modelPackageName(summary.modelPackageArn())),
                ModelPackage.class);
        if (withTags) {
          version = version.toBuilder().tags(tags(version.modelPackageArn())).build();
        }
        versions.add(version);
      } catch (SageMakerException e) {
        if (!ErrorKind.isNotFound(e)) {
          throw e;
        }
        skipped++; // deleted between list and describe
      }
    }
    return versions;
  }

  /** Groups other accounts share with this one through AWS RAM (full ARNs). */
  public List<ModelPackageGroup> sharedGroups() {
    List<ModelPackageGroup> groups = new ArrayList<>();
    for (ModelPackageGroupSummary summary :
        sageMaker
            .listModelPackageGroupsPaginator(
                r ->
                    r.crossAccountFilterOption(CrossAccountFilterOption.CROSS_ACCOUNT)
                        .maxResults(PAGE))
            .modelPackageGroupSummaryList()) {
      try {
        groups.add(
            SdkPojos.copy(
                sageMaker.describeModelPackageGroup(
                    r -> r.modelPackageGroupName(summary.modelPackageGroupArn())),
                ModelPackageGroup.class));
      } catch (SageMakerException e) {
        if (!ErrorKind.isNotFound(e)) {
          throw e;
        }
        skipped++;
      }
    }
    return groups;
  }

  /**
   * One endpoint by name, with tags: DescribeEndpoint + ListTags. Empty if it is gone (deleted
   * since the event that named it).
   */
  public Optional<Endpoint> endpoint(String name) {
    try {
      Endpoint endpoint =
          SdkPojos.copy(sageMaker.describeEndpoint(r -> r.endpointName(name)), Endpoint.class);
      return Optional.of(endpoint.toBuilder().tags(tags(endpoint.endpointArn())).build());
    } catch (SageMakerException e) {
      if (ErrorKind.isNotFound(e)) {
        return Optional.empty();
      }
      throw e;
    }
  }

  /** The models of these names read authoritatively (DescribeModel + ListTags each). */
  public Map<String, Optional<Model>> describedModels(Collection<String> names) {
    Map<String, Optional<Model>> found = new LinkedHashMap<>();
    for (String name : names) {
      found.put(name, describeModel(name));
    }
    return found;
  }

  public Optional<DescribeEndpointConfigResponse> endpointConfig(String name) {
    try {
      return Optional.of(sageMaker.describeEndpointConfig(r -> r.endpointConfigName(name)));
    } catch (SageMakerException e) {
      if (ErrorKind.isNotFound(e)) {
        return Optional.empty(); // configs can be deleted while an endpoint still uses them
      }
      throw e;
    }
  }

  /**
   * A resource's tags. Where ListTags is denied the tags are unknown, not absent: the reader
   * remembers it ({@link #tagsDenied}) and stops asking.
   */
  protected List<Tag> tags(String arn) {
    List<Tag> tags = new ArrayList<>();
    if (tagsDenied) {
      return tags;
    }
    try {
      sageMaker
          .listTagsPaginator(r -> r.resourceArn(arn).maxResults(TAG_PAGE))
          .tags()
          .forEach(tags::add);
    } catch (SageMakerException e) {
      if (!ErrorKind.isAccessDenied(e)) {
        throw e;
      }
      tagsDenied = true;
    }
    return tags;
  }

  private boolean tagsDenied;

  /** Whether ListTags was denied: the tags read are then incomplete. */
  public boolean tagsDenied() {
    return tagsDenied;
  }

  protected Optional<Model> describeModel(String name) {
    try {
      Model model = SdkPojos.copy(sageMaker.describeModel(r -> r.modelName(name)), Model.class);
      return Optional.of(model.toBuilder().tags(tags(model.modelArn())).build());
    } catch (SageMakerException e) {
      if (ErrorKind.isNotFound(e)) {
        return Optional.empty();
      }
      throw e;
    }
  }

  // ---------------------------------------------------------------- strategies

  /** Search pages of 100, tags included: the cheap default. */
  private static final class SearchStrategy extends RegistryReader {
    private Map<String, Model> models;

    SearchStrategy(SageMakerClient sageMaker) {
      super(sageMaker);
    }

    @Override
    public ReadStrategy strategy() {
      return ReadStrategy.SEARCH;
    }

    @Override
    public List<ModelPackageGroup> groups() {
      List<ModelPackageGroup> groups = new ArrayList<>();
      search(ResourceType.MODEL_PACKAGE_GROUP, List.of())
          .forEach(r -> groups.add(r.modelPackageGroup()));
      return groups;
    }

    @Override
    public void versions(Consumer<ModelPackage> each) {
      // Versions only: unversioned (marketplace-style) packages have no group.
      Filter versioned =
          Filter.builder().name("ModelPackageGroupName").operator(Operator.EXISTS).build();
      search(ResourceType.MODEL_PACKAGE, List.of(versioned))
          .forEach(r -> each.accept(r.modelPackage()));
    }

    @Override
    public List<Endpoint> endpoints() {
      List<Endpoint> endpoints = new ArrayList<>();
      search(ResourceType.ENDPOINT, List.of()).forEach(r -> endpoints.add(r.endpoint()));
      return endpoints;
    }

    @Override
    public Map<String, Optional<Model>> models(Collection<String> names) {
      if (models == null) {
        models = new LinkedHashMap<>();
        for (SearchRecord record : search(ResourceType.MODEL, List.of())) {
          if (record.model() != null && record.model().model() != null) {
            models.put(record.model().model().modelName(), record.model().model());
          }
        }
      }
      Map<String, Optional<Model>> found = new LinkedHashMap<>();
      for (String name : names) {
        Model model = models.get(name);
        // Search is eventually consistent: a model it has not indexed yet is described directly.
        found.put(name, model != null ? Optional.of(model) : describeModel(name));
      }
      return found;
    }

    private Iterable<SearchRecord> search(ResourceType resource, List<Filter> filters) {
      return sageMaker
          .searchPaginator(
              r -> {
                r.resource(resource).maxResults(PAGE);
                if (!filters.isEmpty()) {
                  r.searchExpression(e -> e.filters(filters));
                }
              })
          .results();
    }
  }

  /** List and describe every item: for accounts where Search is denied. */
  private static final class ListStrategy extends RegistryReader {
    private List<ModelPackageGroup> groups;

    ListStrategy(SageMakerClient sageMaker) {
      super(sageMaker);
    }

    @Override
    public ReadStrategy strategy() {
      return ReadStrategy.LIST;
    }

    @Override
    public List<ModelPackageGroup> groups() {
      if (groups == null) {
        groups = new ArrayList<>();
        for (ModelPackageGroupSummary summary :
            sageMaker
                .listModelPackageGroupsPaginator(r -> r.maxResults(PAGE))
                .modelPackageGroupSummaryList()) {
          group(summary.modelPackageGroupName()).ifPresent(groups::add);
        }
      }
      return groups;
    }

    @Override
    public void versions(Consumer<ModelPackage> each) {
      for (ModelPackageGroup group : groups()) {
        versionsOf(group.modelPackageGroupName(), true).forEach(each);
      }
    }

    @Override
    public List<Endpoint> endpoints() {
      List<Endpoint> endpoints = new ArrayList<>();
      for (EndpointSummary summary :
          sageMaker.listEndpointsPaginator(r -> r.maxResults(PAGE)).endpoints()) {
        endpoint(summary.endpointName()).ifPresent(endpoints::add); // skipped if just deleted
      }
      return endpoints;
    }

    @Override
    public Map<String, Optional<Model>> models(Collection<String> names) {
      return describedModels(names);
    }
  }
}
