package dev.slipstream.metrics.processor;

import com.palantir.javapoet.AnnotationSpec;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import com.palantir.javapoet.TypeVariableName;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeParameterElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.ExecutableType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/** Writes the Java source of a {@link DecoratorModel}. Deterministic. Package-private. */
final class DecoratorWriter {

  private static final ClassName METRICS = ClassName.get("dev.slipstream.metrics", "Metrics");
  private static final ClassName GENERATED_CODE =
      ClassName.get("dev.slipstream.metrics.internal", "GeneratedCode");
  private static final ClassName TIMER = ClassName.get("dev.slipstream.metrics", "Timer");
  private static final ClassName OBJECTS = ClassName.get("java.util", "Objects");
  private static final String GENERATED = "javax.annotation.processing.Generated";

  private final Types types;
  private final Elements elements;

  DecoratorWriter(Types types, Elements elements) {
    this.types = types;
    this.elements = elements;
  }

  JavaFile write(DecoratorModel model) {
    var type = model.type();
    List<TypeVariableName> typeVariables = type.getTypeParameters().stream()
        .map(TypeVariableName::get).collect(Collectors.toList());
    TypeName measuredType = typeVariables.isEmpty() ? ClassName.get(type)
        : ParameterizedTypeName.get(ClassName.get(type), typeVariables.toArray(TypeName[]::new));

    TypeSpec.Builder decorator = TypeSpec.classBuilder(model.decoratorName())
        .addTypeVariables(typeVariables)
        .addJavadoc("Measures {@link $T}: written by the Slipstream metrics processor; do not edit.\n",
            ClassName.get(type));
    if (elements.getTypeElement(GENERATED) != null) {
      decorator.addAnnotation(AnnotationSpec.builder(ClassName.bestGuess(GENERATED))
          .addMember("value", "$S", MeasuredProcessor.class.getName()).build());
    }
    if (type.getModifiers().contains(Modifier.PUBLIC)) {
      decorator.addModifiers(Modifier.PUBLIC);
    }
    if (model.isInterface()) {
      decorator.addModifiers(Modifier.FINAL).addSuperinterface(measuredType);
      decorator.addField(FieldSpec.builder(measuredType, "delegate", Modifier.PRIVATE,
          Modifier.FINAL).build());
    } else {
      decorator.superclass(measuredType);
    }
    for (DecoratorModel.MethodModel method : model.methods()) {
      if (method.measured()) {
        decorator.addField(FieldSpec.builder(TIMER, method.fieldPrefix() + "Timer",
            Modifier.PRIVATE, Modifier.FINAL).build());
      }
    }

    if (model.isInterface()) {
      MethodSpec.Builder constructor = MethodSpec.constructorBuilder().addModifiers(Modifier.PUBLIC)
          .addJavadoc("Wraps {@code delegate}; its measured calls are recorded into {@code metrics}.\n")
          .addParameter(measuredType, "delegate")
          .addParameter(METRICS, "metrics")
          .addStatement("this.delegate = $T.requireNonNull(delegate, $S)", OBJECTS,
              "delegate must not be null");
      initializeMetrics(constructor, model, "metrics");
      decorator.addMethod(constructor.build());
    } else {
      for (ExecutableElement superConstructor : model.constructors()) {
        decorator.addMethod(mirror(superConstructor, model));
      }
    }

    DeclaredType declared = (DeclaredType) type.asType();
    for (DecoratorModel.MethodModel method : model.methods()) {
      decorator.addMethod(override(method, declared, model.isInterface()));
    }
    return JavaFile.builder(elements.getPackageOf(type).getQualifiedName().toString(),
            decorator.build())
        .skipJavaLangImports(true)
        .indent("  ")
        .build();
  }

