package dev.tandem.member;

import static org.assertj.core.api.Assertions.assertThat;

import com.alibaba.com.caucho.hessian.io.Hessian2Input;
import com.alibaba.com.caucho.hessian.io.Hessian2Output;
import dev.tandem.member.api.AddPoints;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import org.junit.jupiter.api.Test;

/**
 * Commands cross Dubbo's default wire format (hessian2), including from consumers built before a
 * command gained a component: during a rolling upgrade an older site-service sends {@code
 * AddPoints} without {@code caller}.
 */
class CommandWireTest {

  @Test
  void anAddPointsCommandSurvivesHessian2() throws Exception {
    AddPoints command = new AddPoints("key-1", "admin", 42, 100, "order");

    assertThat(roundTrip(command)).isEqualTo(command);
  }

  @Test
  void anAddPointsCommandWithoutTheCallerFromAnOlderConsumerIsReadWithANullCaller()
      throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    Hessian2Output out = new Hessian2Output(bytes);
    // what the previous AddPoints(idempotencyKey, memberId, points, reason) wrote
    String type = AddPoints.class.getName();
    if (out.writeObjectBegin(type) == -1) {
      String[] fields = {"idempotencyKey", "memberId", "points", "reason"};
      out.writeInt(fields.length);
      for (String field : fields) {
        out.writeString(field);
      }
      out.writeObjectBegin(type);
    }
    out.writeString("key-1");
    out.writeLong(42);
    out.writeInt(100);
    out.writeString("order");
    out.flush();

    Object read = new Hessian2Input(new ByteArrayInputStream(bytes.toByteArray())).readObject();

    assertThat(read).isEqualTo(new AddPoints("key-1", null, 42, 100, "order"));
  }

  private static Object roundTrip(Object value) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    Hessian2Output out = new Hessian2Output(bytes);
    out.writeObject(value);
    out.flush();
    return new Hessian2Input(new ByteArrayInputStream(bytes.toByteArray())).readObject();
  }
}
