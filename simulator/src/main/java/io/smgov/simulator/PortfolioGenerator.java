package io.smgov.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smgov.wire.SdkJson;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Deterministic synthetic portfolios of any size: accounts × regions × groups × versions, with
 * endpoints (some serving a version registered in another account), metric reports in S3, bulk
 * lineage and a realistic mix of governance cases — approved, rejected and pending versions; stale,
 * superseded, unapproved and self-approved ones in production; versions without metrics, approval
 * note, owner, lineage or model card; shadow variants, multi-container models, deleted models,
 * inference components and endpoints whose version tag is wrong.
 *
 * <p>The same {@link Spec} always gives the same portfolio. The generator first builds a small
 * domain model ({@link GeneratedEstate}) and then renders it in the AWS API's shapes; the domain
 * model is what the tests use as the independent statement of what was planted.
 */
public final class PortfolioGenerator {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /** The fixed reference time of generated portfolios unless a spec says otherwise. */
  public static final Instant DEFAULT_AS_OF = Instant.parse("2026-11-01T00:00:00Z");

  public static final String READER_ROLE = "smgov-reader";
  public static final String EXTERNAL_ID = "smgov-external-id";

  /** The MaxConcurrency of the sample's serverless variants. */
  static final int SERVERLESS_MAX_CONCURRENCY = 10;

  /**
   * The sample's seed: chosen so every one of the generator's seventeen rules fires at least once,
   * the critical variant of UNAPPROVED_IN_PRODUCTION included; the hand-written real-world cases
   * plant the four audit rules (DemoCommandTest holds the sample to every rule of the catalog).
   */
  static final long SAMPLE_SEED = 12L;

  private static final String[] USE_CASES = {
    "churn",
    "fraud",
    "credit-risk",
    "demand-forecast",
    "recommender",
    "ltv",
    "anomaly",
    "pricing",
    "intent",
    "document-qa",
    "propensity",
    "routing"
  };
  private static final String[] BUSINESS_UNITS = {
    "retail", "payments", "risk", "marketing", "operations"
  };

  /** The many ways teams spell the business unit tag key; the views fold them into one. */
  private static final String[] BUSINESS_UNIT_KEYS = {
    "business-unit", "BusinessUnit", "Business Unit", "business_unit"
  };

  private static final String[] APPROVERS = {"amara", "bjorn", "chen", "dana", "emeka", "fatima"};
  private static final String[] FRAMEWORKS = {"XGBOOST", "PYTORCH", "SKLEARN", "TENSORFLOW"};

  /** What to generate. {@code groups} and {@code versions} are per account and region. */
  public record Spec(
      int accounts, List<String> regions, int groups, int versions, long seed, Instant asOf) {
    public Spec {
      if (accounts < 1 || groups < 1 || versions < 1) {
        throw new IllegalArgumentException("accounts, groups and versions must each be at least 1");
      }
      if (regions == null || regions.isEmpty()) {
        throw new IllegalArgumentException("at least one region");
      }
      regions = List.copyOf(regions);
    }

    public static Spec of(int accounts, int groups, int versions, long seed) {
      return new Spec(accounts, List.of("eu-west-1"), groups, versions, seed, DEFAULT_AS_OF);
    }

    /** The bundled sample of {@code smgov demo}: three accounts, two regions, every case. */
    public static Spec sample() {
      return new Spec(3, List.of("eu-west-1", "us-east-1"), 4, 6, SAMPLE_SEED, DEFAULT_AS_OF);
    }

    public int totalVersions() {
      return accounts * regions.size() * groups * versions;
    }
  }

  /** A generated portfolio document and the domain model it was rendered from. */
  public record Generated(ObjectNode portfolio, GeneratedEstate estate) {}

  private final Spec spec;
  private final SplittableRandom random;

  /**
   * The operational signals draw from their own stream, so adding them left the registry as it was.
   */
  private final SplittableRandom signals;

  private final List<String> accountIds;
  private final Map<String, JsonNode> s3Objects = new LinkedHashMap<>();
  private final Set<String> artifacts = new HashSet<>();

  private PortfolioGenerator(Spec spec) {
    this.spec = spec;
    this.random = new SplittableRandom(spec.seed());
    this.signals = new SplittableRandom(spec.seed() ^ 0x5167AA15L);
    this.accountIds = new ArrayList<>();
    for (int i = 0; i < spec.accounts(); i++) {
      accountIds.add(accountId(i));
    }
  }

  public static Generated generate(Spec spec) {
    return new PortfolioGenerator(spec).run();
  }

  /** 111111111111 … 999999999999, then 100000001001, 100000002002, … */
  /** One account and region of a portfolio with every list present and empty. */
  public static ObjectNode emptyRegion() {
    ObjectNode data = NODES.objectNode();
    for (String key :
        List.of(
            "modelPackageGroups",
            "modelPackages",
            "models",
            "endpointConfigs",
            "endpoints",
            "trainingJobs",
            "metricData",
            "monitoringSchedules",
            "monitoringExecutions")) {
      data.putArray(key);
    }
    ObjectNode lineage = data.putObject("lineage");
    for (String key :
        List.of("artifacts", "actions", "contexts", "trialComponents", "associations")) {
      lineage.putArray(key);
    }
    return data;
  }

  public static String accountId(int index) {
    if (index < 9) {
      return String.valueOf(index + 1).repeat(12);
    }
    return String.format(Locale.ROOT, "%012d", 100_000_000_000L + (index + 1) * 1001L);
  }

  // ---------------------------------------------------------------- domain model

  private Generated run() {
    GeneratedEstate estate = new GeneratedEstate(spec.asOf());
    for (String account : accountIds) {
      for (String region : spec.regions()) {
        for (int g = 0; g < spec.groups(); g++) {
          estate.groups.add(group(account, region, g));
        }
      }
    }
    int legacy = 0;
    for (GeneratedEstate.Group group : estate.groups) {
      deploy(estate, group);
    }
    // Endpoints outside the registry: one legacy model per account and region.
    for (String account : accountIds) {
      for (String region : spec.regions()) {
        estate.endpoints.add(legacyEndpoint(account, region, legacy++));
      }
    }
    ObjectNode portfolio = render(estate);
    if (spec.equals(Spec.sample())) {
      RealWorldCases.mergeInto(portfolio, estate);
    }
    return new Generated(portfolio, estate);
  }

