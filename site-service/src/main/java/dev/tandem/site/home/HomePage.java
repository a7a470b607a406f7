package dev.tandem.site.home;

import dev.tandem.member.api.MemberNotFoundException;
import dev.tandem.platform.deadline.Deadline;
import dev.tandem.site.coupon.CouponView;
import dev.tandem.site.member.MemberClient;
import dev.tandem.site.member.MemberView;
import dev.tandem.site.promotion.PromotionClient;
import dev.tandem.site.promotion.PromotionView;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Builds the home page from three independent calls made in parallel, each given {@link
 * HomeSettings#sectionBudget()}, or less when the request's {@link Deadline} is nearer. A section
 * that fails or is late is left out and named in {@code degraded}: one slow dependency costs a
 * section, not the page. The one failure that is not degradation is a member that does not exist:
 * that is a 404.
 */
@Service
class HomePage {

  private static final Logger log = LoggerFactory.getLogger(HomePage.class);

  private final MemberClient members;
  private final PromotionClient promotions;
  private final ExecutorService sections;
  private final long budgetMillis;

  HomePage(
      MemberClient members,
      PromotionClient promotions,
      ExecutorService homeSections,
      HomeSettings settings) {
    this.members = members;
    this.promotions = promotions;
    this.sections = homeSections;
    this.budgetMillis = settings.sectionBudget().toMillis();
  }

  /** The page, each section's call timed into {@code timings} as it finishes. */
  HomeView of(long memberId, SectionTimings timings) {
    // Sections run on threads of their own: they carry the request's deadline there, and wait no
    // longer than it even when the budget is longer.
    Optional<Deadline> deadline = Deadline.current();
    long waitMillis =
        deadline.map(d -> Math.min(budgetMillis, d.remainingMillis())).orElse(budgetMillis);
    var member =
        fetch(
            deadline,
            waitMillis,
            timed("member", timings, () -> MemberView.of(members.get(memberId))));
    var eligible =
        fetch(
            deadline,
            waitMillis,
            timed(
                "promotions",
                timings,
                () -> promotions.eligibleFor(memberId).stream().map(PromotionView::of).toList()));
    var coupons =
        fetch(
            deadline,
            waitMillis,
            timed(
                "coupons",
                timings,
                () -> promotions.couponsOf(memberId).stream().map(CouponView::of).toList()));

    List<String> degraded = new ArrayList<>();
    return new HomeView(
        await(member, "member", degraded).orElse(null),
        await(eligible, "promotions", degraded).orElse(List.of()),
        await(coupons, "coupons", degraded).orElse(List.of()),
        degraded);
  }

  /** The call's own duration, on its section's thread: what the dependency took, not the queue. */
  private static <T> Supplier<T> timed(String name, SectionTimings timings, Supplier<T> call) {
    return () -> {
      long started = System.nanoTime();
      try {
        return call.get();
      } finally {
        timings.took(name, System.nanoTime() - started);
      }
    };
  }

  private <T> CompletableFuture<T> fetch(
      Optional<Deadline> deadline, long waitMillis, Supplier<T> section) {
    Supplier<T> withinDeadline =
        deadline
            .<Supplier<T>>map(
                d ->
                    () -> {
                      try (var bound = d.bind()) {
                        return section.get();
                      }
                    })
            .orElse(section);
    return CompletableFuture.supplyAsync(withinDeadline, sections)
        .orTimeout(waitMillis, TimeUnit.MILLISECONDS);
  }

  private static <T> Optional<T> await(
      CompletableFuture<T> section, String name, List<String> degraded) {
    try {
      return Optional.of(section.join());
    } catch (CompletionException e) {
      if (e.getCause() instanceof MemberNotFoundException notFound) {
        throw notFound;
      }
      log.warn("home page section {} degraded: {}", name, String.valueOf(e.getCause()));
      degraded.add(name);
      return Optional.empty();
    }
  }
}
