package dev.slipstream.examples.users;

/**
 * What a client may send for one user: in {@code PUT /users/{id}}, and as the elements of
 * {@code POST /users/import} (where {@code id} may be given, else one is made).
 *
 * @param id optional in imports; ignored in PUT (the path has it)
 * @param name 1 to 100 characters
 * @param email an e-mail address of at most 254 characters
 * @param status {@code active}, {@code invited} or {@code suspended}
 */
public record UserInput(String id, String name, String email, String status) {}
