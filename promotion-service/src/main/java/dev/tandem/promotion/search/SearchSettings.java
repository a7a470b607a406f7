package dev.tandem.promotion.search;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * @param index the Elasticsearch index holding the promotions
 * @param batchSize how many changed promotions one indexing run copies
 * @param timeout how long a search waits for Elasticsearch, over all the nodes the client tries:
 *     shorter than the callers' Dubbo timeout for search, so that with Elasticsearch hung they get
 *     {@code SearchUnavailableException} (a 503 to the client) rather than a timeout and a retry
 *     that would wait again
 */
@Validated
@ConfigurationProperties("tandem.promotion.search")
record SearchSettings(
    @NotBlank String index, @Min(1) @Max(1000) int batchSize, @NotNull Duration timeout) {}
