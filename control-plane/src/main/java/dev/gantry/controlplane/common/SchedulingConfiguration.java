package dev.gantry.controlplane.common;

import dev.gantry.infrastructure.PeriodicWork;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

/**
 * The control plane's one mechanism for periodic work: every periodic task (schedules, callbacks,
 * deadlines, waits, admission, gauges, purges) registers itself on this scheduler with its interval
 * from its properties record, and cancels itself when its bean stops. A failing tick is logged and
 * the next one runs (the scheduler's error handler for repeating tasks).
 *
 * <p>One thread per periodic task, so that a slow tick (a callback waiting on a CI system, a purge
 * of a large backlog) never delays another task. The scheduler is not stopped early when the
 * context closes: ticks go on while the lifecycle beans stop (a run's admission hands its runs over
 * first), and each task is cancelled by its own bean; a tick under way is then given a few seconds.
 * Named {@code taskScheduler}, so that Spring Integration uses it too instead of a scheduler of its own.
 */
@Configuration(proxyBeanMethods = false)
class SchedulingConfiguration {
    /** ScheduleFirer, CallbackSender, RunDeadlines, RunWaitController, RunAdmission, FarmGauges, two purges, the releases' catch-up. */
    static final int PERIODIC_TASKS = 9;
    /** For Spring Integration's own timed work. */
    static final int SPARE_THREADS = 2;

    static final int AWAIT_TERMINATION_SECONDS = 10;

    @Bean
    ThreadPoolTaskScheduler taskScheduler() {
        return PeriodicWork.scheduler(PERIODIC_TASKS + SPARE_THREADS, AWAIT_TERMINATION_SECONDS);
    }
}
