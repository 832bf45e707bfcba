package dev.slipstream.examples.users;

import java.util.List;

/**
 * One page of a listing.
 *
 * @param users newest first
 * @param nextCursor opaque, signed; null on the last page
 */
public record Page(List<User> users, String nextCursor) {}
