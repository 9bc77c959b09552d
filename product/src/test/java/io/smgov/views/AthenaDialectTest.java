package io.smgov.views;

import static org.assertj.core.api.Assertions.assertThat;

import io.smgov.testing.Checkout;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every rendered view speaks the Athena engine v3 dialect as its documentation states it: each
 * function it calls is on the list in {@code sql/athena-functions.txt} (each entry checked against
 * the documentation page named at its top), and no reserved word of {@code
 * sql/athena-reserved-words.txt} is used as a bare identifier. Trino in the build runs the views
 * too; this catches what open-source Trino accepts and Athena's documentation does not promise.
 */
class AthenaDialectTest {
  /** SQL syntax followed by a parenthesis that is not a function call. */
  private static final Set<String> SYNTAX =
      Set.of(
          "as",
          "and",
          "or",
          "not",
          "in",
          "from",
          "values",
          "when",
          "then",
          "else",
          "filter",
          "over",
          "with",
          "exists",
          "select",
          "on",
          "using",
          "cast",
          "row",
          "array",
          "is",
          "where",
          "having",
          "unnest",
          "table",
          "between",
          "like",
          "join",
          "by",
          "case",
          "end",
          "all",
          "distinct");

  private static final Pattern CALL = Pattern.compile("\\b([A-Za-z_][A-Za-z0-9_]*)\\s*\\(");
  private static final Pattern CTE =
      Pattern.compile(
          "(?i)(?:\\bWITH|,)\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*(?:\\([^()]*\\))?\\s+AS\\s*\\(");

  /** AS and a name: an alias, unless it opens the view's query (AS SELECT, AS WITH). */
  private static final Pattern ALIAS =
      Pattern.compile("(?i)\\bAS\\s+(?!SELECT\\b|WITH\\b)([A-Za-z_][A-Za-z0-9_]*)\\b");

  private static final Pattern MEMBER = Pattern.compile("\\.([A-Za-z_][A-Za-z0-9_]*)\\b");

  /** Every view, rendered under a policy that turns every optional rule on. */
  static List<String> renderedViews() {
    // The demo policy sets approver_roles and required_evidence: every optional rule renders.
    Policy all = Policy.demo();
    List<String> sql = new ArrayList<>();
    for (ViewCatalog.View view : ViewCatalog.load().views()) {
      sql.add(view.render("governance", all));
    }
    return sql;
  }

  /** The SQL without comments and without the contents of string literals. */
  static String code(String sql) {
    return sql.replaceAll("(?m)--[^\n]*", " ").replaceAll("'([^']|'')*'", "''");
  }

  static Set<String> listed(String file) throws Exception {
    Set<String> names = new TreeSet<>();
    for (String line : Files.readAllLines(Checkout.resolve("sql/" + file))) {
      String entry = line.strip();
      if (!entry.isEmpty() && !entry.startsWith("#")) {
        names.add(entry.toLowerCase(Locale.ROOT));
      }
    }
    return names;
  }

  @Test
  void everyFunctionAViewCallsIsOneAthenaDocuments() throws Exception {
    Set<String> documented = listed("athena-functions.txt");
    Set<String> called = new TreeSet<>();
    for (String sql : renderedViews()) {
      String code = code(sql);
      Set<String> ctes = new TreeSet<>();
      Matcher cte = CTE.matcher(code);
      while (cte.find()) {
        ctes.add(cte.group(1).toLowerCase(Locale.ROOT));
      }
      Matcher call = CALL.matcher(code);
      while (call.find()) {
        String name = call.group(1).toLowerCase(Locale.ROOT);
        if (!SYNTAX.contains(name) && !ctes.contains(name)) {
          called.add(name);
        }
      }
    }
    assertThat(called).as("functions the views call").isNotEmpty();
    assertThat(documented)
        .as("sql/athena-functions.txt: add a function there only with its documentation")
        .containsAll(called);
  }

  @Test
  void noReservedWordIsABareIdentifier() throws Exception {
    Set<String> reserved = listed("athena-reserved-words.txt");
    Set<String> bare = new TreeSet<>();
    for (String sql : renderedViews()) {
      String code = code(sql);
      for (Pattern identifier : List.of(ALIAS, MEMBER)) {
        Matcher m = identifier.matcher(code);
        while (m.find()) {
          String name = m.group(1).toLowerCase(Locale.ROOT);
          if (reserved.contains(name)) {
            bare.add(name + " in ..." + code.substring(Math.max(0, m.start() - 40), m.end()));
          }
        }
      }
    }
    assertThat(bare).as("reserved words used unquoted as identifiers").isEmpty();
  }

  @Test
  void theCheckSeesACallAndAReservedAlias() {
    // By hand: what the scanner must find in a small statement.
    String code = code("SELECT lower(x) AS \"order\", -- trim(y)\n upper('f(z)') AS u FROM t");
    Matcher call = CALL.matcher(code);
    List<String> calls = new ArrayList<>();
    while (call.find()) {
      calls.add(call.group(1));
    }
    assertThat(calls).containsExactly("lower", "upper");
    Matcher alias = ALIAS.matcher("SELECT 1 AS order, 2 AS \"first\"");
    List<String> aliases = new ArrayList<>();
    while (alias.find()) {
      aliases.add(alias.group(1));
    }
    assertThat(aliases).containsExactly("order");
  }
}