  private GeneratedEstate.Group group(String account, String region, int index) {
    String useCase = USE_CASES[index % USE_CASES.length];
    String name = useCase + "-" + (index + 1);
    String arn = "arn:aws:sagemaker:" + region + ":" + account + ":model-package-group/" + name;
    String businessUnit = BUSINESS_UNITS[random.nextInt(BUSINESS_UNITS.length)];
    String owner = "team-" + useCase + "@example.com";
    boolean regression =
        useCase.contains("forecast") || useCase.equals("ltv") || useCase.equals("pricing");
    Map<String, String> tags = new LinkedHashMap<>();
    tags.put(BUSINESS_UNIT_KEYS[random.nextInt(BUSINESS_UNIT_KEYS.length)], businessUnit);
    tags.put("environment", "shared-services");
    tags.put("use-case", useCase);
    // Where the owner lives: group tag, each version's tag, each version's customer metadata, or
    // nowhere.
    int ownerPlacement = random.nextInt(10);
    if (ownerPlacement < 4) {
      tags.put("owner", owner);
    }
    int versionCount = spec.versions();
    // Newest version between 1 and 60 days old; older ones spread over up to a year before it.
    double newestAgeDays = 1 + random.nextInt(60);
    double spanDays = Math.min(360, versionCount * 12.0);
    Instant groupCreated = spec.asOf().minus(days(newestAgeDays + spanDays + 5));
    List<GeneratedEstate.Version> versions = new ArrayList<>();
    boolean newestPending = random.nextInt(3) == 0;
    for (int v = 1; v <= versionCount; v++) {
      double ageDays =
          versionCount == 1
              ? newestAgeDays
              : newestAgeDays + spanDays * (versionCount - v) / (versionCount - 1.0);
      Instant created = spec.asOf().minus(days(ageDays)).minusSeconds(random.nextInt(3600));
      String status;
      if (v == versionCount && newestPending) {
        status = "PendingManualApproval";
      } else {
        int roll = random.nextInt(10);
        status = roll < 7 ? "Approved" : roll < 9 ? "Rejected" : "PendingManualApproval";
      }
      String pipelineRole =
          "arn:aws:sts::" + account + ":assumed-role/SageMakerPipelineExecution/" + name + "-" + v;
      String createdBy = pipelineRole;
      String modifiedBy;
      boolean studio = random.nextInt(4) == 0;
      String approver = APPROVERS[random.nextInt(APPROVERS.length)];
      if (status.equals("PendingManualApproval")) {
        modifiedBy = createdBy;
      } else if (random.nextInt(12) == 0) {
        modifiedBy = createdBy; // planted: approved or rejected by the identity that registered it
      } else if (studio) {
        modifiedBy = "studio:" + approver;
      } else {
        modifiedBy = "arn:aws:sts::" + account + ":assumed-role/ModelApprover/" + approver;
      }
      String note =
          status.equals("PendingManualApproval") || random.nextInt(8) == 0
              ? ""
              : status.equals("Approved")
                  ? "Approved after review of evaluation v" + v + " by " + approver
                  : "Rejected: metrics below the bar in review by " + approver;
      GeneratedEstate.Report quality;
      int reportRoll = random.nextInt(20);
      if (reportRoll == 0) {
        quality = GeneratedEstate.Report.NONE;
      } else if (reportRoll == 1) {
        quality = GeneratedEstate.Report.MISSING_OBJECT;
      } else if (reportRoll == 2) {
        quality = GeneratedEstate.Report.UNPARSEABLE;
      } else if (reportRoll == 3) {
        quality = GeneratedEstate.Report.NAN_DEVIATION;
      } else if (reportRoll == 4) {
        quality = GeneratedEstate.Report.ACCESS_DENIED;
      } else {
        quality = GeneratedEstate.Report.OK;
      }
      // About one report per version, as most pipelines register: the evaluation, sometimes more.
      boolean bias = random.nextInt(20) == 0;
      boolean dataQuality = random.nextInt(30) == 0;
      boolean datasetLineage = random.nextInt(10) != 0;
      String cardStatus =
          random.nextInt(6) == 0 ? null : random.nextInt(3) == 0 ? "Draft" : "Approved";
      Map<String, String> versionTags = new LinkedHashMap<>();
      Map<String, String> metadata = new LinkedHashMap<>();
      versionTags.put("model-version", Integer.toString(v));
      if (ownerPlacement == 4 || ownerPlacement == 5) {
        versionTags.put("Owner", owner);
      } else if (ownerPlacement == 6 || ownerPlacement == 7) {
        metadata.put("owner", owner);
      }
      metadata.put("training-rows", Integer.toString(10_000 + random.nextInt(90_000)));
      double quality0 = regression ? 12 - v * 0.3 : 0.70 + 0.2 * v / versionCount;
      Instant modified =
          status.equals("PendingManualApproval")
              ? created
              : created.plus(days(0.2 + random.nextInt(10)));
      if (modified.isAfter(spec.asOf())) {
        modified = spec.asOf().minusSeconds(60);
      }
      String arnVersion =
          "arn:aws:sagemaker:" + region + ":" + account + ":model-package/" + name + "/" + v;
      versions.add(
          new GeneratedEstate.Version(
              arnVersion,
              name,
              v,
              created,
              modified,
              status,
              createdBy,
              modifiedBy,
              note,
              quality,
              bias,
              dataQuality,
              datasetLineage,
              cardStatus,
              versionTags,
              metadata,
              regression,
              quality0 + (random.nextDouble() - 0.5) * 0.02,
              FRAMEWORKS[Math.floorMod(name.hashCode(), FRAMEWORKS.length)]));
    }
    return new GeneratedEstate.Group(
        account,
        region,
        name,
        arn,
        groupCreated,
        tags,
        businessUnit,
        ownerPlacement < 8 ? owner : null,
        versions);
  }

  /**
   * Most groups serve one version on a production endpoint, some from another account; the version
   * chosen, the endpoint's state and its tag make the governance cases.
   */
  private void deploy(GeneratedEstate estate, GeneratedEstate.Group group) {
    int roll = random.nextInt(10);
    if (roll >= 7) {
      return; // not deployed
    }
    List<GeneratedEstate.Version> versions = group.versions();
    GeneratedEstate.Version served;
    int pick = random.nextInt(10);
    if (pick < 6) {
      served = latestWithStatus(versions, "Approved", versions.get(versions.size() - 1));
    } else if (pick < 8) {
      served =
          versions.get(random.nextInt(versions.size())); // any: maybe stale, superseded, unapproved
    } else {
      served = versions.get(0); // the oldest
    }
    String hostAccount = group.account();
    if (accountIds.size() > 1 && random.nextInt(4) == 0) {
      hostAccount = accountIds.get((accountIds.indexOf(group.account()) + 1) % accountIds.size());
    }
    String endpointName = group.name() + "-" + group.account() + "-prod";
    String status =
        random.nextInt(12) == 0
            ? "OutOfService"
            : random.nextInt(15) == 0 ? "Updating" : "InService";
    String tag = Integer.toString(served.version());
    if (random.nextInt(8) == 0) {
      tag = Integer.toString(served.version() == 1 ? 2 : served.version() - 1); // planted mismatch
    }
    List<GeneratedEstate.Variant> variants = new ArrayList<>();
    int shape = random.nextInt(12);
    String modelName = group.name() + "-v" + served.version() + "-" + group.account();
    if (shape == 0) {
      // An inference pipeline: a preprocessing container without a package, then the model.
      variants.add(
          new GeneratedEstate.Variant(
              "AllTraffic",
              "production",
              modelName,
              Arrays.asList(null, served.arn()),
              false,
              false,
              "ml.m5.xlarge",
              2,
              0,
              1.0f));
    } else if (shape == 1) {
      variants.add(
          new GeneratedEstate.Variant(
              "AllTraffic",
              "production",
              modelName,
              Collections.singletonList(served.arn()),
              true,
              false,
              "ml.m5.large",
              1,
              0,
              1.0f)); // the model was deleted after deployment
    } else {
      variants.add(
          new GeneratedEstate.Variant(
              "AllTraffic",
              "production",
              modelName,
              Collections.singletonList(served.arn()),
              false,
              false,
              "ml.m5.large",
              1 + random.nextInt(3),
              0,
              1.0f));
      if (shape == 11) {
        // Serverless inference: memory and concurrency instead of instances (the count drawn above
        // keeps the random stream, and so the rest of the estate, as it was).
        GeneratedEstate.Variant v = variants.remove(0);
        variants.add(
            new GeneratedEstate.Variant(
                v.name(),
                v.kind(),
                v.modelName(),
                v.containerPackages(),
                false,
                false,
                null,
                0,
                2048 * v.instanceCount(),
                v.weight()));
      }
    }
    if (shape == 2 || shape == 3) {
      GeneratedEstate.Version candidate = versions.get(versions.size() - 1);
      variants.add(
          new GeneratedEstate.Variant(
              "Shadow",
              "shadow",
              group.name() + "-v" + candidate.version() + "-" + group.account() + "-shadow",
              Collections.singletonList(candidate.arn()),
              false,
              false,
              "ml.m5.large",
              1,
              0,
              1.0f));
    }
    if (shape == 4) {
      // A canary: a second production variant serving the newest version with a small weight.
      GeneratedEstate.Version candidate = versions.get(versions.size() - 1);
      variants.add(
          new GeneratedEstate.Variant(
              "Canary",
              "production",
              group.name() + "-v" + candidate.version() + "-" + group.account() + "-canary",
              Collections.singletonList(candidate.arn()),
              false,
              false,
              "ml.m5.large",
              1,
              0,
              0.1f));
    }
    Instant created = served.created().plus(days(1));
    if (created.isAfter(spec.asOf())) {
      created = spec.asOf().minusSeconds(3600);
    }
    estate.endpoints.add(
        new GeneratedEstate.Endpoint(
            hostAccount,
            group.region(),
            endpointName,
            "arn:aws:sagemaker:"
                + group.region()
                + ":"
                + hostAccount
                + ":endpoint/"
                + endpointName.toLowerCase(Locale.ROOT),
            endpointName + "-config-" + served.version(),
            status,
            created,
            tag,
            variants,
            group.businessUnit(),
            signals()));
  }

