package io.smgov.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class MetricReportParserTest {
  private static List<MetricReportParser.Metric> parse(String json) throws Exception {
    return MetricReportParser.parse(json.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void modelQualityMetricsWithNumericAndNaNDeviations() throws Exception {
    List<MetricReportParser.Metric> metrics =
        parse(
            "{\"version\":0.0,\"binary_classification_metrics\":{\"confusion_matrix\":{\"0\":{\"0\":1}},"
                + "\"auc\":{\"value\":0.91,\"standard_deviation\":0.01},\"f1\":{\"value\":0.8,\"standard_deviation\":\"NaN\"},"
                + "\"bad\":{\"value\":\"NaN\"}},\"regression_metrics\":{\"rmse\":{\"value\":NaN},\"mae\":{\"value\":3}}}");
    assertThat(metrics)
        .containsExactly(
            new MetricReportParser.Metric("binary_classification_metrics", "auc", 0.91, 0.01),
            new MetricReportParser.Metric("binary_classification_metrics", "f1", 0.8, null),
            new MetricReportParser.Metric("regression_metrics", "mae", 3.0, null));
  }

  @Test
  void clarifyBiasAndExplainability() throws Exception {
    List<MetricReportParser.Metric> metrics =
        parse(
            "{\"pre_training_bias_metrics\":{\"facets\":{\"gender\":[{\"value_or_threshold\":\"f\",\"metrics\":[{\"name\":\"CI\",\"value\":0.1}]}]}},"
                + "\"explanations\":{\"kernel_shap\":{\"label0\":{\"global_shap_values\":{\"age\":0.3},\"expected_value\":0.5}}}}");
    assertThat(metrics)
        .containsExactly(
            new MetricReportParser.Metric("pre_training_bias_metrics.gender=f", "CI", 0.1, null),
            new MetricReportParser.Metric("explanations.kernel_shap.label0", "age", 0.3, null));
  }

  @Test
  void dataQualityStatisticsPerFeature() throws Exception {
    List<MetricReportParser.Metric> metrics =
        parse(
            "{\"version\":0,\"features\":[{\"name\":\"age\",\"numerical_statistics\":{\"common\":{\"num_present\":9,\"num_missing\":1},\"mean\":40.5,\"max\":90}},"
                + "{\"name\":\"city\",\"string_statistics\":{\"common\":{\"num_present\":10},\"distinct_count\":4}}]}");
    assertThat(metrics)
        .contains(
            new MetricReportParser.Metric("feature.age", "num_missing", 1.0, null),
            new MetricReportParser.Metric("feature.age", "mean", 40.5, null),
            new MetricReportParser.Metric("feature.city", "distinct_count", 4.0, null));
  }

  @Test
  void constraintsHoldNoMetricsAndGarbageIsUnparseable() throws Exception {
    assertThat(parse("{\"binary_classification_constraints\":{\"auc\":{\"threshold\":0.7}}}"))
        .isEmpty();
    assertThatThrownBy(() -> parse("{\"auc\": {\"value\": 0.8, <truncated"))
        .isInstanceOf(MetricReportParser.UnparseableReportException.class)
        .hasMessageStartingWith("not JSON");
    assertThatThrownBy(() -> parse("[1,2]")).hasMessage("not a JSON object");
  }
}
