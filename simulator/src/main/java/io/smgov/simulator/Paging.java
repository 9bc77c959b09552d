package io.smgov.simulator;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * Pages a result list the way SageMaker does: {@code MaxResults} within the operation's bounds (a
 * value outside them is a ValidationException), a default page size when it is absent, and an
 * opaque {@code NextToken} while items remain.
 */
final class Paging {
  private static final String PREFIX = "smgov-sim:";

  private Paging() {}

  record Page<T>(List<T> items, String nextToken) {}

  /** The limits of one operation's {@code MaxResults}. */
  record Limits(int min, int max, int defaultSize) {
    static final Limits SAGEMAKER = new Limits(1, 100, 10);

    /** ListTags: MaxResults has a minimum of 50 and no maximum; a page holds at most 50 tags. */
    static final Limits LIST_TAGS = new Limits(50, Integer.MAX_VALUE, 50);

    /** QueryLineage returns at most 50 vertices a page. */
    static final Limits QUERY_LINEAGE = new Limits(1, 50, 10);

    /** Organizations list calls: MaxResults 1..20. */
    static final Limits ORGANIZATIONS = new Limits(1, 20, 20);
  }

  static <T> Page<T> page(List<T> all, SimRequest request, Limits limits) {
    int size = pageSize(request.integer("MaxResults").orElse(null), limits);
    int offset = offset(request.text("NextToken").orElse(null));
    if (offset > all.size()) {
      throw ApiException.validation("Invalid pagination token");
    }
    int end = Math.min(all.size(), offset + size);
    return new Page<>(all.subList(offset, end), end < all.size() ? token(end) : null);
  }

  static int pageSize(Integer requested, Limits limits) {
    if (requested == null) {
      return limits.defaultSize();
    }
    if (requested < limits.min() || requested > limits.max()) {
      String bound =
          requested < limits.min()
              ? "greater than or equal to " + limits.min()
              : "less than or equal to " + limits.max();
      throw ApiException.validation(
          "1 validation error detected: Value '"
              + requested
              + "' at 'maxResults' failed to satisfy constraint: Member must have value "
              + bound);
    }
    // ListTags accepts any MaxResults from 50 up but never returns more than 50 tags a page.
    return Math.min(requested, limits == Limits.LIST_TAGS ? 50 : requested);
  }

  static int offset(String token) {
    if (token == null || token.isEmpty()) {
      return 0;
    }
    try {
      String decoded = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
      if (!decoded.startsWith(PREFIX)) {
        throw ApiException.validation("Invalid pagination token");
      }
      return Integer.parseInt(decoded.substring(PREFIX.length()));
    } catch (IllegalArgumentException e) {
      throw ApiException.validation("Invalid pagination token");
    }
  }

  static String token(int offset) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString((PREFIX + offset).getBytes(StandardCharsets.UTF_8));
  }
}
