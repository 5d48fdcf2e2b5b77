package io.switchboard.gateway.quota;

import com.hazelcast.map.IMap;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.ClientSideConfig;
import io.github.bucket4j.distributed.remote.CommandResult;
import io.github.bucket4j.distributed.remote.RemoteCommand;
import io.github.bucket4j.distributed.remote.Request;
import io.github.bucket4j.distributed.remote.commands.ConsumeIgnoringRateLimitsCommand;
import io.github.bucket4j.distributed.remote.commands.CreateInitialStateAndExecuteCommand;
import io.github.bucket4j.distributed.remote.commands.TryConsumeAndReturnRemainingTokensCommand;
import io.github.bucket4j.distributed.serialization.InternalSerializationHelper;
import io.github.bucket4j.distributed.versioning.Version;
import io.github.bucket4j.grid.hazelcast.HazelcastEntryProcessor;

/**
 * The exact buckets (an end user's, small limits): each call is one Bucket4j command run by Bucket4j's own
 * Hazelcast entry processor on the bucket's owner, the same bytes and bucket math as its proxies, with one
 * difference: the command always carries the bucket's configuration ({@link CreateInitialStateAndExecuteCommand}:
 * the owner creates the bucket if it has none), so a bucket not created yet (a user not seen yet, or whose
 * bucket the map forgot once it refilled) costs one operation, not Bucket4j's two (the proxy's first attempt
 * answers "not found" and is sent again with the configuration). A few dozen bytes more per request.
 *
 * <p>Not done on purpose: a token charge that does not wait for its answer ({@code IMap.submitToKey}). Hazelcast
 * hands every such answer to its default async executor, the common pool, which on a 2-core machine has a
 * parallelism of 1 and then starts a new thread per task (~400 µs of CPU per turn measured; with the pool
 * widened it cost as much CPU as waiting: docs/benchmarks.md).
 *
 * <p>Blocking (Hazelcast calls): call from a virtual thread.
 */
final class ExactBuckets {
    private final IMap<String, byte[]> map;
    private final ExpirationAfterWriteStrategy expiration;
    private final Version version = ClientSideConfig.getDefault().getBackwardCompatibilityVersion();

    ExactBuckets(IMap<String, byte[]> map, ExpirationAfterWriteStrategy expiration) {
        this.map = map;
        this.expiration = expiration;
    }

    /** Takes {@code tokens} if the bucket holds them; waits for the owner's answer. */
    ConsumptionProbe tryConsume(String key, BucketConfiguration configuration, long tokens) {
        Request<ConsumptionProbe> request =
                request(configuration, new TryConsumeAndReturnRemainingTokensCommand(tokens));
        return result(map.executeOnKey(key, new HazelcastEntryProcessor<>(request)));
    }

    /**
     * Takes {@code tokens} even past the limit; waits for the owner's answer.
     *
     * @return how many nanoseconds the bucket stays overdrawn (0 when it is not)
     */
    long charge(String key, BucketConfiguration configuration, long tokens) {
        Request<Long> request = request(configuration, new ConsumeIgnoringRateLimitsCommand(tokens));
        return this.<Long>result(map.executeOnKey(key, new HazelcastEntryProcessor<>(request)));
    }

    private <T> Request<T> request(BucketConfiguration configuration, RemoteCommand<T> command) {
        return new Request<>(
                new CreateInitialStateAndExecuteCommand<>(configuration, command), version, null, expiration);
    }

    private <T> T result(byte[] bytes) {
        CommandResult<T> result = InternalSerializationHelper.deserializeResult(bytes, version);
        if (result.isError() || result.isBucketNotFound()) {
            // Neither can come back from a command that carries its configuration to a member of this build.
            throw new IllegalStateException("quota bucket command failed: result type " + result.getResultTypeId());
        }
        return result.getData();
    }
}
