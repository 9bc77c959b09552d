package io.smgov.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.smgov.simulator.GeneratedEstate;
import io.smgov.simulator.PortfolioGenerator;
import io.smgov.wire.SdkJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code smgov generate-portfolio}: a deterministic synthetic portfolio of any size. */
@Command(
    name = "generate-portfolio",
    mixinStandardHelpOptions = true,
    header = "Write a deterministic synthetic portfolio of any size.",
    description = {
      "Writes a deterministic synthetic portfolio for 'smgov simulate' and 'smgov demo': accounts x regions x groups x versions, with endpoints, metric reports, lineage and a realistic mix of governance cases. The same options always give the same file."
    })
final class GeneratePortfolioCommand implements Callable<Integer> {
  /** Above this many versions the file is written compact instead of indented. */
  private static final int PRETTY_LIMIT = 2_000;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--sample",
      description =
          "Write the bundled sample portfolio of 'smgov demo' (ignores the size options).")
  boolean sample;

  @Option(
      names = "--accounts",
      paramLabel = "N",
      defaultValue = "2",
      description = "Accounts (default: ${DEFAULT-VALUE}).")
  int accounts;

  @Option(
      names = "--regions",
      paramLabel = "R",
      split = ",",
      defaultValue = "eu-west-1",
      description = "Regions, comma-separated (default: ${DEFAULT-VALUE}).")
  List<String> regions;

  @Option(
      names = "--groups",
      paramLabel = "N",
      defaultValue = "5",
      description = "Model package groups per account and region (default: ${DEFAULT-VALUE}).")
  int groups;

  @Option(
      names = "--versions",
      paramLabel = "N",
      defaultValue = "10",
      description = "Versions per group (default: ${DEFAULT-VALUE}).")
  int versions;

  @Option(
      names = "--seed",
      paramLabel = "S",
      defaultValue = "1",
      description = "Random seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--as-of",
      paramLabel = "T",
      description =
          "Reference time the ages are planted against, ISO-8601 (default: 2026-11-01T00:00:00Z).")
  String asOf;

  @Option(
      names = "--out",
      paramLabel = "FILE",
      required = true,
      description = "Where to write the portfolio JSON.")
  Path out;

  @Override
  public Integer call() throws IOException {
    PortfolioGenerator.Spec generatorSpec;
    if (sample) {
      generatorSpec = PortfolioGenerator.Spec.sample();
    } else {
      Instant reference =
          asOf == null
              ? PortfolioGenerator.DEFAULT_AS_OF
              : SdkJson.parseTimestamp(asOf)
                  .orElseThrow(
                      () ->
                          new UsageException(
                              "--as-of must be an ISO-8601 time such as 2026-11-01T00:00:00Z, got "
                                  + asOf));
      try {
        generatorSpec =
            new PortfolioGenerator.Spec(accounts, regions, groups, versions, seed, reference);
      } catch (IllegalArgumentException e) {
        throw new UsageException("--accounts, --groups and --versions must each be at least 1");
      }
    }
    long started = System.nanoTime();
    PortfolioGenerator.Generated generated = PortfolioGenerator.generate(generatorSpec);
    ObjectMapper mapper = new ObjectMapper();
    if (generatorSpec.totalVersions() <= PRETTY_LIMIT) {
      mapper.enable(SerializationFeature.INDENT_OUTPUT);
    }
    if (out.toAbsolutePath().getParent() != null) {
      Files.createDirectories(out.toAbsolutePath().getParent());
    }
    mapper.writeValue(out.toFile(), generated.portfolio());
    GeneratedEstate estate = generated.estate();
    spec.commandLine()
        .getOut()
        .printf(
            "Wrote %s: %d accounts, %d regions, %d groups, %d versions, %d endpoints, %d S3 objects (%.1f MiB, %.1f s)%n",
            out,
            generatorSpec.accounts(),
            generatorSpec.regions().size(),
            estate.groups().size(),
            estate.versionCount(),
            estate.endpoints().size(),
            generated.portfolio().path("s3Objects").size(),
            Files.size(out) / 1024.0 / 1024.0,
            (System.nanoTime() - started) / 1e9);
    return ExitCodes.OK;
  }
}
