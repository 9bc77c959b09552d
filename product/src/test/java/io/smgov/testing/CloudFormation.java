package io.smgov.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;

/**
 * A CloudFormation template (long-form intrinsics, as {@code deploy/cloudformation} writes them) as
 * CloudFormation reads it: {@link #problems()} finds references that would not resolve, and {@link
 * #render} evaluates the template for a set of parameter values the way a stack would, so tests can
 * read the IAM policies and event targets a deployment really gets.
 */
public final class CloudFormation {
  public static final String ACCOUNT = "111111111111";
  public static final String REGION = "eu-west-1";
  private static final Map<String, String> PSEUDO =
      Map.of(
          "AWS::AccountId",
          ACCOUNT,
          "AWS::Region",
          REGION,
          "AWS::Partition",
          "aws",
          "AWS::StackName",
          "smgov",
          "AWS::URLSuffix",
          "amazonaws.com",
          "AWS::NoValue",
          "");
  private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{([^}!][^}]*)}");
  private static final JsonNode NO_VALUE = TextNode.valueOf("\u0000AWS::NoValue");

  private final Path path;
  private final JsonNode root;
  private final Set<String> parameters;
  private final Set<String> resources;
  private final Set<String> conditions;

  private CloudFormation(Path path, JsonNode root) {
    this.path = path;
    this.root = root;
    this.parameters = names(root, "Parameters");
    this.resources = names(root, "Resources");
    this.conditions = names(root, "Conditions");
  }

  public static CloudFormation load(Path path) throws IOException {
    return new CloudFormation(path, new ObjectMapper(new YAMLFactory()).readTree(path.toFile()));
  }

  public JsonNode root() {
    return root;
  }

  private static Set<String> names(JsonNode root, String section) {
    Set<String> names = new HashSet<>();
    root.path(section).fieldNames().forEachRemaining(names::add);
    return Set.copyOf(names);
  }

  // ---- static checks -------------------------------------------------------------------------

  /**
   * What CloudFormation would refuse: a Ref, GetAtt or Sub variable that names no parameter,
   * resource or pseudo parameter; an unknown condition; a reference to a conditional resource from
   * a place that exists when the resource does not; a parameter or condition nothing uses.
   */
  public List<String> problems() {
    List<String> problems = new ArrayList<>();
    Set<String> used = new HashSet<>();
    root.path("Conditions")
        .fields()
        .forEachRemaining(
            e -> check(e.getValue(), Set.of(), "Conditions." + e.getKey(), problems, used));
    for (String section : List.of("Resources", "Outputs")) {
      root.path(section)
          .fields()
          .forEachRemaining(
              e -> {
                String where = section + "." + e.getKey();
                Set<String> active = new HashSet<>();
                JsonNode condition = e.getValue().get("Condition");
                if (condition != null) {
                  used.add("condition:" + condition.asText());
                  if (!conditions.contains(condition.asText())) {
                    problems.add(where + ": unknown condition " + condition.asText());
                  }
                  active.add(condition.asText());
                }
                for (JsonNode dependency : iterable(e.getValue().path("DependsOn"))) {
                  checkName(dependency.asText(), active, where + ".DependsOn", problems, used);
                }
                check(e.getValue().path("Properties"), active, where, problems, used);
                check(e.getValue().path("Value"), active, where, problems, used);
              });
    }
    for (String parameter : parameters) {
      if (!used.contains(parameter)) {
        problems.add("Parameters." + parameter + ": never used");
      }
    }
    for (String condition : conditions) {
      if (!used.contains("condition:" + condition)) {
        problems.add("Conditions." + condition + ": never used");
      }
    }
    if (root.path("Resources").isEmpty()) {
      problems.add(path + ": no Resources");
    }
    return problems;
  }

  private void check(
      JsonNode node, Set<String> active, String where, List<String> problems, Set<String> used) {
    if (node.isArray()) {
      node.forEach(item -> check(item, active, where, problems, used));
      return;
    }
    if (!node.isObject()) {
      return;
    }
    if (node.size() == 1) {
      String function = node.fieldNames().next();
      JsonNode argument = node.get(function);
      switch (function) {
        case "Ref" -> {
          checkName(argument.asText(), active, where, problems, used);
          return;
        }
        case "Fn::GetAtt" -> {
          String resource =
              argument.isArray() ? argument.path(0).asText() : argument.asText().split("\\.")[0];
          if (!resources.contains(resource)) {
            problems.add(where + ": Fn::GetAtt of unknown resource " + resource);
          }
          checkName(resource, active, where, problems, used);
          return;
        }
        case "Fn::Sub" -> {
          String template = argument.isArray() ? argument.path(0).asText() : argument.asText();
          Set<String> local = new HashSet<>();
          if (argument.isArray()) {
            argument.path(1).fieldNames().forEachRemaining(local::add);
            check(argument.path(1), active, where, problems, used);
          }
          Matcher m = SUB_VARIABLE.matcher(template);
          while (m.find()) {
            String name =
                m.group(1).contains(".") && !m.group(1).startsWith("AWS::")
                    ? m.group(1).split("\\.")[0]
                    : m.group(1);
            if (!local.contains(name)) {
              checkName(name, active, where + " (Fn::Sub ${" + m.group(1) + "})", problems, used);
            }
          }
          return;
        }
        case "Fn::If" -> {
          String condition = argument.path(0).asText();
          used.add("condition:" + condition);
          if (!conditions.contains(condition)) {
            problems.add(where + ": Fn::If on unknown condition " + condition);
          }
          Set<String> inBranch = new HashSet<>(active);
          inBranch.add(condition);
          check(argument.path(1), inBranch, where, problems, used);
          check(argument.path(2), active, where, problems, used);
          return;
        }
        case "Condition" -> {
          if (argument.isTextual()) {
            used.add("condition:" + argument.asText());
            if (!conditions.contains(argument.asText())) {
              problems.add(where + ": unknown condition " + argument.asText());
            }
            return;
          }
        }
        default -> {}
      }
    }
    node.fields()
        .forEachRemaining(
            e -> check(e.getValue(), active, where + "." + e.getKey(), problems, used));
  }

  private void checkName(
      String name, Set<String> active, String where, List<String> problems, Set<String> used) {
    used.add(name);
    if (PSEUDO.containsKey(name) || parameters.contains(name)) {
      return;
    }
    JsonNode resource = root.path("Resources").get(name);
    if (resource == null) {
      problems.add(where + ": " + name + " is no parameter, resource or pseudo parameter");
      return;
    }
    JsonNode condition = resource.get("Condition");
    if (condition != null && !active.contains(condition.asText())) {
      problems.add(
          where + ": refers to " + name + ", which exists only when " + condition.asText());
    }
  }

  // ---- rendering -----------------------------------------------------------------------------

  /**
   * The template as a stack with these parameter values holds it: parameters (and their defaults),
   * pseudo parameters, conditions and intrinsic functions evaluated, resources and outputs whose
   * condition is false left out. A Ref or GetAtt of a resource becomes an ARN-like stand-in naming
   * it, e.g. {@code arn:aws:iam::111111111111:role/JobRole}.
   */
  public ObjectNode render(Map<String, String> parameterValues) {
    Map<String, JsonNode> values = new LinkedHashMap<>();
    root.path("Parameters")
        .fields()
        .forEachRemaining(
            e -> {
              String value =
                  parameterValues.containsKey(e.getKey())
                      ? parameterValues.get(e.getKey())
                      : e.getValue().has("Default") ? e.getValue().get("Default").asText() : null;
              if (value == null) {
                throw new IllegalArgumentException(
                    path + ": parameter " + e.getKey() + " has no default and no value");
              }
              String type = e.getValue().path("Type").asText();
              if (type.equals("CommaDelimitedList") || type.startsWith("List<")) {
                ArrayNode list = JsonNodeFactory.instance.arrayNode();
                for (String item : value.split(",", -1)) {
                  list.add(item.trim());
                }
                values.put(e.getKey(), list);
              } else {
                values.put(e.getKey(), TextNode.valueOf(value));
              }
            });
    for (String given : parameterValues.keySet()) {
      if (!parameters.contains(given)) {
        throw new IllegalArgumentException(path + " has no parameter " + given);
      }
    }
    Renderer renderer = new Renderer(values);
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    for (String section : List.of("Resources", "Outputs")) {
      ObjectNode rendered = out.putObject(section);
      root.path(section)
          .fields()
          .forEachRemaining(
              e -> {
                JsonNode condition = e.getValue().get("Condition");
                if (condition == null || renderer.condition(condition.asText())) {
                  ObjectNode copy = ((ObjectNode) e.getValue()).deepCopy();
                  copy.remove("Condition");
                  rendered.set(e.getKey(), substituteDefinition(renderer.eval(copy)));
                }
              });
    }
    return out;
  }

  /**
   * A state machine's DefinitionSubstitutions applied to its Definition, as CloudFormation does:
   * "${name}" in the definition's text becomes the value, as it is (so a value may close and open
   * strings, as the Subnets list does).
   */
  private static JsonNode substituteDefinition(JsonNode resource) {
    JsonNode substitutions = resource.at("/Properties/DefinitionSubstitutions");
    if (!resource.path("Type").asText().equals("AWS::StepFunctions::StateMachine")
        || !substitutions.isObject()) {
      return resource;
    }
    String definition = resource.at("/Properties/Definition").toString();
    var names = substitutions.fields();
    while (names.hasNext()) {
      var e = names.next();
      definition = definition.replace("${" + e.getKey() + "}", e.getValue().asText());
    }
    try {
      ((ObjectNode) resource.path("Properties"))
          .set("Definition", new ObjectMapper().readTree(definition));
    } catch (JsonProcessingException ex) {
      throw new IllegalStateException("the substituted definition is not JSON: " + ex, ex);
    }
    return resource;
  }

  private final class Renderer {
    private final Map<String, JsonNode> values;
    private final Map<String, Boolean> conditions = new LinkedHashMap<>();

    Renderer(Map<String, JsonNode> values) {
      this.values = values;
    }

    boolean condition(String name) {
      Boolean known = conditions.get(name);
      if (known == null) {
        JsonNode definition = root.path("Conditions").get(name);
        if (definition == null) {
          throw new IllegalArgumentException("unknown condition " + name);
        }
        known = eval(definition).asBoolean();
        conditions.put(name, known);
      }
      return known;
    }

    JsonNode eval(JsonNode node) {
      if (node.isArray()) {
        ArrayNode out = JsonNodeFactory.instance.arrayNode();
        for (JsonNode item : node) {
          JsonNode value = eval(item);
          if (value != NO_VALUE) {
            out.add(value);
          }
        }
        return out;
      }
      if (!node.isObject()) {
        return node;
      }
      if (node.size() == 1) {
        String function = node.fieldNames().next();
        JsonNode a = node.get(function);
        switch (function) {
          case "Ref":
            return ref(a.asText());
          case "Fn::GetAtt":
            return TextNode.valueOf(
                standIn(a.path(0).asText())
                    + (a.path(1).asText().equals("Arn") ? "" : "#" + a.path(1).asText()));
          case "Fn::Sub":
            return TextNode.valueOf(sub(a));
          case "Fn::Join":
            {
              List<String> parts = new ArrayList<>();
              eval(a.path(1)).forEach(p -> parts.add(p.asText()));
              return TextNode.valueOf(String.join(a.path(0).asText(), parts));
            }
          case "Fn::Select":
            return eval(a.path(1)).path(eval(a.path(0)).asInt());
          case "Fn::If":
            return eval(condition(a.path(0).asText()) ? a.path(1) : a.path(2));
          case "Fn::Equals":
            return BooleanNode.valueOf(eval(a.path(0)).equals(eval(a.path(1))));
          case "Fn::Not":
            return BooleanNode.valueOf(!eval(a.path(0)).asBoolean());
          case "Fn::And":
            return BooleanNode.valueOf(
                StreamSupport.stream(a.spliterator(), false).allMatch(c -> eval(c).asBoolean()));
          case "Fn::Or":
            return BooleanNode.valueOf(
                StreamSupport.stream(a.spliterator(), false).anyMatch(c -> eval(c).asBoolean()));
          case "Condition":
            if (a.isTextual()) {
              return BooleanNode.valueOf(condition(a.asText()));
            }
            break;
          default:
            if (function.startsWith("Fn::")) {
              throw new IllegalArgumentException("the renderer does not know " + function);
            }
        }
      }
      ObjectNode out = JsonNodeFactory.instance.objectNode();
      Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> e = fields.next();
        JsonNode value = eval(e.getValue());
        if (value != NO_VALUE) {
          out.set(e.getKey(), value);
        }
      }
      return out;
    }

    private JsonNode ref(String name) {
      if (name.equals("AWS::NoValue")) {
        return NO_VALUE;
      }
      if (PSEUDO.containsKey(name)) {
        return TextNode.valueOf(PSEUDO.get(name));
      }
      if (values.containsKey(name)) {
        return values.get(name);
      }
      JsonNode resource = root.path("Resources").path(name);
      // Ref of a workgroup is its name; of everything else here, an ARN or id naming the resource.
      if (resource.path("Type").asText().equals("AWS::Athena::WorkGroup")) {
        return eval(resource.path("Properties").path("Name"));
      }
      return TextNode.valueOf(standIn(name));
    }

    private String standIn(String resource) {
      String type = root.path("Resources").path(resource).path("Type").asText();
      String service = type.split("::").length > 1 ? type.split("::")[1].toLowerCase() : "unknown";
      return "arn:aws:"
          + service
          + ":"
          + (service.equals("iam") ? "" : REGION)
          + ":"
          + ACCOUNT
          + ":"
          + resource;
    }

    private String sub(JsonNode argument) {
      String template = argument.isArray() ? argument.path(0).asText() : argument.asText();
      Map<String, String> local = new LinkedHashMap<>();
      if (argument.isArray()) {
        argument
            .path(1)
            .fields()
            .forEachRemaining(e -> local.put(e.getKey(), eval(e.getValue()).asText()));
      }
      Matcher m = SUB_VARIABLE.matcher(template);
      StringBuilder out = new StringBuilder();
      while (m.find()) {
        String name = m.group(1);
        String value;
        if (local.containsKey(name)) {
          value = local.get(name);
        } else if (name.contains(".") && !name.startsWith("AWS::")) {
          String[] parts = name.split("\\.", 2);
          value = standIn(parts[0]) + (parts[1].equals("Arn") ? "" : "#" + parts[1]);
        } else {
          JsonNode resolved = ref(name);
          value =
              resolved.isArray()
                  ? String.join(
                      ",",
                      StreamSupport.stream(resolved.spliterator(), false)
                          .map(JsonNode::asText)
                          .toList())
                  : resolved.asText();
        }
        m.appendReplacement(out, Matcher.quoteReplacement(value));
      }
      m.appendTail(out);
      return out.toString().replace("${!", "${");
    }
  }

  private static Iterable<JsonNode> iterable(JsonNode node) {
    if (node.isMissingNode() || node.isNull()) {
      return List.of();
    }
    return node.isArray() ? node : List.of(node);
  }
}
