package io.smgov.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * AWS Organizations (JSON 1.1, {@code AWSOrganizationsV20161128.<Operation>}): the account lists
 * {@code --accounts org[:ou-…]} discovers accounts with. Only the management account and delegated
 * administrators may list; pages hold at most 20 items.
 */
final class OrganizationsService implements JsonService {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private final Portfolio portfolio;

  OrganizationsService(Portfolio portfolio) {
    this.portfolio = portfolio;
  }

  @Override
  public String targetPrefix() {
    return "AWSOrganizationsV20161128";
  }

  @Override
  public String actionPrefix() {
    return "organizations";
  }

  @Override
  public boolean throttled() {
    return false;
  }

  @Override
  public Result handle(String operation, SimRequest request) {
    Portfolio.Organization organization = portfolio.organization;
    if (!organization.exists()) {
      throw new ApiException(
          400,
          "AWSOrganizationsNotInUseException",
          "Your account is not a member of an organization.");
    }
    String caller = request.caller().account();
    if (!caller.equals(organization.managementAccountId())
        && !organization.delegatedAdministrators().contains(caller)) {
      throw new ApiException(
          400,
          "AccessDeniedException",
          "You don't have permissions to access this resource. Call it from the management account or a delegated administrator.");
    }
    switch (operation) {
      case "ListAccounts":
        return page(new ArrayList<>(organization.accounts()), request, "Accounts");
      case "ListAccountsForParent":
        {
          String parent = request.requiredText("ParentId");
          Portfolio.OrganizationalUnit unit = unit(organization, parent);
          List<JsonNode> accounts = new ArrayList<>();
          for (ObjectNode account : organization.accounts()) {
            if (unit.accountIds().contains(account.path("Id").asText())) {
              accounts.add(account);
            }
          }
          return page(accounts, request, "Accounts");
        }
      case "ListOrganizationalUnitsForParent":
        {
          String parent = request.requiredText("ParentId");
          List<JsonNode> units = new ArrayList<>();
          for (Map.Entry<String, Portfolio.OrganizationalUnit> e :
              organization.units().entrySet()) {
            if (parent.equals(e.getValue().parentId())) {
              ObjectNode node = NODES.objectNode();
              node.put("Id", e.getKey());
              node.put("Name", e.getValue().name());
              node.put(
                  "Arn",
                  "arn:aws:organizations::"
                      + organization.managementAccountId()
                      + ":ou/o-smgov/"
                      + e.getKey());
              units.add(node);
            }
          }
          return page(units, request, "OrganizationalUnits");
        }
      default:
        throw new ApiException(
            400,
            "UnknownOperationException",
            "The simulator does not serve Organizations." + operation);
    }
  }

  private static Portfolio.OrganizationalUnit unit(Portfolio.Organization organization, String id) {
    Portfolio.OrganizationalUnit unit = organization.units().get(id);
    if (unit == null) {
      throw new ApiException(
          400,
          "ParentNotFoundException",
          "We can't find a root or OU with the ParentId that you specified.");
    }
    return unit;
  }

  private static Result page(List<JsonNode> all, SimRequest request, String key) {
    Paging.Page<JsonNode> page = Paging.page(all, request, Paging.Limits.ORGANIZATIONS);
    ObjectNode body = NODES.objectNode();
    ArrayNode items = body.putArray(key);
    page.items().forEach(items::add);
    if (page.nextToken() != null) {
      body.put("NextToken", page.nextToken());
    }
    return new Result(body, page.items().size(), null);
  }
}
