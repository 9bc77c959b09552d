package io.smgov.simulator;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A service on the AWS JSON 1.1 protocol: {@code POST /} with {@code X-Amz-Target:
 * <prefix>.<Operation>} and a JSON body; errors as {@code {"__type", "message"}}.
 */
interface JsonService {
  /** The answer and the number of items a list returned (-1 for other calls). */
  record Result(ObjectNode body, int items, String resource) {}

  /** The X-Amz-Target prefix, e.g. {@code SageMaker} or {@code AWSOrganizationsV20161128}. */
  String targetPrefix();

  /** The IAM action prefix, e.g. {@code sagemaker}. */
  String actionPrefix();

  /** Whether calls count against the per-account throttle. */
  boolean throttled();

  Result handle(String operation, SimRequest request);
}
