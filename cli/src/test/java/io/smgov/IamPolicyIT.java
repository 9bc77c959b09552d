package io.smgov;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.smgov.dashboard.QuickSightManifest;
import io.smgov.testing.Checkout;
import io.smgov.testing.CloudFormation;
import io.smgov.testing.TrinoExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Least privilege, checked against what the code does. The census is every AWS operation the
 * simulators answered over the whole surefire suite (failsafe runs this afterwards), with the
 * credentials it came with: the reader role's session in an exported account, or the job's own.
 * Each operation must be granted by the policy that will hold it in production (the reader role,
 * the job role, or the dashboard deployer policy), on a resource of the type the operation acts on
 * and scoped to what smgov owns; and the policies grant nothing the census does not hold, except
 * the few permissions AWS checks without an API call of ours (listed below with their reason).
 */
class IamPolicyIT {
  /** The reader template's report key in these tests. */
  private static final String REPORT_KEY = "arn:aws:kms:eu-west-1:222222222222:key/k";

  private static final String BUCKET = DeployTemplatesTest.JOB.get("WarehouseBucket");

  /** One census file per module whose tests ran (surefire names them). */
  private static final Path CENSUS =
      Path.of(System.getProperty("smgov.iam.census", "../target/iam-census"));

  /** The bus the rendered job stack's notify sends to. */
  private static final String NOTIFY_BUS = "governance-findings";

  /** Census service names (the signing name) to IAM prefixes. */
  private static final Map<String, String> IAM_PREFIX =
      Map.ofEntries(
          Map.entry("sagemaker", "sagemaker"),
          Map.entry("s3", "s3"),
          Map.entry("monitoring", "cloudwatch"),
          Map.entry("sts", "sts"),
          Map.entry("glue", "glue"),
          Map.entry("athena", "athena"),
          Map.entry("organizations", "organizations"),
          Map.entry("quicksight", "quicksight"),
          Map.entry("cloudtrail", "cloudtrail"),
          Map.entry("lakeformation", "lakeformation"),
          Map.entry("events", "events"),
          Map.entry("securityhub", "securityhub"),
          Map.entry("pricing", "pricing"));

  /** API operations whose IAM action has another name. */
  private static final Map<String, String> IAM_ACTION =
      Map.of("s3:HeadObject", "s3:GetObject", "s3:ListObjectsV2", "s3:ListBucket");

  /** Services the reader role serves; the job role reads them only through it. */
  private static final Set<String> READER_SERVICES =
      Set.of("sagemaker", "cloudwatch", "cloudtrail", "s3");

  /** What smgov dashboard refresh calls: the job task runs it after every export. */
  private static final Set<String> DASHBOARD_REFRESH =
      Set.of("quicksight:ListDataSets", "quicksight:CreateIngestion", "quicksight:ListIngestions");

  /** Operations no IAM policy can deny (sts:GetCallerIdentity). */
  private static final Set<String> NO_PERMISSION = Set.of("sts:GetCallerIdentity");

  /** Permissions AWS checks without an API call of smgov's own, so no census shows them. */
  private static final Map<String, String> IMPLIED =
      Map.ofEntries(
          Map.entry(
              "job:s3:GetBucketLocation",
              "Athena checks the query result bucket's region with the caller's credentials"),
          Map.entry(
              "job:kms:GenerateDataKey",
              "S3 encrypts the warehouse objects and Athena results with the SSE-KMS key"),
          Map.entry("job:kms:Decrypt", "S3 decrypts SSE-KMS objects the job reads back"),
          Map.entry(
              "job:glue:GetTables",
              "Athena lists the database's tables and views when it runs the view DDL"),
          Map.entry("reader:kms:Decrypt", "S3 decrypts SSE-KMS metric reports"),
          Map.entry(
              "reader:s3:ListBucket",
              "S3 answers HeadObject on a deleted artefact with 404, not 403, only to a caller that may list the bucket"),
          Map.entry(
              "deployer:quicksight:PassDataSource",
              "checked when a data set is created on the data source"),
          Map.entry(
              "deployer:quicksight:PassDataSet",
              "checked when the analysis and dashboard are created on the data sets"),
          Map.entry(
              "deployer:iam:PassRole",
              "checked when dashboard apply --data-source-role sets the data source's RoleArn"));

