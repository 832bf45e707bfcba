package dev.slipstream.metrics.processor;

import java.util.List;
import java.util.Map;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;

/**
 * What one decorator contains: parsed and checked, ready to write. Immutable.
 *
 * @param type the measured type
 * @param isInterface whether the decorator wraps (interface) or extends (class)
 * @param decoratorName the simple name of the class to write
 * @param methods methods to override, measured or (interfaces only) delegated as they are
 * @param constructors constructors to mirror (classes only)
 */
record DecoratorModel(TypeElement type, boolean isInterface, String decoratorName,
    List<MethodModel> methods, List<ExecutableElement> constructors) {

  /**
   * One method of the decorator.
   *
   * @param method the method overridden
   * @param measured whether calls are measured; if not, only delegated
   * @param fieldPrefix the prefix of its metric fields, unique per decorator
   * @param dimensions the dimensions, {@code Operation} first, in order
   */
  record MethodModel(ExecutableElement method, boolean measured, String fieldPrefix,
      Map<String, String> dimensions) {}
}
