package dev.slipstream.metrics.processor;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.TypeElement;
import javax.tools.Diagnostic;

/**
 * Writes a {@code Measured<Type>} decorator, in the type's package, for every type that is
 * annotated with {@code @dev.slipstream.metrics.Measured} or has a method that is. Errors go to the
 * compiler's messages on the offending element, each with an ID ({@code SLIP001} to
 * {@code SLIP009}); output is deterministic. Put it on {@code annotationProcessorPaths}.
 */
public final class MeasuredProcessor extends AbstractProcessor {

  /** Creates the processor; javac calls this. */
  public MeasuredProcessor() {}

  @Override
  public Set<String> getSupportedAnnotationTypes() {
    return Set.of(ModelParser.ANNOTATION);
  }

  @Override
  public SourceVersion getSupportedSourceVersion() {
    return SourceVersion.latestSupported();
  }

  @Override
  public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
    if (annotations.isEmpty()) {
      return false;
    }
    TypeElement annotation = processingEnv.getElementUtils().getTypeElement(ModelParser.ANNOTATION);
    if (annotation == null) {
      return false;
    }
    // Sorted by name: the same sources give the same output in the same order.
    Map<String, TypeElement> types = new TreeMap<>();
    for (Element element : round.getElementsAnnotatedWith(annotation)) {
      TypeElement type = element.getKind() == ElementKind.METHOD
          ? (TypeElement) element.getEnclosingElement() : (TypeElement) element;
      types.put(type.getQualifiedName().toString(), type);
    }
    ModelParser parser = new ModelParser(processingEnv.getElementUtils(),
        processingEnv.getMessager());
    DecoratorWriter writer = new DecoratorWriter(processingEnv.getTypeUtils(),
        processingEnv.getElementUtils());
    for (TypeElement type : types.values()) {
      try {
        parser.parse(type).ifPresent(model -> {
          try {
            writer.write(model).writeTo(processingEnv.getFiler());
          } catch (IOException e) {
            processingEnv.getMessager().printMessage(Diagnostic.Kind.ERROR,
                "[SLIP010] could not write " + model.decoratorName() + ": " + e, type);
          }
        });
      } catch (RuntimeException e) {
        // Never let an exception escape process(): javac would report it without the element.
        StringWriter trace = new StringWriter();
        e.printStackTrace(new PrintWriter(trace));
        processingEnv.getMessager().printMessage(Diagnostic.Kind.ERROR,
            "[SLIP000] internal error while processing " + type.getSimpleName() + ": " + trace,
            type);
      }
    }
    return false;
  }
}
