package dev.gantry.controlplane.common;

import dev.gantry.model.AuthConfig;
import dev.gantry.model.Expectations;
import dev.gantry.model.Extraction;
import dev.gantry.model.RequestTemplate;
import dev.gantry.model.RetryPolicy;
import dev.gantry.model.RunSnapshot;
import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;
import java.util.List;
import java.util.Map;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * JPA converters between records and jsonb columns. The entity columns carry
 * {@code @ColumnTransformer(write = "?::jsonb")} so PostgreSQL stores them as jsonb.
 */
public final class JsonColumns {
    /** Shared by the converters; Jackson mappers are thread-safe once built. */
    public static final JsonMapper MAPPER = JsonMapper.builder().build();

    private JsonColumns() {}

    abstract static class Base<T> implements AttributeConverter<T, String> {
        private final TypeReference<T> type;

        Base(TypeReference<T> type) {
            this.type = type;
        }

        @Override
        public String convertToDatabaseColumn(T value) {
            return value == null ? null : MAPPER.writeValueAsString(value);
        }

        @Override
        public T convertToEntityAttribute(String json) {
            return json == null ? null : MAPPER.readValue(json, type);
        }
    }

    @Converter
    public static class StringMap extends Base<Map<String, String>> {
        public StringMap() {
            super(new TypeReference<>() {});
        }
    }

    @Converter
    public static class StringList extends Base<List<String>> {
        public StringList() {
            super(new TypeReference<>() {});
        }
    }

    @Converter
    public static class Rows extends Base<List<Map<String, Object>>> {
        public Rows() {
            super(new TypeReference<>() {});
        }
    }

    @Converter
    public static class Request extends Base<RequestTemplate> {
        public Request() {
            super(new TypeReference<>() {});
        }
    }

    @Converter
    public static class Expects extends Base<Expectations> {
        public Expects() {
            super(new TypeReference<>() {});
        }
    }

    @Converter
    public static class Extractions extends Base<List<Extraction>> {
        public Extractions() {
            super(new TypeReference<>() {});
        }
    }

    @Converter
    public static class Auth extends Base<AuthConfig> {
        public Auth() {
            super(new TypeReference<>() {});
        }
    }

    @Converter
    public static class Retry extends Base<RetryPolicy> {
        public Retry() {
            super(new TypeReference<>() {});
        }
    }

    @Converter
    public static class Snapshot extends Base<RunSnapshot> {
        public Snapshot() {
            super(new TypeReference<>() {});
        }
    }
}
