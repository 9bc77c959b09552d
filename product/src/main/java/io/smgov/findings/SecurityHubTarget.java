package io.smgov.findings;

import io.smgov.views.RuleCatalog;
import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.securityhub.SecurityHubClient;
import software.amazon.awssdk.services.securityhub.model.AwsSecurityFinding;
import software.amazon.awssdk.services.securityhub.model.BatchImportFindingsResponse;
import software.amazon.awssdk.services.securityhub.model.ImportFindingsError;
import software.amazon.awssdk.services.securityhub.model.RecordState;
import software.amazon.awssdk.services.securityhub.model.Resource;
import software.amazon.awssdk.services.securityhub.model.SeverityLabel;

/**
 * Each change as a Security Hub finding in the AWS Security Finding Format ({@code
 * BatchImportFindings}, at most 100 a call), imported into the caller's own hub with the product
 * ARN of an account's own findings ({@code product/<account>/default}). The finding's Id is {@code
 * smgov/<finding_id>}, so a resolution (or a waiver) re-imports the same finding, ARCHIVED.
 * SageMaker model packages and endpoints have no ASFF resource type: the resource is {@code Other},
 * with its ARN as the Id.
 */
public final class SecurityHubTarget implements Notifier.Target {
  static final int FINDINGS_PER_CALL = 100;

  /** The per-finding error codes worth retrying (the simulator's stand-in for a transient one). */
  static final Set<String> RETRYABLE =
      Set.of(
          "InternalException", "InternalFailure", "ThrottlingException", "LimitExceededException");

  private static final DateTimeFormatter ISO = DateTimeFormatter.ISO_INSTANT;

  private final SecurityHubClient hub;
  private final String account;
  private final String region;
  private final Clock clock;
  private final Map<String, RuleCatalog.Rule> rules = new HashMap<>();

  public SecurityHubTarget(SecurityHubClient hub, String account, String region, Clock clock) {
    this.hub = hub;
    this.account = account;
    this.region = region;
    this.clock = clock;
    RuleCatalog.load().rules().forEach(r -> rules.put(r.id(), r));
  }

  @Override
  public String name() {
    return "securityhub-" + region;
  }

  /** Security Hub keeps a finding active until told it closed: every closure is imported. */
  @Override
  public boolean wantsClosures() {
    return true;
  }

  /** The ARN partition of a region: aws, aws-cn or aws-us-gov. */
  static String partition(String region) {
    return region.startsWith("cn-")
        ? "aws-cn"
        : region.startsWith("us-gov-") ? "aws-us-gov" : "aws";
  }

  String productArn() {
    return "arn:"
        + partition(region)
        + ":securityhub:"
        + region
        + ":"
        + account
        + ":product/"
        + account
        + "/default";
  }

  @Override
  public List<List<FindingChange>> batches(List<FindingChange> changes) {
    return Notifier.chunks(changes, FINDINGS_PER_CALL);
  }

  /** The change in ASFF. */
  AwsSecurityFinding finding(FindingChange c) {
    String opened = c.openedDate() + "T00:00:00.000Z";
    String now = ISO.format(clock.instant().truncatedTo(ChronoUnit.MILLIS));
    RuleCatalog.Rule rule = rules.get(c.ruleId());
    boolean aboutEndpoint = c.resourceArn() != null && c.resourceArn().contains(":endpoint/");
    String subject =
        aboutEndpoint
            ? "endpoint "
                + c.endpointName()
                + (c.variantName() == null ? "" : "/" + c.variantName())
            : c.modelPackageGroupName() + " version " + c.modelPackageVersion();
    SeverityLabel label = SeverityLabel.fromValue(c.severity().toUpperCase(Locale.ROOT));
    String type =
        "Software and Configuration Checks/Industry and Regulatory Standards/" + c.ruleId();
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("smgov/finding_id", c.findingId());
    fields.put("smgov/category", c.category());
    fields.put("smgov/resource_account_id", c.accountId());
    fields.put("smgov/owner", c.owner());
    fields.put("smgov/business_unit", c.businessUnit());
    fields.put("smgov/model_package_arn", c.modelPackageArn());
    fields.put("smgov/status", c.status());
    AwsSecurityFinding.Builder f =
        AwsSecurityFinding.builder()
            .schemaVersion("2018-10-08")
            .id("smgov/" + c.findingId())
            .productArn(productArn())
            .generatorId("smgov/" + c.ruleId())
            .awsAccountId(account)
            .types(type)
            .createdAt(opened)
            .firstObservedAt(opened)
            .updatedAt(now)
            .severity(s -> s.label(label))
            // What a provider sets; Security Hub keeps a customer's own edits of the top level.
            .findingProviderFields(p -> p.severity(s -> s.label(label)).types(type))
            .title(cut("smgov " + c.ruleId() + ": " + subject, 256))
            .description(cut(c.detail() == null ? c.ruleId() : c.detail(), 1024))
            .resources(
                Resource.builder()
                    .type("Other")
                    .id(c.resourceArn())
                    .partition(partition(c.region()))
                    .region(c.region())
                    .build())
            .productFields(Notifier.nonNull(fields))
            .recordState(c.opened() ? RecordState.ACTIVE : RecordState.ARCHIVED);
    if (c.lastSeenDate() != null) {
      f.lastObservedAt(c.lastSeenDate() + "T00:00:00.000Z");
    }
    if (rule != null) {
      f.remediation(r -> r.recommendation(t -> t.text(cut(rule.remedy(), 512))));
    }
    return f.build();
  }

  private static String cut(String text, int max) {
    return text.length() <= max ? text : text.substring(0, max - 1) + "…";
  }

  @Override
  public List<Notifier.Refusal> send(List<FindingChange> batch) {
    List<AwsSecurityFinding> findings = new ArrayList<>();
    Map<String, Integer> index = new HashMap<>();
    for (int i = 0; i < batch.size(); i++) {
      AwsSecurityFinding f = finding(batch.get(i));
      findings.add(f);
      index.put(f.id(), i);
    }
    BatchImportFindingsResponse response = hub.batchImportFindings(r -> r.findings(findings));
    List<Notifier.Refusal> refused = new ArrayList<>();
    for (ImportFindingsError e : response.failedFindings()) {
      Integer i = index.get(e.id());
      if (i != null) {
        refused.add(
            new Notifier.Refusal(
                i, e.errorCode(), e.errorMessage(), RETRYABLE.contains(e.errorCode())));
      }
    }
    return refused;
  }
}
