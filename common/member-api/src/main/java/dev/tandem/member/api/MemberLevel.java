package dev.tandem.member.api;

/** Levels, earned by points. Promotions name the level they require. */
public enum MemberLevel {
  BASIC(0),
  SILVER(1_000),
  GOLD(5_000);

  private final long minimumPoints;

  MemberLevel(long minimumPoints) {
    this.minimumPoints = minimumPoints;
  }

  public long minimumPoints() {
    return minimumPoints;
  }

  /** The highest level the points reach. */
  public static MemberLevel forPoints(long points) {
    MemberLevel reached = BASIC;
    for (MemberLevel level : values()) {
      if (points >= level.minimumPoints) {
        reached = level;
      }
    }
    return reached;
  }

  /** True when a member of this level may take what {@code required} asks for. */
  public boolean reaches(MemberLevel required) {
    return compareTo(required) >= 0;
  }
}
