package io.smgov.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Comparing what smgov would send with what QuickSight holds. AWS fills in defaults, so "unchanged"
 * means every member smgov sends is there with its value ({@link #contains}); a definition's
 * fingerprint ({@link #sha256}) is over its canonical JSON; {@link #differences} says, sheet by
 * sheet and visual by visual, how a definition someone edited differs from smgov's.
 */
final class Definitions {
  private Definitions() {}

  /** Whether {@code actual} holds every member of {@code desired} with the same value. */
  static boolean contains(JsonNode actual, JsonNode desired) {
    if (desired == null || desired.isNull() || desired.isMissingNode()) {
      return true;
    }
    if (actual == null || actual.isNull() || actual.isMissingNode()) {
      return false;
    }
    if (desired.isObject()) {
      if (!actual.isObject()) {
        return false;
      }
      Iterator<Map.Entry<String, JsonNode>> members = desired.fields();
      while (members.hasNext()) {
        Map.Entry<String, JsonNode> member = members.next();
        if (!contains(actual.get(member.getKey()), member.getValue())) {
          return false;
        }
      }
      return true;
    }
    if (desired.isArray()) {
      if (!actual.isArray() || actual.size() != desired.size()) {
        return false;
      }
      for (int i = 0; i < desired.size(); i++) {
        if (!contains(actual.get(i), desired.get(i))) {
          return false;
        }
      }
      return true;
    }
    if (desired.isNumber() && actual.isNumber()) {
      return desired.decimalValue().compareTo(actual.decimalValue()) == 0;
    }
    return desired.equals(actual);
  }

  /** SHA-256 of the canonical JSON (object members sorted), in hex. */
  static String sha256(JsonNode node) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      return HexFormat.of()
          .formatHex(digest.digest(canonical(node).getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String canonical(JsonNode node) {
    if (node.isObject()) {
      Map<String, JsonNode> sorted = new TreeMap<>();
      node.fields().forEachRemaining(e -> sorted.put(e.getKey(), e.getValue()));
      StringBuilder out = new StringBuilder("{");
      sorted.forEach(
          (k, v) ->
              out.append(out.length() > 1 ? "," : "")
                  .append('"')
                  .append(k)
                  .append("\":")
                  .append(canonical(v)));
      return out.append('}').toString();
    }
    if (node.isArray()) {
      StringBuilder out = new StringBuilder("[");
      node.forEach(v -> out.append(out.length() > 1 ? "," : "").append(canonical(v)));
      return out.append(']').toString();
    }
    if (node.isNumber()) {
      return node.decimalValue().stripTrailingZeros().toPlainString();
    }
    return node.toString();
  }

  /**
   * How {@code current} (what QuickSight holds) differs from {@code desired} (what smgov would
   * send): sheets and visuals added, removed or changed there, and the other parts of the
   * definition that changed.
   */
  static List<String> differences(JsonNode current, JsonNode desired) {
    List<String> found = new ArrayList<>();
    Map<String, JsonNode> currentSheets = byId(current.path("Sheets"), "SheetId");
    Map<String, JsonNode> desiredSheets = byId(desired.path("Sheets"), "SheetId");
    for (String sheet : union(currentSheets, desiredSheets)) {
      JsonNode now = currentSheets.get(sheet);
      JsonNode ours = desiredSheets.get(sheet);
      if (ours == null) {
        found.add(
            "sheet " + sheet + " (" + now.path("Name").asText() + ") was added in QuickSight");
      } else if (now == null) {
        found.add(
            "sheet " + sheet + " (" + ours.path("Name").asText() + ") was removed in QuickSight");
      } else {
        Map<String, JsonNode> currentVisuals = visuals(now);
        Map<String, JsonNode> desiredVisuals = visuals(ours);
        for (String visual : union(currentVisuals, desiredVisuals)) {
          if (!desiredVisuals.containsKey(visual)) {
            found.add("sheet " + sheet + ": visual " + visual + " was added in QuickSight");
          } else if (!currentVisuals.containsKey(visual)) {
            found.add("sheet " + sheet + ": visual " + visual + " was removed in QuickSight");
          } else if (!contains(currentVisuals.get(visual), desiredVisuals.get(visual))) {
            found.add("sheet " + sheet + ": visual " + visual + " differs");
          }
        }
        for (String part :
            List.of("Name", "FilterControls", "ParameterControls", "Layouts", "TextBoxes")) {
          if (!contains(now.get(part), ours.get(part))
              || (ours.get(part) == null
                  && now.hasNonNull(part)
                  && !now.get(part).isEmpty()
                  && !part.equals("Name"))) {
            found.add("sheet " + sheet + ": " + part + " differ");
          }
        }
      }
    }
    for (String part :
        List.of(
            "CalculatedFields",
            "ParameterDeclarations",
            "FilterGroups",
            "DataSetIdentifierDeclarations")) {
      if (!contains(current.get(part), desired.get(part))) {
        found.add(part + " differ");
      }
    }
    return found;
  }

  private static Map<String, JsonNode> visuals(JsonNode sheet) {
    Map<String, JsonNode> visuals = new LinkedHashMap<>();
    for (JsonNode visual : sheet.path("Visuals")) {
      visual
          .fields()
          .forEachRemaining(v -> visuals.put(v.getValue().path("VisualId").asText(), visual));
    }
    return visuals;
  }

  private static Map<String, JsonNode> byId(JsonNode list, String idField) {
    Map<String, JsonNode> byId = new LinkedHashMap<>();
    list.forEach(item -> byId.put(item.path(idField).asText(), item));
    return byId;
  }

  private static List<String> union(Map<String, JsonNode> a, Map<String, JsonNode> b) {
    List<String> keys = new ArrayList<>(a.keySet());
    b.keySet().stream().filter(k -> !a.containsKey(k)).forEach(keys::add);
    return keys;
  }
}
