package dev.tandem.site.coupon;

import static org.hamcrest.Matchers.nullValue;
import static org.mockito.BDDMockito.given;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.tandem.promotion.api.Coupon;
import dev.tandem.site.promotion.PromotionClient;
import dev.tandem.site.security.SecuredSlice;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

@SecuredSlice
@SecuredSlice.AsAdminByDefault
@WebMvcTest(CouponController.class)
class CouponControllerTest {

  @Autowired MockMvc mvc;

  @MockitoBean PromotionClient promotions;

  @Test
  void listsAMembersCouponsWithTheirKindInLowerCase() throws Exception {
    given(promotions.couponsOf(7))
        .willReturn(
            List.of(
                Coupon.welcome(1, 7),
                Coupon.claimed(9_100_000_000_000_000_002L, 9_100_000_000_000_000_001L, 7)));

    mvc.perform(get("/api/members/7/coupons"))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.length()").value(2))
        .andExpect(jsonPath("$[0].couponId").value("1"))
        .andExpect(jsonPath("$[0].kind").value("welcome"))
        .andExpect(jsonPath("$[0].promotionId").value(nullValue()))
        .andExpect(jsonPath("$[1].couponId").value("9100000000000000002"))
        .andExpect(jsonPath("$[1].promotionId").value("9100000000000000001"))
        .andExpect(jsonPath("$[1].kind").value("claimed"))
        .andExpect(jsonPath("$[1].memberId").doesNotExist());
  }

  @Test
  void answersAnEmptyListForAMemberWithoutCoupons() throws Exception {
    given(promotions.couponsOf(7)).willReturn(List.of());

    mvc.perform(get("/api/members/7/coupons"))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.length()").value(0));
  }
}
