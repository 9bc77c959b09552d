package io.smgov.source;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smgov.model.ApprovalEventRow;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.cloudtrail.CloudTrailClient;
import software.amazon.awssdk.services.cloudtrail.model.Event;
import software.amazon.awssdk.services.cloudtrail.model.LookupAttributeKey;

/**
 * Who approved a version, from CloudTrail: a version's LastModifiedBy moves with any later update
 * (a model card, the lifecycle stage, metadata), while CloudTrail records each UpdateModelPackage
 * that set a ModelApprovalStatus, with the caller and the note. LookupEvents is asked once per
 * event name (50 events a page, 2 requests a second per account and region); the event history
 * keeps 90 days, so the export carries every event it has seen forward.
 */
public final class CloudTrailApprovals {
  /** LookupEvents' quota per account and region. */
  public static final double REQUESTS_PER_SECOND = 2;

  /** How far back CloudTrail's event history goes. */
  public static final Duration HISTORY = Duration.ofDays(90);

  private static final int PAGE = 50;
  private static final List<String> EVENT_NAMES =
      List.of("UpdateModelPackage", "CreateModelPackage");
  private static final ObjectMapper JSON = new ObjectMapper();

  private CloudTrailApprovals() {}

  /** The approval events from {@code start} to {@code end}, and the requests they took. */
  public record Result(List<ApprovalEventRow> rows, int requests) {}

  public static Result read(CloudTrailClient cloudTrail, Instant start, Instant end) {
    List<ApprovalEventRow> rows = new ArrayList<>();
    int[] requests = {0};
    for (String name : EVENT_NAMES) {
      cloudTrail
          .lookupEventsPaginator(
              r ->
                  r.lookupAttributes(
                          a -> a.attributeKey(LookupAttributeKey.EVENT_NAME).attributeValue(name))
                      .startTime(start)
                      .endTime(end)
                      .maxResults(PAGE))
          .forEach(
              page -> {
                requests[0]++;
                for (Event event : page.events()) {
                  ApprovalEventRow row = row(event);
                  if (row != null) {
                    rows.add(row);
                  }
                }
              });
    }
    return new Result(rows, requests[0]);
  }

  /** The approval change an event records, or null (another change, a failed call, unreadable). */
  static ApprovalEventRow row(Event event) {
    JsonNode record = parse(event.cloudTrailEvent());
    if (record == null || record.hasNonNull("errorCode")) {
      return null;
    }
    JsonNode request = record.path("requestParameters");
    String status = text(request.path("modelApprovalStatus"));
    if (status == null) {
      return null; // a description, metadata, card or lifecycle update: not an approval
    }
    String arn = text(request.path("modelPackageArn"));
    if (arn == null) {
      arn = text(record.path("responseElements").path("modelPackageArn"));
    }
    if (arn == null) {
      return null;
    }
    String note =
        request.path("approvalDescription").isTextual()
            ? request.path("approvalDescription").asText()
            : null;
    JsonNode who = record.path("userIdentity");
    Identities.Identity actor = actor(who);
    return new ApprovalEventRow(
        event.eventId(),
        event.eventTime(),
        event.eventName(),
        arn,
        status,
        note,
        !Text.isBlank(note),
        actor.value(),
        actor.kind(),
        text(who.path("arn")),
        role(who));
  }

  /**
   * The most specific person CloudTrail names: the SourceIdentity of the role session, else the IAM
   * Identity Center user the call was made for, else the IAM ARN (an assumed role's carries its
   * session name), else the principal id.
   */
  static Identities.Identity actor(JsonNode who) {
    String source = text(who.path("sessionContext").path("sourceIdentity"));
    if (source != null) {
      return new Identities.Identity(source, Identities.SOURCE_IDENTITY);
    }
    String user = text(who.path("onBehalfOf").path("userId"));
    if (user != null) {
      return new Identities.Identity("identity-center-user/" + user, IDENTITY_CENTER_USER);
    }
    String arn = text(who.path("arn"));
    if (arn != null) {
      return new Identities.Identity(arn, Identities.IAM_ARN);
    }
    String principal = text(who.path("principalId"));
    return principal == null
        ? Identities.Identity.NONE
        : new Identities.Identity(principal, Identities.IAM_PRINCIPAL_ID);
  }

  /**
   * The IAM role the call was made in: the session issuer of an assumed role (its ARN as CloudTrail
   * records it, path included; Identity Center users act in an AWSReservedSSO_ role) or of a
   * federated user (the IAM user that issued it), the IAM user itself, else the role rebuilt from
   * an assumed-role ARN. Null for the root user and AWS services.
   */
  static String role(JsonNode who) {
    JsonNode issuer = who.path("sessionContext").path("sessionIssuer");
    String issuerArn = text(issuer.path("arn"));
    if (issuerArn != null
        && ("Role".equals(text(issuer.path("type")))
            || "IAMUser".equals(text(issuer.path("type"))))) {
      return issuerArn; // a role session, or a federated user's issuing IAM user
    }
    String arn = text(who.path("arn"));
    if (arn != null && "IAMUser".equals(text(who.path("type")))) {
      return arn;
    }
    return Identities.roleOfArn(arn);
  }

  /** The kind of an IAM Identity Center user named by CloudTrail's onBehalfOf. */
  public static final String IDENTITY_CENTER_USER = "identity_center_user";

  private static JsonNode parse(String text) {
    if (text == null || text.isBlank()) {
      return null;
    }
    try {
      return JSON.readTree(text);
    } catch (IOException e) {
      return null;
    }
  }

  private static String text(JsonNode node) {
    return node.isTextual() && !Text.isBlank(node.asText()) ? node.asText().strip() : null;
  }
}
