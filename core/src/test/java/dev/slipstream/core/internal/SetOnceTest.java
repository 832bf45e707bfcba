package dev.slipstream.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SetOnceTest {

  private String value;

  @Test
  void secondSet_throwsAndKeepsTheFirstValue() {
    SetOnce once = new SetOnce();
    value = once.set("label", "first");
    assertThatThrownBy(() -> value = once.set("label", "second"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("label was already set; each builder setting may be set once");
    assertThat(value).isEqualTo("first");
    assertThat(once.set("other", "any")).as("other settings are untouched").isEqualTo("any");
  }
}
