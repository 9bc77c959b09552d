package io.smgov.source;

import io.smgov.model.EndpointDeploymentRow;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.sagemaker.model.ContainerDefinition;
import software.amazon.awssdk.services.sagemaker.model.DescribeEndpointConfigResponse;
import software.amazon.awssdk.services.sagemaker.model.Endpoint;
import software.amazon.awssdk.services.sagemaker.model.Model;
import software.amazon.awssdk.services.sagemaker.model.ProductionVariant;
import software.amazon.awssdk.services.sagemaker.model.ProductionVariantServerlessConfig;
import software.amazon.awssdk.services.sagemaker.model.ProductionVariantSummary;
import software.amazon.awssdk.services.sagemaker.model.Tag;

/**
 * Endpoint → endpoint config → model → container → model package version. The endpoint does not
 * name its models (DescribeEndpoint has no ModelName); its config does, and a model's containers
 * name the package. Pure functions.
 */
public final class Deployments {
  /** The endpoint tag that states which version the endpoint is meant to serve. */
  public static final String VERSION_TAG = "model-package-version";

  private Deployments() {}

  /** One variant of an endpoint config: what it runs and on what. Configs are immutable. */
  public record ConfigVariant(String name, String kind, String modelName, String instanceType) {}

  public record EndpointConfig(String name, List<ConfigVariant> variants) {
    public static EndpointConfig from(DescribeEndpointConfigResponse config) {
      List<ConfigVariant> variants = new ArrayList<>();
      for (ProductionVariant v : config.productionVariants()) {
        variants.add(
            new ConfigVariant(
                v.variantName(), "production", v.modelName(), v.instanceTypeAsString()));
      }
      for (ProductionVariant v : config.shadowProductionVariants()) {
        variants.add(
            new ConfigVariant(v.variantName(), "shadow", v.modelName(), v.instanceTypeAsString()));
      }
      return new EndpointConfig(config.endpointConfigName(), variants);
    }
  }

  /**
   * The configs a previous snapshot already described, rebuilt from its endpoint_deployments rows,
   * so a daily run describes only configs it has not seen.
   */
  public static Map<String, EndpointConfig> configsFrom(List<EndpointDeploymentRow> previousRows) {
    Map<String, Map<String, ConfigVariant>> variants = new LinkedHashMap<>();
    for (EndpointDeploymentRow row : previousRows) {
      if (row.endpointConfigName() == null || "config_missing".equals(row.resolution())) {
        continue;
      }
      // A variant that hosts inference components names no model in its config.
      boolean hostsComponents =
          row.inferenceComponentName() != null
              || "inference_components".equals(row.resolution())
              || "components_unreadable".equals(row.resolution());
      variants
          .computeIfAbsent(row.endpointConfigName(), k -> new LinkedHashMap<>())
          .putIfAbsent(
              row.variantKind() + "/" + row.variantName(),
              new ConfigVariant(
                  row.variantName(),
                  row.variantKind(),
                  hostsComponents ? null : row.modelName(),
                  row.instanceType()));
    }
    Map<String, EndpointConfig> configs = new LinkedHashMap<>();
    variants.forEach(
        (name, byVariant) ->
            configs.put(name, new EndpointConfig(name, List.copyOf(byVariant.values()))));
    return configs;
  }

  /**
   * The inference components a previous snapshot already described, rebuilt from its
   * endpoint_deployments rows (by component name).
   */
  public static Map<String, InferenceComponents.Component> componentsFrom(
      List<EndpointDeploymentRow> previousRows) {
    Map<String, InferenceComponents.Component> components = new LinkedHashMap<>();
    for (EndpointDeploymentRow row : previousRows) {
      if (row.inferenceComponentName() == null) {
        continue;
      }
      components.putIfAbsent(
          row.inferenceComponentName(),
          new InferenceComponents.Component(
              row.inferenceComponentName(),
              row.endpointName(),
              row.variantName(),
              row.inferenceComponentStatus(),
              row.inferenceComponentModifiedTime(),
              row.inferenceComponentCopies(),
              row.modelName(),
              row.inferenceComponentBaseName(),
              row.modelName() == null ? row.image() : null));
    }
    return components;
  }