  /**
   * What QuickSight does with the data-source role (AthenaParameters.RoleArn) when a visual or a
   * SPICE refresh queries the views: no call of smgov's own, so no census shows it. From "Access
   * through Amazon Athena" (athena/latest/ug/access.html: the data's S3 locations, the Glue
   * catalog, the query result location) and "Authorizing connections from Amazon QuickSight to
   * Amazon Athena" (quicksight/latest/user/athena.html: the result bucket, the KMS key).
   */
  private static final Set<String> QUICKSIGHT_ROLE =
      Set.of(
          "athena:StartQueryExecution",
          "athena:GetQueryExecution",
          "athena:GetQueryResults",
          "athena:GetQueryResultsStream",
          "athena:StopQueryExecution",
          "athena:GetWorkGroup",
          "glue:GetDatabase",
          "glue:GetTable",
          "glue:GetTables",
          "s3:GetObject",
          "s3:ListBucket",
          "s3:PutObject",
          "s3:GetBucketLocation",
          "kms:Decrypt",
          "kms:GenerateDataKey");

  /**
   * What an analyst's role does to query the views through Athena (the job stack's AnalystPolicy,
   * with Lake Formation): the Athena calls the suite makes as an assumed analyst role, and what
   * Athena reads with the caller's credentials, from "Access through Amazon Athena"
   * (athena/latest/ug/access.html) and "Lake Formation permissions for Athena users"
   * (athena/latest/ug/lf-athena-user-permissions.html: lakeformation:GetDataAccess).
   */
  private static final Set<String> ANALYST_ROLE =
      Set.of(
          "athena:StartQueryExecution",
          "athena:GetQueryExecution",
          "athena:GetQueryResults",
          "athena:StopQueryExecution",
          "athena:GetWorkGroup",
          "glue:GetDatabase",
          "glue:GetTable",
          "glue:GetTables",
          "s3:GetObject",
          "s3:ListBucket",
          "s3:PutObject",
          "s3:GetBucketLocation",
          "kms:Decrypt",
          "kms:GenerateDataKey",
          "lakeformation:GetDataAccess");

  /**
   * What Lake Formation does with the role the warehouse location is registered with: reads and
   * writes its objects for the services it vends credentials to, with the bucket's KMS key, from
   * "Requirements for roles used to register locations"
   * (lake-formation/latest/dg/registration-role.html). No call of smgov's own.
   */
  private static final Set<String> LOCATION_ROLE =
      Set.of(
          "s3:GetObject",
          "s3:PutObject",
          "s3:DeleteObject",
          "s3:ListBucket",
          "kms:Decrypt",
          "kms:GenerateDataKey");

  /**
   * Calls the suite makes as an analyst only to see them refused (a reader cannot grant itself Lake
   * Formation permissions): no policy may grant them.
   */
  private static final Set<String> REFUSED_IN_TESTS =
      Set.of("lakeformation:ListPermissions", "lakeformation:GrantPermissions");

  /**
   * The IAM resource types each action acts on (AWS Service Authorization Reference); an empty set
   * means the action supports no resource-level permissions, so only "*" can grant it.
   */
  private static final Map<String, Set<String>> RESOURCE_TYPES = new TreeMap<>();

