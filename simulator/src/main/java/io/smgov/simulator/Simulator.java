package io.smgov.simulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The AWS APIs smgov calls, served from a portfolio on 127.0.0.1 over their real wire protocols, so
 * the real SDK clients, paginators, credential providers and retries are what the tests exercise.
 *
 * <p>Requests are routed by their SigV4 {@code Authorization} header: the credential scope names
 * the service and the region, the access key names the account (keys issued by the simulated
 * AssumeRole stand for the role's account, any other key for the portfolio's caller account). Every
 * answer is recorded in the {@link RequestLog}. Optional latency is added to every request, and
 * SageMaker calls past {@code throttleRps} per account get HTTP 400 ThrottlingException, as AWS
 * sends it. CloudTrail LookupEvents has its own fixed limit, AWS's 2 a second per account and
 * region.
 */
public final class Simulator implements AutoCloseable {
  private static final Pattern CREDENTIAL =
      Pattern.compile("Credential=([^/,\\s]+)/(\\d{8})/([^/]+)/([^/]+)/aws4_request");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String AMZ_JSON = "application/x-amz-json-1.1";

  static {
    // The JDK server writes headers and body separately; without TCP_NODELAY, Nagle's algorithm
    // and the client's delayed ACK hold every response for ~40 ms (measured: 10x fewer requests/s).
    // The property is read once, when the first server is created.
    System.setProperty("sun.net.httpserver.nodelay", "true");
  }

  /** Where and how to serve. */
  public record Options(int port, int latencyMs, double throttleRps) {
    public static Options defaults() {
      return new Options(0, 0, 0);
    }

    public Options withLatencyMs(int latency) {
      return new Options(port, latency, throttleRps);
    }

    public Options withThrottleRps(double rps) {
      return new Options(port, latencyMs, rps);
    }

    public Options withPort(int newPort) {
      return new Options(newPort, latencyMs, throttleRps);
    }
  }

  private final Portfolio portfolio;
  private final Options options;
  private final HttpServer server;
  private final ExecutorService executor;
  private final RequestLog log = new RequestLog();
  private final Throttle throttle;
  private final SageMakerService sageMaker;
  private final OrganizationsService organizations;
  private final LakeFormationService lakeFormation = new LakeFormationService();
  private final GlueService glue = new GlueService(lakeFormation);
  private final AthenaService athena = new AthenaService(lakeFormation);
  private final QuickSightService quickSight = new QuickSightService(glue);
  private final CloudWatchService cloudWatch;
  private final CloudTrailService cloudTrail;
  private final StsService sts;
  private final S3Service s3;
  private final EventBridgeService eventBridge = new EventBridgeService();
  private final SecurityHubService securityHub = new SecurityHubService();
  private final PricingService pricing = new PricingService();

