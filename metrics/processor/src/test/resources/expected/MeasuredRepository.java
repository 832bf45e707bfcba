package test;

import dev.slipstream.metrics.Metrics;
import dev.slipstream.metrics.Timer;
import dev.slipstream.metrics.internal.GeneratedCode;
import java.io.IOException;
import java.util.Objects;
import javax.annotation.processing.Generated;

/**
 * Measures {@link Repository}: written by the Slipstream metrics processor; do not edit.
 */
@Generated("dev.slipstream.metrics.processor.MeasuredProcessor")
public class MeasuredRepository extends Repository {
  private final Timer loadTimer;

  private final Timer storeTimer;

  /**
   * Mirrors the superclass constructor; measured calls are recorded into {@code metrics}.
   */
  public MeasuredRepository(Metrics metrics, String table) {
    super(table);
    Objects.requireNonNull(metrics, "metrics must not be null");
    this.loadTimer = metrics.timer(GeneratedCode.dimensions("Operation", "load", "Layer", "data"));
    this.storeTimer = metrics.timer(GeneratedCode.dimensions("Operation", "store", "Layer", "data"));
  }

  /**
   * Mirrors the superclass constructor; measured calls are recorded into {@code metrics}.
   */
  protected MeasuredRepository(Metrics metrics, String table, int shards) throws IOException {
    super(table, shards);
    Objects.requireNonNull(metrics, "metrics must not be null");
    this.loadTimer = metrics.timer(GeneratedCode.dimensions("Operation", "load", "Layer", "data"));
    this.storeTimer = metrics.timer(GeneratedCode.dimensions("Operation", "store", "Layer", "data"));
  }

  @Override
  public String load(String key) throws IOException {
    if (loadTimer == null) {
      return super.load(key);
    }
    long start$ = System.nanoTime();
    boolean failed$ = true;
    try {
      String result$ = super.load(key);
      failed$ = false;
      return result$;
    } finally {
      loadTimer.record(System.nanoTime() - start$, failed$);
    }
  }

  @Override
  public void store(String key, long version) {
    if (storeTimer == null) {
      super.store(key, version);
      return;
    }
    long start$ = System.nanoTime();
    boolean failed$ = true;
    try {
      super.store(key, version);
      failed$ = false;
    } finally {
      storeTimer.record(System.nanoTime() - start$, failed$);
    }
  }
}
