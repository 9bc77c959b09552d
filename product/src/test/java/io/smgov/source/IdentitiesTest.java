package io.smgov.source;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sagemaker.model.IamIdentity;
import software.amazon.awssdk.services.sagemaker.model.UserContext;

/** Who did it: the most specific person-level identity of a UserContext, and blank text. */
class IdentitiesTest {
  private static final String ROLE =
      "arn:aws:sts::111111111111:assumed-role/StudioExecution/SageMaker";

  @Test
  void aStudioUserProfileWinsOverTheSharedExecutionRole() {
    UserContext alice =
        UserContext.builder()
            .userProfileArn("arn:aws:sagemaker:eu-west-1:111111111111:user-profile/d-1/alice")
            .userProfileName("alice")
            .domainId("d-1")
            .iamIdentity(IamIdentity.builder().arn(ROLE).build())
            .build();
    assertThat(Identities.of(alice))
        .isEqualTo(
            new Identities.Identity(
                "arn:aws:sagemaker:eu-west-1:111111111111:user-profile/d-1/alice",
                "studio_user_profile"));
    UserContext withoutArn = UserContext.builder().userProfileName("bob").domainId("d-1").build();
    assertThat(Identities.of(withoutArn))
        .isEqualTo(new Identities.Identity("user-profile/d-1/bob", "studio_user_profile"));
  }

  @Test
  void thenTheSourceIdentityThenTheArnWithItsSessionThenThePrincipalId() {
    IamIdentity.Builder iam = IamIdentity.builder().arn(ROLE).principalId("AROAEXAMPLE:SageMaker");
    assertThat(
            Identities.of(
                UserContext.builder().iamIdentity(iam.sourceIdentity("carol").build()).build()))
        .isEqualTo(new Identities.Identity("carol", "source_identity"));
    assertThat(
            Identities.of(
                UserContext.builder().iamIdentity(iam.sourceIdentity(" ").build()).build()))
        .isEqualTo(new Identities.Identity(ROLE, "iam_arn"));
    assertThat(
            Identities.of(
                UserContext.builder()
                    .iamIdentity(IamIdentity.builder().principalId("AIDAEXAMPLE").build())
                    .build()))
        .isEqualTo(new Identities.Identity("AIDAEXAMPLE", "iam_principal_id"));
    assertThat(Identities.of(null)).isEqualTo(new Identities.Identity(null, null));
    assertThat(Identities.of(UserContext.builder().build()))
        .isEqualTo(new Identities.Identity(null, null));
  }

  @Test
  void blankIsAnyMixOfWhitespaceOfAnyKind() {
    for (String blank :
        new String[] {
          null,
          "",
          " ",
          "\t",
          "\r\n",
          " \u00A0\u2003\u3000",
          "\u200B",
          "\uFEFF",
          "\u2028\u2029",
          "\u000B\f"
        }) {
      assertThat(Text.isBlank(blank)).as("[%s]", blank).isTrue();
    }
    for (String text : new String[] {"ok", " a ", "\u00A0.", "0"}) {
      assertThat(Text.isBlank(text)).as("[%s]", text).isFalse();
    }
  }
}
