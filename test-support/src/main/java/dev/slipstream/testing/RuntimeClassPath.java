package dev.slipstream.testing;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A build's runtime class path, as {@code maven-dependency-plugin:build-classpath} wrote it (the
 * file named by the {@code runtime.classpath.file} system property): what a user's deploy jar would
 * carry, for tests that check a module brings only what it needs.
 *
 * <pre>{@code
 * assertThat(RuntimeClassPath.read().artifactIds()).containsExactlyInAnyOrder("slipstream-core", "slf4j-api");
 * }</pre>
 */
public final class RuntimeClassPath {

  /** A jar: its artifact id and version, where its path or name tells them. */
  public record Jar(String artifactId, String version, Path path) {}

  private static final Pattern REPOSITORY =
      Pattern.compile(".*/repository/(.+)/([^/]+)/([^/]+)/[^/]+\\.jar$");
  private static final Pattern FILE = Pattern.compile("(.+?)-(\\d[^/]*)\\.jar$");

  private final List<Jar> jars;

  private RuntimeClassPath(List<Jar> jars) {
    this.jars = List.copyOf(jars);
  }

  /**
   * The class path in the file named by {@code runtime.classpath.file}.
   *
   * @return the class path
   * @throws IllegalStateException if the property or the file is missing
   */
  public static RuntimeClassPath read() {
    String file = System.getProperty("runtime.classpath.file");
    if (file == null) {
      throw new IllegalStateException("System property runtime.classpath.file is not set: write"
          + " it with maven-dependency-plugin:build-classpath and pass it to Surefire");
    }
    try {
      String text = Files.readString(Path.of(file)).strip();
      List<Jar> jars = new ArrayList<>();
      for (String entry : text.isEmpty() ? new String[0] : text.split(File.pathSeparator)) {
        jars.add(parse(Path.of(entry)));
      }
      return new RuntimeClassPath(jars);
    } catch (IOException e) {
      throw new IllegalStateException("Could not read " + file, e);
    }
  }

  /**
   * Every jar.
   *
   * @return the jars, in class path order
   */
  public List<Jar> jars() {
    return jars;
  }

  /**
   * Every jar's artifact id.
   *
   * @return the ids, in class path order
   */
  public List<String> artifactIds() {
    return jars.stream().map(Jar::artifactId).toList();
  }

  /**
   * The jars whose path contains {@code fragment}, such as {@code /software/amazon/awssdk/}.
   *
   * @param fragment part of a path, with {@code /} separators
   * @return the matching jars
   */
  public List<Jar> matching(String fragment) {
    return jars.stream().filter(j -> j.path().toString().replace(File.separatorChar, '/')
        .contains(fragment)).toList();
  }

  private static Jar parse(Path path) {
    String unix = path.toString().replace(File.separatorChar, '/');
    Matcher repository = REPOSITORY.matcher(unix);
    if (repository.matches()) {
      return new Jar(repository.group(2), repository.group(3), path);
    }
    Matcher file = FILE.matcher(path.getFileName().toString());
    if (file.matches()) {
      return new Jar(file.group(1), file.group(2), path);
    }
    return new Jar(path.getFileName().toString(), "?", path); // a reactor module's classes
  }

  @Override
  public String toString() {
    return artifactIds().toString();
  }
}
