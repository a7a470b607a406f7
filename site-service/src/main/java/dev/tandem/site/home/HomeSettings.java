package dev.tandem.site.home;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * @param sectionBudget how long the home page waits for each of its sections (member, promotions,
 *     coupons). They are fetched in parallel, so this also bounds the whole page.
 */
@Validated
@ConfigurationProperties("tandem.home")
record HomeSettings(@NotNull Duration sectionBudget) {}