  private void initializeMetrics(MethodSpec.Builder constructor, DecoratorModel model,
      String metricsName) {
    constructor.addStatement("$T.requireNonNull($N, $S)", OBJECTS, metricsName,
        "metrics must not be null");
    for (DecoratorModel.MethodModel method : model.methods()) {
      if (!method.measured()) {
        continue;
      }
      String prefix = method.fieldPrefix();
      CodeBlock.Builder dimensions = CodeBlock.builder();
      boolean first = true;
      for (Map.Entry<String, String> entry : method.dimensions().entrySet()) {
        dimensions.add(first ? "$S, $S" : ", $S, $S", entry.getKey(), entry.getValue());
        first = false;
      }
      constructor.addStatement("this.$NTimer = $N.timer($T.dimensions($L))",
          prefix, metricsName, GENERATED_CODE, dimensions.build());
    }
  }

  /** A constructor with the superclass's parameters, after a Metrics. */
  private MethodSpec mirror(ExecutableElement superConstructor, DecoratorModel model) {
    List<String> names = new ArrayList<>();
    superConstructor.getParameters().forEach(p -> names.add(p.getSimpleName().toString()));
    String metricsName = names.contains("metrics") ? "measuredMetrics" : "metrics";
    MethodSpec.Builder constructor = MethodSpec.constructorBuilder()
        .addJavadoc("Mirrors the superclass constructor; measured calls are recorded into {@code "
            + metricsName + "}.\n")
        .addParameter(METRICS, metricsName);
    if (!superConstructor.getModifiers().contains(Modifier.PROTECTED)
        || superConstructor.getModifiers().contains(Modifier.PUBLIC)) {
      constructor.addModifiers(superConstructor.getModifiers().contains(Modifier.PUBLIC)
          ? new Modifier[] {Modifier.PUBLIC} : new Modifier[0]);
    } else {
      constructor.addModifiers(Modifier.PROTECTED);
    }
    for (TypeParameterElement typeParameter : superConstructor.getTypeParameters()) {
      constructor.addTypeVariable(TypeVariableName.get(typeParameter));
    }
    for (VariableElement parameter : superConstructor.getParameters()) {
      constructor.addParameter(ParameterSpec.get(parameter));
    }
    constructor.varargs(superConstructor.isVarArgs());
    for (TypeMirror thrown : superConstructor.getThrownTypes()) {
      constructor.addException(TypeName.get(thrown));
    }
    constructor.addStatement("super($L)", String.join(", ", names));
    initializeMetrics(constructor, model, metricsName);
    return constructor.build();
  }

  private MethodSpec override(DecoratorModel.MethodModel model, DeclaredType declared,
      boolean isInterface) {
    ExecutableElement method = model.method();
    MethodSpec.Builder builder = MethodSpec.overriding(method, declared, types);
    ExecutableType resolved = (ExecutableType) types.asMemberOf(declared, method);
    TypeMirror returnType = resolved.getReturnType();
    boolean isVoid = returnType.getKind() == TypeKind.VOID;
    String arguments = method.getParameters().stream().map(p -> p.getSimpleName().toString())
        .collect(Collectors.joining(", "));
    String target = isInterface ? "delegate" : "super";
    String call = target + "." + method.getSimpleName() + "(" + arguments + ")";
    if (!model.measured()) {
      builder.addStatement(isVoid ? "$L" : "return $L", call);
      return builder.build();
    }
    String prefix = model.fieldPrefix();
    if (!isInterface) {
      // The superclass constructor may call this method before our fields are set.
      builder.beginControlFlow("if ($NTimer == null)", prefix)
          .addStatement(isVoid ? "$L" : "return $L", call);
      if (isVoid) {
        builder.addStatement("return");
      }
      builder.endControlFlow();
    }
    builder.addStatement("long start$$ = $T.nanoTime()", System.class)
        .addStatement("boolean failed$$ = true")
        .beginControlFlow("try");
    if (isVoid) {
      builder.addStatement("$L", call).addStatement("failed$$ = false");
    } else {
      builder.addStatement("$T result$$ = $L", TypeName.get(returnType), call)
          .addStatement("failed$$ = false")
          .addStatement("return result$$");
    }
    builder.nextControlFlow("finally")
        .addStatement("$NTimer.record($T.nanoTime() - start$$, failed$$)", prefix, System.class)
        .endControlFlow();
    return builder.build();
  }
}