  /**
   * The rows of one endpoint: one per variant and container, and for a variant that hosts inference
   * components one per component and container. {@code components}: the account's components, empty
   * when they could not be listed.
   */
  public static List<EndpointDeploymentRow> rows(
      Endpoint endpoint,
      Optional<EndpointConfig> config,
      Map<String, Optional<Model>> models,
      Optional<List<InferenceComponents.Component>> components,
      String region,
      String account) {
    List<EndpointDeploymentRow> rows = new ArrayList<>();
    String versionTag = tag(endpoint, VERSION_TAG);
    Map<String, ProductionVariantSummary> current = new LinkedHashMap<>();
    endpoint.productionVariants().forEach(v -> current.put("production/" + v.variantName(), v));
    endpoint.shadowProductionVariants().forEach(v -> current.put("shadow/" + v.variantName(), v));
    if (config.isEmpty()) {
      // The config was deleted while the endpoint still runs it: keep the variants we can see.
      for (Map.Entry<String, ProductionVariantSummary> e : current.entrySet()) {
        String kind = e.getKey().substring(0, e.getKey().indexOf('/'));
        rows.add(
            row(
                endpoint,
                e.getValue().variantName(),
                kind,
                null,
                null,
                null,
                null,
                null,
                null,
                e.getValue(),
                versionTag,
                null,
                "config_missing"));
      }
      return rows;
    }
    for (ConfigVariant variant : config.get().variants()) {
      ProductionVariantSummary summary = current.get(variant.kind() + "/" + variant.name());
      if (variant.modelName() != null) {
        modelRows(
            rows,
            endpoint,
            variant,
            summary,
            versionTag,
            variant.modelName(),
            null,
            models,
            region,
            account);
        continue;
      }
      if (components.isEmpty()) {
        rows.add(
            row(
                endpoint,
                variant.name(),
                variant.kind(),
                null,
                null,
                null,
                null,
                null,
                variant.instanceType(),
                summary,
                versionTag,
                null,
                "components_unreadable"));
        continue;
      }
      List<InferenceComponents.Component> hosted =
          components.get().stream()
              .filter(
                  c ->
                      endpoint.endpointName().equals(c.endpointName())
                          && variant.name().equals(c.variantName()))
              .toList();
      if (hosted.isEmpty()) {
        rows.add(
            row(
                endpoint,
                variant.name(),
                variant.kind(),
                null,
                null,
                null,
                null,
                null,
                variant.instanceType(),
                summary,
                versionTag,
                null,
                "inference_components"));
      }
      for (InferenceComponents.Component component : hosted) {
        if (component.modelName() == null && component.baseComponentName() != null) {
          // An adapter whose base component is gone: what it runs is unknown.
          rows.add(
              row(
                  endpoint,
                  variant.name(),
                  variant.kind(),
                  null,
                  null,
                  null,
                  null,
                  null,
                  variant.instanceType(),
                  summary,
                  versionTag,
                  component,
                  "base_missing"));
        } else if (component.modelName() == null) {
          // A component that runs a container of its own: no model, so nothing from the registry.
          rows.add(
              row(
                  endpoint,
                  variant.name(),
                  variant.kind(),
                  null,
                  0,
                  null,
                  null,
                  component.image(),
                  variant.instanceType(),
                  summary,
                  versionTag,
                  component,
                  "no_package"));
        } else {
          modelRows(
              rows,
              endpoint,
              variant,
              summary,
              versionTag,
              component.modelName(),
              component,
              models,
              region,
              account);
        }
      }
    }
    return rows;
  }

