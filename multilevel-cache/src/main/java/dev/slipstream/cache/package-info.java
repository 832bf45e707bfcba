/**
 * A two-tier cache: {@link dev.slipstream.cache.TieredCache} keeps hot values in the instance
 * (Caffeine, L1) and shares them across Lambda instances through Redis (L2,
 * {@link dev.slipstream.cache.RedisTier}), loads each missing key once per instance, broadcasts
 * invalidations, and keeps answering with L1 and the loader when Redis is slow, down or tripped.
 */
package dev.slipstream.cache;
