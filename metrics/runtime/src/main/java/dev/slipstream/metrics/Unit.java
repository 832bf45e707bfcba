package dev.slipstream.metrics;

/** CloudWatch's metric units, with the names CloudWatch spells. */
public enum Unit {
  SECONDS("Seconds"),
  MICROSECONDS("Microseconds"),
  MILLISECONDS("Milliseconds"),
  BYTES("Bytes"),
  KILOBYTES("Kilobytes"),
  MEGABYTES("Megabytes"),
  GIGABYTES("Gigabytes"),
  TERABYTES("Terabytes"),
  BITS("Bits"),
  KILOBITS("Kilobits"),
  MEGABITS("Megabits"),
  GIGABITS("Gigabits"),
  TERABITS("Terabits"),
  PERCENT("Percent"),
  COUNT("Count"),
  BYTES_PER_SECOND("Bytes/Second"),
  KILOBYTES_PER_SECOND("Kilobytes/Second"),
  MEGABYTES_PER_SECOND("Megabytes/Second"),
  GIGABYTES_PER_SECOND("Gigabytes/Second"),
  TERABYTES_PER_SECOND("Terabytes/Second"),
  BITS_PER_SECOND("Bits/Second"),
  KILOBITS_PER_SECOND("Kilobits/Second"),
  MEGABITS_PER_SECOND("Megabits/Second"),
  GIGABITS_PER_SECOND("Gigabits/Second"),
  TERABITS_PER_SECOND("Terabits/Second"),
  COUNT_PER_SECOND("Count/Second"),
  NONE("None");

  private final String cloudWatchName;

  Unit(String cloudWatchName) {
    this.cloudWatchName = cloudWatchName;
  }

  /**
   * The unit CloudWatch spells {@code name}.
   *
   * @throws IllegalArgumentException naming the valid spellings if there is none
   */
  public static Unit fromCloudWatchName(String name) {
    for (Unit unit : values()) {
      if (unit.cloudWatchName.equals(name)) {
        return unit;
      }
    }
    throw new IllegalArgumentException("'" + name + "' is not a CloudWatch unit; valid: "
        + java.util.Arrays.stream(values()).map(Unit::cloudWatchName).toList());
  }

  /** The unit as CloudWatch spells it, such as {@code Milliseconds}. */
  public String cloudWatchName() {
    return cloudWatchName;
  }
}
