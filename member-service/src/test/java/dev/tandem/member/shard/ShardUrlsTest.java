package dev.tandem.member.shard;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ShardUrlsTest {

  @Test
  void readsFallBackToThePrimaryWhenTheReplicaServerIsGone() {
    MysqlSettings.Shard shard =
        new MysqlSettings.Shard("10.0.0.251:3306", "10.0.0.52:3306", "tandem_0");

    assertThat(shard.replicaUrl("DISABLED"))
        .startsWith("jdbc:mysql://10.0.0.52:3306,10.0.0.251:3306/tandem_0?")
        .contains("failOverReadOnly=false");
    assertThat(shard.primaryUrl("DISABLED")).startsWith("jdbc:mysql://10.0.0.251:3306/tandem_0?");
  }

  @Test
  void tlsIsTheSettingsChoice() {
    MysqlSettings.Shard shard =
        new MysqlSettings.Shard("10.0.0.51:3306", "10.0.0.52:3306", "tandem_1");

    assertThat(shard.primaryUrl("VERIFY_IDENTITY")).contains("?sslMode=VERIFY_IDENTITY&");
    assertThat(shard.replicaUrl("REQUIRED")).contains("?sslMode=REQUIRED&");
  }

  @Test
  void aShardOnOneServerReadsFromItAlone() {
    MysqlSettings.Shard shard =
        new MysqlSettings.Shard("10.0.0.51:3306", "10.0.0.51:3306", "tandem_1");

    assertThat(shard.replicaUrl("DISABLED")).startsWith("jdbc:mysql://10.0.0.51:3306/tandem_1?");
  }
}
