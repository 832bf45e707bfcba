package dev.slipstream.metrics.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.testing.compile.Compiler.javac;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The processor under compile-testing: golden generated sources for good input under
 * {@code expected/}, and each error with its ID, message, file and line for bad input under
 * {@code bad/}. Run with {@code -Dslipstream.updateGolden=true} to rewrite the golden files after a
 * deliberate change, then review the diff.
 */
class MeasuredProcessorTest {

  private static Compilation compile(String resource) {
    return javac().withProcessors(new MeasuredProcessor())
        .withOptions("-Xlint:-processing")
        .compile(JavaFileObjects.forResource(resource));
  }

  private static void assertGolden(Compilation compilation, String qualifiedName,
      String expectedResource) throws IOException {
    JavaFileObject generated = compilation.generatedSourceFile(qualifiedName).orElseThrow();
    String actual = generated.getCharContent(false).toString();
    if (Boolean.getBoolean("slipstream.updateGolden")) {
      Path target = Path.of("src/test/resources", expectedResource);
      Files.writeString(target, actual, StandardCharsets.UTF_8);
    }
    String expected = new String(MeasuredProcessorTest.class.getClassLoader()
        .getResourceAsStream(expectedResource).readAllBytes(), StandardCharsets.UTF_8);
    assertThat(actual).isEqualTo(expected); // byte for byte: the output is deterministic
  }

  @Test
  void interface_genericsVarargsCheckedExceptionsOverloadsDefaults() throws IOException {
    Compilation compilation = compile("good/UserService.java");
    assertThat(compilation).succeededWithoutWarnings();
    assertGolden(compilation, "test.MeasuredUserService", "expected/MeasuredUserService.java");
  }

  @Test
  void class_constructorsMirroredPublicMethodsMeasured() throws IOException {
    Compilation compilation = compile("good/Repository.java");
    assertThat(compilation).succeededWithoutWarnings();
    assertGolden(compilation, "test.MeasuredRepository", "expected/MeasuredRepository.java");
  }

  @Test
  void output_isDeterministic() {
    String first = compile("good/UserService.java").generatedSourceFile("test.MeasuredUserService")
        .map(MeasuredProcessorTest::content).orElseThrow();
    String second = compile("good/UserService.java").generatedSourceFile("test.MeasuredUserService")
        .map(MeasuredProcessorTest::content).orElseThrow();
    assertThat(first).isEqualTo(second);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "bad/FinalClass.java|[SLIP001] @Measured cannot decorate final class FinalClass|6",
      "bad/FinalMethod.java|[SLIP002] @Measured method run is final|7",
      "bad/StaticAndPrivate.java|[SLIP003] @Measured method helper is static|7",
      "bad/StaticAndPrivate.java|[SLIP003] @Measured method hidden is private|10",
      "bad/BadDimension.java|[SLIP004] dimension \"NoEqualsSign\" must be written Key=Value|6",
      "bad/NoConstructor.java|[SLIP005] @Measured class NoConstructor has no accessible constructor|5"})
  void badInput_errorWithIdOnTheOffendingLine(String resource, String message, int line) {
    JavaFileObject source = JavaFileObjects.forResource(resource);
    Compilation compilation = javac().withProcessors(new MeasuredProcessor()).compile(source);
    assertThat(compilation).failed();
    assertThat(compilation).hadErrorContaining(message).inFile(source).onLine(line);
  }

  private static String content(JavaFileObject file) {
    try {
      return file.getCharContent(false).toString();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
