package io.smgov.source;

import io.smgov.model.LineageAssociationRow;
import io.smgov.model.LineageEntityRow;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemaker.model.ActionSummary;
import software.amazon.awssdk.services.sagemaker.model.ArtifactSummary;
import software.amazon.awssdk.services.sagemaker.model.AssociationSummary;
import software.amazon.awssdk.services.sagemaker.model.ContextSummary;
import software.amazon.awssdk.services.sagemaker.model.DescribeActionResponse;
import software.amazon.awssdk.services.sagemaker.model.DescribeArtifactResponse;
import software.amazon.awssdk.services.sagemaker.model.DescribeContextResponse;
import software.amazon.awssdk.services.sagemaker.model.DescribeTrialComponentResponse;
import software.amazon.awssdk.services.sagemaker.model.Edge;
import software.amazon.awssdk.services.sagemaker.model.LineageType;
import software.amazon.awssdk.services.sagemaker.model.QueryLineageResponse;
import software.amazon.awssdk.services.sagemaker.model.SageMakerException;
import software.amazon.awssdk.services.sagemaker.model.TrialComponentSummary;
import software.amazon.awssdk.services.sagemaker.model.Vertex;

/**
 * Lineage from SageMaker, two ways:
 *
 * <ul>
 *   <li>{@link #listSince}: the account's entities and associations in bulk (ListArtifacts,
 *       ListTrialComponents, ListActions, ListContexts, ListAssociations; 100 a page), only those
 *       created after the previous run's watermark — the default, a few requests per hundred
 *       versions;
 *   <li>{@link #query}: per version, ListArtifacts(SourceUri) to find its package artifact
 *       (QueryLineage cannot start from a package ARN), QueryLineage upstream, and a Describe per
 *       new entity — the fallback where bulk listing is denied.
 * </ul>
 */
public final class LineageSource {
  private static final int PAGE = 100;

  /** QueryLineage returns at most 50 vertices a page. */
  private static final int QUERY_PAGE = 50;

  private final SageMakerClient sageMaker;
  private final Map<String, Optional<LineageEntityRow>> described = new HashMap<>();

  public LineageSource(SageMakerClient sageMaker) {
    this.sageMaker = sageMaker;
  }

  /**
   * Adds to {@code graph} every entity and association created after {@code watermark} (all of them
   * when it is null) and returns how many were listed.
   */
  public int listSince(Instant watermark, LineageGraph graph) {
    int listed = 0;
    for (ArtifactSummary a :
        sageMaker
            .listArtifactsPaginator(r -> r.maxResults(PAGE).createdAfter(watermark))
            .artifactSummaries()) {
      graph.add(
          new LineageEntityRow(
              a.artifactArn(),
              "Artifact",
              a.artifactType(),
              a.artifactName(),
              a.source() == null ? null : a.source().sourceUri(),
              null,
              a.creationTime()));
      listed++;
    }
    for (TrialComponentSummary t :
        sageMaker
            .listTrialComponentsPaginator(r -> r.maxResults(PAGE).createdAfter(watermark))
            .trialComponentSummaries()) {
      String sourceType =
          t.trialComponentSource() == null ? null : t.trialComponentSource().sourceType();
      graph.add(
          new LineageEntityRow(
              t.trialComponentArn(),
              "TrialComponent",
              trialComponentType(sourceType),
              t.trialComponentName(),
              t.trialComponentSource() == null ? null : t.trialComponentSource().sourceArn(),
              sourceType,
              t.creationTime()));
      listed++;
    }
    for (ActionSummary a :
        sageMaker
            .listActionsPaginator(r -> r.maxResults(PAGE).createdAfter(watermark))
            .actionSummaries()) {
      graph.add(
          new LineageEntityRow(
              a.actionArn(),
              "Action",
              a.actionType(),
              a.actionName(),
              a.source() == null ? null : a.source().sourceUri(),
              a.source() == null ? null : a.source().sourceType(),
              a.creationTime()));
      listed++;
    }
    for (ContextSummary c :
        sageMaker
            .listContextsPaginator(r -> r.maxResults(PAGE).createdAfter(watermark))
            .contextSummaries()) {
      graph.add(
          new LineageEntityRow(
              c.contextArn(),
              "Context",
              c.contextType(),
              c.contextName(),
              c.source() == null ? null : c.source().sourceUri(),
              c.source() == null ? null : c.source().sourceType(),
              c.creationTime()));
      listed++;
    }
    for (AssociationSummary a :
        sageMaker
            .listAssociationsPaginator(r -> r.maxResults(PAGE).createdAfter(watermark))
            .associationSummaries()) {
      graph.add(
          new LineageAssociationRow(
              a.sourceArn(),
              a.destinationArn(),
              a.associationTypeAsString(),
              a.sourceType(),
              a.destinationType(),
              a.creationTime()));
      listed++;
    }
    return listed;
  }

