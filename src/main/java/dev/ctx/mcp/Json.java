package dev.ctx.mcp;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import java.io.IOException;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;

/** Results as JSON with the CLI's field names (snake_case, ISO times). */
@SuppressWarnings({"rawtypes", "serial"})
final class Json {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .registerModule(new SimpleModule().addSerializer(Instant.class, ToStringSerializer.instance)
                    .addSerializer(Enum.class, new StdSerializer<Enum>(Enum.class) {
                        @Override
                        public void serialize(Enum v, JsonGenerator g, SerializerProvider p) throws IOException {
                            g.writeString(v.name().toLowerCase(Locale.ROOT));
                        }
                    }));

    private Json() {
    }

    static String write(Object o) {
        try {
            return MAPPER.writeValueAsString(o);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a result could not be written as JSON", e);
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> tree(Object o) {
        Object v = MAPPER.convertValue(o, Object.class);
        return v instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of("result", v);
    }
}
