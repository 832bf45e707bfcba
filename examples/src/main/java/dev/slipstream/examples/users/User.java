package dev.slipstream.examples.users;

/**
 * A user, as stored and as returned.
 *
 * @param id a UUID
 * @param name display name
 * @param email e-mail address
 * @param status {@code active}, {@code invited} or {@code suspended}
 * @param createdAt epoch milliseconds
 * @param updatedAt epoch milliseconds
 */
public record User(String id, String name, String email, String status, long createdAt,
    long updatedAt) {}
