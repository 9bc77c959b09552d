package io.smgov.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smgov.testing.QuickSightFixture;
import io.smgov.views.Policy;
import io.smgov.views.ViewCatalog;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.glue.model.InvalidInputException;
import software.amazon.awssdk.services.glue.model.TableInput;

/** The views as Glue TableInputs, against Glue's limits (API_TableInput). */
class GlueViewInputsTest {
  @Test
  void aViewTooLongForGluesViewTextIsRefusedNamingTheViewAndTheWayOut() {
    // 310,000 characters of query encode to more than 409,600 characters of base64.
    ViewCatalog.View big =
        new ViewCatalog.View(
            "big",
            "a view over the limit",
            "CREATE OR REPLACE VIEW \"${database}\".\"big\" AS SELECT '"
                + "x".repeat(310_000)
                + "' AS x",
            List.of(),
            List.of(),
            List.of(new ViewCatalog.ViewColumn("x", "varchar")));
    assertThatThrownBy(() -> GlueViewInputs.of(big, "smgov", Policy.defaults(), ""))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("View big encodes to")
        .hasMessageContaining("at most 409600")
        .hasMessageContaining("smgov catalog apply");
  }

  @Test
  void theSimulatedGlueRefusesAViewTextOverItsLimitAsGlueDoes() {
    try (QuickSightFixture aws = new QuickSightFixture("views")) {
      GlueClient glue = aws.clients.glue(Region.EU_WEST_1);
      TableInput view =
          GlueViewInputs.of(
              ViewCatalog.load().view("latest_snapshot"), "views", Policy.defaults(), "");
      TableInput atLimit =
          view.toBuilder().name("at_limit").viewExpandedText("x".repeat(409_600)).build();
      glue.createTable(r -> r.databaseName("views").tableInput(atLimit));
      TableInput over =
          view.toBuilder().name("over_limit").viewExpandedText("x".repeat(409_601)).build();
      assertThatThrownBy(() -> glue.createTable(r -> r.databaseName("views").tableInput(over)))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("TableInput.ViewExpandedText has 409601 characters");
      TableInput described =
          view.toBuilder().name("described").description("d".repeat(2049)).build();
      assertThatThrownBy(() -> glue.createTable(r -> r.databaseName("views").tableInput(described)))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("TableInput.Description has 2049 characters");
      assertThat(glue.getTable(r -> r.databaseName("views").name("at_limit")).table().name())
          .isEqualTo("at_limit");
    }
  }
}
