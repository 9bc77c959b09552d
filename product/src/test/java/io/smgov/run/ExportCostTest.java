package io.smgov.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.smgov.simulator.GeneratedEstate;
import io.smgov.simulator.PortfolioGenerator;
import io.smgov.testing.ExportFixture;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * API requests per model version, every request counted by the simulator (STS and S3 included): the
 * design's targets are cold ≤ 1.2 (SageMaker ≤ 0.15) and warm ≤ 0.03. A warm run has a fixed cost
 * of about 20 requests per account and region (AssumeRole, Search pages, lineage lists since the
 * watermark, one GetMetricData, the monitoring schedules and executions), so the per-version
 * targets are for registries of several hundred versions per account and region, as here (800).
 *
 * <p>Stated on top of the targets, and counted exactly: the artefact integrity check
 * (ARTIFACT_CHANGED_AFTER_REGISTRATION) sends one S3 HeadObject per version the first time it is
 * seen (the cold run: every version) and one per version deployed in its own account on every run;
 * and the data-quality constraints report (for feature_constraints) is one S3 GET per version that
 * registers one, in the cold run only.
 */
class ExportCostTest {
  static final PortfolioGenerator.Spec SPEC =
      new PortfolioGenerator.Spec(
          2, List.of("eu-west-1"), 10, 80, 13L, PortfolioGenerator.DEFAULT_AS_OF);

  @Test
  void coldAndWarmRunsStayWithinTheirRequestBudgets(@TempDir Path warehouse) throws Exception {
    try (ExportFixture fixture = ExportFixture.start(SPEC)) {
      double versions = SPEC.totalVersions();
      // Versions deployed on an endpoint of their own account: their artefacts are checked every
      // run.
      Set<String> deployed = new TreeSet<>();
      for (GeneratedEstate.Endpoint endpoint : fixture.estate.endpoints()) {
        for (GeneratedEstate.Variant variant : endpoint.variants()) {
          if (variant.modelMissing()) {
            continue; // what it runs is unknown: no version to check
          }
          variant.containerPackages().stream()
              .filter(arn -> arn != null && arn.split(":")[4].equals(endpoint.account()))
              .forEach(deployed::add);
        }
      }
      long withDataQuality =
          fixture.estate.groups().stream()
              .flatMap(g -> g.versions().stream())
              .filter(GeneratedEstate.Version::dataQualityReport)
              .count();
      fixture.export(warehouse, "2026-11-01T06:00:00Z");
      long coldHeads = fixture.requests().count(e -> e.operation().equals("HeadObject"));
      long coldConstraints =
          fixture
              .requests()
              .count(
                  e ->
                      e.operation().equals("GetObject")
                          && e.resource() != null
                          && e.resource().endsWith("/data-quality/constraints.json"));
      assertThat(coldConstraints)
          .as("cold: one GET per data-quality constraints report")
          .isEqualTo(withDataQuality);
      double cold = (fixture.requests().size() - coldHeads - coldConstraints) / versions;
      System.out.println("cold requests: " + fixture.requests().countsByOperation());
      double coldSageMaker =
          fixture.requests().count(e -> e.service().equals("sagemaker")) / versions;
      fixture.requests().clear();
      fixture.export(warehouse, "2026-11-02T06:00:00Z");
      long warmHeads = fixture.requests().count(e -> e.operation().equals("HeadObject"));
      assertThat(fixture.requests().count(e -> e.operation().equals("DescribeTrainingJob")))
          .as("warm: no training job described")
          .isZero();
      double warm = (fixture.requests().size() - warmHeads) / versions;
      assertThat(coldHeads).as("cold: one HeadObject per version").isEqualTo(SPEC.totalVersions());
      assertThat(warmHeads)
          .as("warm: one HeadObject per deployed version")
          .isEqualTo(deployed.size());
      assertThat(cold)
          .as("cold requests per version, without the artefact and constraints reads")
          .isLessThanOrEqualTo(1.2);
      assertThat(coldSageMaker).as("cold SageMaker requests per version").isLessThanOrEqualTo(0.15);
      assertThat(warm)
          .as("warm requests per version, without the artefact checks")
          .isLessThanOrEqualTo(0.03);
      System.out.printf(
          "requests per version: cold %.3f + %.3f HeadObject (SageMaker %.3f), warm %.4f + %.4f HeadObject"
              + " (%d deployed versions)%n",
          cold, coldHeads / versions, coldSageMaker, warm, warmHeads / versions, deployed.size());
    }
  }
}
