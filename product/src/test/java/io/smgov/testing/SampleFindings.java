package io.smgov.testing;

import io.smgov.simulator.GeneratedEstate;
import io.smgov.views.Policy;
import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;

/**
 * What the views must find in the bundled sample under the demo policy
 * (src/main/resources/io/smgov/views/demo-policy.yaml).
 */
public final class SampleFindings {
  private SampleFindings() {}

  /**
   * The demo policy's approver_roles, written by hand for the generator's approver identities:
   * arn:aws:iam::*:role/ModelApprover matches the ModelApprover sessions, and
   * arn:aws:sagemaker:*:*:user-profile/* every Studio user; the pipeline role matches neither.
   */
  public static final Predicate<String> DEMO_APPROVERS =
      identity ->
          identity.startsWith("studio:") || identity.contains(":assumed-role/ModelApprover/");

  public static List<GeneratedEstate.Finding> planted(
      GeneratedEstate estate, Instant snapshotTime) {
    Policy policy = Policy.demo();
    return PlantedFindings.of(
        estate,
        snapshotTime,
        policy.staleAfterDays(),
        policy.pendingAfterDays(),
        policy.requiredTags(),
        policy.idleDays(),
        policy.latencyP90Ms(),
        DEMO_APPROVERS);
  }
}
