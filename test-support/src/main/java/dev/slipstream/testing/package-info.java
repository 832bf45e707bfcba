/**
 * JUnit 5 extensions that start real servers for Slipstream's integration tests: redis-server and
 * dynalite, each on a free loopback port, stopped after the test class. A missing binary fails the
 * test with an install hint; nothing is skipped.
 */
package dev.slipstream.testing;
