package io.smgov.report;

import io.smgov.views.EmbeddedEngine;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The terminal summary of a warehouse's newest snapshot: what was exported, how much of what runs
 * in production is governed, what serving endpoints cost a month, the findings by category and
 * severity, and the worst findings first. Every number comes from the views, so it agrees with
 * {@code smgov findings}, the report and Athena.
 */
public final class Summary {
  static final List<String> SEVERITIES = List.of("critical", "high", "medium", "low");
  static final List<String> CATEGORIES =
      List.of("unapproved", "stale", "undocumented", "integrity", "operational");

  /** Per account and region of the newest snapshots, summed. */
  static final String ESTATE =
      "SELECT count(*) AS account_regions, count(DISTINCT account_id) AS accounts, count(DISTINCT region) AS regions,"
          + " coalesce(sum(group_count), 0), coalesce(sum(version_count), 0), coalesce(sum(approved_versions), 0),"
          + " coalesce(sum(pending_versions), 0), coalesce(sum(rejected_versions), 0), coalesce(sum(endpoint_count), 0),"
          + " coalesce(sum(production_endpoints), 0) FROM portfolio_summary";

  /** How much of what serves production traffic has each governance fact. */
  static final String PRODUCTION_COVERAGE =
      "SELECT count(*), count(*) FILTER (WHERE approval_status = 'Approved'),"
          + " count(*) FILTER (WHERE has_model_quality_metrics), count(*) FILTER (WHERE has_dataset_lineage),"
          + " count(*) FILTER (WHERE model_card_status IS NOT NULL), count(*) FILTER (WHERE owner IS NOT NULL)"
          + " FROM model_versions WHERE is_in_production";

  /** Production endpoints: monitored, idle, over the latency budget. */
  static final String OPERATIONS =
      "SELECT count(DISTINCT endpoint_arn), count(DISTINCT CASE WHEN monitoring_schedules > 0 OR endpoint_alarms > 0 THEN endpoint_arn END),"
          + " count(*) FILTER (WHERE is_idle), count(*) FILTER (WHERE is_over_latency_budget),"
          + " count(DISTINCT CASE WHEN schedules_with_violations > 0 THEN endpoint_arn END) FROM endpoint_operations";

  /**
   * What serving endpoints cost a month (the on-demand estimate, known costs only): all, idle,
   * serving an unapproved version, serving a stale one; and how many variants' cost is unknown.
   */
  static final String COSTS =
      "SELECT coalesce(sum(serving_variants), 0), coalesce(sum(unknown_variants), 0),"
          + " sum(monthly_cost_usd), sum(idle_monthly_cost_usd),"
          + " sum(unapproved_monthly_cost_usd), sum(stale_monthly_cost_usd)"
          + " FROM cost_summary";

  static final String EXPORT_STATUS =
      "SELECT last_status, count(*) FROM export_health GROUP BY last_status ORDER BY last_status";
  static final String BY_CATEGORY =
      "SELECT category, severity, count(*) FROM governance_findings GROUP BY ALL";

  private final Map<String, long[]> byCategory = new LinkedHashMap<>();
  private final long[] estate = new long[10];
  private final long[] production = new long[6];
  private final long[] operations = new long[5];
  private final long[] costVariants = new long[2];

  /** Null where no cost is known: unknown, never printed as $0. */
  private final Double[] costs = new Double[4];

  private final Map<String, Long> exportStatus = new LinkedHashMap<>();
  private final EmbeddedEngine.QueryResult worst;
  private final long findings;

  private Summary(EmbeddedEngine engine, String worstQuery, int worstLimit) {
    copy(engine.query(ESTATE).rows().get(0), estate);
    copy(engine.query(PRODUCTION_COVERAGE).rows().get(0), production);
    copy(engine.query(OPERATIONS).rows().get(0), operations);
    List<Object> cost = engine.query(COSTS).rows().get(0);
    copy(cost, costVariants);
    for (int i = 0; i < costs.length; i++) {
      Object value = cost.get(costVariants.length + i);
      costs[i] = value == null ? null : ((Number) value).doubleValue();
    }
    for (List<Object> row : engine.query(EXPORT_STATUS).rows()) {
      exportStatus.put(String.valueOf(row.get(0)), ((Number) row.get(1)).longValue());
    }
    CATEGORIES.forEach(c -> byCategory.put(c, new long[SEVERITIES.size()]));
    long total = 0;
    for (List<Object> row : engine.query(BY_CATEGORY).rows()) {
      long count = ((Number) row.get(2)).longValue();
      byCategory
              .computeIfAbsent((String) row.get(0), c -> new long[SEVERITIES.size()])[
              SEVERITIES.indexOf((String) row.get(1))] +=
          count;
      total += count;
    }
    this.findings = total;
    this.worst = engine.query(worstQuery + " LIMIT " + worstLimit);
  }

