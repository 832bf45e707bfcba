package dev.slipstream.metrics;

/** CloudWatch's metric units, with the names CloudWatch spells. */
public enum Unit {
  /** CloudWatch's {@code Seconds}. */
  SECONDS("Seconds"),
  /** CloudWatch's {@code Microseconds}. */
  MICROSECONDS("Microseconds"),
  /** CloudWatch's {@code Milliseconds}. */
  MILLISECONDS("Milliseconds"),
  /** CloudWatch's {@code Bytes}. */
  BYTES("Bytes"),
  /** CloudWatch's {@code Kilobytes}. */
  KILOBYTES("Kilobytes"),
  /** CloudWatch's {@code Megabytes}. */
  MEGABYTES("Megabytes"),
  /** CloudWatch's {@code Gigabytes}. */
  GIGABYTES("Gigabytes"),
  /** CloudWatch's {@code Terabytes}. */
  TERABYTES("Terabytes"),
  /** CloudWatch's {@code Bits}. */
  BITS("Bits"),
  /** CloudWatch's {@code Kilobits}. */
  KILOBITS("Kilobits"),
  /** CloudWatch's {@code Megabits}. */
  MEGABITS("Megabits"),
  /** CloudWatch's {@code Gigabits}. */
  GIGABITS("Gigabits"),
  /** CloudWatch's {@code Terabits}. */
  TERABITS("Terabits"),
  /** CloudWatch's {@code Percent}. */
  PERCENT("Percent"),
  /** CloudWatch's {@code Count}. */
  COUNT("Count"),
  /** CloudWatch's {@code Bytes/Second}. */
  BYTES_PER_SECOND("Bytes/Second"),
  /** CloudWatch's {@code Kilobytes/Second}. */
  KILOBYTES_PER_SECOND("Kilobytes/Second"),
  /** CloudWatch's {@code Megabytes/Second}. */
  MEGABYTES_PER_SECOND("Megabytes/Second"),
  /** CloudWatch's {@code Gigabytes/Second}. */
  GIGABYTES_PER_SECOND("Gigabytes/Second"),
  /** CloudWatch's {@code Terabytes/Second}. */
  TERABYTES_PER_SECOND("Terabytes/Second"),
  /** CloudWatch's {@code Bits/Second}. */
  BITS_PER_SECOND("Bits/Second"),
  /** CloudWatch's {@code Kilobits/Second}. */
  KILOBITS_PER_SECOND("Kilobits/Second"),
  /** CloudWatch's {@code Megabits/Second}. */
  MEGABITS_PER_SECOND("Megabits/Second"),
  /** CloudWatch's {@code Gigabits/Second}. */
  GIGABITS_PER_SECOND("Gigabits/Second"),
  /** CloudWatch's {@code Terabits/Second}. */
  TERABITS_PER_SECOND("Terabits/Second"),
  /** CloudWatch's {@code Count/Second}. */
  COUNT_PER_SECOND("Count/Second"),
  /** CloudWatch's {@code None}. */
  NONE("None");

  private final String cloudWatchName;

  Unit(String cloudWatchName) {
    this.cloudWatchName = cloudWatchName;
  }

  /**
   * The unit CloudWatch spells {@code name}.
   *
   * @param name such as {@code Milliseconds} or {@code Count/Second}
   * @return the unit
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

  /**
   * The unit as CloudWatch spells it, such as {@code Milliseconds}.
   *
   * @return the CloudWatch name
   */
  public String cloudWatchName() {
    return cloudWatchName;
  }
}
