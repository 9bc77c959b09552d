package io.smgov.source;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smgov.model.ModelCardRow;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemaker.model.DescribeModelCardResponse;
import software.amazon.awssdk.services.sagemaker.model.ModelCardSummary;
import software.amazon.awssdk.services.sagemaker.model.SageMakerException;

/**
 * Standalone model cards: a version is documented by the card on the package itself or by a card
 * whose content links it ({@code model_package_details.model_package_arn}). ListModelCards pages
 * every card of the account and region; DescribeModelCard reads the content of a card that is new
 * or changed (LastModifiedTime) since the previous snapshot, the others are carried forward.
 */
public final class ModelCards {
  private static final int PAGE = 100;
  private static final ObjectMapper JSON = new ObjectMapper();

  private ModelCards() {}

  public record Result(List<ModelCardRow> rows, int described, int reused) {}

  public static Result read(SageMakerClient sageMaker, Map<String, ModelCardRow> known) {
    List<ModelCardSummary> summaries = new ArrayList<>();
    sageMaker
        .listModelCardsPaginator(r -> r.maxResults(PAGE))
        .forEach(page -> summaries.addAll(page.modelCardSummaries()));
    List<ModelCardRow> rows = new ArrayList<>();
    int described = 0;
    int reused = 0;
    for (ModelCardSummary summary : summaries) {
      ModelCardRow earlier = known.get(summary.modelCardName());
      if (earlier != null
          && earlier.lastModifiedTime() != null
          && earlier.lastModifiedTime().equals(summary.lastModifiedTime())) {
        rows.add(earlier);
        reused++;
        continue;
      }
      try {
        rows.add(row(sageMaker.describeModelCard(r -> r.modelCardName(summary.modelCardName()))));
        described++;
      } catch (SageMakerException e) {
        if (!ErrorKind.isNotFound(e)) {
          throw e;
        }
        // deleted between list and describe
      }
    }
    return new Result(rows, described, reused);
  }

  static ModelCardRow row(DescribeModelCardResponse card) {
    JsonNode content = parse(card.content());
    return new ModelCardRow(
        card.modelCardName(),
        card.modelCardArn(),
        card.modelCardVersion(),
        card.modelCardStatusAsString(),
        text(content.path("intended_uses").path("risk_rating")),
        text(content.path("model_package_details").path("model_package_arn")),
        text(content.path("model_overview").path("model_id")),
        card.creationTime(),
        card.lastModifiedTime(),
        Identities.of(card.createdBy()).value(),
        Identities.of(card.lastModifiedBy()).value());
  }

  /** The card's content; a card whose content is not JSON links nothing (it is still a card). */
  private static JsonNode parse(String content) {
    if (content == null || content.isBlank()) {
      return JSON.createObjectNode();
    }
    try {
      JsonNode node = JSON.readTree(content);
      return node == null ? JSON.createObjectNode() : node;
    } catch (IOException e) {
      return JSON.createObjectNode();
    }
  }

  private static String text(JsonNode node) {
    return node.isTextual() && !Text.isBlank(node.asText()) ? node.asText().strip() : null;
  }
}
