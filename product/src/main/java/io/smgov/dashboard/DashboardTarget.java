package io.smgov.dashboard;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where and for whom the dashboard is applied: the values of the five placeholders, the import
 * mode, the Athena workgroup and the optional row-level security rules. Validated once, every
 * problem at once, each naming its option.
 */
public record DashboardTarget(
    String accountId,
    String region,
    String database,
    String principalArn,
    Optional<String> externalDataSourceArn,
    ImportMode importMode,
    String workgroup,
    Optional<RlsRules> rlsRules,
    Optional<String> dataSourceRole) {
  private static final Pattern ROLE = Pattern.compile("arn:aws[a-z-]*:iam::(\\d{12}):role/.+");
  private static final Pattern ACCOUNT = Pattern.compile("\\d{12}");
  private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d");
  private static final Pattern DATABASE = Pattern.compile("[a-z0-9_]{1,255}");
  private static final Pattern PRINCIPAL =
      Pattern.compile("arn:aws[a-z-]*:quicksight:[a-z0-9-]+:\\d{12}:(user|group)/.+");
  private static final Pattern DATA_SOURCE =
      Pattern.compile("arn:aws[a-z-]*:quicksight:[a-z0-9-]+:\\d{12}:datasource/[\\w-]+");

  /**
   * SPICE: QuickSight's in-memory copy, refreshed on a schedule. DIRECT_QUERY: every visual queries
   * Athena.
   */
  public enum ImportMode {
    SPICE,
    DIRECT_QUERY
  }

  public DashboardTarget {
    List<String> problems = new ArrayList<>();
    if (accountId == null || !ACCOUNT.matcher(accountId).matches()) {
      problems.add("--aws-account-id must be a 12-digit account id, got '" + accountId + "'");
    }
    if (region == null || !REGION.matcher(region).matches()) {
      problems.add("--region must be an AWS region such as eu-west-1, got '" + region + "'");
    }
    if (database == null || !DATABASE.matcher(database).matches()) {
      problems.add(
          "--database must be the lower-case Glue database of 'smgov catalog apply', got '"
              + database
              + "'");
    }
    if (principalArn != null && principalArn.matches("arn:aws[a-z-]*:quicksight:.*:namespace/.*")) {
      problems.add(
          "--principal: a namespace cannot hold permissions on data sources and data sets, which"
              + " smgov grants too; give a QuickSight user or group ARN, got '"
              + principalArn
              + "'");
    } else if (principalArn == null || !PRINCIPAL.matcher(principalArn).matches()) {
      problems.add(
          "--principal must be a QuickSight user or group ARN (arn:aws:quicksight:<region>:<account>:group/default/<name>), got '"
              + principalArn
              + "'");
    }
    if (externalDataSourceArn.isPresent()
        && !DATA_SOURCE.matcher(externalDataSourceArn.get()).matches()) {
      problems.add(
          "--data-source-arn must be a QuickSight data source ARN, got '"
              + externalDataSourceArn.get()
              + "'");
    }
    if (workgroup == null || workgroup.isBlank()) {
      problems.add("--workgroup must name an Athena workgroup");
    }
    if (dataSourceRole.isPresent()) {
      Matcher role = ROLE.matcher(dataSourceRole.get());
      if (!role.matches()) {
        problems.add(
            "--data-source-role must be an IAM role ARN (the stack's QuickSightDataSourceRoleArn),"
                + " got '"
                + dataSourceRole.get()
                + "'");
      } else if (!role.group(1).equals(accountId)) {
        // QuickSight assumes a data source's role only in its own account.
        problems.add(
            "--data-source-role must be a role of account "
                + accountId
                + " (QuickSight's own), got one of "
                + role.group(1));
      }
    }
    if (!problems.isEmpty()) {
      throw new DashboardException(problems);
    }
  }

  /** A target whose data source runs its queries as QuickSight's account-wide role. */
  public DashboardTarget(
      String accountId,
      String region,
      String database,
      String principalArn,
      Optional<String> externalDataSourceArn,
      ImportMode importMode,
      String workgroup,
      Optional<RlsRules> rlsRules) {
    this(
        accountId,
        region,
        database,
        principalArn,
        externalDataSourceArn,
        importMode,
        workgroup,
        rlsRules,
        Optional.empty());
  }

  /** The data source the data sets read: the given one, or the one smgov manages. */
  public String dataSourceArn(QuickSightManifest manifest) {
    return externalDataSourceArn.orElse(arn("datasource/" + manifest.dataSource().id()));
  }

  public String arn(String resource) {
    return "arn:aws:quicksight:" + region + ":" + accountId + ":" + resource;
  }

  /** The only placeholders quicksight/ may use, and their values. */
  public Map<String, String> placeholders(QuickSightManifest manifest) {
    Map<String, String> values = new LinkedHashMap<>();
    values.put("account_id", accountId);
    values.put("region", region);
    values.put("database", database);
    values.put("data_source_arn", dataSourceArn(manifest));
    values.put("principal_arn", principalArn);
    return values;
  }
}
