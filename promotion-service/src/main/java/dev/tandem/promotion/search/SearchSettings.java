package dev.tandem.promotion.search;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * @param index the Elasticsearch index holding the promotions
 * @param batchSize how many changed promotions one indexing run copies
 */
@Validated
@ConfigurationProperties("tandem.promotion.search")
record SearchSettings(@NotBlank String index, @Min(1) @Max(1000) int batchSize) {}
