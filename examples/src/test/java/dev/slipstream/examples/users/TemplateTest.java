package dev.slipstream.examples.users;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The deploy template against what the code needs (cfn-lint, run by the test command, checks it
 * against CloudFormation's rules): every variable the app reads is set, secrets are not
 * parameters, the table survives the stack, imports end within API Gateway's limit, and the
 * alarms watch metrics that failures actually move.
 */
class TemplateTest {

  private static String template() throws Exception {
    return Files.readString(Path.of(System.getProperty("slipstream.root", ".."), "examples",
        "template.yaml"));
  }

  @Test
  void everyVariableTheAppReads_isSet_secretsNeverParameters() throws Exception {
    String template = template();
    assertThat(template).contains("USERS_TABLE: !Ref UsersTable", "STAGE: !Ref Stage",
        "CURSOR_SECRET: !Sub '{{resolve:secretsmanager:${CursorSecret}:SecretString}}'",
        "REDIS_URL: !If");
    assertThat(template).containsPattern("(?m)^  CursorSecret:\\n    Type: AWS::SecretsManager::Secret");
    assertThat(template).doesNotContainPattern("(?m)^  CursorSecret:\\n    Type: String");
  }

  @Test
  void runtimeTableImportAndAlarms() throws Exception {
    String template = template();
    assertThat(template).contains("Runtime: java25");
    assertThat(template).containsPattern(
        "UsersTable:\\n    Type: AWS::DynamoDB::Table\\n(.*\\n)*?    DeletionPolicy: Retain");
    assertThat(template).containsPattern("FunctionName: !Sub users-import-\\$\\{Stage}"
        + "(.*\\n)*?      Timeout: (\\d+)");
    java.util.regex.Matcher timeout = java.util.regex.Pattern.compile(
        "users-import-\\$\\{Stage}[\\s\\S]*?Timeout: (\\d+)").matcher(template);
    assertThat(timeout.find()).isTrue();
    assertThat(Integer.parseInt(timeout.group(1))).as("under API Gateway's 29 s").isLessThan(29);
    assertThat(template).contains("MetricName: 5XXError", "MetricName: InvocationErrors",
        "Namespace: SlipstreamUsers", "VpcConfig: !If", "Type: AWS::EC2::VPCEndpoint",
        "Type: AWS::ElastiCache::ServerlessCache");
    assertThat(template).doesNotContain("MetricName: Errors\n");
  }

  @Test
  void everyHandlerAndVariableInTheTemplate_existsInTheCode() throws Exception {
    String template = template();
    java.util.regex.Matcher handler = java.util.regex.Pattern.compile(
        "Handler: ([\\w.]+)::(\\w+)").matcher(template);
    int handlers = 0;
    while (handler.find()) {
      handlers++;
      Class<?> type = Class.forName(handler.group(1));
      assertThat(java.util.Arrays.stream(type.getMethods()).map(java.lang.reflect.Method::getName))
          .as(handler.group()).contains(handler.group(2));
    }
    assertThat(handlers).isEqualTo(2);
    String app = Files.readString(Path.of(System.getProperty("slipstream.root", ".."), "examples",
        "src/main/java/dev/slipstream/examples/users/UsersApp.java"));
    java.util.regex.Matcher variable = java.util.regex.Pattern.compile(
        "(?m)^        ([A-Z_]+): ").matcher(template);
    int variables = 0;
    while (variable.find()) {
      String name = variable.group(1);
      if (name.equals("JAVA_TOOL_OPTIONS")) {
        continue; // read by the JVM
      }
      variables++;
      assertThat(app).as("the app reads %s", name).contains("\"" + name + "\"");
    }
    assertThat(variables).isEqualTo(4);
  }
}
