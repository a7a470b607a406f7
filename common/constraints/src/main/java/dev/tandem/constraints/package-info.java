/**
 * Constraints of the contract records ({@code member-api}, {@code promotion-api}): what the
 * providers' columns can store. The records carry them; site-service checks them to answer 400, and
 * every provider checks them again through Dubbo's validation, so a consumer that skips the first
 * check still cannot store what a column would cut or refuse.
 */
package dev.tandem.constraints;