  /**
   * Reads the summary; {@code worstQuery} is the findings query (ordered worst first) whose first
   * {@code worstLimit} rows are shown.
   */
  public static Summary of(EmbeddedEngine engine, String worstQuery, int worstLimit) {
    return new Summary(engine, worstQuery, worstLimit);
  }

  public long findingCount() {
    return findings;
  }

  /** Findings of one category and severity. */
  public long count(String category, String severity) {
    long[] counts = byCategory.get(category);
    return counts == null ? 0 : counts[SEVERITIES.indexOf(severity)];
  }

  public EmbeddedEngine.QueryResult worst() {
    return worst;
  }

  /** Prints the summary; {@code table} prints the worst findings (the caller's table writer). */
  public void print(PrintWriter out, Consumer<EmbeddedEngine.QueryResult> table) {
    out.println();
    out.println("Exported");
    out.printf(
        "  %s x %s: %s%n",
        plural(estate[1], "account"), plural(estate[2], "region"), exportSummary());
    out.printf(
        "  %d model package groups, %d versions: %d approved, %d pending, %d rejected%n",
        estate[3], estate[4], estate[5], estate[6], estate[7]);
    out.printf("  %d endpoints, %d of them serving production traffic%n", estate[8], estate[9]);
    out.println();
    long live = production[0];
    out.printf("Coverage of the %d versions in production%n", live);
    String[] facts = {
      "approved",
      "with evaluation metrics",
      "with training-data lineage",
      "with a model card",
      "with an owner tag"
    };
    for (int i = 0; i < facts.length; i++) {
      out.printf(
          "  %-28s %4d of %d  %s%n",
          facts[i], production[i + 1], live, percent(production[i + 1], live));
    }
    out.println();
    out.printf("Operations of the %d production endpoints%n", operations[0]);
    out.printf(
        "  %-28s %4d of %d  %s%n",
        "monitored (schedule or alarm)",
        operations[1],
        operations[0],
        percent(operations[1], operations[0]));
    out.printf("  %-28s %4d%n", "drifting from their baseline", operations[4]);
    out.printf("  %-28s %4d variants%n", "idle (decommission?)", operations[2]);
    out.printf("  %-28s %4d variants%n", "over the latency budget", operations[3]);
    out.println();
    out.printf(
        "Monthly cost of the %s (on-demand estimate)%n",
        plural(costVariants[0], "serving endpoint variant"));
    String[] spent = {
      "all", "idle (decommission?)", "serving an unapproved version", "serving a stale version"
    };
    for (int i = 0; i < spent.length; i++) {
      out.printf(
          "  %-30s %14s%n", spent[i], costs[i] == null ? "unknown" : money(costs[i]) + " a month");
    }
    if (costVariants[1] > 0) {
      out.printf(
          "  %s with an unknown cost: not zero, left out of the sums%n",
          plural(costVariants[1], "variant"));
    }
    out.println();
    out.printf("Findings: %d%n", findings);
    out.printf("  %-14s %9s %6s %8s %5s %7s%n", "", "critical", "high", "medium", "low", "total");
    for (Map.Entry<String, long[]> category : byCategory.entrySet()) {
      long[] c = category.getValue();
      out.printf(
          "  %-14s %9d %6d %8d %5d %7d%n",
          category.getKey(), c[0], c[1], c[2], c[3], c[0] + c[1] + c[2] + c[3]);
    }
    if (!worst.rows().isEmpty()) {
      out.println();
      out.printf("Worst first (%d of %d):%n", worst.rows().size(), findings);
      out.flush();
      table.accept(worst);
    }
    out.flush();
  }

  /** "6 written, 4 of them with gaps, 0 failed": partial runs wrote everything they could read. */
  private String exportSummary() {
    long total = exportStatus.values().stream().mapToLong(Long::longValue).sum();
    long failed = exportStatus.getOrDefault("failed", 0L);
    long partial = exportStatus.getOrDefault("partial", 0L);
    return String.format(
        "%d written%s, %d failed",
        total - failed,
        partial == 0 ? "" : " (" + partial + " with gaps, listed under export health)",
        failed);
  }

  /** $1,234.56. */
  static String money(double usd) {
    return String.format(Locale.ROOT, "$%,.2f", usd);
  }

  private static String plural(long n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }

  private static String percent(long part, long whole) {
    return whole == 0 ? "" : "(" + Math.round(100.0 * part / whole) + "%)";
  }

  private static void copy(List<Object> row, long[] into) {
    for (int i = 0; i < into.length; i++) {
      Object value = row.get(i);
      into[i] = value == null ? 0 : ((Number) value).longValue();
    }
  }
}
