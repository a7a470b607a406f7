package dev.tandem.promotion.coupon;

import static org.assertj.core.api.Assertions.assertThat;

import com.alibaba.com.caucho.hessian.io.Hessian2Input;
import com.alibaba.com.caucho.hessian.io.Hessian2Output;
import dev.tandem.promotion.api.Coupon;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A member's coupons cross Dubbo's default wire format (hessian2) intact. */
class CouponWireTest {

  @Test
  void aListOfCouponsRepeatingAKindSurvivesHessian2() throws Exception {
    List<Coupon> coupons =
        List.of(
            Coupon.welcome(1, 42),
            Coupon.claimed(2, 7, 42),
            Coupon.claimed(3, 8, 42),
            Coupon.claimed(4, 9, 42));
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    Hessian2Output out = new Hessian2Output(bytes);
    out.writeObject(coupons);
    out.flush();

    Object back = new Hessian2Input(new ByteArrayInputStream(bytes.toByteArray())).readObject();

    assertThat(back).isEqualTo(coupons);
  }
}
