package dev.gantry.it;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * The heap of this JVM as its collections see it while a piece of work runs: the most in use when a
 * collection began, the most left when one ended. In a farm of one JVM it counts the test and the
 * workers too, so it bounds the control plane's share from above.
 */
final class HeapWatch implements AutoCloseable {
    private final Set<String> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(pool -> pool.getType() == MemoryType.HEAP)
            .map(MemoryPoolMXBean::getName)
            .collect(Collectors.toSet());
    private final AtomicLong before = new AtomicLong();
    private final AtomicLong after = new AtomicLong();
    private final AtomicInteger collections = new AtomicInteger();
    private final List<NotificationEmitter> emitters = new ArrayList<>();
    private final NotificationListener listener = this::collected;
    private final long usedAtStart;

    HeapWatch() {
        for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (collector instanceof NotificationEmitter emitter) {
                emitter.addNotificationListener(listener, null, null);
                emitters.add(emitter);
            }
        }
        usedAtStart = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private void collected(Notification notification, Object handback) {
        if (!notification.getType().equals(GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION)) {
            return;
        }
        var info = GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData())
                .getGcInfo();
        before.accumulateAndGet(heap(info.getMemoryUsageBeforeGc()), Math::max);
        after.accumulateAndGet(heap(info.getMemoryUsageAfterGc()), Math::max);
        collections.incrementAndGet();
    }

    private long heap(Map<String, MemoryUsage> pools) {
        return pools.entrySet().stream()
                .filter(e -> heapPools.contains(e.getKey()))
                .mapToLong(e -> e.getValue().getUsed())
                .sum();
    }

    @Override
    public void close() {
        for (NotificationEmitter emitter : emitters) {
            try {
                emitter.removeNotificationListener(listener);
            } catch (ListenerNotFoundException e) {
                // never added: nothing to remove
            }
        }
    }

    @Override
    public String toString() {
        long max = Runtime.getRuntime().maxMemory() >> 20;
        return collections.get() == 0
                ? "no collection (" + (usedAtStart >> 20) + " MB in use at the start)"
                : "at most " + (before.get() >> 20) + " MB in use before a collection, at most " + (after.get() >> 20)
                        + " MB left after one, of " + max + " MB (" + collections.get() + " collections; "
                        + (usedAtStart >> 20) + " MB in use at the start)";
    }
}
