package dev.gantry.worker.config;

import dev.gantry.infrastructure.PeriodicWork;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

/**
 * The worker's one mechanism for periodic work: every periodic task (the cancellation watch, the
 * registry's heartbeat, the heartbeat gauge) registers itself on this scheduler with its interval,
 * and cancels itself when its bean stops. A failing tick is logged and the next one runs (the
 * scheduler's error handler for repeating tasks).
 *
 * <p>One thread per periodic task, so that a tick waiting on Redis never delays another. The
 * scheduler is not stopped early when the context closes: while a stopping worker lets its
 * partitions finish (its consumers' lifecycle stop), the cancellation watch goes on ticking, so a
 * run cancelled then still stops its chains. Named {@code taskScheduler}, so that Spring Integration
 * uses it too instead of a scheduler of its own.
 */
@Configuration(proxyBeanMethods = false)
class SchedulingConfiguration {
    /** CancellationWatch, WorkerRegistry, WorkerActivity. */
    static final int PERIODIC_TASKS = 3;
    /** For Spring Integration's own timed work. */
    static final int SPARE_THREADS = 1;

    static final int AWAIT_TERMINATION_SECONDS = 5;

    @Bean
    ThreadPoolTaskScheduler taskScheduler() {
        return PeriodicWork.scheduler(PERIODIC_TASKS + SPARE_THREADS, AWAIT_TERMINATION_SECONDS);
    }
}
