package dev.tandem.site.promotion;

import dev.tandem.constraints.StorableText;
import dev.tandem.promotion.api.ClaimCoupon;
import dev.tandem.site.security.Caller;
import dev.tandem.site.web.Commands;
import dev.tandem.site.web.IdempotencyKey;
import jakarta.validation.constraints.NotBlank;
import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/promotions")
class PromotionController {

  private final PromotionClient promotions;
  private final Commands commands;

  PromotionController(PromotionClient promotions, Commands commands) {
    this.promotions = promotions;
    this.commands = commands;
  }

  @PostMapping
  ResponseEntity<PromotionView> create(
      IdempotencyKey key, @RequestBody CreatePromotionRequest request) {
    String caller = Caller.current().subject();
    PromotionView promotion =
        PromotionView.of(promotions.create(commands.valid(request.toCommand(key, caller))));
    return ResponseEntity.created(URI.create("/api/promotions/" + promotion.id())).body(promotion);
  }

  @GetMapping("/{id}")
  PromotionView get(@PathVariable long id) {
    return PromotionView.of(promotions.get(id));
  }

  @GetMapping("/search")
  SearchView search(@RequestParam @NotBlank @StorableText(max = 200) String q) {
    return new SearchView(promotions.search(q).stream().map(PromotionView::of).toList());
  }

  @PostMapping("/{id}/claims")
  ResponseEntity<ClaimView> claim(
      IdempotencyKey key, @PathVariable long id, @RequestBody ClaimRequest request) {
    Caller caller = Caller.current();
    ClaimCoupon command = commands.valid(request.toCommand(key, caller.subject(), id));
    caller.requireIs(Long.toString(command.memberId()));
    return ResponseEntity.status(HttpStatus.CREATED).body(ClaimView.of(promotions.claim(command)));
  }
}