  /**
   * Adds one version's upstream lineage to {@code graph} through QueryLineage; false when lineage
   * tracking has no artifact for the version.
   */
  public boolean query(String packageArn, LineageGraph graph) {
    List<ArtifactSummary> artifacts =
        sageMaker.listArtifacts(r -> r.sourceUri(packageArn).maxResults(PAGE)).artifactSummaries();
    if (artifacts.isEmpty()) {
      return false;
    }
    ArtifactSummary start = artifacts.get(0);
    graph.add(
        new LineageEntityRow(
            start.artifactArn(),
            "Artifact",
            start.artifactType(),
            start.artifactName(),
            packageArn,
            null,
            start.creationTime()));
    Map<String, Vertex> vertices = new HashMap<>();
    String token = null;
    do {
      String next = token;
      QueryLineageResponse page =
          sageMaker.queryLineage(
              r ->
                  r.startArns(start.artifactArn())
                      .direction("Ascendants")
                      .includeEdges(true)
                      .maxDepth(LineageGraph.MAX_DEPTH)
                      .maxResults(QUERY_PAGE)
                      .nextToken(next));
      page.vertices().forEach(v -> vertices.put(v.arn(), v));
      for (Edge edge : page.edges()) {
        Vertex source = vertices.get(edge.sourceArn());
        Vertex destination = vertices.get(edge.destinationArn());
        graph.add(
            new LineageAssociationRow(
                edge.sourceArn(),
                edge.destinationArn(),
                edge.associationTypeAsString(),
                source == null ? null : source.type(),
                destination == null ? null : destination.type(),
                null));
      }
      token = page.nextToken();
    } while (token != null);
    for (Vertex vertex : vertices.values()) {
      if (!graph.containsEntity(vertex.arn())) {
        describe(vertex).ifPresent(graph::add);
      }
    }
    return true;
  }

  /** The entity behind a vertex, described once per run (a dataset feeds many versions). */
  private Optional<LineageEntityRow> describe(Vertex vertex) {
    return described.computeIfAbsent(vertex.arn(), arn -> describeEntity(vertex));
  }

  private Optional<LineageEntityRow> describeEntity(Vertex vertex) {
    String arn = vertex.arn();
    try {
      LineageType type = vertex.lineageType();
      if (type == LineageType.ARTIFACT) {
        DescribeArtifactResponse a = sageMaker.describeArtifact(r -> r.artifactArn(arn));
        return Optional.of(
            new LineageEntityRow(
                arn,
                "Artifact",
                a.artifactType(),
                a.artifactName(),
                a.source() == null ? null : a.source().sourceUri(),
                null,
                a.creationTime()));
      }
      if (type == LineageType.TRIAL_COMPONENT) {
        DescribeTrialComponentResponse t =
            sageMaker.describeTrialComponent(r -> r.trialComponentName(arn));
        String sourceType = t.source() == null ? null : t.source().sourceType();
        return Optional.of(
            new LineageEntityRow(
                arn,
                "TrialComponent",
                trialComponentType(sourceType),
                t.trialComponentName(),
                t.source() == null ? null : t.source().sourceArn(),
                sourceType,
                t.creationTime()));
      }
      if (type == LineageType.ACTION) {
        DescribeActionResponse a = sageMaker.describeAction(r -> r.actionName(arn));
        return Optional.of(
            new LineageEntityRow(
                arn,
                "Action",
                a.actionType(),
                a.actionName(),
                a.source() == null ? null : a.source().sourceUri(),
                a.source() == null ? null : a.source().sourceType(),
                a.creationTime()));
      }
      if (type == LineageType.CONTEXT) {
        DescribeContextResponse c = sageMaker.describeContext(r -> r.contextName(arn));
        return Optional.of(
            new LineageEntityRow(
                arn,
                "Context",
                c.contextType(),
                c.contextName(),
                c.source() == null ? null : c.source().sourceUri(),
                c.source() == null ? null : c.source().sourceType(),
                c.creationTime()));
      }
    } catch (SageMakerException e) {
      if (!ErrorKind.isNotFound(e)) {
        throw e;
      }
    }
    return Optional.empty();
  }

  /**
   * A trial component's type as lineage names it: {@code SageMakerTrainingJob} → {@code
   * TrainingJob}.
   */
  static String trialComponentType(String sourceType) {
    if (sourceType == null) {
      return null;
    }
    return sourceType.startsWith("SageMaker")
        ? sourceType.substring("SageMaker".length())
        : sourceType;
  }
}
