package dev.tandem.site.member;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

import dev.tandem.member.api.Member;
import dev.tandem.member.api.MemberLevel;
import dev.tandem.member.api.MemberNotFoundException;
import dev.tandem.member.api.MemberService;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.util.ReflectionTestUtils;

class MemberClientTest {

  private final MemberService service = mock(MemberService.class);
  private final MemberClient client = new MemberClient();
  private final Member ada =
      new Member(42, "Ada", "ada@example.org", "+44 20 7946 0000", MemberLevel.BASIC, 0);

  @BeforeEach
  void injectTheDubboProxy() {
    ReflectionTestUtils.setField(client, "members", service);
  }

  @Test
  void readsFromAReplicaWhenItHasTheMember() {
    given(service.get(42, false)).willReturn(ada);

    assertThat(client.get(42)).isEqualTo(ada);
  }

  @Test
  void asksThePrimaryBeforeSayingAMemberRegisteredAMomentAgoDoesNotExist() {
    given(service.get(42, false)).willThrow(new MemberNotFoundException(42));
    given(service.get(42, true)).willReturn(ada);

    assertThat(client.get(42)).isEqualTo(ada);
  }

  @Test
  void anIdThePrimaryDoesNotKnowEitherIsNotFound() {
    given(service.get(7, false)).willThrow(new MemberNotFoundException(7));
    given(service.get(7, true)).willThrow(new MemberNotFoundException(7));

    assertThatThrownBy(() -> client.get(7)).isInstanceOf(MemberNotFoundException.class);
  }
}