  private Simulator(Portfolio portfolio, Options options, LongSupplier nanoTime)
      throws IOException {
    this.portfolio = portfolio;
    this.options = options;
    lakeFormation.glue(glue);
    this.throttle = new Throttle(options.throttleRps());
    this.sageMaker = new SageMakerService(portfolio);
    this.organizations = new OrganizationsService(portfolio);
    this.sts = new StsService(portfolio);
    this.s3 = new S3Service(portfolio);
    this.cloudWatch = new CloudWatchService(portfolio);
    this.cloudTrail = new CloudTrailService(portfolio, nanoTime);
    this.server =
        HttpServer.create(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), options.port()), 1024);
    this.executor =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "simulator-http");
              t.setDaemon(true);
              return t;
            });
    server.setExecutor(executor);
    server.createContext("/", this::exchange);
  }

  /** Starts serving {@code portfolio} on 127.0.0.1 ({@code port} 0 picks a free port). */
  public static Simulator start(Portfolio portfolio, Options options) {
    return start(portfolio, options, System::nanoTime);
  }

  /**
   * As {@link #start(Portfolio, Options)}, with the clock of the per-operation rate limits
   * (CloudTrail LookupEvents' 2 a second) given, so a test can hold time still or move it.
   */
  static Simulator start(Portfolio portfolio, Options options, LongSupplier nanoTime) {
    try {
      Simulator simulator = new Simulator(portfolio, options, nanoTime);
      simulator.server.start();
      return simulator;
    } catch (IOException e) {
      throw new IllegalStateException(
          "Cannot start the simulator on 127.0.0.1:" + options.port() + ": " + e.getMessage(), e);
    }
  }

  /** The one endpoint every simulated service answers on, e.g. {@code http://127.0.0.1:40123}. */
  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  public RequestLog requestLog() {
    return log;
  }

  /** The engine the simulated Athena runs queries on (the tests give it Trino). */
  public void athenaEngine(AthenaEngine engine) {
    athena.engine(engine);
  }

  public Portfolio portfolio() {
    return portfolio;
  }

  /**
   * Every PutEvents entry that reached an event bus, in arrival order: {@code EventId}, {@code
   * Account}, {@code Region}, {@code EventBusName} (the name, also when the entry named an ARN),
   * {@code Source}, {@code DetailType}, {@code Detail} (the parsed object), {@code Resources} and
   * {@code Time} (ISO-8601; the call's time when the entry gave none). An entry for a bus that does
   * not exist is answered with an EventId, as on AWS, but is not here.
   */
  public List<JsonNode> receivedEvents() {
    return eventBridge.received();
  }

  /**
   * Makes the custom event bus {@code name} exist in {@code account} and {@code region}, so that
   * PutEvents entries naming it (by name or ARN) reach it. {@code default} always exists.
   */
  public void createEventBus(String account, String region, String name) {
    eventBridge.createEventBus(account, region, name);
  }

  /**
   * The Security Hub findings held for {@code account} in {@code region}: the newest version of
   * each (ProductArn, Id), in the order each was first imported.
   */
  public List<JsonNode> securityHubFindings(String account, String region) {
    return securityHub.findings(account, region);
  }

  /**
   * The next {@code count} entries of {@code operation}, across calls, fail with a retryable
   * per-entry error: PutEvents entries with {@code InternalFailure}, BatchImportFindings findings
   * with {@code InternalException}. The rest of each call is processed as usual.
   */
  public void failNextEntries(String operation, int count) {
    switch (operation) {
      case "PutEvents":
        eventBridge.failNextEntries(count);
        break;
      case SecurityHubService.BATCH_IMPORT_FINDINGS:
        securityHub.failNextEntries(count);
        break;
      default:
        throw new IllegalArgumentException(
            "failNextEntries: PutEvents or BatchImportFindings, not " + operation);
    }
  }

  /**
   * Removes every price of {@code instanceType} (e.g. {@code ml.m5.xlarge}) in {@code region} from
   * the simulated Price List (GetProducts), so that a test can hold an instance type AWS has no
   * price for. Outstanding GetProducts NextTokens expire.
   *
   * @throws IllegalArgumentException when the price list holds no such price
   */
  public void removePrice(String region, String instanceType) {
    pricing.removePrice(region, instanceType);
  }

  /**
   * Expires every GetProducts NextToken issued so far: asking for a next page with one is answered
   * {@code ExpiredNextTokenException}, as when AWS's token has expired.
   */
  public void expirePricingTokens() {
    pricing.expireNextTokens();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  // ---------------------------------------------------------------- HTTP

  private void exchange(HttpExchange exchange) throws IOException {
    try (exchange) {
      byte[] body = readAll(exchange.getRequestBody());
      URI uri = exchange.getRequestURI();
      if (uri.getPath().startsWith("/_simulator/")) {
        send(
            exchange,
            internal(exchange.getRequestMethod(), uri.getPath()),
            "HEAD".equals(exchange.getRequestMethod()));
        return;
      }
      String authorization = exchange.getRequestHeaders().getFirst("Authorization");
      Matcher credential = authorization == null ? null : CREDENTIAL.matcher(authorization);
      if (credential == null || !credential.find()) {
        SimResponse missing =
            jsonError(403, "MissingAuthenticationTokenException", "Missing Authentication Token");
        log.add("unknown", "Unsigned", null, null, 403, missing.errorCode(), uri.getPath(), -1);
        send(exchange, missing, false);
        return;
      }
      String accessKey = credential.group(1);
      String region = credential.group(3);
      String service = credential.group(4);
      SimRequest.Caller caller = sts.caller(accessKey);
      SimRequest request =
          new SimRequest(
              exchange.getRequestMethod(),
              uri.getRawPath(),
              uri.getRawQuery(),
              exchange.getRequestHeaders(),
              body,
              caller,
              region,
              null);
      Answer answer = route(service, request);
      if (options.latencyMs() > 0) {
        sleep(options.latencyMs());
      }
      log.add(
          service,
          answer.operation(),
          caller.account(),
          region,
          answer.response().status(),
          answer.response().errorCode(),
          answer.resource(),
          answer.items());
      Census.record(service, answer.operation(), caller.role());
      send(exchange, answer.response(), "HEAD".equals(request.method()));
    }
  }

  /** One answered request: the operation it was, the response, its target and its item count. */
  record Answer(String operation, SimResponse response, String resource, int items) {}

  private Answer route(String service, SimRequest request) {
    switch (service) {
      case "sagemaker":
        return json(sageMaker, request);
      case "organizations":
        return json(organizations, request);
      case "glue":
        return json(glue, request);
      case "athena":
        return json(athena, request);
      case "sts":
        StsService.Answer sts = this.sts.handle(request);
        return new Answer(sts.operation(), sts.response(), sts.resource(), -1);
      case "s3":
        S3Service.Answer s3 = this.s3.handle(request);
        return new Answer(s3.operation(), s3.response(), s3.resource(), -1);
      case "quicksight":
        return restJson(request);
      case "lakeformation":
        return lakeFormation(request);
      case "events": // EventBridge's signing name
        return json(eventBridge, request);
      case "securityhub":
        return securityHub(request);
      case "pricing":
        // The Price List Query API has endpoints in three regions only; elsewhere the SDK's host
        // name does not resolve, which the simulator answers with an error before anything else.
        if (!PricingService.servesRegion(request.region())) {
          ApiException refused = PricingService.noEndpoint(request.region());
          return new Answer(
              PricingService.operation(request),
              jsonError(refused.status(), refused.code(), refused.getMessage()),
              null,
              -1);
        }
        return json(pricing, request);
      case "cloudtrail":
        // LookupEvents is limited to 2 a second per account and region, before anything else is
        // checked.
        if (!cloudTrail.admit(request)) {
          return new Answer(
              CloudTrailService.operation(request),
              jsonError(400, "ThrottlingException", "Rate exceeded"),
              null,
              -1);
        }
        return json(cloudTrail, request);
      case "monitoring": // CloudWatch's signing name; the service refuses a role's denied actions
        // itself
        CloudWatchService.Answer metrics =
            cloudWatch.handle(request, action -> denied(request, action));
        return new Answer(metrics.operation(), metrics.response(), null, metrics.items());
      default:
        return new Answer(
            "Unknown",
            jsonError(400, "UnknownServiceException", "The simulator does not serve " + service),
            null,
            -1);
    }
  }

  private Answer json(JsonService service, SimRequest request) {
    String target = request.header("X-Amz-Target");
    String prefix = service.targetPrefix() + ".";
    String operation =
        target != null && target.startsWith(prefix) ? target.substring(prefix.length()) : "Unknown";
    JsonNode json;
    try {
      json = request.body().length == 0 ? JSON.createObjectNode() : JSON.readTree(request.body());
    } catch (JsonProcessingException e) {
      return new Answer(
          operation, jsonError(400, "SerializationException", e.getOriginalMessage()), null, -1);
    } catch (IOException e) {
      return new Answer(
          operation, jsonError(400, "SerializationException", e.getMessage()), null, -1);
    }
    SimRequest withJson = request.withJson(json);
    if (service.throttled() && !throttle.tryAcquire(request.caller().account())) {
      return new Answer(
          operation, jsonError(400, "ThrottlingException", "Rate exceeded"), null, -1);
    }
    String action = service.actionPrefix() + ":" + operation;
    if (denied(request, action)) {
      return new Answer(
          operation,
          jsonError(
              400,
              "AccessDeniedException",
              "User: "
                  + request.caller().arn()
                  + " is not authorized to perform: "
                  + action
                  + " because no identity-based policy allows the "
                  + action
                  + " action"),
          null,
          -1);
    }
    try {
      JsonService.Result result = service.handle(operation, withJson);
      return new Answer(
          operation,
          SimResponse.of(200, AMZ_JSON, result.body().toString()),
          result.resource(),
          result.items());
    } catch (ApiException e) {
      return new Answer(operation, jsonError(e.status(), e.code(), e.getMessage()), null, -1);
    }
  }

  /** The caller's role denies the action, or, for the caller's own credentials, its policy does. */
  private boolean denied(SimRequest request, String action) {
    if (request.caller().role() == null) {
      return portfolio.callerDenies.contains(action);
    }
    return portfolio
        .role(request.caller().account(), request.caller().role())
        .map(r -> r.denies(action))
        .orElse(false);
  }

  /** Lake Formation speaks REST-JSON too: {@code POST /<Operation>} with a JSON body. */
  private Answer lakeFormation(SimRequest request) {
    String operation = request.path().startsWith("/") ? request.path().substring(1) : "Unknown";
    try {
      JsonNode json =
          request.body().length == 0 ? JSON.createObjectNode() : JSON.readTree(request.body());
      ObjectNode body = lakeFormation.handle(operation, request.withJson(json));
      return new Answer(
          operation, SimResponse.of(200, "application/json", body.toString()), null, -1);
    } catch (IOException e) {
      return new Answer(
          operation, restError(400, "InvalidInputException", e.getMessage()), null, -1);
    } catch (ApiException e) {
      return new Answer(operation, restError(e.status(), e.code(), e.getMessage()), null, -1);
    }
  }

  /**
   * Security Hub speaks REST-JSON: {@code POST /findings/import}; a role denied {@code
   * securityhub:BatchImportFindings} gets HTTP 403 {@code AccessDeniedException}, the status the
   * service model gives it.
   */
  private Answer securityHub(SimRequest request) {
    Optional<String> found = SecurityHubService.operation(request);
    if (found.isEmpty()) {
      return new Answer(
          "Unknown",
          restError(
              404,
              "UnknownOperationException",
              "The simulator serves only POST /findings/import of Security Hub, not "
                  + request.method()
                  + " "
                  + request.path()),
          null,
          -1);
    }
    String operation = found.get();
    String action = "securityhub:" + operation;
    if (denied(request, action)) {
      return new Answer(
          operation,
          restError(
              403,
              "AccessDeniedException",
              "User: "
                  + request.caller().arn()
                  + " is not authorized to perform: "
                  + action
                  + " because no identity-based policy allows the "
                  + action
                  + " action"),
          null,
          -1);
    }
    try {
      JsonNode json =
          request.body().length == 0 ? JSON.createObjectNode() : JSON.readTree(request.body());
      SecurityHubService.Result result = securityHub.handle(request.withJson(json));
      return new Answer(
          operation,
          SimResponse.of(200, "application/json", result.body().toString()),
          null,
          result.items());
    } catch (IOException e) {
      return new Answer(
          operation, restError(400, "InvalidInputException", e.getMessage()), null, -1);
    } catch (ApiException e) {
      return new Answer(operation, restError(e.status(), e.code(), e.getMessage()), null, -1);
    }
  }

  private static SimResponse restError(int status, String code, String message) {
    ObjectNode error = JSON.createObjectNode();
    error.put("Message", message);
    return SimResponse.of(status, "application/json", error.toString())
        .withHeader("x-amzn-ErrorType", code)
        .withErrorCode(code);
  }

  /** QuickSight speaks REST-JSON: the status is the outcome, errors name themselves in a header. */
  private Answer restJson(SimRequest request) {
    try {
      QuickSightService.Answer answer = quickSight.handle(request);
      SimResponse response =
          SimResponse.of(answer.status(), "application/json", answer.body().toString());
      if (answer.errorCode() != null) {
        response =
            response
                .withHeader("x-amzn-ErrorType", answer.errorCode())
                .withErrorCode(answer.errorCode());
      }
      return new Answer(answer.operation(), response, answer.resource(), -1);
    } catch (ApiException e) {
      ObjectNode error = JSON.createObjectNode();
      error.put("Message", e.getMessage());
      error.put("RequestId", UUID.randomUUID().toString());
      return new Answer(
          "QuickSight",
          SimResponse.of(e.status(), "application/json", error.toString())
              .withHeader("x-amzn-ErrorType", e.code())
              .withErrorCode(e.code()),
          null,
          -1);
    }
  }

  /**
   * An awsJson error: {@code __type} and a message member (SageMaker's modeled errors use Message).
   */
  static SimResponse jsonError(int status, String code, String message) {
    ObjectNode error = JSON.createObjectNode();
    error.put("__type", code);
    error.put(code.equals("ResourceNotFound") ? "Message" : "message", message);
    return SimResponse.of(status, AMZ_JSON, error.toString()).withErrorCode(code);
  }

  private SimResponse internal(String method, String path) {
    switch (path) {
      case "/_simulator/requests":
        ObjectNode stats = JSON.createObjectNode();
        stats.put("total", log.size());
        stats.put("throttled", log.count(RequestLog.Entry::throttled));
        ObjectNode byOperation = stats.putObject("byOperation");
        log.countsByOperation().forEach(byOperation::put);
        return SimResponse.of(200, "application/json", stats.toString());
      case "/_simulator/reset":
        if (!method.equals("POST")) {
          return SimResponse.of(405, "text/plain", "POST to reset the request log");
        }
        log.clear();
        return SimResponse.of(200, "application/json", "{}");
      case "/_simulator/health":
        return SimResponse.of(
            200,
            "application/json",
            "{\"status\":\"ok\",\"versions\":" + portfolio.versionCount() + "}");
      default:
        return SimResponse.of(404, "text/plain", "unknown simulator path " + path);
    }
  }

  private static void send(HttpExchange exchange, SimResponse response, boolean head)
      throws IOException {
    for (Map.Entry<String, String> header : response.headers().entrySet()) {
      exchange.getResponseHeaders().set(header.getKey(), header.getValue());
    }
    exchange.getResponseHeaders().set("x-amzn-RequestId", UUID.randomUUID().toString());
    byte[] body = response.body();
    if (head || body.length == 0) {
      exchange.sendResponseHeaders(response.status(), -1);
      return;
    }
    exchange.sendResponseHeaders(response.status(), body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  private static byte[] readAll(InputStream in) throws IOException {
    return in.readAllBytes();
  }

  private static void sleep(int millis) {
    try {
      TimeUnit.MILLISECONDS.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  static String utf8(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
