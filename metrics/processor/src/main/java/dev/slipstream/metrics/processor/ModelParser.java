package dev.slipstream.metrics.processor;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.annotation.processing.Messager;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.NestingKind;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;
import javax.tools.Diagnostic;

/**
 * Reads one annotated type into a {@link DecoratorModel}, reporting every problem to the
 * {@link Messager} on the offending element with a short ID. Package-private.
 */
final class ModelParser {

  static final String ANNOTATION = "dev.slipstream.metrics.Measured";

  private final Elements elements;
  private final Messager messager;
  private boolean failed;

  ModelParser(Elements elements, Messager messager) {
    this.elements = elements;
    this.messager = messager;
  }

  /** The model, or empty if an error was reported. */
  Optional<DecoratorModel> parse(TypeElement type) {
    failed = false;
    boolean isInterface = type.getKind() == ElementKind.INTERFACE;
    if (!isInterface && type.getKind() != ElementKind.CLASS) {
      error(type, "SLIP006", "@Measured applies to interfaces and classes, not to a "
          + type.getKind().toString().toLowerCase(java.util.Locale.ROOT) + " such as "
          + type.getSimpleName());
      return Optional.empty();
    }
    if (type.getModifiers().contains(Modifier.PRIVATE)
        || (type.getNestingKind() == NestingKind.MEMBER && !type.getModifiers().contains(Modifier.STATIC)
            && !isInterface)) {
      error(type, "SLIP007", "@Measured type " + type.getSimpleName() + " must be top-level or a"
          + " static, non-private nested type");
      return Optional.empty();
    }
    if (!isInterface && type.getModifiers().contains(Modifier.FINAL)) {
      error(type, "SLIP001", "@Measured cannot decorate final class " + type.getSimpleName()
          + ": make it non-final, or measure an interface it implements");
      return Optional.empty();
    }
    if (!isInterface && type.getModifiers().contains(Modifier.ABSTRACT)) {
      error(type, "SLIP008", "@Measured cannot decorate abstract class " + type.getSimpleName()
          + ": measure a concrete class or an interface");
      return Optional.empty();
    }
    Optional<AnnotationMirror> onType = measured(type);
    Map<String, String> typeDimensions = onType.map(a -> dimensions(type, a))
        .orElse(Map.of());

    List<DecoratorModel.MethodModel> methods = new ArrayList<>();
    Map<String, Integer> overloads = new HashMap<>();
    for (ExecutableElement method : candidateMethods(type, isInterface)) {
      Optional<AnnotationMirror> onMethod = measured(method);
      boolean declaredHere = method.getEnclosingElement().equals(type);
      if (onMethod.isPresent() && !checkMeasurable(method)) {
        continue;
      }
      boolean measured = onMethod.isPresent()
          || (onType.isPresent() && method.getModifiers().contains(Modifier.PUBLIC)
              && !method.getModifiers().contains(Modifier.FINAL)
              && !method.getModifiers().contains(Modifier.STATIC)
              && (isInterface || declaredHere));
      if (!measured && !isInterface) {
        continue; // a subclass leaves unmeasured methods alone
      }
      String name = method.getSimpleName().toString();
      int index = overloads.merge(name, 1, Integer::sum) - 1;
      Map<String, String> dimensions = new LinkedHashMap<>();
      String operation = onMethod.map(a -> stringValue(a, "value")).filter(v -> !v.isEmpty())
          .orElse(name);
      dimensions.put("Operation", operation);
      dimensions.putAll(typeDimensions);
      onMethod.ifPresent(a -> dimensions.putAll(dimensions(method, a)));
      methods.add(new DecoratorModel.MethodModel(method, measured,
          index == 0 ? name : name + index, dimensions));
    }

    List<ExecutableElement> constructors = new ArrayList<>();
    if (!isInterface) {
      for (ExecutableElement constructor : ElementFilter.constructorsIn(type.getEnclosedElements())) {
        if (!constructor.getModifiers().contains(Modifier.PRIVATE)) {
          constructors.add(constructor);
        }
      }
      if (constructors.isEmpty()) {
        error(type, "SLIP005", "@Measured class " + type.getSimpleName() + " has no accessible"
            + " constructor: the decorator must extend it");
      }
    }
    if (methods.stream().noneMatch(DecoratorModel.MethodModel::measured) && !failed) {
      error(type, "SLIP009", "@Measured type " + type.getSimpleName() + " has no method to"
          + " measure");
    }
    if (failed) {
      return Optional.empty();
    }
    return Optional.of(new DecoratorModel(type, isInterface, decoratorName(type), methods,
        constructors));
  }

