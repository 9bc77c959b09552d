package io.smgov.source;

import io.smgov.model.LineageAssociationRow;
import io.smgov.model.LineageEntityRow;
import io.smgov.model.LineageRow;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * One account's lineage graph, held locally and walked from each version's package artifact (the
 * artifact whose source URI is the version ARN) against the association direction: every entity
 * that contributed to the version, with the hop it was reached through.
 *
 * <p>The graph of a large account is the largest thing an export holds, so it keeps only what the
 * walk needs (each entity's types and source URI, each association's source and type, one instance
 * of each ARN); the full rows go to the consumers given, each entity and association once: the
 * first added wins, so a run adds what it listed before what it carries.
 */
public final class LineageGraph {
  /** QueryLineage's own depth limit; deeper chains are cut here too. */
  public static final int MAX_DEPTH = 10;

  private record Node(String lineageType, String entityType, String sourceUri) {}

  /** An incoming association: equal to another of the same source and type (its identity). */
  private record Edge(String source, String type, String sourceType) {
    @Override
    public boolean equals(Object other) {
      return other instanceof Edge e && e.source.equals(source) && Objects.equals(e.type, type);
    }

    @Override
    public int hashCode() {
      return source.hashCode() * 31 + Objects.hashCode(type);
    }
  }

  /** Past this many incoming edges (a group's context, which every version points at), a set. */
  private static final int LIST_LIMIT = 8;

  private final Map<String, Node> nodes = new HashMap<>();
  private final Map<String, Collection<Edge>> incoming = new HashMap<>();
  private final Map<String, String> artifactBySource = new HashMap<>();

  /**
   * One instance of each ARN and type string: an ARN recurs in every association that touches it.
   */
  private final Map<String, String> strings = new HashMap<>();

  private final Consumer<LineageEntityRow> entityRows;
  private final Consumer<LineageAssociationRow> associationRows;
  private int associations;

  /** A graph for walking only. */
  public LineageGraph() {
    this(row -> {}, row -> {});
  }

  /**
   * A graph that passes each new entity and association on (to lineage_entities / _associations).
   */
  public LineageGraph(
      Consumer<LineageEntityRow> entityRows, Consumer<LineageAssociationRow> associationRows) {
    this.entityRows = entityRows;
    this.associationRows = associationRows;
  }

  /** Adds an entity unless the graph has one of that ARN; returns whether it was new. */
  public boolean add(LineageEntityRow entity) {
    String arn = canonical(entity.entityArn());
    if (nodes.containsKey(arn)) {
      return false;
    }
    nodes.put(
        arn,
        new Node(
            canonical(entity.lineageType()), canonical(entity.entityType()), entity.sourceUri()));
    if ("Artifact".equals(entity.lineageType()) && entity.sourceUri() != null) {
      artifactBySource.putIfAbsent(entity.sourceUri(), arn);
    }
    entityRows.accept(entity);
    return true;
  }

  /**
   * Adds an association unless the graph has one of that source, destination and type; returns
   * whether it was new.
   */
  public boolean add(LineageAssociationRow association) {
    String destination = canonical(association.destinationArn());
    Edge edge =
        new Edge(
            canonical(association.sourceArn()),
            canonical(association.associationType()),
            canonical(association.sourceType()));
    Collection<Edge> into = incoming.computeIfAbsent(destination, k -> new ArrayList<>(1));
    if (into.contains(edge)) {
      return false;
    }
    if (into instanceof ArrayList<Edge> && into.size() == LIST_LIMIT) {
      into = new LinkedHashSet<>(into);
      incoming.put(destination, into);
    }
    into.add(edge);
    associations++;
    associationRows.accept(association);
    return true;
  }

  private String canonical(String text) {
    return text == null ? null : strings.computeIfAbsent(text, k -> k);
  }

  public boolean containsEntity(String arn) {
    return nodes.containsKey(arn);
  }

  public int entityCount() {
    return nodes.size();
  }

  public int associationCount() {
    return associations;
  }

  /** The package artifact of a version, if lineage tracking created one. */
  public String packageArtifact(String packageArn) {
    return artifactBySource.get(packageArn);
  }

  /**
   * Every upstream entity of a version: breadth-first from its package artifact over incoming
   * associations, one row per (entity, parent) hop, each entity expanded once at its shortest
   * depth.
   */
  public List<LineageRow> upstream(String packageArn) {
    List<LineageRow> rows = new ArrayList<>();
    String start = artifactBySource.get(packageArn);
    if (start == null) {
      return rows;
    }
    Map<String, Integer> depth = new HashMap<>();
    Set<String> hops = new HashSet<>();
    Deque<String> queue = new ArrayDeque<>();
    depth.put(start, 0);
    queue.add(start);
    while (!queue.isEmpty()) {
      String current = queue.poll();
      int d = depth.get(current);
      if (d >= MAX_DEPTH) {
        continue;
      }
      for (Edge association : incoming.getOrDefault(current, List.of())) {
        String source = association.source();
        if (!hops.add(source + "\n" + current)) {
          continue;
        }
        Node entity = nodes.get(source);
        rows.add(
            new LineageRow(
                packageArn,
                source,
                entity != null ? entity.entityType() : association.sourceType(),
                entity != null ? entity.lineageType() : null,
                entity != null ? entity.sourceUri() : null,
                current,
                association.type(),
                d + 1));
        if (!depth.containsKey(source)) {
          depth.put(source, d + 1);
          queue.add(source);
        }
      }
    }
    return rows;
  }
}
