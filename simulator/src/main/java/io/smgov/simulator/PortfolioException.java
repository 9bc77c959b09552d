package io.smgov.simulator;

import java.nio.file.Path;
import java.util.List;

/**
 * A portfolio that cannot be served, with every problem found, each naming its path in the file.
 */
public final class PortfolioException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private static final int SHOWN = 25;

  private final transient List<String> problems;

  PortfolioException(String source, List<String> problems) {
    super(message(source, problems));
    this.problems = List.copyOf(problems);
  }

  public List<String> problems() {
    return problems;
  }

  private static String message(String source, List<String> problems) {
    StringBuilder text =
        new StringBuilder("Cannot load portfolio ")
            .append(source)
            .append(": ")
            .append(problems.size())
            .append(problems.size() == 1 ? " problem" : " problems");
    for (String problem : problems.subList(0, Math.min(SHOWN, problems.size()))) {
      text.append("\n  ").append(problem);
    }
    if (problems.size() > SHOWN) {
      text.append("\n  ... and ").append(problems.size() - SHOWN).append(" more");
    }
    return text.toString();
  }

  static String describe(Path file) {
    return file.toString();
  }
}