  /** One in six endpoints idle, one in six slow, a third without monitoring, a quarter drifting. */
  private GeneratedEstate.Signals signals() {
    boolean idle = signals.nextInt(6) == 0;
    boolean slow = signals.nextInt(6) == 0;
    int monitoring = signals.nextInt(12);
    String latest =
        monitoring < 4
            ? null
            : monitoring < 8
                ? "Completed"
                : monitoring < 10 ? "CompletedWithViolations" : monitoring < 11 ? "Failed" : "";
    return slow
        ? new GeneratedEstate.Signals(idle, 600, 2500, latest)
        : new GeneratedEstate.Signals(idle, 20, 250, latest);
  }

  private GeneratedEstate.Endpoint legacyEndpoint(String account, String region, int index) {
    String name = "legacy-scoring-" + (index + 1);
    boolean inferenceComponents = index % 3 == 2;
    GeneratedEstate.Variant variant =
        inferenceComponents
            ? new GeneratedEstate.Variant(
                "AllTraffic",
                "production",
                null,
                List.of(),
                false,
                true,
                "ml.g5.xlarge",
                1,
                0,
                1.0f)
            : new GeneratedEstate.Variant(
                "AllTraffic",
                "production",
                name + "-model",
                Collections.singletonList(null),
                false,
                false,
                "ml.c5.large",
                1,
                0,
                1.0f);
    return new GeneratedEstate.Endpoint(
        account,
        region,
        name,
        "arn:aws:sagemaker:" + region + ":" + account + ":endpoint/" + name,
        name + "-config",
        "InService",
        spec.asOf().minus(days(200 + index)),
        null,
        List.of(variant),
        null,
        signals());
  }

  private static GeneratedEstate.Version latestWithStatus(
      List<GeneratedEstate.Version> versions, String status, GeneratedEstate.Version fallback) {
    for (int i = versions.size() - 1; i >= 0; i--) {
      if (versions.get(i).status().equals(status)) {
        return versions.get(i);
      }
    }
    return fallback;
  }

  private static Duration days(double days) {
    return Duration.ofSeconds((long) (days * 86_400));
  }

  // ---------------------------------------------------------------- rendering

  private ObjectNode render(GeneratedEstate estate) {
    ObjectNode root = NODES.objectNode();
    ObjectNode accounts = root.putObject("accounts");
    Map<String, ObjectNode> regionNodes = new LinkedHashMap<>();
    for (String account : accountIds) {
      ObjectNode regions = accounts.putObject(account);
      for (String region : spec.regions()) {
        ObjectNode data = emptyRegion();
        regions.set(region, data);
        regionNodes.put(account + "/" + region, data);
      }
    }
    Map<String, GeneratedEstate.Version> byArn = new LinkedHashMap<>();
    for (GeneratedEstate.Group group : estate.groups) {
      ObjectNode data = regionNodes.get(group.account() + "/" + group.region());
      renderGroup(data, group);
      group.versions().forEach(v -> byArn.put(v.arn(), v));
    }
    for (GeneratedEstate.Endpoint endpoint : estate.endpoints) {
      renderEndpoint(
          regionNodes.get(endpoint.account() + "/" + endpoint.region()), endpoint, byArn);
    }
    ObjectNode roles = root.putObject("roles");
    for (String account : accountIds) {
      ObjectNode role = roles.putObject(account).putObject(READER_ROLE);
      role.put("ExternalId", EXTERNAL_ID);
      role.putArray("DeniedS3Prefixes").add("s3://restricted-reports-" + account + "/");
    }
    root.put("callerAccount", accountIds.get(0));
    ObjectNode organization = root.putObject("organization");
    organization.put("ManagementAccountId", accountIds.get(0));
    ArrayNode orgAccounts = organization.putArray("Accounts");
    for (String account : accountIds) {
      ObjectNode a = orgAccounts.addObject();
      a.put("Id", account);
      a.put("Arn", "arn:aws:organizations::" + accountIds.get(0) + ":account/o-smgov/" + account);
      a.put("Name", "ml-" + account.substring(0, 4));
      a.put("Email", "aws+" + account + "@example.com");
      a.put("Status", "ACTIVE");
      a.put("State", "ACTIVE");
    }
    ObjectNode suspended = orgAccounts.addObject();
    suspended.put("Id", "000000000001");
    suspended.put("Name", "closed-sandbox");
    suspended.put("Status", "SUSPENDED");
    suspended.put("State", "SUSPENDED");
    ObjectNode unit = organization.putArray("OrganizationalUnits").addObject();
    unit.put("Id", "ou-smgv-mlworkloads");
    unit.put("Name", "ml-workloads");
    unit.put("ParentId", "r-smgv");
    ArrayNode unitAccounts = unit.putArray("Accounts");
    accountIds.forEach(unitAccounts::add);
    ObjectNode objects = root.putObject("s3Objects");
    s3Objects.forEach(objects::set);
    return root;
  }

