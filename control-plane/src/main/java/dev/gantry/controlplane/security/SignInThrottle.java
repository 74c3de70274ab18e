package dev.gantry.controlplane.security;

import dev.gantry.infrastructure.RedisProperties;
import java.time.Duration;
import java.util.Locale;
import org.redisson.api.RAtomicLong;
import org.redisson.api.RedissonClient;
import org.springframework.stereotype.Component;

/**
 * Slows guessing of passwords: failed sign-ins are counted in Redis per account and per client
 * address in a fixed window, shared by every control plane; past the limit further attempts are
 * refused without checking the password until the window passes. Each counter expires with its
 * window, so what is held stays bounded by the addresses and accounts tried recently.
 */
@Component
class SignInThrottle {
    private final RedissonClient redis;
    private final String prefix;
    private final SignInProperties properties;

    SignInThrottle(RedissonClient redis, RedisProperties redisProperties, SignInProperties properties) {
        this.redis = redis;
        this.prefix = redisProperties.keys().prefix() + ":sign-in:";
        this.properties = properties;
    }

    /** How long until this account or address may try again; zero when it may now. */
    Duration waitFor(String email, String address) {
        Duration account = waitFor(accountCounter(email), properties.maxFailures());
        Duration place = waitFor(addressCounter(address), properties.maxAddressFailures());
        return account.compareTo(place) >= 0 ? account : place;
    }

    void failed(String email, String address) {
        count(accountCounter(email));
        count(addressCounter(address));
    }

    /** A correct password clears the account's failures (not the address's: others may be guessing there). */
    void succeeded(String email) {
        accountCounter(email).delete();
    }

    private Duration waitFor(RAtomicLong counter, int max) {
        if (counter.get() < max) {
            return Duration.ZERO;
        }
        long ttl = counter.remainTimeToLive();
        return ttl > 0 ? Duration.ofMillis(ttl) : properties.failureWindow();
    }

    private void count(RAtomicLong counter) {
        if (counter.incrementAndGet() == 1) {
            counter.expire(properties.failureWindow());
        }
    }

    private RAtomicLong accountCounter(String email) {
        // hashed: an e-mail address is bounded by the key's length and not written to Redis in clear
        return redis.getAtomicLong(
                prefix + "account:" + ApiKeys.hash(email.strip().toLowerCase(Locale.ROOT)));
    }

    private RAtomicLong addressCounter(String address) {
        return redis.getAtomicLong(prefix + "address:" + ApiKeys.hash(address));
    }
}