  private static void modelRows(
      List<EndpointDeploymentRow> rows,
      Endpoint endpoint,
      ConfigVariant variant,
      ProductionVariantSummary summary,
      String versionTag,
      String modelName,
      InferenceComponents.Component component,
      Map<String, Optional<Model>> models,
      String region,
      String account) {
    Optional<Model> model = models.getOrDefault(modelName, Optional.empty());
    if (model.isEmpty()) {
      rows.add(
          row(
              endpoint,
              variant.name(),
              variant.kind(),
              modelName,
              null,
              null,
              null,
              null,
              variant.instanceType(),
              summary,
              versionTag,
              component,
              "model_missing"));
      return;
    }
    List<ContainerDefinition> containers = containers(model.get());
    for (int i = 0; i < containers.size(); i++) {
      ContainerDefinition container = containers.get(i);
      String packageArn =
          packageArn(
              container.modelPackageName(), partition(endpoint.endpointArn()), region, account);
      rows.add(
          row(
              endpoint,
              variant.name(),
              variant.kind(),
              modelName,
              i,
              container.containerHostname(),
              packageArn,
              container.image(),
              variant.instanceType(),
              summary,
              versionTag,
              component,
              packageArn == null ? "no_package" : "resolved"));
    }
  }

  private static List<ContainerDefinition> containers(Model model) {
    if (model.primaryContainer() != null) {
      return List.of(model.primaryContainer());
    }
    return model.containers();
  }

  /**
   * A container's ModelPackageName as a version ARN: it may be an ARN already, a versioned name
   * ({@code group/3}) or an unversioned package name, all in the model's own account.
   */
  static String packageArn(String name, String partition, String region, String account) {
    if (name == null || name.isEmpty()) {
      return null;
    }
    if (name.startsWith("arn:")) {
      return name;
    }
    return "arn:" + partition + ":sagemaker:" + region + ":" + account + ":model-package/" + name;
  }

  /** The partition of an ARN (aws, aws-cn, aws-us-gov, …); aws when it is not an ARN. */
  static String partition(String arn) {
    String[] parts = arn == null ? new String[0] : arn.split(":", 3);
    return parts.length == 3 && parts[0].equals("arn") && !parts[1].isEmpty() ? parts[1] : "aws";
  }

  /**
   * The API's weights are floats: 0.1f is 0.10000000149 as a double; keep the decimal the user set.
   */
  private static double weight(Float value) {
    return Math.round(value.doubleValue() * 1_000_000d) / 1_000_000d;
  }

  private static String tag(Endpoint endpoint, String key) {
    for (Tag tag : endpoint.tags()) {
      if (key.equals(tag.key())) {
        return tag.value();
      }
    }
    return null;
  }

  private static EndpointDeploymentRow row(
      Endpoint endpoint,
      String variant,
      String kind,
      String modelName,
      Integer container,
      String hostname,
      String packageArn,
      String image,
      String instanceType,
      ProductionVariantSummary summary,
      String versionTag,
      InferenceComponents.Component component,
      String resolution) {
    ProductionVariantServerlessConfig serverless =
        summary == null ? null : summary.currentServerlessConfig();
    return new EndpointDeploymentRow(
        endpoint.endpointName(),
        endpoint.endpointArn(),
        endpoint.endpointStatusAsString(),
        endpoint.endpointConfigName(),
        endpoint.creationTime(),
        endpoint.lastModifiedTime(),
        variant,
        kind,
        modelName,
        container,
        hostname,
        packageArn,
        image,
        instanceType,
        summary == null ? null : summary.currentInstanceCount(),
        serverless == null ? null : serverless.memorySizeInMB(),
        serverless == null ? null : serverless.maxConcurrency(),
        summary == null || summary.currentWeight() == null ? null : weight(summary.currentWeight()),
        versionTag,
        component == null ? null : component.name(),
        component == null ? null : component.status(),
        component == null ? null : component.lastModifiedTime(),
        component == null ? null : component.copies(),
        component == null ? null : component.baseComponentName(),
        resolution,
        null,
        null,
        null);
  }
}
