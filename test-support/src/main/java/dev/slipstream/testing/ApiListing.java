package dev.slipstream.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Member;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Every public signature of a module, as text, compared with a listing committed beside the
 * module ({@code api.txt}): an API change fails the build until the listing is updated in the same
 * commit, so it shows up in review. {@code …internal} packages are left out: they are not API.
 *
 * <p>To accept a change: {@code ./mvnw test -pl <module> -Dslipstream.updateApi=true}, then review
 * the diff of {@code api.txt}.
 */
public final class ApiListing {

  private ApiListing() {}

  /**
   * Fails if the public API compiled into {@code classes} differs from {@code committed}.
   *
   * @param classes a module's {@code target/classes}
   * @param committed the module's {@code api.txt}
   */
  public static void assertUnchanged(Path classes, Path committed) {
    String actual = of(classes);
    try {
      if (Boolean.getBoolean("slipstream.updateApi")) {
        Files.writeString(committed, actual, StandardCharsets.UTF_8);
        return;
      }
      String expected = Files.exists(committed)
          ? Files.readString(committed, StandardCharsets.UTF_8) : "";
      if (!expected.equals(actual)) {
        Path written = classes.resolveSibling("api-actual.txt");
        Files.writeString(written, actual, StandardCharsets.UTF_8);
        throw new AssertionError("The public API differs from " + committed + " (actual in "
            + written + "). If the change is meant, run the tests with"
            + " -Dslipstream.updateApi=true and commit the listing; the change:\n"
            + difference(expected, actual));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The listing of the public types under {@code classes}: one block per type, sorted, its
   * public and protected members below it, sorted.
   *
   * @param classes a directory of compiled classes on this class path
   * @return the listing
   */
  public static String of(Path classes) {
    List<String> names;
    try (Stream<Path> files = Files.walk(classes)) {
      names = files.map(classes::relativize).map(Path::toString)
          .filter(name -> name.endsWith(".class"))
          .filter(name -> !name.endsWith("module-info.class")
              && !name.endsWith("package-info.class"))
          .map(name -> name.substring(0, name.length() - ".class".length())
              .replace('/', '.').replace('\\', '.'))
          .filter(name -> !name.contains(".internal."))
          .sorted().collect(Collectors.toList());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    StringBuilder out = new StringBuilder();
    for (String name : names) {
      Class<?> type = load(name);
      if (isApi(type)) {
        describe(type, out);
      }
    }
    return out.toString();
  }

  private static void describe(Class<?> type, StringBuilder out) {
    out.append(header(type)).append('\n');
    Set<String> members = new TreeSet<>();
    for (var field : type.getDeclaredFields()) {
      if (visible(field) && !field.isSynthetic()) {
        members.add(field.toGenericString());
      }
    }
    for (var constructor : type.getDeclaredConstructors()) {
      if (visible(constructor) && !constructor.isSynthetic()) {
        members.add(constructor.toGenericString());
      }
    }
    for (var method : type.getDeclaredMethods()) {
      if (visible(method) && !method.isSynthetic() && !method.isBridge()) {
        members.add(method.toGenericString());
      }
    }
    String qualifier = " " + type.getName() + ".";
    members.forEach(member -> out.append("  ").append(member.replace(qualifier, " "))
        .append('\n'));
    out.append('\n');
  }

  private static String header(Class<?> type) {
    StringBuilder header = new StringBuilder(type.toGenericString());
    Type superclass = type.getGenericSuperclass();
    if (superclass != null && superclass != Object.class && !type.isEnum() && !type.isRecord()) {
      header.append(" extends ").append(superclass.getTypeName());
    }
    Type[] interfaces = type.getGenericInterfaces();
    if (interfaces.length > 0) {
      header.append(type.isInterface() ? " extends " : " implements ");
      List<String> names = new ArrayList<>();
      for (Type each : interfaces) {
        names.add(each.getTypeName());
      }
      header.append(String.join(", ", names));
    }
    return header.toString();
  }

  private static boolean isApi(Class<?> type) {
    if (type.isSynthetic() || type.isAnonymousClass() || type.isLocalClass()) {
      return false;
    }
    for (Class<?> each = type; each != null; each = each.getDeclaringClass()) {
      if (!Modifier.isPublic(each.getModifiers()) && !Modifier.isProtected(each.getModifiers())) {
        return false;
      }
    }
    return true;
  }

  private static boolean visible(Member member) {
    int modifiers = member.getModifiers();
    return Modifier.isPublic(modifiers) || Modifier.isProtected(modifiers);
  }

  private static Class<?> load(String name) {
    try {
      return Class.forName(name, false, Thread.currentThread().getContextClassLoader());
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException(name + " is under the classes directory but not on the"
          + " class path", e);
    }
  }

  /** Lines only in one side, in order, marked - and +; enough to read an API change. */
  private static String difference(String expected, String actual) {
    Set<String> before = new LinkedHashSet<>(expected.lines().toList());
    Set<String> after = new LinkedHashSet<>(actual.lines().toList());
    StringBuilder out = new StringBuilder();
    before.stream().filter(line -> !line.isBlank() && !after.contains(line))
        .forEach(line -> out.append("- ").append(line).append('\n'));
    after.stream().filter(line -> !line.isBlank() && !before.contains(line))
        .forEach(line -> out.append("+ ").append(line).append('\n'));
    return out.length() == 0 ? "(order or blank lines only)\n" : out.toString();
  }
}