  private void renderGroup(ObjectNode data, GeneratedEstate.Group group) {
    ObjectNode g = ((ArrayNode) data.get("modelPackageGroups")).addObject();
    g.put("ModelPackageGroupName", group.name());
    g.put("ModelPackageGroupArn", group.arn());
    g.put("ModelPackageGroupDescription", "Models for " + group.name().replace('-', ' '));
    g.set("CreationTime", seconds(group.created()));
    g.set(
        "CreatedBy",
        iam("arn:aws:sts::" + group.account() + ":assumed-role/MLPlatformAdmin/provisioning"));
    g.put("ModelPackageGroupStatus", "Completed");
    g.set("Tags", tags(group.tags()));
    ObjectNode lineage = (ObjectNode) data.get("lineage");
    String region = group.region();
    String account = group.account();
    String contextArn =
        "arn:aws:sagemaker:"
            + region
            + ":"
            + account
            + ":context/"
            + group.name()
            + "-"
            + hash(group.arn()).substring(0, 8);
    ObjectNode context = ((ArrayNode) lineage.get("contexts")).addObject();
    context.put("ContextArn", contextArn);
    context.put("ContextName", group.name() + "-" + hash(group.arn()).substring(0, 8));
    context.putObject("Source").put("SourceUri", group.arn());
    context.put("ContextType", "ModelGroup");
    context.set("CreationTime", seconds(group.created()));
    String imageUri =
        "763104351884.dkr.ecr."
            + region
            + ".amazonaws.com/"
            + group.versions().get(0).framework().toLowerCase(Locale.ROOT)
            + "-inference:1.7-1";
    String imageArtifact = artifact(lineage, region, account, imageUri, "Image", group.created());
    for (GeneratedEstate.Version v : group.versions()) {
      renderVersion(data, lineage, group, v, contextArn, imageUri, imageArtifact);
    }
  }

  private void renderVersion(
      ObjectNode data,
      ObjectNode lineage,
      GeneratedEstate.Group group,
      GeneratedEstate.Version v,
      String contextArn,
      String imageUri,
      String imageArtifact) {
    String region = group.region();
    String account = group.account();
    String bucket = "sagemaker-" + region + "-" + account;
    String prefix = "model-registry/" + group.name() + "/" + v.version() + "/";
    ObjectNode p = ((ArrayNode) data.get("modelPackages")).addObject();
    p.put("ModelPackageName", group.name());
    p.put("ModelPackageGroupName", group.name());
    p.put("ModelPackageVersion", v.version());
    p.put("ModelPackageArn", v.arn());
    p.put("ModelPackageDescription", group.name() + " version " + v.version());
    p.set("CreationTime", seconds(v.created()));
    String modelData = "s3://" + bucket + "/" + prefix + "model.tar.gz";
    ObjectNode container = p.putObject("InferenceSpecification").putArray("Containers").addObject();
    container.put("Image", imageUri);
    container.put("ImageDigest", "sha256:" + hash(imageUri));
    container.put("ModelDataUrl", modelData);
    container.put("Framework", v.framework());
    container.put("FrameworkVersion", "1.7");
    ((ObjectNode) p.get("InferenceSpecification"))
        .putArray("SupportedContentTypes")
        .add("text/csv");
    ((ObjectNode) p.get("InferenceSpecification"))
        .putArray("SupportedResponseMIMETypes")
        .add("text/csv");
    ((ObjectNode) p.get("InferenceSpecification"))
        .putArray("SupportedRealtimeInferenceInstanceTypes")
        .add("ml.m5.large");
    p.put("ModelPackageStatus", "Completed");
    ObjectNode details = p.putObject("ModelPackageStatusDetails");
    details.putArray("ValidationStatuses");
    details.putArray("ImageScanStatuses");
    p.put("CertifyForMarketplace", false);
    p.put("ModelApprovalStatus", v.status());
    if (!v.approvalNote().isEmpty()) {
      p.put("ApprovalDescription", v.approvalNote());
    }
    p.set("CreatedBy", userContext(v.createdBy(), region, account));
    p.set("LastModifiedTime", seconds(v.lastModified()));
    p.set("LastModifiedBy", userContext(v.lastModifiedBy(), region, account));
    ObjectNode metadata = p.putObject("MetadataProperties");
    metadata.put(
        "GeneratedBy",
        "arn:aws:sagemaker:"
            + region
            + ":"
            + account
            + ":pipeline/"
            + group.name()
            + "-pipeline/execution/"
            + hash(v.arn()).substring(0, 12));
    metadata.put("CommitId", hash(v.arn() + "commit").substring(0, 12));
    metadata.put("Repository", "https://git.example.com/ml/" + group.name());
    p.put("Domain", "MACHINE_LEARNING");
    p.put("Task", v.regression() ? "REGRESSION" : "CLASSIFICATION");
    p.put("SamplePayloadUrl", "s3://" + bucket + "/" + prefix + "sample-payload.tar.gz");
    ObjectNode metrics = NODES.objectNode();
    if (v.quality() != GeneratedEstate.Report.NONE) {
      String reportBucket =
          v.quality() == GeneratedEstate.Report.ACCESS_DENIED
              ? "restricted-reports-" + account
              : bucket;
      String uri = "s3://" + reportBucket + "/" + prefix + "evaluation.json";
      JsonNode content = qualityReport(v);
      metrics.putObject("ModelQuality").set("Statistics", metricsSource(uri, content));
      if (v.quality() != GeneratedEstate.Report.MISSING_OBJECT) {
        s3Objects.put(uri, content);
      }
    }
    if (v.dataQualityReport()) {
      String uri = "s3://" + bucket + "/" + prefix + "data-quality/statistics.json";
      JsonNode content = dataQualityReport(v);
      ObjectNode dataQuality = metrics.putObject("ModelDataQuality");
      dataQuality.set("Statistics", metricsSource(uri, content));
      s3Objects.put(uri, content);
      String constraintsUri = "s3://" + bucket + "/" + prefix + "data-quality/constraints.json";
      JsonNode constraints = dataQualityConstraints();
      dataQuality.set("Constraints", metricsSource(constraintsUri, constraints));
      s3Objects.put(constraintsUri, constraints);
    }
    if (v.biasReport()) {
      String uri = "s3://" + bucket + "/" + prefix + "clarify/analysis.json";
      JsonNode content = biasReport(v);
      metrics.putObject("Bias").set("Report", metricsSource(uri, content));
      s3Objects.put(uri, content);
    }
    if (metrics.size() > 0) {
      p.set("ModelMetrics", metrics);
    }
    // The group's drift baseline: one constraints file that every version points at.
    String baselineUri =
        "s3://" + bucket + "/model-registry/" + group.name() + "/baseline/constraints.json";
    JsonNode baseline = baselineConstraints(v.regression());
    p.putObject("DriftCheckBaselines")
        .putObject("ModelQuality")
        .set("Constraints", metricsSource(baselineUri, baseline));
    s3Objects.put(baselineUri, baseline);
    if (v.modelCardStatus() != null) {
      ObjectNode card = p.putObject("ModelCard");
      card.put(
          "ModelCardContent",
          "{\"model_overview\":{\"model_description\":\""
              + group.name()
              + " v"
              + v.version()
              + "\"},\"intended_uses\":{\"risk_rating\":\"Medium\"}}");
      card.put("ModelCardStatus", v.modelCardStatus());
    }
    ObjectNode lifecycle = p.putObject("ModelLifeCycle");
    lifecycle.put("Stage", v.status().equals("Approved") ? "Production" : "Development");
    lifecycle.put("StageStatus", v.status().equals("Rejected") ? "Rejected" : "Active");
    if (!v.customerMetadata().isEmpty()) {
      ObjectNode cm = p.putObject("CustomerMetadataProperties");
      v.customerMetadata().forEach(cm::put);
    }
    p.set("Tags", tags(v.tags()));

    // Lineage, as SageMaker creates it for a pipeline-trained, registered version.
    String packageArtifact =
        artifact(lineage, region, account, v.arn(), "ModelPackage", v.created());
    String modelArtifact =
        artifact(lineage, region, account, modelData, "Model", v.created().minusSeconds(600));
    String trainingJob =
        "arn:aws:sagemaker:"
            + region
            + ":"
            + account
            + ":training-job/"
            + group.name()
            + "-"
            + v.version()
            + "-"
            + hash(v.arn()).substring(0, 6);
    String trialComponent =
        "arn:aws:sagemaker:"
            + region
            + ":"
            + account
            + ":experiment-trial-component/"
            + group.name()
            + "-"
            + v.version()
            + "-"
            + hash(v.arn()).substring(0, 6)
            + "-aws-training-job";
    String trainUri =
        "s3://" + bucket + "/datasets/" + group.name() + "/train-v" + v.version() + "/";
    // One version in eight was trained by a job since deleted (or in an account Search does not
    // reach): the lineage names it, the registry no longer holds it.
    if (hash(v.arn() + "job").charAt(0) != '0' && hash(v.arn() + "job").charAt(0) != '8') {
      trainingJob(data, trainingJob, v, modelData, trainUri);
    }
    ObjectNode tc = ((ArrayNode) lineage.get("trialComponents")).addObject();
    tc.put("TrialComponentName", trialComponent.substring(trialComponent.indexOf('/') + 1));
    tc.put("TrialComponentArn", trialComponent);
    ObjectNode source = tc.putObject("Source");
    source.put("SourceArn", trainingJob);
    source.put("SourceType", "SageMakerTrainingJob");
    tc.set("CreationTime", seconds(v.created().minusSeconds(3600)));
    association(
        lineage,
        imageArtifact,
        trialComponent,
        "ContributedTo",
        "Image",
        "SageMakerTrainingJob",
        v.created().minusSeconds(3500));
    if (v.datasetLineage()) {
      String dataset =
          artifact(lineage, region, account, trainUri, "DataSet", v.created().minusSeconds(7200));
      association(
          lineage,
          dataset,
          trialComponent,
          "ContributedTo",
          "DataSet",
          "SageMakerTrainingJob",
          v.created().minusSeconds(3500));
    }
    association(
        lineage,
        trialComponent,
        modelArtifact,
        "Produced",
        "SageMakerTrainingJob",
        "Model",
        v.created().minusSeconds(600));
    association(
        lineage,
        modelArtifact,
        packageArtifact,
        "ContributedTo",
        "Model",
        "ModelPackage",
        v.created());
    association(
        lineage,
        packageArtifact,
        contextArn,
        "AssociatedWith",
        "ModelPackage",
        "ModelGroup",
        v.created());
  }

