package dev.slipstream.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class EnvironmentTest {

  private final Environment env = Environment.of(Map.of(
      "TABLE", "users",
      "BLANK", "  ",
      "COUNT", "42",
      "BAD_COUNT", "forty-two",
      "FLAG", "TRUE",
      "TIMEOUT", "250ms"));

  @Test
  void required_set_returnsTrimmedValue() {
    assertThat(Environment.of(Map.of("A", " x ")).required("A")).isEqualTo("x");
  }

  @Test
  void required_missing_namesVariable() {
    assertThatThrownBy(() -> env.required("USERS_TABLE"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("Environment variable USERS_TABLE is required but was not set");
  }

  @Test
  void required_blank_saysBlank() {
    assertThatThrownBy(() -> env.required("BLANK"))
        .hasMessage("Environment variable BLANK is required but was blank");
  }

  @Test
  void optional_missingOrBlank_returnsFallback() {
    assertThat(env.optional("NOPE", "d")).isEqualTo("d");
    assertThat(env.optional("BLANK", "d")).isEqualTo("d");
    assertThat(env.optional("TABLE", "d")).isEqualTo("users");
  }

  @Test
  void intValue_validOrMissing() {
    assertThat(env.intValue("COUNT", 7)).isEqualTo(42);
    assertThat(env.intValue("NOPE", 7)).isEqualTo(7);
  }

  @Test
  void intValue_invalid_namesVariableAndValue() {
    assertThatThrownBy(() -> env.intValue("BAD_COUNT", 1))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("BAD_COUNT")
        .hasMessageContaining("must be an integer")
        .hasMessageContaining("'forty-two'");
  }

  @Test
  void booleanValue_acceptsTrueFalseOnly() {
    assertThat(env.booleanValue("FLAG", false)).isTrue();
    assertThat(env.booleanValue("NOPE", true)).isTrue();
    assertThatThrownBy(() -> env.booleanValue("COUNT", false))
        .hasMessage("Environment variable COUNT must be 'true' or 'false', but was '42'");
  }

  @ParameterizedTest
  @CsvSource({
      "250ms, PT0.25S",
      "5s, PT5S",
      "2m, PT2M",
      "1h, PT1H",
      "1d, PT24H",
      "PT1M30S, PT1M30S",
      "0s, PT0S"})
  void duration_acceptedForms(String text, String expected) {
    Environment e = Environment.of(Map.of("D", text));
    assertThat(e.duration("D", Duration.ZERO)).isEqualTo(Duration.parse(expected));
  }

  @ParameterizedTest
  @ValueSource(strings = {"250", "5 sec", "-5s", "PT-1S", "1.5s", "99999999999999999999s", "P"})
  void duration_invalid_namesVariableValueAndValidForms(String text) {
    Environment e = Environment.of(Map.of("DB_TIMEOUT", text));
    assertThatThrownBy(() -> e.duration("DB_TIMEOUT", Duration.ZERO))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("DB_TIMEOUT")
        .hasMessageContaining("'" + text + "'")
        .hasMessageContaining("'250ms'");
  }

  @Test
  void duration_missing_returnsFallback() {
    assertThat(env.duration("NOPE", Duration.ofSeconds(3))).isEqualTo(Duration.ofSeconds(3));
    assertThat(env.duration("TIMEOUT", Duration.ZERO)).isEqualTo(Duration.ofMillis(250));
  }

  @Test
  void of_copiesTheMap() {
    java.util.HashMap<String, String> source = new java.util.HashMap<>(Map.of("A", "1"));
    Environment copy = Environment.of(source);
    source.put("A", "2");
    assertThat(copy.required("A")).isEqualTo("1");
  }

  @Test
  void env_staticFacade_readsProcessEnvironment() {
    assertThat(Env.optional("SLIPSTREAM_SURELY_UNSET_VARIABLE", "fallback")).isEqualTo("fallback");
    assertThat(Env.intValue("SLIPSTREAM_SURELY_UNSET_VARIABLE", 3)).isEqualTo(3);
    assertThatThrownBy(() -> Env.required("SLIPSTREAM_SURELY_UNSET_VARIABLE"))
        .hasMessageContaining("SLIPSTREAM_SURELY_UNSET_VARIABLE");
  }
}
