/**
 * The reference users API: a Lambda handler for API Gateway ({@link
 * dev.slipstream.examples.users.UsersHandler}) over DynamoDB, read through a two-tier cache,
 * measured with {@code @Measured} and EMF, profiled per invocation. {@link
 * dev.slipstream.examples.users.UsersApp} wires it; {@code local.LocalRunner} serves it on
 * localhost.
 */
package dev.slipstream.examples.users;
