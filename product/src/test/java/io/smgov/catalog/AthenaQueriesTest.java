package io.smgov.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.smgov.views.Policy;
import io.smgov.views.ViewCatalog;
import org.junit.jupiter.api.Test;

/** What reaches Athena: a statement that starts with its own first word, never a comment. */
class AthenaQueriesTest {
  @Test
  void leadingCommentsAndBlankLinesAreDropped() {
    // By hand.
    assertThat(AthenaQueries.statement("-- a\n\n/* b\n c */\n  CREATE VIEW x AS SELECT 1 -- d"))
        .isEqualTo("CREATE VIEW x AS SELECT 1 -- d");
    assertThat(AthenaQueries.statement("SELECT '--'")).isEqualTo("SELECT '--'");
    assertThat(AthenaQueries.statement("-- only a comment")).isEmpty();
  }

  @Test
  void everyViewStatementStartsWithCreate() {
    for (ViewCatalog.View view : ViewCatalog.load().views()) {
      assertThat(AthenaQueries.statement(view.render("governance", Policy.defaults())))
          .as(view.name())
          .startsWith("CREATE OR REPLACE VIEW \"governance\".\"" + view.name() + "\" AS");
    }
  }
}
