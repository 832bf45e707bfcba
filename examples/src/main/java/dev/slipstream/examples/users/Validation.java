package dev.slipstream.examples.users;

import java.util.Set;
import java.util.regex.Pattern;

/** Input rules, compiled once (the seed precompiled its UUID pattern too). */
final class Validation {

  static final Pattern UUID = Pattern.compile(
      "^[0-9a-f]{8}-[0-9a-f]{4}-[1-5][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$",
      Pattern.CASE_INSENSITIVE);
  private static final Pattern EMAIL = Pattern.compile("^[^@\\s]{1,64}@[^@\\s]{1,189}\\.[^@\\s]+$");
  static final Set<String> STATUSES = Set.of("active", "invited", "suspended");

  private Validation() {}

  static String userId(String id) {
    if (id == null || !UUID.matcher(id).matches()) {
      throw new ApiException(400, "Invalid user ID format: expected a UUID such as"
          + " 0b6f1d7e-6c5a-4b8e-9d3f-2a1c4e5f6a7b");
    }
    return id.toLowerCase(java.util.Locale.ROOT);
  }

  static String status(String status) {
    if (status == null || !STATUSES.contains(status)) {
      throw new ApiException(400, "status must be one of " + STATUSES.stream().sorted().toList()
          + ", but was '" + status + "'");
    }
    return status;
  }

  /** The input's fields, checked; {@code where} prefixes messages ("users[3]."). */
  static UserInput input(UserInput input, String where) {
    if (input == null) {
      throw new ApiException(400, where + "user must be a JSON object");
    }
    if (input.name() == null || input.name().isBlank() || input.name().length() > 100) {
      throw new ApiException(400, where + "name must be 1 to 100 characters");
    }
    if (input.email() == null || input.email().length() > 254
        || !EMAIL.matcher(input.email()).matches()) {
      throw new ApiException(400, where + "email must be an e-mail address, but was '"
          + input.email() + "'");
    }
    status(input.status());
    return input;
  }
}
