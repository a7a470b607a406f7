package dev.tandem.launcher.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.launcher.cluster.LauncherException;
import dev.tandem.launcher.rules.BlockList.Address;
import dev.tandem.launcher.rules.BlockList.Member;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code ./tandem block}: what it accepts, and what it does to the document in ZooKeeper. */
public class BlockListTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "10.0.0.7, 10.0.0.7",
    "0.0.0.0, 0.0.0.0",
    "255.255.255.255, 255.255.255.255",
    "2001:DB8:0:0:0:0:0:7, 2001:db8::7",
    "2001:db8:0000:0:1:0:0:1, 2001:db8::1:0:0:1",
    "2001:db8:0:0:1:0:0:0, 2001:db8:0:0:1::",
    "2001:db8:0:1:1:1:1:1, 2001:db8:0:1:1:1:1:1",
    "::1, ::1",
    "::, ::",
    "fe80::a:0:0:0:b, fe80:0:0:a::b",
    "::ffff:10.0.0.7, 10.0.0.7",
  })
  void takesAnAddressInTheFormTheGatewaysSee(String argument, String stored) {
    assertThat(BlockList.parse(argument)).isEqualTo(new Address(stored));
  }

  @ParameterizedTest
  @ValueSource(strings = {"1", "7301245876543210", "9223372036854775807"})
  void takesAMembersId(String id) {
    BlockList.Entry entry = BlockList.parse("member:" + id);

    assertThat(entry).isEqualTo(new Member(id));
    assertThat(entry.text()).isEqualTo("member:" + id);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "example.com",
        "localhost",
        "gateway-1",
        "10.0.0.256",
        "010.0.0.7",
        "10.0.0",
        "10.0.0.7/24",
        "10.0.0.7:8080",
        "[::1]",
        "fe80::1%eth0",
        "2001:db8::7::1",
        "abc",
        ""
      })
  void refusesWhatIsNoAddress(String argument) {
    assertThatThrownBy(() -> BlockList.parse(argument))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "'"
                + argument
                + "' is neither an IPv4 or IPv6 address nor member:ID; host names, ranges, ports"
                + " and brackets are not accepted (e.g. 10.0.0.7, 2001:db8::7,"
                + " member:7301245876543210)");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"0", "-7", "+7", "007", "9223372036854775808", "12a", "", "1.5", "member:1"})
  void refusesWhatIsNoMemberId(String id) {
    assertThatThrownBy(() -> BlockList.parse("member:" + id))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("a member id is a positive 64-bit decimal number");
  }

  private static Optional<byte[]> json(String document) {
    return Optional.of(document.getBytes(StandardCharsets.UTF_8));
  }

  private static String text(BlockList.Change change) {
    return new String(change.document(), StandardCharsets.UTF_8);
  }

  @Test
  void theFirstBlockWritesBothLists() {
    BlockList.Change change =
        BlockList.apply(
            Optional.empty(), List.of(BlockList.parse("member:42"), BlockList.parse("::1")), true);

    assertThat(text(change)).isEqualTo("{\"addresses\":[\"::1\"],\"members\":[\"42\"]}");
    assertThat(change.done()).containsExactly(new Member("42"), new Address("::1"));
    assertThat(change.already()).isEmpty();
  }

  @Test
  void blockingTwiceKeepsOneEntryAndSaysSo() {
    BlockList.Change change =
        BlockList.apply(
            json("{\"addresses\":[\"10.0.0.7\"],\"members\":[]}"),
            List.of(new Address("10.0.0.7"), new Address("10.0.0.8"), new Address("10.0.0.8")),
            true);

    assertThat(text(change))
        .isEqualTo("{\"addresses\":[\"10.0.0.7\",\"10.0.0.8\"],\"members\":[]}");
    assertThat(change.done()).containsExactly(new Address("10.0.0.8"));
    assertThat(change.already()).containsExactly(new Address("10.0.0.7"));
  }

  @Test
  void unblockingRemovesEveryCopyAndKeepsWhatItDoesNotKnow() {
    BlockList.Change change =
        BlockList.apply(
            json(
                "{\"addresses\":[\"10.0.0.7\",\"10.0.0.8\",\"10.0.0.7\"],\"members\":[\"5\"],"
                    + "\"reason\":\"set by hand\"}"),
            List.of(new Address("10.0.0.7"), new Member("6")),
            false);

    assertThat(text(change))
        .isEqualTo("{\"addresses\":[\"10.0.0.8\"],\"members\":[\"5\"],\"reason\":\"set by hand\"}");
    assertThat(change.done()).containsExactly(new Address("10.0.0.7"));
    assertThat(change.already()).containsExactly(new Member("6"));
  }

  @Test
  void listsAddressesThenMembersAsTheCommandLineWritesThem() {
    assertThat(BlockList.entries(json("{\"members\":[\"5\"],\"addresses\":[\"::1\"]}")))
        .containsExactly("::1", "member:5");
    assertThat(BlockList.entries(Optional.empty())).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"not json", "[]", "{\"addresses\": \"10.0.0.7\"}"})
  void aDocumentThatIsNoBlockListIsNotOverwritten(String document) {
    assertThatThrownBy(() -> BlockList.apply(json(document), List.of(new Member("1")), true))
        .isInstanceOf(LauncherException.class)
        .hasMessageContaining("ZooKeeper node /tandem/risk/blocked holds no block list");
  }
}
