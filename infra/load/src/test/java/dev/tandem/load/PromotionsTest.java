package dev.tandem.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PromotionsTest {

  @Test
  void offersKeepEachUnderNginxsFlashSaleAdmission() {
    assertThat(Promotions.countFor(1)).isEqualTo(2);
    assertThat(Promotions.countFor(10)).isEqualTo(3);
    assertThat(Promotions.countFor(200)).isEqualTo(50);
    // 20 claims a second per promotion at nginx: every offer's share stays well below it
    for (double rate : new double[] {1, 7, 33, 200}) {
      assertThat(rate / Promotions.countFor(rate)).isLessThanOrEqualTo(20.0 / 4);
    }
  }

  @Test
  void stockLetsEveryVisitorClaim() {
    int offers = Promotions.countFor(10);
    int stock = Promotions.stockFor(600, offers);

    assertThat((long) stock * offers).isGreaterThanOrEqualTo(600 + offers);
  }

  @Test
  void idsAreReadFromTheCreatedOffer() {
    assertThat(Promotions.idOf("{\"id\":\"7301\",\"title\":\"x\"}")).isEqualTo("7301");
    assertThat(Promotions.idOf("{\"title\":\"x\", \"id\": 42}")).isEqualTo("42");
    assertThatThrownBy(() -> Promotions.idOf("{\"title\":\"x\"}"))
        .hasMessageStartingWith("a created offer without an id");
  }

  @Test
  void visitorsTakeTheOffersInTurn() {
    Promotions promotions = new Promotions("r1");

    assertThatThrownBy(() -> promotions.forVisitor(1))
        .hasMessageContaining("arrived before they were made");
  }
}
