package io.switchboard.gateway.quota;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import java.time.Duration;

/**
 * The buckets of a gateway that is a cluster of one (no {@code cluster.members}: its Hazelcast member listens on
 * loopback and nothing can join it): Bucket4j's own local, lock-free buckets in this process, the same bucket
 * math as in the cluster's map without a Hazelcast operation per call. Every count is exact here — there is
 * no other member to settle with. A bucket untouched for its whole refill period is full again, the same as
 * no bucket, so it is forgotten then (the cluster's map forgets a refilled bucket too).
 */
final class LocalBuckets {
    private final Cache<String, Bucket> perMinute = buckets(Duration.ofMinutes(1));
    private final Cache<String, Bucket> perDay = buckets(Duration.ofDays(1));

    /** The bucket of {@code key}, created full with {@code configuration} if this process has none. */
    Bucket bucket(String key, BucketConfiguration configuration, boolean requests) {
        return (requests ? perMinute : perDay).get(key, k -> {
            var builder = Bucket.builder();
            for (Bandwidth bandwidth : configuration.getBandwidths()) {
                builder.addLimit(bandwidth);
            }
            return builder.build();
        });
    }

    private static Cache<String, Bucket> buckets(Duration refill) {
        return Caffeine.newBuilder()
                // Upkeep on the calling thread, as the cluster's quota caches (no common-pool wake-ups).
                .executor(Runnable::run)
                .expireAfterAccess(refill.plusSeconds(10))
                .build();
    }
}
