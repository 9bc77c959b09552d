package io.smgov;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
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
 * The package map in {@code docs/architecture.md} is the rule: its table names each package of
 * {@code io.smgov} and, in backticks in the "may use" column, the packages (or single classes,
 * {@code sink.WarehouseLocation}) it may depend on. Every dependency between smgov packages in the
 * compiled product classes must be allowed there, so a new edge fails here until the map says so.
 * The bytecode is read, so a fully-qualified name hides nothing.
 */
class ArchitectureTest {
  private static final String ROOT = "io.smgov.";
  private static final Pattern ROW = Pattern.compile("^\\| `([a-z]+)` \\|.*\\| ([^|]+) \\|\\s*$");
  private static final Pattern NAME = Pattern.compile("`([a-zA-Z.]+)`");

  /** Package → what it may use: package names, or package.Class for one class. */
  static Map<String, Set<String>> map() throws IOException {
    Map<String, Set<String>> map = new LinkedHashMap<>();
    List<String> lines = Files.readAllLines(Path.of("docs/architecture.md"));
    boolean inTable = false;
    for (String line : lines) {
      if (line.startsWith("## Packages and what each may touch")) {
        inTable = true;
        continue;
      }
      if (inTable && line.startsWith("## ")) {
        break;
      }
      Matcher row = inTable ? ROW.matcher(line) : null;
      if (row != null && row.matches()) {
        Set<String> uses = new LinkedHashSet<>();
        Matcher name = NAME.matcher(row.group(2));
        while (name.find()) {
          uses.add(name.group(1));
        }
        map.put(row.group(1), uses);
      }
    }
    return map;
  }

  @Test
  void everyDependencyBetweenPackagesIsOneTheMapAllows() throws IOException {
    Map<String, Set<String>> map = map();
    assertThat(map)
        .as("the package table of docs/architecture.md")
        .containsKeys("cli", "model", "run", "simulator");
    // The product's compiled classes (Maven's test classpath puts them in target/classes).
    JavaClasses classes = new ClassFileImporter().importPath(Path.of("target", "classes"));
    Set<String> packages = new TreeSet<>();
    Set<String> violations = new TreeSet<>();
    for (JavaClass type : classes) {
      String from = packageOf(type.getName());
      packages.add(from);
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
    assertThat(map.keySet()).as("every package has a row in the map").containsAll(packages);
    assertThat(violations).as("dependencies docs/architecture.md does not allow").isEmpty();
  }

  @Test
  void theMapIsReadAsWritten() throws IOException {
    // By hand from the table: what two rows say.
    Map<String, Set<String>> map = map();
    assertThat(map.get("config")).containsExactly("sink.WarehouseLocation", "model", "aws.SdkJson");
    assertThat(map.get("model")).isEmpty();
    assertThat(allowed(map, "config", "sink", "io.smgov.sink.WarehouseLocation")).isTrue();
    assertThat(allowed(map, "config", "sink", "io.smgov.sink.ParquetFiles")).isFalse();
    assertThat(allowed(map, "model", "cli", "io.smgov.cli.Main")).isFalse();
  }

  /**
   * cli may use everything; a package a listed package or class; a nested class goes with its
   * class.
   */
  static boolean allowed(Map<String, Set<String>> map, String from, String to, String target) {
    if (from.equals("cli")) {
      return true;
    }
    Set<String> uses = map.getOrDefault(from, Set.of());
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