  /**
   * The training job that produced a version, as DescribeTrainingJob returns it: its image,
   * instances, hyperparameters, a train and a validation channel, final metrics and times. Every
   * third job ran on spot instances, every fourth in a VPC with a volume key.
   */
  private void trainingJob(
      ObjectNode data, String arn, GeneratedEstate.Version v, String modelData, String trainUri) {
    String h = hash(arn);
    Instant end = v.created().minusSeconds(900);
    long seconds = 600 + Integer.parseInt(h.substring(0, 3), 16);
    Instant start = end.minusSeconds(seconds);
    ObjectNode job = ((ArrayNode) data.get("trainingJobs")).addObject();
    job.put("TrainingJobName", arn.substring(arn.indexOf('/') + 1));
    job.put("TrainingJobArn", arn);
    job.put("TrainingJobStatus", "Completed");
    job.put("SecondaryStatus", "Completed");
    ObjectNode algorithm = job.putObject("AlgorithmSpecification");
    algorithm.put(
        "TrainingImage",
        "683313688378.dkr.ecr.eu-west-1.amazonaws.com/sagemaker-"
            + v.framework().toLowerCase()
            + ":1.7-1");
    algorithm.put("TrainingInputMode", "File");
    ObjectNode hyper = job.putObject("HyperParameters");
    hyper.put("max_depth", String.valueOf(4 + h.charAt(1) % 5));
    hyper.put("eta", "0." + (1 + h.charAt(2) % 3));
    hyper.put("num_round", String.valueOf(100 + 50 * (h.charAt(3) % 4)));
    hyper.put("objective", v.regression() ? "reg:squarederror" : "binary:logistic");
    ArrayNode channels = job.putArray("InputDataConfig");
    for (String channel : List.of("train", "validation")) {
      ObjectNode c = channels.addObject();
      c.put("ChannelName", channel);
      ObjectNode s3 = c.putObject("DataSource").putObject("S3DataSource");
      s3.put("S3DataType", "S3Prefix");
      s3.put(
          "S3Uri",
          channel.equals("train") ? trainUri : trainUri.replace("/train-", "/validation-"));
      s3.put("S3DataDistributionType", "FullyReplicated");
      c.put("ContentType", "text/csv");
    }
    job.putObject("OutputDataConfig")
        .put("S3OutputPath", modelData.substring(0, modelData.lastIndexOf('/') + 1));
    ObjectNode resources = job.putObject("ResourceConfig");
    resources.put("InstanceType", h.charAt(4) % 2 == 0 ? "ml.m5.xlarge" : "ml.c5.2xlarge");
    resources.put("InstanceCount", 1 + h.charAt(5) % 2);
    resources.put("VolumeSizeInGB", 30);
    boolean vpc = h.charAt(6) % 4 == 0;
    if (vpc) {
      String account = arn.split(":")[4];
      String region = arn.split(":")[3];
      resources.put(
          "VolumeKmsKeyId", "arn:aws:kms:" + region + ":" + account + ":key/" + h.substring(0, 8));
      ObjectNode network = job.putObject("VpcConfig");
      network.putArray("SecurityGroupIds").add("sg-" + h.substring(8, 16));
      network.putArray("Subnets").add("subnet-" + h.substring(16, 24));
    }
    job.putObject("StoppingCondition").put("MaxRuntimeInSeconds", 86400);
    boolean spot = h.charAt(7) % 3 == 0;
    job.put("EnableManagedSpotTraining", spot);
    job.put("EnableNetworkIsolation", vpc);
    job.put("EnableInterContainerTrafficEncryption", vpc);
    job.set("CreationTime", seconds(start.minusSeconds(120)));
    job.set("TrainingStartTime", seconds(start));
    job.set("TrainingEndTime", seconds(end));
    job.set("LastModifiedTime", seconds(end.plusSeconds(30)));
    job.put("TrainingTimeInSeconds", seconds);
    job.put("BillableTimeInSeconds", spot ? seconds * 3 / 10 : seconds);
    job.putObject("ModelArtifacts").put("S3ModelArtifacts", modelData);
    ArrayNode finals = job.putArray("FinalMetricDataList");
    finals
        .addObject()
        .put("MetricName", v.regression() ? "validation:rmse" : "validation:auc")
        .put("Value", Math.round(v.headline() * 1000) / 1000.0)
        .set("Timestamp", seconds(end));
    job.putArray("Tags").addObject().put("Key", "team").put("Value", v.group());
  }

