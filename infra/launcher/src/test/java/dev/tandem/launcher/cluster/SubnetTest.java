package dev.tandem.launcher.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

public class SubnetTest {

  @Test
  void addressesHostsByOffset() {
    Subnet subnet = Subnet.parse("10.247.0.0/24");

    assertThat(subnet.address(1)).isEqualTo("10.247.0.1");
    assertThat(subnet.address(254)).isEqualTo("10.247.0.254");
  }

  @Test
  void normalisesTheNetworkAddress() {
    assertThat(Subnet.parse("10.247.0.77/24")).hasToString("10.247.0.0/24");
  }

  @Test
  void refusesOffsetsOutsideTheSubnetAndTheBroadcastAddress() {
    Subnet subnet = Subnet.parse("10.247.0.0/24");

    assertThatThrownBy(() -> subnet.address(255)).isInstanceOf(LauncherException.class);
    assertThatThrownBy(() -> subnet.address(0)).isInstanceOf(LauncherException.class);
  }

  @Test
  void containsOnlyAddressesInsideIt() {
    Subnet subnet = Subnet.parse("10.247.0.0/24");

    assertThat(subnet.contains("10.247.0.250")).isTrue();
    assertThat(subnet.contains("10.247.1.1")).isFalse();
    assertThat(subnet.contains("not-an-address")).isFalse();
  }

  @Test
  void detectsOverlapWithRoutesTheMachineAlreadyHas() {
    Subnet ours = Subnet.parse("10.247.0.0/24");

    assertThat(ours.overlaps(Subnet.parse("10.0.0.0/8"))).isTrue();
    assertThat(ours.overlaps(Subnet.parse("10.247.0.128/25"))).isTrue();
    assertThat(ours.overlaps(Subnet.parse("10.248.0.0/24"))).isFalse();
    assertThat(ours.overlaps(Subnet.parse("192.168.1.0/24"))).isFalse();
    assertThat(ours.overlaps(Subnet.parse("10.247.0.9/32"))).isTrue();
    assertThat(ours.overlaps(Subnet.parse("0.0.0.0/0"))).isTrue();
  }

  @Test
  void rejectsMalformedSubnetsWithTheExpectedForm() {
    assertThatThrownBy(() -> Subnet.parse("10.247.0.0"))
        .isInstanceOf(LauncherException.class)
        .hasMessageContaining("A.B.C.D/PREFIX");
    assertThatThrownBy(() -> Subnet.parse("10.300.0.0/24")).isInstanceOf(LauncherException.class);
    assertThatThrownBy(() -> Subnet.forCluster("10.0.0.0/30"))
        .isInstanceOf(LauncherException.class)
        .hasMessageContaining("TANDEM_SUBNET");
  }
}
