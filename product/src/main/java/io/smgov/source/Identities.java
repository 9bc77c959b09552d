package io.smgov.source;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.sagemaker.model.IamIdentity;
import software.amazon.awssdk.services.sagemaker.model.UserContext;

/**
 * Who did something, as precisely as AWS says it: a {@code CreatedBy} / {@code LastModifiedBy}
 * {@link UserContext} names a Studio user profile (domain and profile), an IAM identity (ARN,
 * PrincipalId, SourceIdentity), or both. The most specific person-level identity wins: the Studio
 * user profile, else the SourceIdentity the caller set when assuming its role, else the IAM ARN
 * (for an assumed role that ARN carries the session name), else the PrincipalId. Two Studio users
 * who share one execution role are two people.
 */
public final class Identities {
  /** The kinds, in order of precedence; stored in the {@code *_by_kind} columns. */
  public static final String STUDIO_USER_PROFILE = "studio_user_profile";

  public static final String SOURCE_IDENTITY = "source_identity";
  public static final String IAM_ARN = "iam_arn";
  public static final String IAM_PRINCIPAL_ID = "iam_principal_id";

  private Identities() {}

  /** An identity and what kind of identity it is; both null when AWS gave none. */
  public record Identity(String value, String kind) {
    static final Identity NONE = new Identity(null, null);
  }

  public static Identity of(UserContext context) {
    if (context == null) {
      return Identity.NONE;
    }
    if (!Text.isBlank(context.userProfileArn())) {
      return new Identity(context.userProfileArn(), STUDIO_USER_PROFILE);
    }
    if (!Text.isBlank(context.userProfileName())) {
      String domain = Text.isBlank(context.domainId()) ? "" : context.domainId() + "/";
      return new Identity(
          "user-profile/" + domain + context.userProfileName(), STUDIO_USER_PROFILE);
    }
    IamIdentity iam = context.iamIdentity();
    if (iam == null) {
      return Identity.NONE;
    }
    if (!Text.isBlank(iam.sourceIdentity())) {
      return new Identity(iam.sourceIdentity(), SOURCE_IDENTITY);
    }
    if (!Text.isBlank(iam.arn())) {
      return new Identity(iam.arn(), IAM_ARN);
    }
    if (!Text.isBlank(iam.principalId())) {
      return new Identity(iam.principalId(), IAM_PRINCIPAL_ID);
    }
    return Identity.NONE;
  }

  /**
   * The IAM role (or IAM user) behind a UserContext's IAM identity: for an assumed role, {@code
   * arn:aws:iam::<account>:role/<name>} rebuilt from {@code
   * arn:aws:sts::<account>:assumed-role/<name>/<session>} (an assumed-role ARN does not carry the
   * role's path); null when there is no IAM ARN.
   */
  public static String roleOf(UserContext context) {
    return context == null || context.iamIdentity() == null
        ? null
        : roleOfArn(context.iamIdentity().arn());
  }

  private static final Pattern ASSUMED_ROLE =
      Pattern.compile("arn:(aws[a-z-]*):sts::(\\d{12}):assumed-role/([^/]+)/.*");
  private static final Pattern IAM_PRINCIPAL =
      Pattern.compile("arn:aws[a-z-]*:iam::\\d{12}:(user|role)/.+");

  /** The role of an assumed-role ARN, or an IAM user or role ARN itself; null for anything else. */
  public static String roleOfArn(String arn) {
    if (Text.isBlank(arn)) {
      return null;
    }
    Matcher m = ASSUMED_ROLE.matcher(arn.strip());
    if (m.matches()) {
      return "arn:" + m.group(1) + ":iam::" + m.group(2) + ":role/" + m.group(3);
    }
    return IAM_PRINCIPAL.matcher(arn.strip()).matches() ? arn.strip() : null;
  }
}
