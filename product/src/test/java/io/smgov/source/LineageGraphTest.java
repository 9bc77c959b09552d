package io.smgov.source;

import static org.assertj.core.api.Assertions.assertThat;

import io.smgov.model.LineageAssociationRow;
import io.smgov.model.LineageEntityRow;
import io.smgov.model.LineageRow;
import java.util.List;
import org.junit.jupiter.api.Test;

class LineageGraphTest {
  private static LineageEntityRow artifact(String arn, String type, String uri) {
    return new LineageEntityRow(arn, "Artifact", type, null, uri, null, null);
  }

  private static LineageAssociationRow edge(String from, String to, String type) {
    return new LineageAssociationRow(from, to, type, null, null, null);
  }

  @Test
  void walksUpstreamFromThePackageArtifactOncePerHop() {
    LineageGraph graph = new LineageGraph();
    graph.add(artifact("pkg-art", "ModelPackage", "arn:pkg/1"));
    graph.add(artifact("model-art", "Model", "s3://m/model.tar.gz"));
    graph.add(
        new LineageEntityRow(
            "tc", "TrialComponent", "TrainingJob", "job", "arn:job", "SageMakerTrainingJob", null));
    graph.add(artifact("data", "DataSet", "s3://d/train/"));
    graph.add(artifact("ctx", "ModelGroup", "arn:group"));
    graph.add(edge("model-art", "pkg-art", "ContributedTo"));
    graph.add(edge("tc", "model-art", "Produced"));
    graph.add(edge("data", "tc", "ContributedTo"));
    graph.add(edge("data", "tc", "ContributedTo")); // duplicate association, kept once
    graph.add(edge("data", "model-art", "ContributedTo")); // a second path to the dataset
    graph.add(
        edge("pkg-art", "ctx", "AssociatedWith")); // downstream: not part of the upstream walk
    List<LineageRow> rows = graph.upstream("arn:pkg/1");
    assertThat(rows)
        .containsExactly(
            new LineageRow(
                "arn:pkg/1",
                "model-art",
                "Model",
                "Artifact",
                "s3://m/model.tar.gz",
                "pkg-art",
                "ContributedTo",
                1),
            new LineageRow(
                "arn:pkg/1",
                "tc",
                "TrainingJob",
                "TrialComponent",
                "arn:job",
                "model-art",
                "Produced",
                2),
            new LineageRow(
                "arn:pkg/1",
                "data",
                "DataSet",
                "Artifact",
                "s3://d/train/",
                "model-art",
                "ContributedTo",
                2),
            new LineageRow(
                "arn:pkg/1",
                "data",
                "DataSet",
                "Artifact",
                "s3://d/train/",
                "tc",
                "ContributedTo",
                3));
    assertThat(graph.upstream("arn:pkg/unknown")).isEmpty();
  }

  @Test
  void cyclesEndAndDepthIsBounded() {
    LineageGraph graph = new LineageGraph();
    graph.add(artifact("a0", "ModelPackage", "arn:pkg/1"));
    for (int i = 1; i <= 15; i++) {
      graph.add(artifact("a" + i, "Model", "s3://" + i));
      graph.add(edge("a" + i, "a" + (i - 1), "DerivedFrom"));
    }
    graph.add(edge("a0", "a3", "DerivedFrom")); // a cycle
    List<LineageRow> rows = graph.upstream("arn:pkg/1");
    assertThat(rows)
        .extracting(LineageRow::depth)
        .allSatisfy(d -> assertThat(d).isLessThanOrEqualTo(LineageGraph.MAX_DEPTH));
    assertThat(rows).hasSize(LineageGraph.MAX_DEPTH + 1);
  }
}
