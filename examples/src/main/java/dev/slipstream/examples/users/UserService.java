package dev.slipstream.examples.users;

import dev.slipstream.core.Deadline;
import dev.slipstream.metrics.Measured;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The users domain. Every method is measured: the build writes {@code MeasuredUserService}, which
 * records Latency, Count and Errors per operation, with no reflection at run time.
 */
@Measured // the table is a default dimension of the app's Metrics, from USERS_TABLE
public interface UserService {

  /** The user, from L1, Redis or DynamoDB. */
  Optional<User> get(String id);

  /** The users that exist among {@code ids}: cache first, then one DynamoDB batch for the rest. */
  Map<String, User> getMany(Collection<String> ids, Deadline deadline);

  /** Creates or replaces the user's fields; other instances drop their cached copy. */
  User put(String id, UserInput input);

  /** Writes many users in DynamoDB batches; says which were not written. */
  ImportResult importAll(List<User> users, Deadline deadline);

  /** Users with {@code status}, newest first, from the status index. */
  Page list(String status, int limit, String cursor);
}
