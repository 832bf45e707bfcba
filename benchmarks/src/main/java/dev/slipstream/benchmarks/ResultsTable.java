package dev.slipstream.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeMap;

/**
 * Turns JMH's JSON results into a Markdown table, each score beside its baseline from the same
 * run: {@code java -cp benchmarks.jar dev.slipstream.benchmarks.ResultsTable results.json out.md}.
 */
public final class ResultsTable {

  /** Benchmark methods that are baselines for the others of their class. */
  static final Set<String> BASELINES = Set.of("seedPattern", "concurrentHashMapGet",
      "rawLettuceGet", "directCall", "direct", "floorLongAdder", "floorHandBuilt",
      "floorCaffeineExpireAfterWrite");

  private ResultsTable() {}

  /**
   * Entry point.
   *
   * @param args the JMH JSON file, the Markdown file to write
   */
  public static void main(String[] args) throws IOException {
    JsonNode results = new ObjectMapper().readTree(Path.of(args[0]).toFile());
    TreeMap<String, List<JsonNode>> byClassAndParams = new TreeMap<>();
    for (JsonNode result : results) {
      String name = result.get("benchmark").asText();
      String group = name.substring(0, name.lastIndexOf('.')) + " " + params(result);
      byClassAndParams.computeIfAbsent(group, g -> new ArrayList<>()).add(result);
    }
    StringBuilder md = new StringBuilder();
    md.append("| benchmark | params | score | error (99.9%) | unit | vs baseline |\n");
    md.append("|---|---|---|---|---|---|\n");
    byClassAndParams.forEach((group, rows) -> {
      JsonNode baseline = rows.stream().filter(r -> BASELINES.contains(method(r))).findFirst()
          .orElse(null);
      for (JsonNode row : rows) {
        double score = row.at("/primaryMetric/score").asDouble();
        String ratio = baseline == null || row == baseline ? (row == baseline ? "baseline" : "")
            : String.format(Locale.ROOT, "%.2f× %s", score
                / baseline.at("/primaryMetric/score").asDouble(), method(baseline));
        String name = row.get("benchmark").asText();
        md.append(String.format(Locale.ROOT, "| %s | %s | %.3f | ± %.3f | %s | %s |%n",
            name.substring(name.lastIndexOf('.', name.lastIndexOf('.') - 1) + 1), params(row),
            score, row.at("/primaryMetric/scoreError").asDouble(),
            row.at("/primaryMetric/scoreUnit").asText(), ratio));
      }
    });
    Files.writeString(Path.of(args[1]), md.toString(), StandardCharsets.UTF_8);
  }

  private static String method(JsonNode row) {
    String name = row.get("benchmark").asText();
    return name.substring(name.lastIndexOf('.') + 1);
  }

  private static String params(JsonNode row) {
    JsonNode params = row.get("params");
    if (params == null) {
      return "";
    }
    List<String> parts = new ArrayList<>();
    params.fields().forEachRemaining(e -> parts.add(e.getKey() + "=" + e.getValue().asText()));
    return String.join(", ", parts);
  }
}
