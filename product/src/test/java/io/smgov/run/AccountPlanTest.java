package io.smgov.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smgov.config.ConfigException;
import java.util.List;
import org.junit.jupiter.api.Test;

class AccountPlanTest {
  @Test
  void aPlanListsEveryAccountAndEachShardsAndReadsBackAsItsAccounts() {
    // Shards of 4 by hand (ShardTest): 111111111111 -> 2, 222222222222 -> 3, 333333333333 -> 0.
    AccountPlan plan = new AccountPlan(List.of("111111111111", "222222222222", "333333333333"), 4);
    assertThat(plan.shard(0)).containsExactly("333333333333");
    assertThat(plan.shard(1)).isEmpty();
    assertThat(plan.shard(2)).containsExactly("111111111111");
    assertThat(plan.shard(3)).containsExactly("222222222222");
    String json = plan.toJson();
    assertThat(json.replaceAll("\\s", ""))
        .isEqualTo(
            "{\"format\":\"smgov-plan/1\",\"shards\":4,"
                + "\"accounts\":[\"111111111111\",\"222222222222\",\"333333333333\"],"
                + "\"shardAccounts\":[[\"333333333333\"],[],[\"111111111111\"],[\"222222222222\"]]}");
    assertThat(AccountPlan.parseAccounts(json, "plan.json"))
        .containsExactly("111111111111", "222222222222", "333333333333");
  }

  @Test
  void anAccountsFileMayBeIdsOnePerLineWithComments() {
    assertThat(
            AccountPlan.parseAccounts(
                "# production\n111111111111\n\n222222222222  # payments\n111111111111\n", "a.txt"))
        .containsExactly("111111111111", "222222222222");
  }

  @Test
  void aBadAccountsFileIsNamedWithWhatIsWrong() {
    assertThatThrownBy(() -> AccountPlan.parseAccounts("111111111111\n12345\n", "a.txt"))
        .isInstanceOf(ConfigException.class)
        .hasMessage("--accounts-file a.txt: '12345' is not a 12-digit account id");
    assertThatThrownBy(() -> AccountPlan.parseAccounts("{\"accounts\": []}", "p.json"))
        .hasMessageContaining("a JSON file must be an smgov plan");
    assertThatThrownBy(() -> AccountPlan.parseAccounts("# nothing\n", "a.txt"))
        .hasMessage("--accounts-file a.txt: lists no account");
    assertThatThrownBy(() -> AccountPlan.parseAccounts("{not json", "p.json"))
        .hasMessageStartingWith("--accounts-file p.json: not valid JSON");
  }
}
