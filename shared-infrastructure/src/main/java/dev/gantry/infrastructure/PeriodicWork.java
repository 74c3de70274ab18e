package dev.gantry.infrastructure;

import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

/**
 * The scheduler each app runs its periodic work on (its one mechanism for it): every periodic task
 * registers itself with its interval from its properties record and cancels itself when its bean
 * stops; a failing tick is logged and the next one runs (the scheduler's error handler for
 * repeating tasks).
 *
 * <p>One thread per periodic task, so that a slow tick never delays another, plus spare ones for
 * Spring Integration, which uses the bean named {@code taskScheduler} instead of a scheduler of its
 * own. The scheduler is not stopped early when the context closes: ticks go on while the lifecycle
 * beans stop, each task is cancelled by its own bean, and a tick under way is given
 * {@code awaitTerminationSeconds}.
 */
public final class PeriodicWork {
    private PeriodicWork() {}

    public static ThreadPoolTaskScheduler scheduler(int threads, int awaitTerminationSeconds) {
        ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
        scheduler.setPoolSize(threads);
        scheduler.setThreadNamePrefix("gantry-ticks-");
        scheduler.setDaemon(true);
        scheduler.setRemoveOnCancelPolicy(true);
        scheduler.setWaitForTasksToCompleteOnShutdown(true);
        scheduler.setAwaitTerminationSeconds(awaitTerminationSeconds);
        return scheduler;
    }
}