  /**
   * CloudWatch data points (one datum per variant, metric and day, as PutMetricData would send
   * them) and the Model Monitor schedule with its last three daily executions.
   */
  private void renderSignals(ObjectNode data, GeneratedEstate.Endpoint e) {
    GeneratedEstate.Signals s = e.signals();
    LocalDate today = LocalDate.ofInstant(spec.asOf(), ZoneOffset.UTC);
    ObjectNode traffic = ((ArrayNode) data.get("metricData")).addObject();
    traffic.put("Namespace", "AWS/SageMaker");
    ArrayNode trafficData = traffic.putArray("MetricData");
    ObjectNode instances = ((ArrayNode) data.get("metricData")).addObject();
    instances.put("Namespace", "/aws/sagemaker/Endpoints");
    ArrayNode instanceData = instances.putArray("MetricData");
    SplittableRandom values = new SplittableRandom(hash(e.arn()).hashCode());
    for (GeneratedEstate.Variant variant : e.variants()) {
      for (int ago = GeneratedEstate.Signals.HISTORY_DAYS; ago >= 1; ago--) {
        Instant day =
            today.minusDays(ago).atStartOfDay(ZoneOffset.UTC).toInstant().plusSeconds(12 * 3600);
        if (day.isBefore(e.created())) {
          continue;
        }
        int cpu = 5 + values.nextInt(75);
        if (variant.serverlessMemoryMb() == 0) { // serverless endpoints publish no CPUUtilization
          datum(instanceData, "CPUUtilization", e.name(), variant.name(), day)
              .put("Value", cpu)
              .put("Unit", "Percent");
        }
        if (s.idle() && ago <= GeneratedEstate.Signals.IDLE_GAP_DAYS) {
          continue;
        }
        datum(trafficData, "Invocations", e.name(), variant.name(), day)
            .put("Value", 100 + values.nextInt(5000))
            .put("Unit", "None");
        datum(trafficData, "Invocation4XXErrors", e.name(), variant.name(), day)
            .put("Value", values.nextInt(4))
            .put("Unit", "None");
        datum(trafficData, "Invocation5XXErrors", e.name(), variant.name(), day)
            .put("Value", values.nextInt(2))
            .put("Unit", "None");
        ObjectNode latency =
            datum(trafficData, "ModelLatency", e.name(), variant.name(), day)
                .put("Unit", "Microseconds");
        ArrayNode samples = latency.putArray("Values");
        ArrayNode counts = latency.putArray("Counts");
        for (int i = 0; i < 4; i++) {
          samples.add(
              Math.round(
                  (s.latencyMinMs() + values.nextDouble() * (s.latencyMaxMs() - s.latencyMinMs()))
                      * 1000));
          counts.add(1 + values.nextInt(200));
        }
      }
    }
    if (s.monitoring() == null) {
      return;
    }
    String schedule = e.name() + "-data-quality";
    ObjectNode summary = ((ArrayNode) data.get("monitoringSchedules")).addObject();
    summary.put("MonitoringScheduleName", schedule);
    summary.put(
        "MonitoringScheduleArn",
        "arn:aws:sagemaker:"
            + e.region()
            + ":"
            + e.account()
            + ":monitoring-schedule/"
            + schedule.toLowerCase(Locale.ROOT));
    summary.set("CreationTime", seconds(e.created().plusSeconds(3600)));
    summary.set("LastModifiedTime", seconds(e.created().plusSeconds(3600)));
    summary.put("MonitoringScheduleStatus", "Scheduled");
    summary.put("EndpointName", e.name());
    summary.put("MonitoringJobDefinitionName", schedule + "-definition");
    summary.put("MonitoringType", "DataQuality");
    if (s.monitoring().isEmpty()) {
      return;
    }
    for (int ago = 3; ago >= 1; ago--) {
      Instant scheduled =
          today.minusDays(ago).atStartOfDay(ZoneOffset.UTC).toInstant().plusSeconds(3600);
      if (scheduled.isBefore(e.created())) {
        continue;
      }
      ObjectNode execution = ((ArrayNode) data.get("monitoringExecutions")).addObject();
      String status = ago == 1 ? s.monitoring() : "Completed";
      execution.put("MonitoringScheduleName", schedule);
      execution.set("ScheduledTime", seconds(scheduled));
      execution.set("CreationTime", seconds(scheduled));
      execution.set("LastModifiedTime", seconds(scheduled.plusSeconds(1200)));
      execution.put("MonitoringExecutionStatus", status);
      execution.put(
          "ProcessingJobArn",
          "arn:aws:sagemaker:"
              + e.region()
              + ":"
              + e.account()
              + ":processing-job/model-monitoring-"
              + hash(schedule + ago).substring(0, 12));
      execution.put("EndpointName", e.name());
      execution.put("MonitoringType", "DataQuality");
      if (status.equals("Failed")) {
        execution.put("FailureReason", "ClientError: the baseline statistics file was not found");
      }
    }
  }

  private static ObjectNode datum(
      ArrayNode data, String metric, String endpoint, String variant, Instant day) {
    ObjectNode datum = data.addObject();
    datum.put("MetricName", metric);
    ArrayNode dimensions = datum.putArray("Dimensions");
    dimensions.addObject().put("Name", "EndpointName").put("Value", endpoint);
    dimensions.addObject().put("Name", "VariantName").put("Value", variant);
    datum.set("Timestamp", seconds(day));
    return datum;
  }

