package io.smgov;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import io.smgov.testing.Checkout;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The package map in {@code docs/architecture.md} is the rule: its table names each package's Maven
 * module and what it may use (packages, or one class as {@code sink.WarehouseLocation}). Every
 * package's compiled classes must be in the module the map names, and every dependency between
 * smgov packages must be allowed there, so a new edge fails here until the map says so. Maven
 * already refuses an edge between modules that the poms do not declare (the simulator cannot
 * compile against the product); this test holds the finer map inside each module. The bytecode is
 * read, so a fully-qualified name hides nothing.
 */
class ArchitectureTest {
  private static final String ROOT = "io.smgov.";
  private static final List<String> MODULES = List.of("wire", "simulator", "product", "cli");
  private static final Pattern ROW =
      Pattern.compile("^\\| `([a-z]+)` \\| `([a-z]+)` \\|.*\\| ([^|]+) \\|\\s*$");
  private static final Pattern NAME = Pattern.compile("`([a-zA-Z.]+)`");

  /** One row of the table: the package's module and what it may use. */
  record Entry(String module, Set<String> uses) {}

  /** Package → its row. */
  static Map<String, Entry> map() throws IOException {
    Map<String, Entry> map = new LinkedHashMap<>();
    List<String> lines = Files.readAllLines(Checkout.resolve("docs/architecture.md"));
    boolean inTable = false;
    for (String line : lines) {
      if (line.startsWith("## Modules, packages and what each may touch")) {
        inTable = true;
        continue;
      }
      if (inTable && line.startsWith("## ")) {
        break;
      }
      Matcher row = inTable ? ROW.matcher(line) : null;
      if (row != null && row.matches()) {
        Set<String> uses = new LinkedHashSet<>();
        Matcher name = NAME.matcher(row.group(3));
        while (name.find()) {
          uses.add(name.group(1));
        }
        map.put(row.group(2), new Entry(row.group(1), uses));
      }
    }
    return map;
  }

  @Test
  void everyPackageIsInItsModuleAndUsesOnlyWhatTheMapAllows() throws IOException {
    Map<String, Entry> map = map();
    assertThat(map)
        .as("the package table of docs/architecture.md")
        .containsKeys("cli", "model", "run", "simulator", "wire");
    Set<String> packages = new TreeSet<>();
    Set<String> misplaced = new TreeSet<>();
    Set<String> violations = new TreeSet<>();
    for (String module : MODULES) {
      // Each module's compiled main classes: never its tests, never a test jar.
      Path classes = Checkout.resolve(module + "/target/classes");
      assertThat(classes).as("module %s is compiled", module).isDirectory();
      for (JavaClass type : new ClassFileImporter().importPath(classes)) {
        String from = packageOf(type.getName());
        packages.add(from);
        Entry entry = map.get(from);
        if (entry != null && !entry.module().equals(module)) {
          misplaced.add(
              type.getName() + " is in module " + module + ", the map says " + entry.module());
        }
        for (Dependency dependency : type.getDirectDependenciesFromSelf()) {
          String target = dependency.getTargetClass().getName();
          if (!target.startsWith(ROOT)) {
            continue;
          }
          String to = packageOf(target);
          if (!to.equals(from) && !allowed(map, from, to, target)) {
            violations.add(
                from
                    + " -> "
                    + to
                    + " ("
                    + type.getSimpleName()
                    + " uses "
                    + target.substring(ROOT.length())
                    + ")");
          }
        }
      }
    }
    assertThat(map.keySet()).as("every package has a row in the map").containsAll(packages);
    assertThat(misplaced).as("packages outside the module the map names").isEmpty();
    assertThat(violations).as("dependencies docs/architecture.md does not allow").isEmpty();
  }

  @Test
  void theMapIsReadAsWritten() throws IOException {
    // By hand from the table: what three rows say.
    Map<String, Entry> map = map();
    assertThat(map.get("config").module()).isEqualTo("product");
    assertThat(map.get("config").uses())
        .containsExactly("sink.WarehouseLocation", "model", "wire.SdkJson");
    assertThat(map.get("model").uses()).isEmpty();
    assertThat(map.get("simulator").module()).isEqualTo("simulator");
    assertThat(map.get("simulator").uses()).containsExactly("wire");
    assertThat(allowed(map, "config", "sink", "io.smgov.sink.WarehouseLocation")).isTrue();
    assertThat(allowed(map, "config", "sink", "io.smgov.sink.ParquetFiles")).isFalse();
    assertThat(allowed(map, "model", "cli", "io.smgov.cli.Main")).isFalse();
    assertThat(allowed(map, "simulator", "aws", "io.smgov.aws.AwsClients")).isFalse();
  }

  /**
   * cli may use everything; a package a listed package or class; a nested class goes with its
   * class.
   */
  static boolean allowed(Map<String, Entry> map, String from, String to, String target) {
    if (from.equals("cli")) {
      return true;
    }
    Entry entry = map.get(from);
    Set<String> uses = entry == null ? Set.of() : entry.uses();
    if (uses.contains(to)) {
      return true;
    }
    String simple = target.substring(ROOT.length()).replaceAll("\\$.*", "");
    return uses.contains(simple);
  }

  private static String packageOf(String className) {
    String rest = className.substring(ROOT.length());
    int dot = rest.indexOf('.');
    return dot < 0 ? "" : rest.substring(0, dot);
  }
}
