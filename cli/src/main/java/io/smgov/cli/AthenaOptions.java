package io.smgov.cli;

import io.smgov.aws.AwsClients;
import io.smgov.catalog.AthenaQueries;
import io.smgov.views.EmbeddedEngine;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Option;

/** The options of a command that runs the views through Athena instead of the embedded engine. */
final class AthenaOptions {
  @Option(
      names = "--athena-database",
      paramLabel = "D",
      description =
          "Run the views through Athena on this Glue database (smgov catalog apply) instead of a local warehouse.")
  String database;

  @Option(
      names = "--workgroup",
      paramLabel = "W",
      description = "Athena workgroup (with --athena-database).")
  String workgroup;

  @Option(
      names = "--output-location",
      paramLabel = "s3://…",
      description =
          "Athena result location (with --athena-database), unless the workgroup sets one.")
  String outputLocation;

  boolean given() {
    return database != null;
  }

  /** Runs {@code sql} on Athena; values come back as text. */
  EmbeddedEngine.QueryResult query(AwsClients clients, AwsOptions aws, String sql)
      throws InterruptedException {
    AthenaQueries athena =
        new AthenaQueries(
            clients.athena(aws.region()),
            database,
            Optional.ofNullable(workgroup),
            Optional.ofNullable(outputLocation));
    AthenaQueries.Result result;
    try {
      result = athena.query(sql);
    } catch (AthenaQueries.QueryFailedException e) {
      throw new IllegalStateException(
          "Athena could not run the views on "
              + database
              + ": "
              + e.getMessage()
              + " (has 'smgov catalog apply' created them?)");
    }
    List<List<Object>> rows = new ArrayList<>();
    result.rows().forEach(r -> rows.add(new ArrayList<>(r)));
    return new EmbeddedEngine.QueryResult(result.columns(), rows);
  }
}
