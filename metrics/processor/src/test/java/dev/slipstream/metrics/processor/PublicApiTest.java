package dev.slipstream.metrics.processor;

import dev.slipstream.testing.ApiListing;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Every public signature of this module is in {@code api.txt}; see {@link ApiListing}. */
class PublicApiTest {

  @Test
  void publicApi_isTheCommittedListing() {
    ApiListing.assertUnchanged(Path.of("target/classes"), Path.of("api.txt"));
  }
}