  static {
    for (String action :
        List.of(
            "sagemaker:Search",
            "sagemaker:ListModelPackageGroups",
            "sagemaker:ListModelPackages",
            "sagemaker:ListEndpoints",
            "sagemaker:ListArtifacts",
            "sagemaker:ListActions",
            "sagemaker:ListContexts",
            "sagemaker:ListAssociations",
            "sagemaker:ListTrialComponents",
            "sagemaker:ListMonitoringSchedules",
            "sagemaker:ListMonitoringExecutions",
            "sagemaker:ListModelCards",
            "sagemaker:QueryLineage",
            "sagemaker:ListInferenceComponents",
            "cloudtrail:LookupEvents",
            "cloudwatch:GetMetricData",
            "organizations:ListAccounts",
            "organizations:ListAccountsForParent",
            "organizations:ListOrganizationalUnitsForParent",
            "pricing:GetProducts")) {
      RESOURCE_TYPES.put(action, Set.of());
    }
    RESOURCE_TYPES.put("sagemaker:DescribeModelPackageGroup", Set.of("model-package-group"));
    RESOURCE_TYPES.put("sagemaker:GetModelPackageGroupPolicy", Set.of("model-package-group"));
    RESOURCE_TYPES.put("sagemaker:DescribeModelPackage", Set.of("model-package"));
    RESOURCE_TYPES.put("sagemaker:BatchDescribeModelPackage", Set.of("model-package"));
    RESOURCE_TYPES.put("sagemaker:DescribeEndpoint", Set.of("endpoint"));
    RESOURCE_TYPES.put("sagemaker:DescribeEndpointConfig", Set.of("endpoint-config"));
    RESOURCE_TYPES.put("sagemaker:DescribeModel", Set.of("model"));
    RESOURCE_TYPES.put("sagemaker:DescribeModelCard", Set.of("model-card"));
    RESOURCE_TYPES.put("sagemaker:DescribeInferenceComponent", Set.of("inference-component"));
    RESOURCE_TYPES.put("cloudwatch:DescribeAlarms", Set.of("alarm"));
    RESOURCE_TYPES.put("sagemaker:DescribeArtifact", Set.of("artifact"));
    RESOURCE_TYPES.put("sagemaker:DescribeAction", Set.of("action"));
    RESOURCE_TYPES.put("sagemaker:DescribeContext", Set.of("context"));
    RESOURCE_TYPES.put("sagemaker:DescribeTrialComponent", Set.of("experiment-trial-component"));
    RESOURCE_TYPES.put("sagemaker:DescribeTrainingJob", Set.of("training-job"));
    RESOURCE_TYPES.put(
        "sagemaker:ListTags",
        Set.of("model-package-group", "model-package", "endpoint", "model", "model-card"));
    RESOURCE_TYPES.put("s3:GetObject", Set.of("object"));
    RESOURCE_TYPES.put("s3:PutObject", Set.of("object"));
    RESOURCE_TYPES.put("s3:DeleteObject", Set.of("object"));
    RESOURCE_TYPES.put("s3:ListBucket", Set.of("bucket"));
    RESOURCE_TYPES.put("s3:GetBucketLocation", Set.of("bucket"));
    RESOURCE_TYPES.put("kms:Decrypt", Set.of("key"));
    RESOURCE_TYPES.put("kms:GenerateDataKey", Set.of("key"));
    RESOURCE_TYPES.put("sts:AssumeRole", Set.of("role"));
    // smgov notify (Service Authorization Reference: Amazon EventBridge, AWS Security Hub).
    RESOURCE_TYPES.put("events:PutEvents", Set.of("event-bus"));
    RESOURCE_TYPES.put("securityhub:BatchImportFindings", Set.of("product"));
    for (String action : List.of("GetDatabase", "CreateDatabase")) {
      RESOURCE_TYPES.put("glue:" + action, Set.of("catalog", "database"));
    }
    for (String action : List.of("GetTable", "GetTables", "CreateTable", "UpdateTable")) {
      RESOURCE_TYPES.put("glue:" + action, Set.of("catalog", "database", "table"));
    }
    RESOURCE_TYPES.put("iam:PassRole", Set.of("role"));
    RESOURCE_TYPES.put("glue:UpdateDatabase", Set.of("catalog", "database"));
    for (String action :
        List.of("GetDataAccess", "GrantPermissions", "RevokePermissions", "ListPermissions")) {
      RESOURCE_TYPES.put("lakeformation:" + action, Set.of());
    }
    for (String action :
        List.of(
            "StartQueryExecution",
            "GetQueryExecution",
            "GetQueryResults",
            "GetQueryResultsStream",
            "StopQueryExecution",
            "GetWorkGroup")) {
      RESOURCE_TYPES.put("athena:" + action, Set.of("workgroup"));
    }
    for (String kind : List.of("DataSource", "DataSet", "Analysis", "Dashboard")) {
      String type = kind.toLowerCase();
      for (String verb : List.of("Create", "Describe", "Update")) {
        RESOURCE_TYPES.put("quicksight:" + verb + kind, Set.of(type));
        RESOURCE_TYPES.put("quicksight:" + verb + kind + "Permissions", Set.of(type));
      }
    }
    RESOURCE_TYPES.put("quicksight:ListDataSets", Set.of());
    RESOURCE_TYPES.put("quicksight:ListIngestions", Set.of());
    RESOURCE_TYPES.put("quicksight:CreateIngestion", Set.of("dataset"));
    RESOURCE_TYPES.put("quicksight:PassDataSource", Set.of("datasource"));
    RESOURCE_TYPES.put("quicksight:PassDataSet", Set.of("dataset"));
    RESOURCE_TYPES.put("quicksight:DescribeAnalysisDefinition", Set.of("analysis"));
    RESOURCE_TYPES.put("quicksight:DescribeDashboardDefinition", Set.of("dashboard"));
    RESOURCE_TYPES.put("quicksight:UpdateDashboardPublishedVersion", Set.of("dashboard"));
    for (String verb : List.of("Create", "List", "Update", "Delete")) {
      RESOURCE_TYPES.put(
          "quicksight:" + verb + "RefreshSchedule" + (verb.equals("List") ? "s" : ""),
          Set.of("dataset"));
    }
    RESOURCE_TYPES.put(
        "quicksight:TagResource", Set.of("analysis", "dashboard", "dataset", "datasource"));
    RESOURCE_TYPES.put(
        "quicksight:ListTagsForResource", Set.of("analysis", "dashboard", "dataset", "datasource"));
  }

