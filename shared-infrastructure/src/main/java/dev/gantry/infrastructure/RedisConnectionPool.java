package dev.gantry.infrastructure;

/**
 * The part of the Redisson client that differs between the apps: how many connections it keeps
 * open while idle. Each app declares one as a bean, sized for its own Redis traffic.
 *
 * @param minimumIdle connections opened at start and kept open while idle
 */
public record RedisConnectionPool(int minimumIdle) {
    public RedisConnectionPool {
        if (minimumIdle < 0) {
            throw new IllegalArgumentException("minimumIdle must not be negative: " + minimumIdle);
        }
    }
}
