package io.smgov.simulator;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * STS over the AWS Query protocol (form-encoded POST, XML answers): AssumeRole issues temporary
 * credentials whose access key names the role's account, so every later request is routed to that
 * account; an unknown role or a wrong ExternalId is AccessDenied (HTTP 403), as in AWS.
 * GetCallerIdentity tells the caller which account its credentials stand for.
 */
final class StsService {
  private static final String NAMESPACE = "https://sts.amazonaws.com/doc/2011-06-15/";
  private static final Pattern ROLE_ARN =
      Pattern.compile("arn:aws[a-z-]*:iam::(\\d{12}):role/(?:.*/)?([\\w+=,.@-]+)");
  private static final Pattern SESSION_NAME = Pattern.compile("[\\w+=,.@-]{2,64}");

  private final Portfolio portfolio;
  private final Map<String, SimRequest.Caller> issued = new ConcurrentHashMap<>();
  private final AtomicLong counter = new AtomicLong();

  StsService(Portfolio portfolio) {
    this.portfolio = portfolio;
  }

  /** The identity an access key stands for: an issued session, else the portfolio's caller. */
  SimRequest.Caller caller(String accessKeyId) {
    SimRequest.Caller session = issued.get(accessKeyId);
    return session != null
        ? session
        : new SimRequest.Caller(accessKeyId, portfolio.callerAccount(), null, null);
  }

  record Answer(String operation, SimResponse response, String resource) {}

  Answer handle(SimRequest request) {
    Map<String, String> form = form(new String(request.body(), StandardCharsets.UTF_8));
    if (request.rawQuery() != null) {
      form.putAll(form(request.rawQuery()));
    }
    String action = form.getOrDefault("Action", "");
    switch (action) {
      case "AssumeRole":
        return new Answer(action, assumeRole(request, form), form.get("RoleArn"));
      case "GetCallerIdentity":
        return new Answer(action, callerIdentity(request), null);
      default:
        return new Answer(
            action.isEmpty() ? "Unknown" : action,
            error(
                400,
                "Sender",
                "InvalidAction",
                "Could not find operation " + action + " for version 2011-06-15"),
            null);
    }
  }

  private SimResponse assumeRole(SimRequest request, Map<String, String> form) {
    String roleArn = form.get("RoleArn");
    String sessionName = form.get("RoleSessionName");
    if (roleArn == null || sessionName == null) {
      return error(400, "Sender", "ValidationError", "RoleArn and RoleSessionName are required");
    }
    if (!SESSION_NAME.matcher(sessionName).matches()) {
      return error(
          400,
          "Sender",
          "ValidationError",
          "1 validation error detected: Value '"
              + sessionName
              + "' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular"
              + " expression pattern: [\\w+=,.@-]*");
    }
    Matcher m = ROLE_ARN.matcher(roleArn);
    String denied =
        "User: "
            + request.caller().arn()
            + " is not authorized to perform: sts:AssumeRole on resource: "
            + roleArn;
    if (!m.matches()) {
      return error(400, "Sender", "ValidationError", "Invalid RoleArn " + roleArn);
    }
    String account = m.group(1);
    String roleName = m.group(2);
    Optional<Portfolio.RoleSpec> role = portfolio.role(account, roleName);
    if (role.isEmpty()) {
      return error(403, "Sender", "AccessDenied", denied);
    }
    String expectedExternalId = role.get().externalId();
    String externalId = form.get("ExternalId");
    if (expectedExternalId != null && !expectedExternalId.equals(externalId)) {
      return error(403, "Sender", "AccessDenied", denied);
    }
    int duration = Integer.parseInt(form.getOrDefault("DurationSeconds", "3600"));
    if (duration < 900 || duration > 43200) {
      return error(
          400, "Sender", "ValidationError", "DurationSeconds must be between 900 and 43200");
    }
    String accessKey = "ASIA" + account + String.format("%04X", counter.incrementAndGet() & 0xFFFF);
    issued.put(accessKey, new SimRequest.Caller(accessKey, account, roleName, sessionName));
    Instant expiration =
        Instant.now().plus(duration, ChronoUnit.SECONDS).truncatedTo(ChronoUnit.SECONDS);
    String assumedArn = "arn:aws:sts::" + account + ":assumed-role/" + roleName + "/" + sessionName;
    String body =
        "<AssumeRoleResponse xmlns=\""
            + NAMESPACE
            + "\"><AssumeRoleResult><Credentials>"
            + "<AccessKeyId>"
            + accessKey
            + "</AccessKeyId>"
            + "<SecretAccessKey>simulated-secret-"
            + accessKey
            + "</SecretAccessKey>"
            + "<SessionToken>simulated-session-"
            + accessKey
            + "</SessionToken>"
            + "<Expiration>"
            + expiration
            + "</Expiration>"
            + "</Credentials><AssumedRoleUser>"
            + "<AssumedRoleId>AROA"
            + account
            + ":"
            + xml(sessionName)
            + "</AssumedRoleId>"
            + "<Arn>"
            + xml(assumedArn)
            + "</Arn></AssumedRoleUser></AssumeRoleResult>"
            + "<ResponseMetadata><RequestId>"
            + UUID.randomUUID()
            + "</RequestId></ResponseMetadata></AssumeRoleResponse>";
    return SimResponse.of(200, "text/xml", body);
  }

  private SimResponse callerIdentity(SimRequest request) {
    SimRequest.Caller caller = request.caller();
    String body =
        "<GetCallerIdentityResponse xmlns=\""
            + NAMESPACE
            + "\"><GetCallerIdentityResult>"
            + "<Arn>"
            + xml(caller.arn())
            + "</Arn><UserId>"
            + xml(caller.accessKeyId())
            + "</UserId><Account>"
            + caller.account()
            + "</Account></GetCallerIdentityResult><ResponseMetadata><RequestId>"
            + UUID.randomUUID()
            + "</RequestId></ResponseMetadata></GetCallerIdentityResponse>";
    return SimResponse.of(200, "text/xml", body);
  }

  static SimResponse error(int status, String type, String code, String message) {
    String body =
        "<ErrorResponse xmlns=\""
            + NAMESPACE
            + "\"><Error><Type>"
            + type
            + "</Type><Code>"
            + code
            + "</Code><Message>"
            + xml(message)
            + "</Message></Error><RequestId>"
            + UUID.randomUUID()
            + "</RequestId></ErrorResponse>";
    return SimResponse.of(status, "text/xml", body).withErrorCode(code);
  }

  static Map<String, String> form(String text) {
    Map<String, String> values = new LinkedHashMap<>();
    if (text == null || text.isEmpty()) {
      return values;
    }
    for (String pair : text.split("&")) {
      int eq = pair.indexOf('=');
      String key = eq < 0 ? pair : pair.substring(0, eq);
      String value = eq < 0 ? "" : pair.substring(eq + 1);
      values.put(
          URLDecoder.decode(key, StandardCharsets.UTF_8),
          URLDecoder.decode(value, StandardCharsets.UTF_8));
    }
    return values;
  }

  static String xml(String text) {
    return text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }
}
