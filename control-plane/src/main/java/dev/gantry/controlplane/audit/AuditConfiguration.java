package dev.gantry.controlplane.audit;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

@Configuration(proxyBeanMethods = false)
class AuditConfiguration implements WebMvcConfigurer {
    private final AuditRecorder recorder;

    AuditConfiguration(AuditRecorder recorder) {
        this.recorder = recorder;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(recorder).addPathPatterns("/api/**");
    }
}
