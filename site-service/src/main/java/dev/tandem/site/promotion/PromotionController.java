package dev.tandem.site.promotion;

import dev.tandem.site.security.Caller;
import dev.tandem.site.web.IdempotencyKey;
import dev.tandem.site.web.StorableText;
import jakarta.validation.Valid;
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

  PromotionController(PromotionClient promotions) {
    this.promotions = promotions;
  }

  @PostMapping
  ResponseEntity<PromotionView> create(
      IdempotencyKey key, @Valid @RequestBody CreatePromotionRequest request) {
    String caller = Caller.current().subject();
    PromotionView promotion = PromotionView.of(promotions.create(request.toCommand(key, caller)));
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
      IdempotencyKey key, @PathVariable long id, @Valid @RequestBody ClaimRequest request) {
    Caller caller = Caller.current();
    caller.requireIs(Long.toString(request.memberId()));
    return ResponseEntity.status(HttpStatus.CREATED)
        .body(ClaimView.of(promotions.claim(request.toCommand(key, caller.subject(), id))));
  }
}