  record Statement(
      String principal,
      String sid,
      Set<String> actions,
      List<String> resources,
      JsonNode condition) {}

  private static List<Statement> statements;
  private static Map<String, Set<String>> needed;

  @BeforeAll
  static void load() throws Exception {
    List<String> lines = new ArrayList<>();
    for (String module : List.of("smgov-product.txt", "smgov-cli.txt")) {
      Path file = CENSUS.resolve(module);
      if (!Files.exists(file)) {
        fail(
            file
                + " is missing: it is written by the surefire suites; run mvn verify (not failsafe alone)");
      }
      lines.addAll(Files.readAllLines(file));
    }
    needed = new TreeMap<>();
    for (String line : lines) {
      String[] f = line.trim().split(" ");
      String prefix = IAM_PREFIX.get(f[0]);
      assertThat(prefix)
          .as("census service %s: decide which policy grants it and map it here", f[0])
          .isNotNull();
      String action = IAM_ACTION.getOrDefault(prefix + ":" + f[1], prefix + ":" + f[1]);
      if (NO_PERMISSION.contains(action)) {
        continue;
      }
      // SageMaker, CloudWatch and report reads are the reader role's, also where a test reads its
      // own account.
      // Who called: the caller's own credentials, or an assumed role by name. The Lake Formation
      // tests run catalog apply as a job role and query as an analyst role and as a role granted
      // nothing (to see it refused).
      String who = f[2];
      if (who.equals("role:" + TrinoExtension.OUTSIDER_ROLE)) {
        continue;
      }
      String principal =
          READER_SERVICES.contains(prefix)
              ? "reader"
              : prefix.equals("quicksight")
                  ? (DASHBOARD_REFRESH.contains(action) ? "job" : "deployer")
                  : who.equals("role:" + TrinoExtension.ANALYST_ROLE) ? "analyst" : "job";
      if (action.equals("quicksight:ListRefreshSchedules")) {
        // dashboard apply (the deployer) and dashboard refresh (the job) both read schedules.
        needed.computeIfAbsent("job", p -> new TreeSet<>()).add(action);
      }
      if (principal.equals("analyst")) {
        if (!REFUSED_IN_TESTS.contains(action)) {
          assertThat(ANALYST_ROLE).as("%s: an analyst's call", line).contains(action);
        }
        continue;
      }
      assertThat(
              principal.equals("reader")
                  || who.equals("caller")
                  || who.equals("role:" + TrinoExtension.JOB_ROLE))
          .as("%s with the reader role's session", line)
          .isTrue();
      needed.computeIfAbsent(principal, p -> new TreeSet<>()).add(action);
    }
    // The warehouse is S3Proxy in the suite, not the simulator: its calls are read from the sink.
    Matcher calls =
        Pattern.compile(
                "\\b(?:s3|client)\\.(putObject|getObject|headObject|listObjectsV2|deleteObject|copyObject)(?:Paginator)?\\(")
            .matcher(
                Files.readString(
                    Checkout.resolve("product/src/main/java/io/smgov/sink/S3Warehouse.java")));
    int found = 0;
    while (calls.find()) {
      String op = Character.toUpperCase(calls.group(1).charAt(0)) + calls.group(1).substring(1);
      needed.get("job").add(IAM_ACTION.getOrDefault("s3:" + op, "s3:" + op));
      found++;
    }
    assertThat(found).as("S3 calls found in S3Warehouse").isPositive();

    statements = new ArrayList<>();
    CloudFormation jobTemplate = DeployTemplatesTest.template("smgov.yaml");
    // With Lake Formation: the superset of what the job and the readers may need.
    JsonNode job =
        jobTemplate
            .render(
                DeployTemplatesTest.with(
                    DeployTemplatesTest.JOB,
                    "Accounts",
                    "org",
                    "LakeFormation",
                    "true",
                    "AnalystRoleArn",
                    "arn:aws:iam::111111111111:role/analysts",
                    "NotifyEventBus",
                    NOTIFY_BUS,
                    "NotifySecurityHub",
                    "true"))
            .path("Resources");
    JsonNode listed =
        jobTemplate
            .render(
                DeployTemplatesTest.with(
                    DeployTemplatesTest.JOB,
                    "LakeFormation",
                    "true",
                    "NotifyEventBus",
                    NOTIFY_BUS,
                    "NotifySecurityHub",
                    "true"))
            .path("Resources");
    JsonNode reader =
        DeployTemplatesTest.template("reader-role.yaml")
            .render(
                DeployTemplatesTest.with(DeployTemplatesTest.READER, "ReportKeyArns", REPORT_KEY))
            .path("Resources");
    add("job", job.at("/JobRole/Properties/Policies/0/PolicyDocument/Statement"));
    add("deployer", job.at("/DashboardDeployerPolicy/Properties/PolicyDocument/Statement"));
    add("reader", reader.at("/ReaderRole/Properties/Policies/0/PolicyDocument/Statement"));
    add("job-listed", listed.at("/JobRole/Properties/Policies/0/PolicyDocument/Statement"));
    add(
        "quicksight",
        job.at("/QuickSightDataSourceRole/Properties/Policies/0/PolicyDocument/Statement"));
    add("analyst", job.at("/AnalystPolicy/Properties/PolicyDocument/Statement"));
    add(
        "location",
        job.at("/LakeFormationLocationRole/Properties/Policies/0/PolicyDocument/Statement"));
    needed.put("location", new TreeSet<>(LOCATION_ROLE));
    Set<String> quickSight = new TreeSet<>(QUICKSIGHT_ROLE);
    quickSight.add("lakeformation:GetDataAccess");
    needed.put("quicksight", quickSight);
    needed.put("analyst", new TreeSet<>(ANALYST_ROLE));
  }

