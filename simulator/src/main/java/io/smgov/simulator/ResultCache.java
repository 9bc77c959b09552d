package io.smgov.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The filtered, sorted result list of a list or search call, kept so that the pages after the first
 * do not filter and sort the whole collection again. The portfolio never changes while served, so a
 * cached list is always current; the key is everything in the request except the paging members.
 */
final class ResultCache {
  private final Map<String, List<JsonNode>> lists;

  ResultCache(int capacity) {
    this.lists =
        new LinkedHashMap<>(capacity, 0.75f, true) {
          private static final long serialVersionUID = 1L;

          @Override
          protected boolean removeEldestEntry(Map.Entry<String, List<JsonNode>> eldest) {
            return size() > capacity;
          }
        };
  }

  List<JsonNode> get(SimRequest request, Supplier<List<JsonNode>> compute) {
    String key = key(request);
    synchronized (lists) {
      List<JsonNode> cached = lists.get(key);
      if (cached != null) {
        return cached;
      }
    }
    List<JsonNode> computed = List.copyOf(compute.get());
    synchronized (lists) {
      lists.put(key, computed);
    }
    return computed;
  }

  private static String key(SimRequest request) {
    JsonNode body = request.json();
    String members = "";
    if (body instanceof ObjectNode) {
      ObjectNode copy = ((ObjectNode) body).deepCopy();
      copy.remove("NextToken");
      copy.remove("MaxResults");
      members = copy.toString();
    }
    return request.header("X-Amz-Target")
        + "|"
        + request.caller().account()
        + "|"
        + request.region()
        + "|"
        + members;
  }
}
