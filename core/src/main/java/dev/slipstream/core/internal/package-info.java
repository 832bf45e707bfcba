/**
 * Helpers Slipstream's modules share. <strong>Not API</strong>: public only so other Slipstream
 * modules can reach them; they may change in any release without notice, and their Javadoc is not
 * published.
 */
package dev.slipstream.core.internal;