  private static void add(String principal, JsonNode document) {
    assertThat(document.isArray()).as(principal + " policy").isTrue();
    for (JsonNode s : document) {
      assertThat(s.path("Effect").asText()).isEqualTo("Allow");
      Set<String> actions = new TreeSet<>();
      values(s.path("Action")).forEach(actions::add);
      statements.add(
          new Statement(
              principal,
              s.path("Sid").asText("?"),
              actions,
              values(s.path("Resource")),
              s.path("Condition")));
    }
  }

  private static List<String> values(JsonNode node) {
    List<String> out = new ArrayList<>();
    if (node.isArray()) {
      node.forEach(n -> out.add(n.asText()));
    } else if (!node.isMissingNode()) {
      out.add(node.asText());
    }
    return out;
  }

  private static Set<String> granted(String principal) {
    Set<String> out = new TreeSet<>();
    statements.stream()
        .filter(s -> s.principal().equals(principal))
        .forEach(s -> out.addAll(s.actions()));
    return out;
  }

  @Test
  void everyOperationTheCodeInvokesIsGrantedToWhoInvokesIt() {
    assertThat(needed.keySet())
        .containsExactlyInAnyOrder(
            "reader", "job", "deployer", "quicksight", "analyst", "location");
    assertThat(needed.get("reader"))
        .as("the census of an export")
        .contains("sagemaker:Search", "s3:GetObject", "cloudwatch:GetMetricData");
    Map<String, Set<String>> missing = new LinkedHashMap<>();
    needed.forEach(
        (principal, actions) -> {
          Set<String> lacking = new TreeSet<>(actions);
          lacking.removeAll(granted(principal));
          if (!lacking.isEmpty()) {
            missing.put(principal, lacking);
          }
        });
    assertThat(missing).as("operations the code invokes that its policy does not grant").isEmpty();
    Set<String> listedJob = new TreeSet<>(needed.get("job"));
    listedJob.removeIf(a -> a.startsWith("organizations:"));
    assertThat(granted("job-listed"))
        .as("the job role with listed accounts")
        .containsAll(listedJob);
  }

