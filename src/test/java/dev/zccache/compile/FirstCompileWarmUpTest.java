package dev.zccache.compile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zccache.journal.CompileEvent;
import dev.zccache.store.Manifest;
import dev.zccache.store.ResultEntry;
import dev.zccache.store.remote.RemoteManifest;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.BeanDescription;
import tools.jackson.databind.DeserializationConfig;
import tools.jackson.databind.SerializationConfig;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.ValueSerializer;
import tools.jackson.databind.deser.ValueDeserializerModifier;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.databind.ser.ValueSerializerModifier;

class FirstCompileWarmUpTest {

    /** What a hit reads (manifest, result, a remote's manifest) and every compile writes. */
    private static final List<Class<?>> RECORDS = List.of(Manifest.class, ResultEntry.class, RemoteManifest.class,
            CompileEvent.class);

    /** The types Jackson made a (de)serializer for, seen through modifiers it calls for each one it makes. */
    private final Set<Class<?>> deserializers = new HashSet<>();
    private final Set<Class<?>> serializers = new HashSet<>();

    private JsonMapper mapper() {
        SimpleModule seen = new SimpleModule();
        seen.setDeserializerModifier(new ValueDeserializerModifier() {
            @Override
            public ValueDeserializer<?> modifyDeserializer(DeserializationConfig config, BeanDescription.Supplier bean,
                    ValueDeserializer<?> deserializer) {
                deserializers.add(bean.getBeanClass());
                return deserializer;
            }
        });
        seen.setSerializerModifier(new ValueSerializerModifier() {
            @Override
            public ValueSerializer<?> modifySerializer(SerializationConfig config, BeanDescription.Supplier bean,
                    ValueSerializer<?> serializer) {
                serializers.add(bean.getBeanClass());
                return serializer;
            }
        });
        return JsonMapper.builder().addModule(seen).build();
    }

    @Test
    void warmUpMakesEveryRecordsReaderAndWriterBeforeTheFirstCompile() {
        JsonMapper json = mapper();
        new FirstCompileWarmUp(json).warmUp();
        assertThat(deserializers).containsAll(RECORDS);
        assertThat(serializers).containsAll(RECORDS);
    }

    @Test
    void itsSamplesFillEveryNestedRecordAndSurviveTheRoundTrip() {
        JsonMapper json = mapper();
        for (Object sample : FirstCompileWarmUp.samples()) {
            assertThat(json.readValue(json.writeValueAsBytes(sample), sample.getClass())).isEqualTo(sample);
        }
        assertThat(deserializers).contains(Manifest.Entry.class, Manifest.FileRecord.class,
                Manifest.VariableRecord.class);
    }

    @Test
    void theFirstReadThenFindsItMade() {
        JsonMapper json = mapper();
        new FirstCompileWarmUp(json).warmUp();
        deserializers.clear();
        Manifest read = json.readValue(json.writeValueAsBytes(Manifest.empty()), Manifest.class);
        assertThat(read.entries()).isEmpty();
        assertThat(deserializers).as("made again on the first read").doesNotContain(Manifest.class);
    }
}
