package dev.tandem.site.member;

import dev.tandem.site.security.Caller;
import dev.tandem.site.web.Commands;
import dev.tandem.site.web.IdempotencyKey;
import java.net.URI;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/members")
class MemberController {

  private final MemberClient members;
  private final Commands commands;

  MemberController(MemberClient members, Commands commands) {
    this.members = members;
    this.commands = commands;
  }

  @PostMapping
  ResponseEntity<MemberView> register(
      IdempotencyKey key, @RequestBody RegisterMemberRequest request) {
    MemberView member = MemberView.of(members.register(commands.valid(request.toCommand(key))));
    return ResponseEntity.created(URI.create("/api/members/" + member.id())).body(member);
  }

  @GetMapping("/{id}")
  MemberView get(@PathVariable long id) {
    return MemberView.of(members.get(id));
  }

  @PostMapping("/{id}/points")
  MemberView addPoints(
      IdempotencyKey key, @PathVariable long id, @RequestBody AddPointsRequest request) {
    String caller = Caller.current().subject();
    return MemberView.of(members.addPoints(commands.valid(request.toCommand(key, caller, id))));
  }
}
