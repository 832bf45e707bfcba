/**
 * Runs the users API on localhost: starts dynalite and (when installed) redis-server, seeds users,
 * and serves the Lambda handler through the JDK's HTTP server. Not part of the Lambda jar.
 */
package dev.slipstream.examples.users.local;
