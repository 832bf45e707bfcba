package dev.slipstream.examples.users;

import dev.slipstream.core.Deadline;
import dev.slipstream.dynamo.BatchWriteResult;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Table creation and seeding for local runs and tests; not used on Lambda. */
public final class LocalSeed {

  private LocalSeed() {}

  /** Creates the users table with its status index. */
  public static void createTable(UsersApp app) {
    UserTable.create(app.dynamo(), app.table());
  }

  /** Writes {@code items} with DynamoBatch, failing if any is left. */
  public static BatchWriteResult write(UsersApp app, List<Map<String, AttributeValue>> items) {
    BatchWriteResult result = app.batch().putAll(app.table(), items, Deadline.none());
    result.throwIfIncomplete();
    return result;
  }
}