  @Test
  void thePoliciesGrantNothingElse() throws Exception {
    Map<String, Set<String>> extra = new LinkedHashMap<>();
    for (String principal :
        List.of("reader", "job", "deployer", "quicksight", "analyst", "location")) {
      Set<String> more = new TreeSet<>(granted(principal));
      more.removeAll(needed.get(principal));
      more.removeIf(a -> IMPLIED.containsKey(principal + ":" + a));
      if (!more.isEmpty()) {
        extra.put(principal, more);
      }
    }
    assertThat(extra)
        .as("granted, but never invoked by the suite nor implied (IamPolicyIT.IMPLIED)")
        .isEmpty();
    assertThat(granted("job-listed")).doesNotContain("organizations:ListAccounts");
    // Without Lake Formation, no Lake Formation action, resource or grant is in the stack.
    JsonNode iamOnly = DeployTemplatesTest.template("smgov.yaml").render(DeployTemplatesTest.JOB);
    assertThat(iamOnly.toString()).doesNotContain("lakeformation:", "AWS::LakeFormation");
    assertThat(statements)
        .flatExtracting(Statement::actions)
        .allSatisfy(a -> assertThat(a).doesNotContain("*"));
  }

  @Test
  void everyGrantIsOnTheResourceTypeItsActionActsOnAndScopedToSmgovs() {
    List<String> problems = new ArrayList<>();
    for (Statement s : statements) {
      for (String action : s.actions()) {
        Set<String> types = RESOURCE_TYPES.get(action);
        if (types == null) {
          problems.add(
              s.principal() + "/" + s.sid() + ": " + action + " has no entry in RESOURCE_TYPES");
          continue;
        }
        if (types.isEmpty()) {
          if (!s.resources().equals(List.of("*"))) {
            problems.add(
                s.principal()
                    + "/"
                    + s.sid()
                    + ": "
                    + action
                    + " supports no resource-level permissions; grant it on \"*\"");
          }
          continue;
        }
        for (String resource : s.resources()) {
          String type = resourceType(resource);
          if (!types.contains(type)) {
            problems.add(
                s.principal()
                    + "/"
                    + s.sid()
                    + ": "
                    + action
                    + " does not act on "
                    + resource
                    + " (a "
                    + type
                    + ")");
          }
          String scope = scopeProblem(s, resource);
          if (scope != null) {
            problems.add(s.principal() + "/" + s.sid() + ": " + resource + " " + scope);
          }
        }
      }
    }
    assertThat(problems).isEmpty();
  }

  @Test
  void theDeployerPolicyCoversExactlyTheManifestsQuickSightIds() throws Exception {
    QuickSightManifest manifest = QuickSightManifest.load();
    List<String> ids =
        new ArrayList<>(
            List.of(
                manifest.dataSource().id(),
                manifest.rowLevelSecurity().id(),
                manifest.analysis().id(),
                manifest.dashboard().id()));
    manifest.dataSets().forEach(d -> ids.add(d.id()));
    assertThat(ids).allSatisfy(id -> assertThat(id).startsWith("smgov-"));
    assertThat(statements)
        .filteredOn(
            s ->
                s.principal().equals("deployer")
                    && s.actions().stream().allMatch(a -> a.startsWith("quicksight:")))
        .flatExtracting(Statement::resources)
        .allSatisfy(r -> assertThat(r).endsWith("/smgov-*"));
  }

  /** The IAM resource type an ARN (pattern) names. */
  private static String resourceType(String arn) {
    if (arn.equals("*")) {
      return "*";
    }
    String[] parts = arn.split(":", 6);
    String service = parts[2];
    String resource = parts[5];
    switch (service) {
      case "s3":
        return resource.contains("/") ? "object" : "bucket";
      case "cloudwatch":
        return resource.split(":")[0];
      case "iam":
      case "kms":
      case "sagemaker":
      case "glue":
      case "athena":
      case "quicksight":
      case "events":
      case "securityhub":
        return resource.split("/")[0];
      default:
        return service + ":" + resource;
    }
  }

