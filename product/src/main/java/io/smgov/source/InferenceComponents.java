package io.smgov.source;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemaker.model.DescribeInferenceComponentResponse;
import software.amazon.awssdk.services.sagemaker.model.InferenceComponentSummary;
import software.amazon.awssdk.services.sagemaker.model.SageMakerException;

/**
 * Inference components: endpoints that host models through CreateInferenceComponent have endpoint
 * config variants that name no model; each component names its model (or hosts a container, or
 * adapts a base component). Every component of the account and region is listed in bulk
 * (ListInferenceComponents, 100 a page); DescribeInferenceComponent is called only for a component
 * that is new or changed (LastModifiedTime) since the previous snapshot.
 */
public final class InferenceComponents {
  private static final int PAGE = 100;

  private InferenceComponents() {}

  /**
   * One component: where it runs and what it hosts. {@code modelName} is the component's own model,
   * else its base component's; {@code image} the container a component without a model runs.
   */
  public record Component(
      String name,
      String endpointName,
      String variantName,
      String status,
      Instant lastModifiedTime,
      Integer copies,
      String modelName,
      String baseComponentName,
      String image) {}

  /** The components, and how many were described and carried forward. */
  public record Result(List<Component> components, int described, int reused) {
    /** Both reads together (of two endpoints). */
    public Result plus(Result other) {
      List<Component> both = new ArrayList<>(components);
      both.addAll(other.components);
      return new Result(both, described + other.described, reused + other.reused);
    }
  }

  /**
   * {@code known}: the previous snapshot's components by name; one whose LastModifiedTime is
   * unchanged is not described again (a component's specification changes only with an update).
   */
  public static Result read(SageMakerClient sageMaker, Map<String, Component> known) {
    return read(sageMaker, known, Optional.empty());
  }

  /** {@link #read} of the components one endpoint hosts (ListInferenceComponents filtered). */
  public static Result read(
      SageMakerClient sageMaker, Map<String, Component> known, Optional<String> endpointName) {
    List<InferenceComponentSummary> summaries = new ArrayList<>();
    sageMaker
        .listInferenceComponentsPaginator(
            r -> r.maxResults(PAGE).endpointNameEquals(endpointName.orElse(null)))
        .forEach(page -> summaries.addAll(page.inferenceComponents()));
    Map<String, Component> components = new LinkedHashMap<>();
    int described = 0;
    int reused = 0;
    for (InferenceComponentSummary summary : summaries) {
      Component earlier = known.get(summary.inferenceComponentName());
      if (earlier != null
          && earlier.lastModifiedTime() != null
          && earlier.lastModifiedTime().equals(summary.lastModifiedTime())) {
        components.put(
            summary.inferenceComponentName(),
            new Component(
                earlier.name(),
                summary.endpointName(),
                summary.variantName(),
                summary.inferenceComponentStatusAsString(),
                summary.lastModifiedTime(),
                earlier.copies(),
                earlier.modelName(),
                earlier.baseComponentName(),
                earlier.image()));
        reused++;
        continue;
      }
      Optional<DescribeInferenceComponentResponse> description =
          describe(sageMaker, summary.inferenceComponentName());
      described++;
      description.ifPresent(d -> components.put(d.inferenceComponentName(), of(d)));
    }
    // An adapter component runs on its base component's model, as the base is now (the base may
    // have been updated, or deleted, while the adapter itself did not change).
    List<Component> resolved = new ArrayList<>();
    for (Component c : components.values()) {
      if (c.baseComponentName() != null) {
        Component base = components.get(c.baseComponentName());
        c =
            new Component(
                c.name(),
                c.endpointName(),
                c.variantName(),
                c.status(),
                c.lastModifiedTime(),
                c.copies(),
                base == null ? null : base.modelName(),
                c.baseComponentName(),
                c.image());
      }
      resolved.add(c);
    }
    return new Result(resolved, described, reused);
  }

  private static Optional<DescribeInferenceComponentResponse> describe(
      SageMakerClient sageMaker, String name) {
    try {
      return Optional.of(sageMaker.describeInferenceComponent(r -> r.inferenceComponentName(name)));
    } catch (SageMakerException e) {
      if (ErrorKind.isNotFound(e)) {
        return Optional.empty(); // deleted between list and describe
      }
      throw e;
    }
  }

  private static Component of(DescribeInferenceComponentResponse d) {
    var spec = d.specification();
    return new Component(
        d.inferenceComponentName(),
        d.endpointName(),
        d.variantName(),
        d.inferenceComponentStatusAsString(),
        d.lastModifiedTime(),
        d.runtimeConfig() == null ? null : d.runtimeConfig().currentCopyCount(),
        spec == null ? null : spec.modelName(),
        spec == null ? null : spec.baseInferenceComponentName(),
        spec == null || spec.container() == null || spec.container().deployedImage() == null
            ? null
            : spec.container().deployedImage().specifiedImage());
  }
}
