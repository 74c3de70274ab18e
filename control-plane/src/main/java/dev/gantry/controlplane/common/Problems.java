package dev.gantry.controlplane.common;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.context.ApplicationContext;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.util.function.SingletonSupplier;
import org.springframework.web.method.ControllerAdviceBean;
import org.springframework.web.method.annotation.ExceptionHandlerMethodResolver;

/**
 * The problem detail an exception would answer in a request, for work that fails outside one (a
 * job whose status a client reads later): the same {@code @ExceptionHandler} methods of the same
 * advice beans, tried in the order Spring MVC tries them, so a job's failure reads exactly as the
 * request's would have (a plan limit as 403 {@code plan-limit} with its figures, and so on).
 */
@Component
public class Problems {
    private record Advice(ControllerAdviceBean bean, ExceptionHandlerMethodResolver resolver) {}

    /** Found at the first failure, once the context is up, as Spring MVC finds them after its refresh. */
    private final SingletonSupplier<List<Advice>> advices;

    Problems(ApplicationContext context) {
        this.advices = SingletonSupplier.of(() -> ControllerAdviceBean.findAnnotatedBeans(context).stream()
                .map(bean -> new Advice(bean, new ExceptionHandlerMethodResolver(bean.getBeanType())))
                .toList());
    }

    /** The problem for {@code failure} (or the first of its causes a handler takes), as JSON members. */
    public Map<String, Object> of(Throwable failure) {
        for (Throwable e = failure; e != null; e = e.getCause()) {
            for (Advice advice : advices.obtain()) {
                Method method = advice.resolver().resolveMethodByExceptionType(e.getClass());
                if (method == null) {
                    continue;
                }
                if (method.getParameterCount() == 1
                        && method.getParameterTypes()[0].isInstance(e)
                        && ProblemDetail.class.isAssignableFrom(method.getReturnType())) {
                    ProblemDetail problem = invoke(advice, method, e);
                    if (problem != null && problem.getStatus() < 500) {
                        return json(problem);
                    }
                }
                break; // this advice decides for this exception; a cause may still be a client's fault
            }
        }
        return json(ProblemDetailsAdvice.problem(
                HttpStatus.INTERNAL_SERVER_ERROR, "internal-error", "unexpected error; see the control plane log"));
    }

    private static ProblemDetail invoke(Advice advice, Method method, Throwable e) {
        try {
            method.setAccessible(true);
            return (ProblemDetail) method.invoke(advice.bean().resolveBean(), e);
        } catch (IllegalAccessException | InvocationTargetException | RuntimeException unexpected) {
            return null;
        }
    }

    /** As the API writes a problem: the standard members, then the extensions beside them. */
    static Map<String, Object> json(ProblemDetail problem) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("type", String.valueOf(problem.getType()));
        json.put("title", problem.getTitle());
        json.put("status", problem.getStatus());
        json.put("detail", problem.getDetail());
        if (problem.getProperties() != null) {
            json.putAll(problem.getProperties());
        }
        return json;
    }
}