  /**
   * Why a resource is broader than smgov's own, or null: the job's resources are in its own account
   * and region and named (warehouse bucket and prefix, Glue database, workgroup, smgov-* QuickSight
   * ids); the reader's are in the account it is deployed to, except model package groups and
   * versions (RAM-shared groups live in their owner's account); the reader roles are assumed across
   * accounts only under the aws:ResourceAccount condition when accounts are listed.
   */
  private static String scopeProblem(Statement s, String arn) {
    if (arn.equals("*")) {
      return "is every resource";
    }
    String[] parts = arn.split(":", 6);
    String service = parts[2];
    String region = parts[3];
    String account = parts[4];
    String resource = parts[5];
    String type = resourceType(arn);
    boolean job =
        s.principal().startsWith("job")
            || s.principal().equals("deployer")
            || s.principal().equals("quicksight")
            || s.principal().equals("analyst")
            || s.principal().equals("location");
    switch (service) {
      case "s3":
        if (job) {
          return resource.equals(BUCKET)
                  || resource.startsWith(BUCKET + "/smgov/")
                  || resource.startsWith(BUCKET + "/smgov-athena-results/")
              ? null
              : "is outside the warehouse bucket and prefix";
        }
        return values(DeployTemplatesTest.READER.get("ReportLocations")).contains(arn)
                || values(DeployTemplatesTest.READER.get("ArtifactLocations")).contains(arn)
                || values(DeployTemplatesTest.READER.get("ArtifactBuckets")).contains(arn)
            ? null
            : "is not a report or model artefact location";
      case "iam":
        if (s.principal().equals("deployer")) {
          // PassRole of the stack's own QuickSight data-source role, to QuickSight only.
          return resource.equals("role/smgov-quicksight-athena-" + CloudFormation.REGION)
                  && s.condition()
                      .at("/StringEquals/iam:PassedToService")
                      .asText()
                      .equals("quicksight.amazonaws.com")
              ? null
              : "is not the QuickSight data-source role, passed to QuickSight";
        }
        if (!resource.equals("role/smgov-reader")) {
          return "is not the reader role";
        }
        return s.principal().equals("job-listed")
                && s.condition().at("/StringEquals/aws:ResourceAccount").isMissingNode()
            ? "is assumable in any account though the accounts are listed"
            : null;
      case "kms":
        return arn.equals(DeployTemplatesTest.JOB.get("KmsKeyArn")) || arn.equals(REPORT_KEY)
            ? null
            : "is not the configured key";
      default:
        break;
    }
    if (job) {
      if (!region.equals(CloudFormation.REGION) || !account.equals(CloudFormation.ACCOUNT)) {
        return "is outside the job's account and region";
      }
      return switch (service) {
        case "glue" ->
            Set.of("catalog", "database/smgov", "table/smgov/*").contains(resource)
                ? null
                : "is not the smgov database";
        case "athena" -> resource.equals("workgroup/smgov") ? null : "is not the smgov workgroup";
        case "quicksight" ->
            resource.equals(type + "/smgov-*") ? null : "is not an smgov-* QuickSight resource";
        case "events" ->
            resource.equals("event-bus/" + NOTIFY_BUS) ? null : "is not the NotifyEventBus";
        case "securityhub" ->
            resource.equals("product/" + CloudFormation.ACCOUNT + "/default")
                ? null
                : "is not the account's own Security Hub product";
        default -> "is a service the job does not use";
      };
    }
    if (service.equals("cloudwatch")) {
      return resource.equals("alarm:*") && account.equals(CloudFormation.ACCOUNT)
          ? null
          : "is not the account's alarms";
    }
    if (!service.equals("sagemaker") || !resource.equals(type + "/*")) {
      return "is not a SageMaker resource type";
    }
    boolean registry = type.equals("model-package") || type.equals("model-package-group");
    return account.equals(CloudFormation.ACCOUNT) || (registry && account.equals("*"))
        ? null
        : "is in another account";
  }

  private static List<String> values(String commaSeparated) {
    return List.of(commaSeparated.split(","));
  }
}
