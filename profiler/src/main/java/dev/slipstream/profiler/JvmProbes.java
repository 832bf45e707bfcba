package dev.slipstream.profiler;

import java.io.IOException;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The JVM's and the OS's memory numbers, with the MXBeans looked up once. Package-private.
 */
final class JvmProbes {

  private static final Path STATUS = Path.of("/proc/self/status");
  private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();
  private static final List<GarbageCollectorMXBean> COLLECTORS =
      ManagementFactory.getGarbageCollectorMXBeans();
  private static final List<BufferPoolMXBean> BUFFERS =
      ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class);
  private static final MemoryPoolMXBean METASPACE = ManagementFactory.getMemoryPoolMXBeans()
      .stream().filter(p -> p.getType() == MemoryType.NON_HEAP && p.getName().equals("Metaspace"))
      .findFirst().orElse(null);
  private static final com.sun.management.ThreadMXBean THREADS = threads();

  private JvmProbes() {}

  private static com.sun.management.ThreadMXBean threads() {
    java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
    if (bean instanceof com.sun.management.ThreadMXBean) {
      com.sun.management.ThreadMXBean sun = (com.sun.management.ThreadMXBean) bean;
      if (sun.isThreadAllocatedMemorySupported()) {
        if (!sun.isThreadAllocatedMemoryEnabled()) {
          sun.setThreadAllocatedMemoryEnabled(true);
        }
        return sun;
      }
    }
    return null;
  }

  static MemoryUsage heap() {
    return MEMORY.getHeapMemoryUsage();
  }

  static long nonHeapUsed() {
    return MEMORY.getNonHeapMemoryUsage().getUsed();
  }

  static long metaspaceUsed() {
    return METASPACE == null ? -1 : METASPACE.getUsage().getUsed();
  }

  static long bufferUsed(String pool) {
    for (BufferPoolMXBean buffer : BUFFERS) {
      if (buffer.getName().equals(pool)) {
        return buffer.getMemoryUsed();
      }
    }
    return 0;
  }

  /** Collections and milliseconds collecting, over every collector. */
  static long[] gc() {
    long count = 0;
    long millis = 0;
    for (GarbageCollectorMXBean collector : COLLECTORS) {
      count += Math.max(0, collector.getCollectionCount());
      millis += Math.max(0, collector.getCollectionTime());
    }
    return new long[] {count, millis};
  }

  /** Bytes allocated by the calling thread so far, or -1 where unsupported. */
  static long allocatedByThisThread() {
    return THREADS == null ? -1 : THREADS.getCurrentThreadAllocatedBytes();
  }

  /** {VmRSS, VmHWM} in bytes, or null off Linux. */
  static long[] rss() {
    try {
      long rss = -1;
      long peak = -1;
      for (String line : Files.readAllLines(STATUS, StandardCharsets.US_ASCII)) {
        if (line.startsWith("VmRSS:")) {
          rss = kilobytes(line);
        } else if (line.startsWith("VmHWM:")) {
          peak = kilobytes(line);
        }
      }
      return rss < 0 ? null : new long[] {rss, peak < 0 ? rss : peak};
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /** "VmRSS:	   91234 kB" → bytes. */
  static long kilobytes(String line) {
    String digits = line.substring(line.indexOf(':') + 1).replace("kB", "").trim();
    return Long.parseLong(digits) * 1024;
  }
}
