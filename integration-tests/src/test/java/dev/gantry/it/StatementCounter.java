package dev.gantry.it;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.springframework.beans.factory.config.BeanPostProcessor;

/**
 * Counts the SQL statements an application context prepares, by wrapping its DataSource, so a
 * test can show that PostgreSQL traffic grows with partitions and chunks, not with steps.
 */
final class StatementCounter implements BeanPostProcessor {
    private final AtomicLong statements = new AtomicLong();

    long count() {
        return statements.get();
    }

    void reset() {
        statements.set(0);
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (bean instanceof DataSource dataSource) {
            return proxy(
                    DataSource.class,
                    dataSource,
                    (method, result) -> result instanceof Connection connection
                            ? proxy(Connection.class, connection, (m, r) -> {
                                String name = m.getName();
                                if (name.equals("prepareStatement")
                                        || name.equals("createStatement")
                                        || name.equals("prepareCall")) {
                                    statements.incrementAndGet();
                                }
                                return r;
                            })
                            : result);
        }
        return bean;
    }

    private interface ResultHook {
        Object after(Method method, Object result);
    }

    @SuppressWarnings("unchecked")
    private static <T> T proxy(Class<T> type, T target, ResultHook hook) {
        InvocationHandler handler = (proxy, method, args) -> {
            if (method.getName().equals("unwrap")
                    && args != null
                    && args[0] instanceof Class<?> wanted
                    && wanted.isInstance(target)) {
                return target;
            }
            try {
                return hook.after(method, method.invoke(target, args));
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        };
        return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, handler);
    }
}