  private void renderEndpoint(
      ObjectNode data, GeneratedEstate.Endpoint e, Map<String, GeneratedEstate.Version> versions) {
    ObjectNode lineage = (ObjectNode) data.get("lineage");
    ObjectNode config = ((ArrayNode) data.get("endpointConfigs")).addObject();
    config.put("EndpointConfigName", e.configName());
    config.put(
        "EndpointConfigArn",
        "arn:aws:sagemaker:"
            + e.region()
            + ":"
            + e.account()
            + ":endpoint-config/"
            + e.configName().toLowerCase(Locale.ROOT));
    ArrayNode production = config.putArray("ProductionVariants");
    ArrayNode shadow = NODES.arrayNode();
    config.set("CreationTime", seconds(e.created()));
    ObjectNode endpoint = ((ArrayNode) data.get("endpoints")).addObject();
    endpoint.put("EndpointName", e.name());
    endpoint.put("EndpointArn", e.arn());
    endpoint.put("EndpointConfigName", e.configName());
    ArrayNode summaries = endpoint.putArray("ProductionVariants");
    ArrayNode shadowSummaries = NODES.arrayNode();
    for (GeneratedEstate.Variant variant : e.variants()) {
      boolean isShadow = variant.kind().equals("shadow");
      ObjectNode pv = (isShadow ? shadow : production).addObject();
      pv.put("VariantName", variant.name());
      if (variant.modelName() != null) {
        pv.put("ModelName", variant.modelName());
      }
      if (variant.serverlessMemoryMb() > 0) {
        pv.putObject("ServerlessConfig")
            .put("MemorySizeInMB", variant.serverlessMemoryMb())
            .put("MaxConcurrency", SERVERLESS_MAX_CONCURRENCY);
      } else {
        pv.put("InitialInstanceCount", variant.instanceCount());
        pv.put("InstanceType", variant.instanceType());
      }
      pv.put("InitialVariantWeight", variant.weight());
      ObjectNode summary = (isShadow ? shadowSummaries : summaries).addObject();
      summary.put("VariantName", variant.name());
      summary.put("CurrentWeight", variant.weight());
      summary.put("DesiredWeight", variant.weight());
      if (variant.serverlessMemoryMb() > 0) {
        for (String field : List.of("CurrentServerlessConfig", "DesiredServerlessConfig")) {
          summary
              .putObject(field)
              .put("MemorySizeInMB", variant.serverlessMemoryMb())
              .put("MaxConcurrency", SERVERLESS_MAX_CONCURRENCY);
        }
      } else {
        summary.put("CurrentInstanceCount", variant.instanceCount());
        summary.put("DesiredInstanceCount", variant.instanceCount());
      }
      if (variant.modelName() != null && !variant.modelMissing()) {
        ObjectNode model = ((ArrayNode) data.get("models")).addObject();
        model.put("ModelName", variant.modelName());
        model.put(
            "ModelArn",
            "arn:aws:sagemaker:"
                + e.region()
                + ":"
                + e.account()
                + ":model/"
                + variant.modelName().toLowerCase(Locale.ROOT));
        model.set("CreationTime", seconds(e.created().minusSeconds(600)));
        model.put("ExecutionRoleArn", "arn:aws:iam::" + e.account() + ":role/SageMakerExecution");
        List<String> packages = variant.containerPackages();
        ArrayNode containers = NODES.arrayNode();
        for (int i = 0; i < packages.size(); i++) {
          ObjectNode c = NODES.objectNode();
          String pkg = packages.get(i);
          GeneratedEstate.Version version = pkg == null ? null : versions.get(pkg);
          if (packages.size() > 1) {
            c.put("ContainerHostname", i == 0 && pkg == null ? "preprocess" : "model-" + i);
          }
          if (pkg != null) {
            c.put("ModelPackageName", pkg);
          } else {
            c.put(
                "Image",
                "123456789012.dkr.ecr."
                    + e.region()
                    + ".amazonaws.com/"
                    + (packages.size() > 1 ? "preprocessor:3" : "legacy-scorer:2019"));
            c.put(
                "ModelDataUrl",
                "s3://legacy-models-" + e.account() + "/" + e.name() + "/model.tar.gz");
          }
          if (version != null) {
            c.put(
                "Image",
                "763104351884.dkr.ecr."
                    + e.region()
                    + ".amazonaws.com/"
                    + version.framework().toLowerCase(Locale.ROOT)
                    + "-inference:1.7-1");
          }
          containers.add(c);
        }
        if (containers.size() == 1) {
          model.set("PrimaryContainer", containers.get(0));
        } else {
          model.set("Containers", containers);
        }
        ArrayNode modelTags = model.putArray("Tags");
        ObjectNode tag = modelTags.addObject();
        tag.put("Key", "deployed-by");
        tag.put("Value", "mlops-pipeline");
      }
    }
    if (shadow.size() > 0) {
      config.set("ShadowProductionVariants", shadow);
      endpoint.set("ShadowProductionVariants", shadowSummaries);
    }
    endpoint.put("EndpointStatus", e.status());
    endpoint.set("CreationTime", seconds(e.created()));
    endpoint.set("LastModifiedTime", seconds(e.created().plusSeconds(900)));
    Map<String, String> tags = new LinkedHashMap<>();
    if (e.versionTag() != null) {
      tags.put("model-package-version", e.versionTag());
    }
    tags.put("environment", "production");
    if (e.businessUnit() != null) {
      tags.put("business-unit", e.businessUnit());
    }
    endpoint.set("Tags", tags(tags));
    renderSignals(data, e);
    // The endpoint's lineage context and its deployment action.
    String id = hash(e.arn()).substring(0, 8);
    ObjectNode context = ((ArrayNode) lineage.get("contexts")).addObject();
    context.put(
        "ContextArn",
        "arn:aws:sagemaker:" + e.region() + ":" + e.account() + ":context/" + e.name() + "-" + id);
    context.put("ContextName", e.name() + "-" + id);
    context.putObject("Source").put("SourceUri", e.arn());
    context.put("ContextType", "Endpoint");
    context.set("CreationTime", seconds(e.created()));
    ObjectNode action = ((ArrayNode) lineage.get("actions")).addObject();
    action.put(
        "ActionArn",
        "arn:aws:sagemaker:"
            + e.region()
            + ":"
            + e.account()
            + ":action/"
            + e.name()
            + "-deployment-"
            + id);
    action.put("ActionName", e.name() + "-deployment-" + id);
    action.putObject("Source").put("SourceUri", e.arn());
    action.put("ActionType", "ModelDeployment");
    action.put("Status", "Completed");
    action.set("CreationTime", seconds(e.created()));
    association(
        lineage,
        action.get("ActionArn").asText(),
        context.get("ContextArn").asText(),
        "AssociatedWith",
        "ModelDeployment",
        "Endpoint",
        e.created());
  }

  /**
   * The artifact of a source URI, created once: artifacts are unique per SourceUri in an account.
   */
  private String artifact(
      ObjectNode lineage,
      String region,
      String account,
      String sourceUri,
      String type,
      Instant created) {
    String arn =
        "arn:aws:sagemaker:"
            + region
            + ":"
            + account
            + ":artifact/"
            + hash(account + sourceUri).substring(0, 32);
    if (!artifacts.add(arn)) {
      return arn;
    }
    ObjectNode a = ((ArrayNode) lineage.get("artifacts")).addObject();
    a.put("ArtifactArn", arn);
    ObjectNode source = a.putObject("Source");
    source.put("SourceUri", sourceUri);
    a.put("ArtifactType", type);
    a.set("CreationTime", seconds(created));
    return arn;
  }

  private static void association(
      ObjectNode lineage,
      String source,
      String destination,
      String type,
      String sourceType,
      String destinationType,
      Instant created) {
    ObjectNode a = ((ArrayNode) lineage.get("associations")).addObject();
    a.put("SourceArn", source);
    a.put("DestinationArn", destination);
    a.put("SourceType", sourceType);
    a.put("DestinationType", destinationType);
    a.put("AssociationType", type);
    a.set("CreationTime", seconds(created));
  }

  private JsonNode qualityReport(GeneratedEstate.Version v) {
    if (v.quality() == GeneratedEstate.Report.UNPARSEABLE) {
      // A string value is served as raw bytes: a report cut off during upload.
      return NODES.textNode(
          "{\"binary_classification_metrics\": {\"auc\": {\"value\": 0.8, <truncated");
    }
    ObjectNode report = NODES.objectNode();
    report.put("version", 0.0);
    report.putObject("dataset").put("item_count", 1000 + v.version() * 17);
    String deviation = v.quality() == GeneratedEstate.Report.NAN_DEVIATION ? "NaN" : null;
    if (v.regression()) {
      ObjectNode m = report.putObject("regression_metrics");
      metric(m, "mae", v.headline(), deviation);
      metric(m, "mse", v.headline() * v.headline(), deviation);
      metric(m, "rmse", v.headline() * 1.1, deviation);
      metric(m, "r2", 0.5 + v.version() * 0.01, deviation);
    } else {
      ObjectNode m = report.putObject("binary_classification_metrics");
      ObjectNode matrix = m.putObject("confusion_matrix");
      matrix.putObject("0").put("0", 812).put("1", 41);
      matrix.putObject("1").put("0", 37).put("1", 110);
      metric(m, "auc", round(v.headline()), deviation);
      metric(m, "accuracy", round(v.headline() + 0.05), deviation);
      metric(m, "precision", round(v.headline() - 0.03), deviation);
      metric(m, "recall", round(v.headline() - 0.05), deviation);
      metric(m, "f1", round(v.headline() - 0.04), deviation);
      ObjectNode roc = m.putObject("receiver_operating_characteristic_curve");
      roc.putArray("false_positive_rates").add(0.0).add(0.1).add(1.0);
      roc.putArray("true_positive_rates").add(0.0).add(0.7).add(1.0);
    }
    return report;
  }

