package test;

import dev.slipstream.metrics.Metrics;
import dev.slipstream.metrics.Timer;
import dev.slipstream.metrics.internal.GeneratedCode;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.annotation.processing.Generated;

/**
 * Measures {@link UserService}: written by the Slipstream metrics processor; do not edit.
 */
@Generated("dev.slipstream.metrics.processor.MeasuredProcessor")
public final class MeasuredUserService<K extends Comparable<K>> implements UserService<K> {
  private final UserService<K> delegate;

  private final Timer getTimer;

  private final Timer get1Timer;

  private final Timer convertTimer;

  private final Timer deleteTimer;

  private final Timer sizeTimer;

  /**
   * Wraps {@code delegate}; its measured calls are recorded into {@code metrics}.
   */
  public MeasuredUserService(UserService<K> delegate, Metrics metrics) {
    this.delegate = Objects.requireNonNull(delegate, "delegate must not be null");
    Objects.requireNonNull(metrics, "metrics must not be null");
    this.getTimer = metrics.timer(GeneratedCode.dimensions("Operation", "get", "Table", "users"));
    this.get1Timer = metrics.timer(GeneratedCode.dimensions("Operation", "getMany"));
    this.convertTimer = metrics.timer(GeneratedCode.dimensions("Operation", "convert"));
    this.deleteTimer = metrics.timer(GeneratedCode.dimensions("Operation", "delete"));
    this.sizeTimer = metrics.timer(GeneratedCode.dimensions("Operation", "size"));
  }

  @Override
  public Map<String, String> get(K id) throws IOException {
    long start$ = System.nanoTime();
    boolean failed$ = true;
    try {
      Map<String, String> result$ = delegate.get(id);
      failed$ = false;
      return result$;
    } finally {
      getTimer.record(System.nanoTime() - start$, failed$);
    }
  }

  @Override
  public List<Map<String, String>> get(K... ids) {
    long start$ = System.nanoTime();
    boolean failed$ = true;
    try {
      List<Map<String, String>> result$ = delegate.get(ids);
      failed$ = false;
      return result$;
    } finally {
      get1Timer.record(System.nanoTime() - start$, failed$);
    }
  }

  @Override
  public <T> T convert(Class<T> type, Object value) throws IOException, InterruptedException {
    long start$ = System.nanoTime();
    boolean failed$ = true;
    try {
      T result$ = delegate.convert(type, value);
      failed$ = false;
      return result$;
    } finally {
      convertTimer.record(System.nanoTime() - start$, failed$);
    }
  }

  @Override
  public void delete(K id) {
    long start$ = System.nanoTime();
    boolean failed$ = true;
    try {
      delegate.delete(id);
      failed$ = false;
    } finally {
      deleteTimer.record(System.nanoTime() - start$, failed$);
    }
  }

  @Override
  public boolean exists(K id) {
    return delegate.exists(id);
  }

  @Override
  public int size() {
    long start$ = System.nanoTime();
    boolean failed$ = true;
    try {
      int result$ = delegate.size();
      failed$ = false;
      return result$;
    } finally {
      sizeTimer.record(System.nanoTime() - start$, failed$);
    }
  }
}