  /** Interfaces: every abstract or default method, inherited ones too. Classes: their own. */
  private List<ExecutableElement> candidateMethods(TypeElement type, boolean isInterface) {
    List<ExecutableElement> methods = new ArrayList<>();
    List<? extends Element> members = isInterface ? elements.getAllMembers(type)
        : type.getEnclosedElements();
    for (ExecutableElement method : ElementFilter.methodsIn(members)) {
      Element owner = method.getEnclosingElement();
      if (owner instanceof TypeElement
          && ((TypeElement) owner).getQualifiedName().contentEquals("java.lang.Object")) {
        continue;
      }
      if (isInterface && method.getModifiers().contains(Modifier.STATIC)) {
        continue;
      }
      if (isInterface && method.getModifiers().contains(Modifier.PRIVATE)) {
        continue;
      }
      methods.add(method);
    }
    return methods;
  }

  private boolean checkMeasurable(ExecutableElement method) {
    if (method.getModifiers().contains(Modifier.FINAL)) {
      error(method, "SLIP002", "@Measured method " + method.getSimpleName() + " is final:"
          + " the decorator cannot override it");
      return false;
    }
    if (method.getModifiers().contains(Modifier.PRIVATE)
        || method.getModifiers().contains(Modifier.STATIC)) {
      error(method, "SLIP003", "@Measured method " + method.getSimpleName() + " is "
          + (method.getModifiers().contains(Modifier.PRIVATE) ? "private" : "static")
          + ": only instance methods a subclass can override can be measured");
      return false;
    }
    return true;
  }

  private Map<String, String> dimensions(Element element, AnnotationMirror annotation) {
    Map<String, String> dimensions = new LinkedHashMap<>();
    for (AnnotationValue value : arrayValue(annotation, "dimensions")) {
      String pair = String.valueOf(value.getValue());
      int eq = pair.indexOf('=');
      if (eq <= 0 || eq == pair.length() - 1 || pair.indexOf('=', eq + 1) >= 0) {
        messager.printMessage(Diagnostic.Kind.ERROR, "[SLIP004] dimension \"" + pair
            + "\" must be written Key=Value", element, annotation, value);
        failed = true;
        continue;
      }
      String key = pair.substring(0, eq).trim();
      if (key.equals("Operation")) {
        messager.printMessage(Diagnostic.Kind.ERROR, "[SLIP004] dimension \"" + pair
            + "\" is reserved: Operation is the method's name, set it with @Measured(\"name\")",
            element, annotation, value);
        failed = true;
        continue;
      }
      dimensions.put(key, pair.substring(eq + 1).trim());
    }
    return dimensions;
  }

  private static Optional<AnnotationMirror> measured(Element element) {
    for (AnnotationMirror mirror : element.getAnnotationMirrors()) {
      Element annotationType = mirror.getAnnotationType().asElement();
      if (annotationType instanceof TypeElement
          && ((TypeElement) annotationType).getQualifiedName().contentEquals(ANNOTATION)) {
        return Optional.of(mirror);
      }
    }
    return Optional.empty();
  }

  private static String stringValue(AnnotationMirror annotation, String name) {
    for (var entry : annotation.getElementValues().entrySet()) {
      if (entry.getKey().getSimpleName().contentEquals(name)) {
        return String.valueOf(entry.getValue().getValue());
      }
    }
    return "";
  }

  @SuppressWarnings("unchecked")
  private static List<? extends AnnotationValue> arrayValue(AnnotationMirror annotation,
      String name) {
    for (var entry : annotation.getElementValues().entrySet()) {
      if (entry.getKey().getSimpleName().contentEquals(name)) {
        return (List<? extends AnnotationValue>) entry.getValue().getValue();
      }
    }
    return List.of();
  }

  /** Measured + the simple names from the top-level type down, joined by '_'. */
  static String decoratorName(TypeElement type) {
    StringBuilder name = new StringBuilder(type.getSimpleName());
    Element enclosing = type.getEnclosingElement();
    while (enclosing instanceof TypeElement) {
      name.insert(0, ((TypeElement) enclosing).getSimpleName() + "_");
      enclosing = enclosing.getEnclosingElement();
    }
    return "Measured" + name;
  }

  private void error(Element element, String id, String message) {
    messager.printMessage(Diagnostic.Kind.ERROR, "[" + id + "] " + message, element);
    failed = true;
  }
}
