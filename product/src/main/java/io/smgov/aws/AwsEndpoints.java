package io.smgov.aws;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Endpoint overrides per service, read the way the AWS SDKs read them: {@code
 * AWS_ENDPOINT_URL_<SERVICE>} (e.g. {@code AWS_ENDPOINT_URL_SAGEMAKER}), then the global {@code
 * AWS_ENDPOINT_URL}. That is how {@code demo} and the tests point the real clients at the
 * simulator; an empty set means the real AWS endpoints.
 */
public final class AwsEndpoints {
  /** Service ids as they appear in the environment variable names. */
  public static final String SAGEMAKER = "SAGEMAKER";

  public static final String STS = "STS";
  public static final String S3 = "S3";
  public static final String ORGANIZATIONS = "ORGANIZATIONS";
  public static final String GLUE = "GLUE";
  public static final String ATHENA = "ATHENA";
  public static final String QUICKSIGHT = "QUICKSIGHT";
  public static final String LAKEFORMATION = "LAKEFORMATION";
  public static final String CLOUDWATCH = "CLOUDWATCH";
  public static final String CLOUDTRAIL = "CLOUDTRAIL";
  public static final String EVENTBRIDGE = "EVENTBRIDGE";
  public static final String SECURITYHUB = "SECURITYHUB";
  public static final String PRICING = "PRICING";

  private final Map<String, URI> byService;
  private final URI global;

  private AwsEndpoints(Map<String, URI> byService, URI global) {
    this.byService = Map.copyOf(byService);
    this.global = global;
  }

  public static AwsEndpoints none() {
    return new AwsEndpoints(Map.of(), null);
  }

  /** Every service at one URL (the simulator answers all of them on one port). */
  public static AwsEndpoints all(URI endpoint) {
    return new AwsEndpoints(Map.of(), endpoint);
  }

  public static AwsEndpoints fromEnvironment(Map<String, String> environment) {
    Map<String, URI> byService = new LinkedHashMap<>();
    URI global = null;
    for (Map.Entry<String, String> e : environment.entrySet()) {
      if (e.getValue() == null || e.getValue().isBlank()) {
        continue;
      }
      if (e.getKey().equals("AWS_ENDPOINT_URL")) {
        global = URI.create(e.getValue().trim());
      } else if (e.getKey().startsWith("AWS_ENDPOINT_URL_")) {
        byService.put(
            e.getKey().substring("AWS_ENDPOINT_URL_".length()).toUpperCase(Locale.ROOT),
            URI.create(e.getValue().trim()));
      }
    }
    return new AwsEndpoints(byService, global);
  }

  /** A copy with one service's endpoint set. */
  public AwsEndpoints with(String service, URI endpoint) {
    Map<String, URI> copy = new LinkedHashMap<>(byService);
    copy.put(service, endpoint);
    return new AwsEndpoints(copy, global);
  }

  public Optional<URI> endpoint(String service) {
    URI specific = byService.get(service);
    return Optional.ofNullable(specific != null ? specific : global);
  }

  public boolean isEmpty() {
    return byService.isEmpty() && global == null;
  }
}
