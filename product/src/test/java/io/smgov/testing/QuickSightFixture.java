package io.smgov.testing;

import io.smgov.aws.AwsClients;
import io.smgov.simulator.PortfolioGenerator;
import io.smgov.simulator.PortfolioLoader;
import io.smgov.simulator.Simulator;
import io.smgov.views.ViewCatalog;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.quicksight.QuickSightClient;

/**
 * A simulator whose Glue catalog holds the views (as Athena leaves them) in {@code database}, and a
 * real QuickSight client pointed at it: what the dashboard tests share.
 */
public final class QuickSightFixture implements AutoCloseable {
  public final Simulator simulator;
  public final AwsClients clients;
  public final QuickSightClient quickSight;

  /** The account the test credentials stand for. */
  public final String account;

  public QuickSightFixture(String database) {
    simulator =
        Simulator.start(
            PortfolioLoader.fromJson(
                PortfolioGenerator.generate(PortfolioGenerator.Spec.of(1, 1, 1, 3L)).portfolio(),
                "test"),
            Simulator.Options.defaults());
    clients = TestAws.clients(simulator.endpoint());
    quickSight = clients.quickSight(Region.EU_WEST_1);
    account = simulator.portfolio().callerAccount();
    GlueViews.register(clients.glue(Region.EU_WEST_1), database, ViewCatalog.load());
  }

  @Override
  public void close() {
    clients.close();
    simulator.close();
  }
}
