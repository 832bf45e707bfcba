package dev.slipstream.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LazyTest {

  @Test
  void get_buildsOnceOnFirstUse() {
    AtomicInteger calls = new AtomicInteger();
    Lazy<String> lazy = Lazy.of(() -> "v" + calls.incrementAndGet());
    assertThat(lazy.isInitialized()).isFalse();
    assertThat(lazy.get()).isEqualTo("v1");
    assertThat(lazy.get()).isEqualTo("v1");
    assertThat(calls).hasValue(1);
    assertThat(lazy.isInitialized()).isTrue();
  }

  @Test
  void get_concurrentFirstUse_buildsExactlyOnce() throws Exception {
    int threads = 16;
    AtomicInteger calls = new AtomicInteger();
    CountDownLatch inSupplier = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Lazy<Object> lazy = Lazy.of(() -> {
      calls.incrementAndGet();
      inSupplier.countDown();
      await(release);
      return new Object();
    });
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<Object>> results = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        results.add(pool.submit(() -> {
          await(start);
          return lazy.get();
        }));
      }
      start.countDown();
      inSupplier.await(); // one thread is inside the supplier; the others queue behind it
      release.countDown();
      Object first = results.get(0).get();
      for (Future<Object> result : results) {
        assertThat(result.get()).isSameAs(first);
      }
      assertThat(calls).hasValue(1);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void get_supplierThrows_notCachedAndRetried() {
    AtomicInteger calls = new AtomicInteger();
    Lazy<String> lazy = Lazy.of(() -> {
      if (calls.incrementAndGet() == 1) {
        throw new IllegalStateException("network not ready");
      }
      return "ok";
    });
    assertThatThrownBy(lazy::get).hasMessage("network not ready");
    assertThat(lazy.isInitialized()).isFalse();
    assertThat(lazy.get()).isEqualTo("ok");
    assertThat(calls).hasValue(2);
  }

  @Test
  void get_supplierReturnsNull_failsClearly() {
    Lazy<String> lazy = Lazy.of(() -> null);
    assertThatThrownBy(lazy::get).isInstanceOf(NullPointerException.class)
        .hasMessage("Lazy supplier returned null");
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
