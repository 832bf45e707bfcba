package test;

import dev.slipstream.metrics.Measured;
import java.io.IOException;
import java.util.List;
import java.util.Map;

public interface UserService<K extends Comparable<K>> {
  @Measured(dimensions = "Table=users")
  Map<String, String> get(K id) throws IOException;

  @Measured("getMany")
  List<Map<String, String>> get(K... ids);

  @Measured
  <T> T convert(Class<T> type, Object value) throws IOException, InterruptedException;

  @Measured
  void delete(K id);

  boolean exists(K id);

  @Measured
  default int size() {
    return 0;
  }
}
