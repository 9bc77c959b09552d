package io.smgov;

import static org.assertj.core.api.Assertions.assertThat;

import io.smgov.simulator.PortfolioGenerator;
import io.smgov.sink.ParquetFiles;
import io.smgov.table.Column;
import io.smgov.table.TableSpec;
import io.smgov.table.Tables;
import io.smgov.testing.Checkout;
import io.smgov.testing.ExportFixture;
import io.smgov.testing.TestAws;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fan-out, end to end with the shipped jar: {@code smgov plan} splits 200 accounts into 4
 * shards, 4 {@code export --shard K/4} processes run at once against one simulator, and the
 * warehouse they write together is the one a single process writes, table by table and row for row,
 * apart from what names or times a run.
 */
class ShardIT {
  private static final Path CHECKOUT = Checkout.root();

  /** 200 small accounts: one group of two versions each, in one region. */
  private static final PortfolioGenerator.Spec SPEC =
      new PortfolioGenerator.Spec(
          200, List.of("eu-west-1"), 1, 2, 23L, PortfolioGenerator.DEFAULT_AS_OF);

  private static final String SNAPSHOT = "2026-11-01T06:00:00Z";

  /**
   * Columns that name or time a run, or count its calls (retries after throttling depend on what
   * else ran at that moment): everything else must be equal.
   */
  private static final Set<String> RUN_COLUMNS =
      Set.of(
          "run_id",
          "started_at",
          "finished_at",
          "lineage_watermark", // the clock when the run read lineage: where the next run starts
          "shard",
          "api_calls_total",
          "api_calls_by_operation",
          "throttled_calls");

  @Test
  void fourShardProcessesAtOnceWriteWhatOneProcessWrites(@TempDir Path dir) throws Exception {
    try (ExportFixture registry = ExportFixture.start(SPEC)) {
      String endpoint = registry.simulator.endpoint().toString();
      String accounts = String.join(",", registry.accounts());
      Path plan = dir.resolve("plan.json");
      Path single = dir.resolve("single");
      Path sharded = dir.resolve("sharded");
      // The plan also reads the region's prices into the shards' warehouse: shards never do.
      Process planning =
          smgov(
              endpoint,
              dir.resolve("plan.log"),
              "plan",
              "--accounts",
              accounts,
              "--role-name",
              PortfolioGenerator.READER_ROLE,
              "--shards",
              "4",
              "--out",
              plan.toString(),
              "--warehouse",
              sharded.toString(),
              "--regions",
              "eu-west-1",
              "--snapshot-time",
              SNAPSHOT,
              "--region",
              "eu-west-1");
      String planned = finish(planning, dir.resolve("plan.log"));
      List<Integer> sizes = new ArrayList<>();
      for (int k = 0; k < 4; k++) {
        Matcher m = Pattern.compile("shard " + k + "/4: (\\d+) accounts").matcher(planned);
        assertThat(m.find()).as(planned).isTrue();
        sizes.add(Integer.parseInt(m.group(1)));
      }
      assertThat(sizes.stream().mapToInt(Integer::intValue).sum()).isEqualTo(200);
      assertThat(sizes)
          .as("a hash spreads 200 accounts")
          .allSatisfy(n -> assertThat(n).isPositive());

      assertThat(planned).contains("prices of eu-west-1: of 2026-11-01");
      finish(
          smgov(endpoint, dir.resolve("single.log"), export(single, "--accounts", accounts)),
          dir.resolve("single.log"));

      List<Process> shards = new ArrayList<>();
      for (int k = 0; k < 4; k++) {
        shards.add(
            smgov(
                endpoint,
                dir.resolve("shard-" + k + ".log"),
                export(sharded, "--accounts-file", plan.toString(), "--shard", k + "/4")));
      }
      for (int k = 0; k < 4; k++) {
        String log = finish(shards.get(k), dir.resolve("shard-" + k + ".log"));
        assertThat(log).contains("shard " + k + "/4: " + sizes.get(k) + " of 200 accounts");
      }

      for (TableSpec<?> table : Tables.ALL) {
        Map<String, List<String>> one = rows(single, table);
        Map<String, List<String>> four = rows(sharded, table);
        assertThat(four.keySet()).as(table.name() + " objects").isEqualTo(one.keySet());
        one.forEach(
            (object, rows) ->
                assertThat(four.get(object)).as(table.name() + " " + object).isEqualTo(rows));
      }
      // A shard of another split than the plan's would overlap or miss accounts: refused.
      Process mismatched =
          smgov(
              endpoint,
              dir.resolve("mismatch.log"),
              export(sharded, "--accounts-file", plan.toString(), "--shard", "0/3"));
      assertThat(mismatched.waitFor(5, TimeUnit.MINUTES)).isTrue();
      assertThat(mismatched.exitValue()).isEqualTo(2);
      assertThat(Files.readString(dir.resolve("mismatch.log")))
          .contains("was written for 4 shards, not 3");

      Map<String, List<String>> runs = rows(single, Tables.EXPORT_RUNS);
      assertThat(runs).as("one export_runs row per account").hasSize(200);
      assertThat(shardColumn(sharded)).containsOnly("0/4", "1/4", "2/4", "3/4").hasSize(200);
    }
  }

