package dev.slipstream.core;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Enumeration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads the classes listed in every {@value #RESOURCE} on the class path (one binary name a line,
 * {@code #} comments), as Powertools' {@code ClassPreLoader} does: a function generates the list
 * from a real request's class loading, and the classes are loaded during init or before the
 * snapshot instead of in the first request. Classes are loaded and linked, not initialized (a
 * static initializer may build clients). A missing class is skipped. Package-private.
 */
final class ClassPreloader {

  static final String RESOURCE = "META-INF/slipstream/preload-classes.txt";
  private static final Logger LOG = LoggerFactory.getLogger(Lifecycle.class);

  private ClassPreloader() {}

  /** Loads every listed class; returns how many loaded. */
  static int preload(ClassLoader loader) {
    int loaded = 0;
    int missing = 0;
    try {
      Enumeration<URL> lists = loader.getResources(RESOURCE);
      while (lists.hasMoreElements()) {
        URL list = lists.nextElement();
        try (BufferedReader in = new BufferedReader(
            new InputStreamReader(list.openStream(), StandardCharsets.UTF_8))) {
          String line;
          while ((line = in.readLine()) != null) {
            String name = line.strip();
            if (name.isEmpty() || name.startsWith("#")) {
              continue;
            }
            try {
              Class.forName(name, false, loader);
              loaded++;
            } catch (ClassNotFoundException | LinkageError e) {
              missing++;
            }
          }
        }
      }
    } catch (IOException e) {
      LOG.warn("Could not read {}; classes load on first use instead", RESOURCE, e);
    }
    if (loaded + missing > 0) {
      LOG.info("Preloaded {} classes ({} listed but not found)", loaded, missing);
    }
    return loaded;
  }
}