  private static JsonNode baselineConstraints(boolean regression) {
    ObjectNode constraints = NODES.objectNode();
    constraints.put("version", 0.0);
    ObjectNode metric =
        constraints
            .putObject(regression ? "regression_constraints" : "binary_classification_constraints")
            .putObject(regression ? "rmse" : "auc");
    metric.put("threshold", regression ? 15.0 : 0.7);
    metric.put("comparison_operator", regression ? "GreaterThanThreshold" : "LessThanThreshold");
    return constraints;
  }

  private static double round(double value) {
    return Math.round(value * 10_000) / 10_000.0;
  }

  private static void metric(ObjectNode metrics, String name, double value, String deviation) {
    ObjectNode m = metrics.putObject(name);
    m.put("value", round(value));
    if (deviation != null) {
      m.put("standard_deviation", deviation);
    } else {
      m.put("standard_deviation", round(Math.abs(value) * 0.01));
    }
  }

  private static JsonNode dataQualityReport(GeneratedEstate.Version v) {
    ObjectNode report = NODES.objectNode();
    report.put("version", 0);
    report.putObject("dataset").put("item_count", 5000 + v.version());
    ArrayNode features = report.putArray("features");
    for (String feature : List.of("tenure_months", "monthly_spend")) {
      ObjectNode f = features.addObject();
      f.put("name", feature);
      f.put("inferred_type", "Fractional");
      ObjectNode stats = f.putObject("numerical_statistics");
      ObjectNode common = stats.putObject("common");
      common.put("num_present", 5000);
      common.put("num_missing", v.version() % 7);
      stats.put("mean", 20.5 + v.version());
      stats.put("sum", 102500.0);
      stats.put("std_dev", 4.2);
      stats.put("min", 0.0);
      stats.put("max", 72.0);
      // The ten buckets Model Monitor materialises, a hump around the mean.
      ArrayNode buckets = stats.putObject("distribution").putObject("kll").putArray("buckets");
      int[] counts = {100, 250, 500, 800, 1100, 1000, 700, 350, 150, 50};
      for (int i = 0; i < counts.length; i++) {
        buckets
            .addObject()
            .put("lower_bound", 7.2 * i)
            .put("upper_bound", 7.2 * (i + 1))
            .put("count", counts[i]);
      }
    }
    ObjectNode plan = features.addObject();
    plan.put("name", "plan");
    plan.put("inferred_type", "String");
    ObjectNode strings = plan.putObject("string_statistics");
    strings.putObject("common").put("num_present", 5000).put("num_missing", 0);
    strings.put("distinct_count", 3);
    ArrayNode categories =
        strings.putObject("distribution").putObject("categorical").putArray("buckets");
    categories.addObject().put("value", "basic").put("count", 2600);
    categories.addObject().put("value", "plus").put("count", 1700);
    categories.addObject().put("value", "premium").put("count", 700);
    return report;
  }

  /** The constraints Model Monitor suggests for the statistics above (constraints.json). */
  private static JsonNode dataQualityConstraints() {
    ObjectNode report = NODES.objectNode();
    report.put("version", 0);
    ArrayNode features = report.putArray("features");
    for (String feature : List.of("tenure_months", "monthly_spend")) {
      ObjectNode f = features.addObject();
      f.put("name", feature);
      f.put("inferred_type", "Fractional");
      f.put("completeness", 1.0);
      f.putObject("num_constraints").put("is_non_negative", true);
    }
    ObjectNode plan = features.addObject();
    plan.put("name", "plan");
    plan.put("inferred_type", "String");
    plan.put("completeness", 1.0);
    plan.putObject("string_constraints")
        .putArray("domains")
        .add("basic")
        .add("plus")
        .add("premium");
    report.putObject("monitoring_config").put("evaluate_constraints", "Enabled");
    return report;
  }

  private static JsonNode biasReport(GeneratedEstate.Version v) {
    ObjectNode report = NODES.objectNode();
    ObjectNode pre = report.putObject("pre_training_bias_metrics");
    pre.put("label", "churned");
    pre.putArray("label_value_or_threshold").add("1");
    ArrayNode facet = pre.putObject("facets").putArray("gender");
    ObjectNode value = facet.addObject();
    value.put("value_or_threshold", "female");
    ArrayNode metrics = value.putArray("metrics");
    ObjectNode ci = metrics.addObject();
    ci.put("name", "CI");
    ci.put("description", "Class Imbalance (CI)");
    ci.put("value", round(0.05 + v.version() * 0.001));
    ObjectNode dpl = metrics.addObject();
    dpl.put("name", "DPL");
    dpl.put("description", "Difference in Positive Proportions in Labels (DPL)");
    dpl.put("value", round(0.02 + v.version() * 0.001));
    return report;
  }

  /** A MetricsSource whose digest is that of the bytes the simulator serves for {@code content}. */
  private static ObjectNode metricsSource(String uri, JsonNode content) {
    byte[] bytes =
        (content.isTextual() ? content.asText() : content.toString())
            .getBytes(StandardCharsets.UTF_8);
    ObjectNode source = NODES.objectNode();
    source.put("ContentType", "application/json");
    source.put("ContentDigest", "sha256:" + sha256(bytes));
    source.put("S3Uri", uri);
    return source;
  }

  /** An IAM identity, or a Studio user profile for identities written {@code studio:<name>}. */
  private static ObjectNode userContext(String identity, String region, String account) {
    if (identity.startsWith("studio:")) {
      String user = identity.substring("studio:".length());
      ObjectNode context = NODES.objectNode();
      context.put("UserProfileName", user);
      context.put(
          "UserProfileArn",
          "arn:aws:sagemaker:" + region + ":" + account + ":user-profile/d-smgovdomain/" + user);
      context.put("DomainId", "d-smgovdomain");
      return context;
    }
    return iam(identity);
  }

  private static ObjectNode iam(String arn) {
    ObjectNode context = NODES.objectNode();
    context
        .putObject("IamIdentity")
        .put("Arn", arn)
        .put("PrincipalId", "AROA" + hash(arn).substring(0, 16).toUpperCase(Locale.ROOT));
    return context;
  }

  private static ArrayNode tags(Map<String, String> tags) {
    ArrayNode array = NODES.arrayNode();
    tags.forEach((k, v) -> array.addObject().put("Key", k).put("Value", v));
    return array;
  }

  private static JsonNode seconds(Instant instant) {
    return SdkJson.epochSecondsNode(instant);
  }

  static String hash(String text) {
    return sha256(text.getBytes(StandardCharsets.UTF_8));
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
