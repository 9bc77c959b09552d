package io.smgov.cli;

import io.smgov.simulator.Portfolio;
import io.smgov.simulator.PortfolioGenerator;
import io.smgov.simulator.PortfolioLoader;
import io.smgov.simulator.Simulator;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code smgov simulate}: serves a portfolio as the AWS APIs smgov calls, until interrupted. */
@Command(
    name = "simulate",
    mixinStandardHelpOptions = true,
    header = "Serve a portfolio on 127.0.0.1 as the AWS APIs smgov calls.",
    description = {
      "Serves a portfolio (a JSON file in the AWS API's own shapes) on 127.0.0.1 as the AWS APIs smgov calls: SageMaker, STS AssumeRole and S3 report reads, with real page limits, errors and optional latency and throttling. Point any AWS SDK or the AWS CLI at the printed endpoint. Stops on Ctrl-C."
    })
final class SimulateCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--portfolio",
      paramLabel = "FILE",
      description = "Portfolio to serve (default: the bundled sample of 'smgov demo').")
  Path portfolio;

  @Option(
      names = "--port",
      paramLabel = "N",
      defaultValue = "0",
      description = "Port on 127.0.0.1 (default: a free one).")
  int port;

  @Option(
      names = "--latency-ms",
      paramLabel = "N",
      defaultValue = "0",
      description = "Added to every request (default: ${DEFAULT-VALUE}).")
  int latencyMs;

  @Option(
      names = "--throttle-rps",
      paramLabel = "N",
      defaultValue = "0",
      description =
          "SageMaker requests per second per account before ThrottlingException (default: unlimited).")
  double throttleRps;

  @Override
  public Integer call() throws InterruptedException {
    if (port < 0 || port > 65535) {
      throw new UsageException("--port must be between 0 and 65535, got " + port);
    }
    if (latencyMs < 0) {
      throw new UsageException("--latency-ms must not be negative, got " + latencyMs);
    }
    long started = System.nanoTime();
    Portfolio loaded =
        portfolio == null
            ? PortfolioLoader.fromJson(
                PortfolioGenerator.generate(PortfolioGenerator.Spec.sample()).portfolio(),
                "the bundled sample")
            : PortfolioLoader.load(portfolio);
    double loadSeconds = (System.nanoTime() - started) / 1e9;
    PrintWriter out = spec.commandLine().getOut();
    CountDownLatch stopped = new CountDownLatch(1);
    try (Simulator simulator =
        Simulator.start(loaded, new Simulator.Options(port, latencyMs, throttleRps))) {
      Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown));
      out.printf(
          "Simulating %d model package versions in %d accounts (loaded in %.1f s) on %s%n",
          loaded.versionCount(), loaded.accountIds().size(), loadSeconds, simulator.endpoint());
      out.println("Point the AWS SDKs and the AWS CLI at it:");
      out.println("  export AWS_ENDPOINT_URL=" + simulator.endpoint());
      out.println(
          "  export AWS_ACCESS_KEY_ID=AKIDSMGOVCALLER AWS_SECRET_ACCESS_KEY=simulated AWS_REGION=eu-west-1");
      out.println("Request counts: curl " + simulator.endpoint() + "/_simulator/requests");
      out.println("Ctrl-C stops it.");
      out.flush();
      stopped.await();
    }
    return ExitCodes.OK;
  }
}
