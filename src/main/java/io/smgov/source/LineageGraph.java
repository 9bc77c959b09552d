package io.smgov.source;

import io.smgov.model.LineageAssociationRow;
import io.smgov.model.LineageEntityRow;
import io.smgov.model.LineageRow;
import io.smgov.table.Tables;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One account's lineage graph, held locally and walked from each version's package artifact (the
 * artifact whose source URI is the version ARN) against the association direction: every entity
 * that contributed to the version, with the hop it was reached through.
 */
public final class LineageGraph {
  /** QueryLineage's own depth limit; deeper chains are cut here too. */
  public static final int MAX_DEPTH = 10;

  private final Map<String, LineageEntityRow> entities = new LinkedHashMap<>();
  private final Map<String, LineageAssociationRow> associations = new LinkedHashMap<>();
  private final Map<String, List<LineageAssociationRow>> incoming = new HashMap<>();
  private final Map<String, String> artifactBySource = new HashMap<>();

  public void add(LineageEntityRow entity) {
    entities.put(entity.entityArn(), entity);
    if ("Artifact".equals(entity.lineageType()) && entity.sourceUri() != null) {
      artifactBySource.putIfAbsent(entity.sourceUri(), entity.entityArn());
    }
  }

  public void add(LineageAssociationRow association) {
    String key = association.sourceArn() + "\n" + association.destinationArn() + "\n" + association.associationType();
    if (associations.putIfAbsent(key, association) == null) {
      incoming.computeIfAbsent(association.destinationArn(), k -> new ArrayList<>()).add(association);
    }
  }

  /** Adds the stored rows of a previous snapshot's lineage_entities and lineage_associations. */
  public void addStored(List<Object[]> entityRows, List<Object[]> associationRows) {
    for (Object[] r : entityRows) {
      add(
          new LineageEntityRow(
              (String) r[0], (String) r[1], (String) r[2], (String) r[3], (String) r[4], (String) r[5], (Instant) r[6]));
    }
    for (Object[] r : associationRows) {
      add(
          new LineageAssociationRow(
              (String) r[0], (String) r[1], (String) r[2], (String) r[3], (String) r[4], (Instant) r[5]));
    }
  }

  public boolean containsEntity(String arn) {
    return entities.containsKey(arn);
  }

  public int entityCount() {
    return entities.size();
  }

  public int associationCount() {
    return associations.size();
  }

  public List<Object[]> entityRows() {
    return entities.values().stream().map(Tables.LINEAGE_ENTITIES::values).toList();
  }

  public List<Object[]> associationRows() {
    return associations.values().stream().map(Tables.LINEAGE_ASSOCIATIONS::values).toList();
  }

  /** The package artifact of a version, if lineage tracking created one. */
  public String packageArtifact(String packageArn) {
    return artifactBySource.get(packageArn);
  }

  /**
   * Every upstream entity of a version: breadth-first from its package artifact over incoming
   * associations, one row per (entity, parent) hop, each entity expanded once at its shortest depth.
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
      for (LineageAssociationRow association : incoming.getOrDefault(current, List.of())) {
        String source = association.sourceArn();
        if (!hops.add(source + "\n" + current)) {
          continue;
        }
        LineageEntityRow entity = entities.get(source);
        rows.add(
            new LineageRow(
                packageArn,
                source,
                entity != null ? entity.entityType() : association.sourceType(),
                entity != null ? entity.lineageType() : null,
                entity != null ? entity.sourceUri() : null,
                current,
                association.associationType(),
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
