package test;

import dev.slipstream.metrics.Measured;
import java.io.IOException;

@Measured(dimensions = "Layer=data")
public class Repository {
  protected final String table;

  public Repository(String table) {
    this.table = table;
  }

  protected Repository(String table, int shards) throws IOException {
    this.table = table + shards;
  }

  public String load(String key) throws IOException {
    return table + ":" + key;
  }

  public void store(String key, long version) {}

  int internal() {
    return 1;
  }

  public final String name() {
    return table;
  }
}
