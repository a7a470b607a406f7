/**
 * Outlier ejection for Dubbo consumers: a provider address that stops answering (a hung process
 * whose port is still open) is left out of the choice after a few consecutive timeouts, probed with
 * one call at a time once its ejection ends, and back in the choice at its first answer. The
 * registry only notices such a provider when its ZooKeeper session expires; this notices it after
 * its first unanswered calls.
 */
package dev.tandem.platform.outlier;
