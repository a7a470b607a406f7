package dev.tandem.bench;

/**
 * Which member claims which promotion for the n-th claim of the run. A member may claim a promotion
 * once, and the cluster limits claims per promotion (nginx 8/s) and per member (gateway risk and
 * Sentinel): claims that piled onto one promotion or one member would measure those limits, not
 * capacity. So claim n goes to member n mod M and promotion n mod P; with M and P coprime every
 * pair is distinct for the first M × P claims (Chinese remainder theorem), and at R claims/s each
 * member sees R / M and each promotion R / P.
 */
record ClaimPairs(int members, int promotions) {

  ClaimPairs {
    if (members < 1 || promotions < 1 || gcd(members, promotions) != 1) {
      throw new IllegalArgumentException(
          "members and promotions must be coprime for distinct pairs: "
              + members
              + ", "
              + promotions);
    }
  }

  record Pair(int member, int promotion) {}

  long distinct() {
    return (long) members * promotions;
  }

  Pair pair(long n) {
    if (n < 0 || n >= distinct()) {
      throw new IllegalStateException(
          "the run used all " + distinct() + " member × promotion pairs: seed more members");
    }
    return new Pair((int) (n % members), (int) (n % promotions));
  }

  static int gcd(int a, int b) {
    return b == 0 ? a : gcd(b, a % b);
  }

  /** The smallest promotion count at least {@code atLeast} that is coprime to {@code members}. */
  static int coprimeFrom(int atLeast, int members) {
    int p = Math.max(1, atLeast);
    while (gcd(members, p) != 1) {
      p++;
    }
    return p;
  }
}