  private static String[] export(Path warehouse, String... accounts) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "export",
                "--warehouse",
                warehouse.toString(),
                "--regions",
                "eu-west-1",
                "--role-name",
                PortfolioGenerator.READER_ROLE,
                "--external-id",
                PortfolioGenerator.EXTERNAL_ID,
                "--snapshot-time",
                SNAPSHOT,
                "--requests-per-second",
                "1000"));
    args.addAll(Arrays.asList(accounts));
    return args.toArray(String[]::new);
  }

  /**
   * Each object's rows (path with the run's part removed, so export_runs' ACCOUNT.RUN_ID matches),
   * each row its values but the run's own, sorted.
   */
  private static Map<String, List<String>> rows(Path warehouse, TableSpec<?> table)
      throws IOException {
    Map<String, List<String>> objects = new TreeMap<>();
    Path folder = warehouse.resolve(table.name());
    if (!Files.isDirectory(folder)) {
      return objects;
    }
    List<String> names = table.columns().stream().map(Column::name).toList();
    try (Stream<Path> files = Files.walk(folder)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".parquet")).toList()) {
        String name = file.getFileName().toString();
        String object =
            warehouse.relativize(file.getParent()) + "/" + name.substring(0, name.indexOf('.'));
        List<String> rows = objects.computeIfAbsent(object, k -> new ArrayList<>());
        for (Object row : ParquetFiles.read(table, file)) {
          rows.add(values(table, row, names));
        }
        rows.sort(null);
      }
    }
    return objects;
  }

  @SuppressWarnings("unchecked")
  private static <R> String values(TableSpec<R> table, Object row, List<String> names) {
    Object[] values = table.values((R) row);
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < values.length; i++) {
      if (!RUN_COLUMNS.contains(names.get(i))) {
        text.append(names.get(i)).append('=').append(values[i]).append(' ');
      }
    }
    return text.toString();
  }

  private static List<String> shardColumn(Path warehouse) throws IOException {
    List<String> shards = new ArrayList<>();
    try (Stream<Path> files = Files.walk(warehouse.resolve(Tables.EXPORT_RUNS.name()))) {
      for (Path file : files.filter(f -> f.toString().endsWith(".parquet")).toList()) {
        ParquetFiles.read(Tables.EXPORT_RUNS, file).forEach(run -> shards.add(run.shard()));
      }
    }
    return shards;
  }

  /** The shipped jar with {@code args}, against the simulator, its output into {@code log}. */
  private static Process smgov(String endpoint, Path log, String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-jar");
    command.add(
        System.getProperty("smgov.jar", CHECKOUT.resolve("cli/target/smgov.jar").toString()));
    command.addAll(Arrays.asList(args));
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    Map<String, String> env = builder.environment();
    env.keySet().removeIf(k -> k.startsWith("AWS_") || k.startsWith("SMGOV_"));
    env.put("AWS_ENDPOINT_URL", endpoint);
    env.put("AWS_ACCESS_KEY_ID", TestAws.CALLER.resolveCredentials().accessKeyId());
    env.put("AWS_SECRET_ACCESS_KEY", TestAws.CALLER.resolveCredentials().secretAccessKey());
    env.put("AWS_REGION", "eu-west-1");
    Process process = builder.start();
    process.getOutputStream().close();
    return process;
  }

  /** Waits for the process (a guard against a hang, not a synchronisation) and checks exit 0. */
  private static String finish(Process process, Path log) throws IOException, InterruptedException {
    assertThat(process.waitFor(5, TimeUnit.MINUTES)).as("%s exited", log).isTrue();
    String out = Files.readString(log, StandardCharsets.UTF_8);
    assertThat(process.exitValue()).as(out).isZero();
    return out;
  }
}
