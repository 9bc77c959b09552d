package io.smgov.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.smgov.simulator.PortfolioGenerator;
import io.smgov.testing.ExportFixture;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * API requests per model version, every request counted by the simulator (STS and S3 included):
 * the design's targets are cold ≤ 1.2 (SageMaker ≤ 0.15) and warm ≤ 0.03. A warm run has a fixed
 * cost of about 20 requests per account and region (AssumeRole, Search pages, lineage lists since
 * the watermark, one GetMetricData, the monitoring schedules and executions), so the per-version
 * targets are for registries of several hundred versions per account and region, as here (800).
 */
class ExportCostTest {
  static final PortfolioGenerator.Spec SPEC =
      new PortfolioGenerator.Spec(2, List.of("eu-west-1"), 10, 80, 13L, PortfolioGenerator.DEFAULT_AS_OF);

  @Test
  void coldAndWarmRunsStayWithinTheirRequestBudgets(@TempDir Path warehouse) throws Exception {
    try (ExportFixture fixture = ExportFixture.start(SPEC)) {
      double versions = SPEC.totalVersions();
      fixture.export(warehouse, "2026-11-01T06:00:00Z");
      double cold = fixture.requests().size() / versions;
      System.out.println("cold requests: " + fixture.requests().countsByOperation());
      double coldSageMaker = fixture.requests().count(e -> e.service().equals("sagemaker")) / versions;
      fixture.requests().clear();
      fixture.export(warehouse, "2026-11-02T06:00:00Z");
      double warm = fixture.requests().size() / versions;
      assertThat(cold).as("cold requests per version").isLessThanOrEqualTo(1.2);
      assertThat(coldSageMaker).as("cold SageMaker requests per version").isLessThanOrEqualTo(0.15);
      assertThat(warm).as("warm requests per version").isLessThanOrEqualTo(0.03);
      System.out.printf("requests per version: cold %.3f (SageMaker %.3f), warm %.4f%n", cold, coldSageMaker, warm);
    }
  }
}
