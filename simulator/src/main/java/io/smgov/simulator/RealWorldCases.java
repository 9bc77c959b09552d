package io.smgov.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The hand-written real-world cases of the bundled sample: estates shaped the way AWS returns them
 * that the generator does not make (a RAM-shared group with a local group's name, Studio users on
 * one execution role, SourceIdentity, a version registered already Approved, whitespace notes and
 * owners, ages a second past the policy, a standalone model card, an inference component, a deleted
 * endpoint config, a version of an account that is not exported, a CloudWatch alarm as monitoring,
 * CloudTrail approvals, a deployment made before its approval, an overwritten model artefact, an
 * approver outside the approver roles and a business unit's missing evidence). The cases are in
 * {@code real-world-sample.json} (portfolio format, AWS shapes), and the findings they must
 * produce, written by hand, in {@code real-world-findings.tsv}.
 */
final class RealWorldCases {
  private static final ObjectMapper JSON = new ObjectMapper();

  private RealWorldCases() {}

  /** Appends the cases to a rendered portfolio and their findings to the estate's curated list. */
  static void mergeInto(ObjectNode portfolio, GeneratedEstate estate) {
    JsonNode cases = read("real-world-sample.json");
    for (Iterator<Map.Entry<String, JsonNode>> accounts = cases.path("accounts").fields();
        accounts.hasNext(); ) {
      Map.Entry<String, JsonNode> account = accounts.next();
      for (Iterator<Map.Entry<String, JsonNode>> regions = account.getValue().fields();
          regions.hasNext(); ) {
        Map.Entry<String, JsonNode> region = regions.next();
        JsonNode target = portfolio.path("accounts").path(account.getKey()).path(region.getKey());
        if (!target.isObject()) {
          throw new IllegalStateException(
              "the sample has no "
                  + account.getKey()
                  + "/"
                  + region.getKey()
                  + " for the real-world cases");
        }
        merge((ObjectNode) target, (ObjectNode) region.getValue());
      }
    }
    ObjectNode objects = (ObjectNode) portfolio.get("s3Objects");
    cases.path("s3Objects").fields().forEachRemaining(e -> objects.set(e.getKey(), e.getValue()));
    ObjectNode metadata =
        portfolio.has("s3ObjectMetadata")
            ? (ObjectNode) portfolio.get("s3ObjectMetadata")
            : portfolio.putObject("s3ObjectMetadata");
    cases
        .path("s3ObjectMetadata")
        .fields()
        .forEachRemaining(e -> metadata.set(e.getKey(), e.getValue()));
    if (cases.has("now")) {
      portfolio.set("now", cases.get("now"));
    }
    estate.curated.addAll(findings());
  }

  /** Arrays are appended; objects (lineage) merged key by key. */
  private static void merge(ObjectNode target, ObjectNode source) {
    source
        .fields()
        .forEachRemaining(
            e -> {
              JsonNode existing = target.get(e.getKey());
              if (e.getValue().isArray()) {
                ArrayNode array = existing instanceof ArrayNode a ? a : target.putArray(e.getKey());
                e.getValue().forEach(array::add);
              } else if (e.getValue().isObject()) {
                merge(
                    existing instanceof ObjectNode o ? o : target.putObject(e.getKey()),
                    (ObjectNode) e.getValue());
              } else {
                target.set(e.getKey(), e.getValue());
              }
            });
  }

  private static List<GeneratedEstate.Finding> findings() {
    List<GeneratedEstate.Finding> findings = new ArrayList<>();
    try (BufferedReader reader =
        new BufferedReader(
            new InputStreamReader(open("real-world-findings.tsv"), StandardCharsets.UTF_8))) {
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] f = line.split("\t", -1);
        if (f.length != 7) {
          throw new IllegalStateException(
              "real-world-findings.tsv: expected 7 tab-separated fields: " + line);
        }
        findings.add(
            new GeneratedEstate.Finding(
                f[0], f[1], f[2], f[3], dash(f[4]), dash(f[5]), dash(f[6])));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return findings;
  }

  private static String dash(String value) {
    return value.equals("-") ? null : value;
  }

  private static JsonNode read(String name) {
    try (InputStream in = open(name)) {
      return JSON.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static InputStream open(String name) {
    InputStream in = RealWorldCases.class.getResourceAsStream(name);
    if (in == null) {
      throw new IllegalStateException("missing resource " + name);
    }
    return in;
  }
}
