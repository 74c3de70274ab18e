package dev.gantry.demo.sampleapi;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/** A bounded, thread-safe in-memory store of items keyed by a random UUID. */
final class ItemStore {

    private final ConcurrentHashMap<String, Item> items = new ConcurrentHashMap<>();
    // Slots are reserved before inserting so concurrent creates can never push the map past its capacity.
    private final AtomicInteger reserved = new AtomicInteger();
    private final int capacity;

    ItemStore(int capacity) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("capacity must be positive: " + capacity);
        }
        this.capacity = capacity;
    }

    /** Stores a new item, or returns empty when the store is full. */
    Optional<Item> create(String name, BigDecimal price) {
        if (reserved.incrementAndGet() > capacity) {
            reserved.decrementAndGet();
            return Optional.empty();
        }
        Item item = new Item(randomUuid(), name, price);
        items.put(item.id(), item);
        return Optional.of(item);
    }

    Optional<Item> find(String id) {
        return Optional.ofNullable(items.get(id));
    }

    /** Up to {@code limit} items in no particular order, without copying the whole map. */
    List<Item> firstItems(int limit) {
        List<Item> page = new ArrayList<>(Math.min(limit, items.size()));
        Iterator<Item> values = items.values().iterator();
        while (page.size() < limit && values.hasNext()) {
            page.add(values.next());
        }
        return page;
    }

    int size() {
        return items.size();
    }

    // UUID.randomUUID() funnels every thread through one SecureRandom, which becomes a point of
    // contention under load; unguessable ids are not needed here, so a version-4 UUID is built
    // from the caller's ThreadLocalRandom instead.
    private static String randomUuid() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long mostSigBits = (random.nextLong() & ~0xF000L) | 0x4000L;
        long leastSigBits = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(mostSigBits, leastSigBits).toString();
    }
}
