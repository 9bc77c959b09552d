package io.smgov.source;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.organizations.OrganizationsClient;
import software.amazon.awssdk.services.organizations.model.Account;
import software.amazon.awssdk.services.organizations.model.OrganizationalUnit;

/**
 * The active accounts of an AWS Organization, read from the management account or a delegated
 * administrator: all of them (ListAccounts), or those under one organizational unit and the units
 * below it (ListOrganizationalUnitsForParent, ListAccountsForParent).
 */
public final class Accounts {
  /** Organizations list calls return at most 20 items a page. */
  private static final int PAGE = 20;

  private Accounts() {}

  public static List<String> active(OrganizationsClient organizations, Optional<String> unit) {
    List<String> ids = new ArrayList<>();
    if (unit.isEmpty()) {
      // The Organizations paginators page but do not flatten: walk the pages.
      for (var page : organizations.listAccountsPaginator(r -> r.maxResults(PAGE))) {
        for (Account account : page.accounts()) {
          if (isActive(account)) {
            ids.add(account.id());
          }
        }
      }
      return ids;
    }
    Deque<String> parents = new ArrayDeque<>(List.of(unit.get()));
    while (!parents.isEmpty()) {
      String parent = parents.poll();
      for (var page :
          organizations.listAccountsForParentPaginator(r -> r.parentId(parent).maxResults(PAGE))) {
        for (Account account : page.accounts()) {
          if (isActive(account) && !ids.contains(account.id())) {
            ids.add(account.id());
          }
        }
      }
      for (var page :
          organizations.listOrganizationalUnitsForParentPaginator(
              r -> r.parentId(parent).maxResults(PAGE))) {
        for (OrganizationalUnit child : page.organizationalUnits()) {
          parents.add(child.id());
        }
      }
    }
    return ids;
  }

  /** State is the current field; Status the older one AWS still sends. */
  private static boolean isActive(Account account) {
    String state =
        account.stateAsString() != null ? account.stateAsString() : account.statusAsString();
    return "ACTIVE".equals(state);
  }
}
