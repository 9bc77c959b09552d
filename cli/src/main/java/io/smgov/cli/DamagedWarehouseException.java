package io.smgov.cli;

import io.smgov.run.WarehouseAudit;
import java.util.List;

/**
 * The warehouse lacks what its export_runs say was written: exit 1, each object named, never fewer
 * findings from what is left.
 */
final class DamagedWarehouseException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient List<WarehouseAudit.Problem> problems;

  DamagedWarehouseException(String warehouse, List<WarehouseAudit.Problem> problems) {
    super(
        "the warehouse at "
            + warehouse
            + " is not what its export_runs say was written ("
            + problems.size()
            + (problems.size() == 1 ? " object" : " objects")
            + "); restore "
            + (problems.size() == 1 ? "it" : "them")
            + " or export again, and run smgov verify for every snapshot");
    this.problems = List.copyOf(problems);
  }

  List<WarehouseAudit.Problem> problems() {
    return problems;
  }
}
