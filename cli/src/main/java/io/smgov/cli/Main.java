package io.smgov.cli;

import io.smgov.aws.Version;
import io.smgov.config.ConfigException;
import io.smgov.simulator.PortfolioException;
import io.smgov.sink.Warehouse;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code smgov} command line: one executable jar, one subcommand per job. */
@Command(
    name = "smgov",
    mixinStandardHelpOptions = true,
    usageHelpAutoWidth = true,
    versionProvider = Main.VersionProvider.class,
    description = {
      "Turns an Amazon SageMaker Model Registry estate into a governed, queryable data set: every model package group and version, in every account and region, and the endpoints that serve them, as partitioned Parquet with a Glue catalog, Athena views and dashboards."
    },
    subcommands = {
      DemoCommand.class,
      ExportCommand.class,
      FindingsCommand.class,
      NotifyCommand.class,
      PlanCommand.class,
      QueryCommand.class,
      ReportCommand.class,
      VerifyCommand.class,
      CatalogCommand.class,
      DashboardCommand.class,
      SimulateCommand.class,
      GeneratePortfolioCommand.class,
      CommandLine.HelpCommand.class
    },
    footer = {
      "",
      "Exit codes: 0 done, 1 fatal error or a damaged warehouse (smgov verify), 2 bad usage or",
      "configuration (the message names the option, file or line),",
      "3 partial (some account/region failed), 4 --fail-on threshold reached.",
      "Run 'smgov help <command>' for a command's options."
    })
public final class Main implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /** Runs one command line and returns its exit code (tests call this instead of main). */
  public static int execute(String... args) {
    return commandLine().execute(args);
  }

  static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new Main());
    cli.setExecutionExceptionHandler(Main::handle);
    cli.setParameterExceptionHandler(
        (ex, arguments) -> {
          PrintWriter err = ex.getCommandLine().getErr();
          err.println("smgov: " + ex.getMessage());
          CommandLine.UnmatchedArgumentException.printSuggestions(ex, err);
          err.println(
              "Run '"
                  + ex.getCommandLine().getCommandSpec().qualifiedName()
                  + " --help' for the options.");
          return ExitCodes.USAGE;
        });
    return cli;
  }

  private static int handle(Exception ex, CommandLine cli, CommandLine.ParseResult parse) {
    PrintWriter err = cli.getErr();
    if (ex instanceof UsageException
        || ex instanceof PortfolioException
        || ex instanceof Warehouse.NotWritableException) {
      err.println("smgov: " + ex.getMessage());
      return ExitCodes.USAGE;
    }
    if (ex instanceof DamagedWarehouseException damaged) {
      err.println("smgov: " + damaged.getMessage() + ":");
      damaged.problems().forEach(p -> err.println("  " + p));
      return ExitCodes.FATAL;
    }
    if (ex instanceof ConfigException) {
      for (String problem : ((ConfigException) ex).problems()) {
        err.println("smgov: " + problem);
      }
      return ExitCodes.USAGE;
    }
    // A failure without a message is a bug in smgov, not something the user can act on: no class
    // name pretending to be an explanation.
    err.println(
        "smgov: error: "
            + (ex.getMessage() == null || ex.getMessage().isBlank()
                ? "an unexpected internal error (please report it with the stack trace)"
                : ex.getMessage()));
    if (System.getenv("SMGOV_DEBUG") != null) {
      ex.printStackTrace(err);
    } else {
      err.println("(set SMGOV_DEBUG=1 for the stack trace)");
    }
    return ExitCodes.FATAL;
  }

  /** {@code smgov --version}: the tool version and the Java running it. */
  static final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {
        "smgov " + Version.current(), "Java " + System.getProperty("java.version")
      };
    }
  }
}
