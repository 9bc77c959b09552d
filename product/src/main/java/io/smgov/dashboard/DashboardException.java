package io.smgov.dashboard;

import java.util.List;

/** The dashboard cannot be rendered or applied; each problem names what to fix. */
public final class DashboardException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final List<String> problems;

  public DashboardException(List<String> problems) {
    super(String.join("\n", problems));
    this.problems = List.copyOf(problems);
  }

  public DashboardException(String problem) {
    this(List.of(problem));
  }

  public List<String> problems() {
    return problems;
  }
}
