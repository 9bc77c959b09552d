package io.smgov.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ShardTest {
  @Test
  void anAccountsShardIsItsSha256sFirstEightBytesUnsignedModuloTheCount() {
    // By hand (sha256sum): 111111111111 -> a18ac4e6fbd3fc02..., 11640332683238964226 mod 4 = 2;
    // 222222222222 -> 76eb17a8fb175967..., mod 4 = 3, mod 8 = 7; 333333333333 ->
    // 5080b6ee794e0f0c...,
    // mod 4 = 0, mod 8 = 4 (the first byte's top bit set in a18a... is why it must be unsigned).
    assertThat(Shard.of("111111111111", 4)).isEqualTo(2);
    assertThat(Shard.of("111111111111", 1000)).isEqualTo(226);
    assertThat(Shard.of("222222222222", 4)).isEqualTo(3);
    assertThat(Shard.of("222222222222", 8)).isEqualTo(7);
    assertThat(Shard.of("333333333333", 4)).isZero();
    assertThat(Shard.of("333333333333", 8)).isEqualTo(4);
    assertThat(Shard.parse("2/4").contains("111111111111")).isTrue();
    assertThat(Shard.parse("0/4").contains("111111111111")).isFalse();
  }

  @Test
  void everyAccountIsInExactlyOneShard() {
    List<String> accounts = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      accounts.add(String.format("%012d", 100000000000L + i * 7919L));
    }
    int[] sizes = new int[4];
    for (String account : accounts) {
      int in = 0;
      for (int k = 0; k < 4; k++) {
        if (new Shard(k, 4).contains(account)) {
          in++;
          sizes[k]++;
        }
      }
      assertThat(in).as(account).isEqualTo(1);
    }
    // 400 accounts in 4 shards: each near 100 (a hash, not a round robin).
    for (int size : sizes) {
      assertThat(size).isBetween(70, 130);
    }
  }

  @Test
  void aBadShardSaysWhatItExpects() {
    assertThat(Shard.parse(" 3/8 ")).isEqualTo(new Shard(3, 8));
    assertThat(Shard.parse("0/1").label()).isEqualTo("0/1");
    assertThatThrownBy(() -> Shard.parse("4/4"))
        .hasMessage("the shard index must be from 0 to 3 (0-based), got 4");
    assertThatThrownBy(() -> Shard.parse("1/0"))
        .hasMessage("the shard count must be from 1 to 1000, got 0");
    assertThatThrownBy(() -> Shard.parse("1-4"))
        .hasMessage("'1-4' is not K/N (the 0-based shard and the shard count, e.g. 0/4)");
    assertThatThrownBy(() -> Shard.parse("a/4"))
        .hasMessage("'a/4' is not K/N (the 0-based shard and the shard count, e.g. 0/4)");
  }

  @Test
  void theExportOptionsRefuseAShardOrAnAccountsFileThatCannotWork() {
    ExportConfigBuilder base = new ExportConfigBuilder().warehouse("/tmp/w").regions("eu-west-1");
    assertThatThrownBy(() -> base.shard("5/4").build())
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("--shard: the shard index must be from 0 to 3 (0-based), got 5");
    assertThatThrownBy(
            () ->
                new ExportConfigBuilder()
                    .warehouse("/tmp/w")
                    .accounts("111111111111")
                    .accountsFile("plan.json")
                    .build())
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("--accounts and --accounts-file are alternatives")
        .hasMessageContaining("--accounts-file needs --role-name");
    ExportConfig ok =
        new ExportConfigBuilder()
            .warehouse("/tmp/w")
            .roleName("smgov-reader")
            .accountsFile(" s3://b/plan.json ")
            .shard("1/4")
            .build();
    assertThat(ok.shard()).contains(new Shard(1, 4));
    assertThat(ok.accountsFile()).contains("s3://b/plan.json");
  }
}
