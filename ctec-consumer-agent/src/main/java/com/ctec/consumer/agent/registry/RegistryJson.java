package com.ctec.consumer.agent.registry;

import com.ctec.consumer.ConsumerStats;
import com.ctec.consumer.agent.registry.RegistryEntry.Failure;
import com.ctec.consumer.agent.registry.RegistryEntry.Point;
import com.ctec.consumer.agent.registry.RegistryEntry.Queue;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdDelegatingDeserializer;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdDelegatingSerializer;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.databind.util.StdConverter;

import java.io.IOException;
import java.util.List;

/**
 * The one JSON codec of the modules around the core: the registry entry and the history hour, whose
 * layout shared/API.md fixes (docs/monitoring.md shows every field), and the documents the dashboard,
 * {@code status} and {@code /health} write, all as records. The core keeps its own small reader
 * ({@code internal.Json}) because it may depend on nothing but amqp-client and slf4j.
 *
 * <p>Documents come from whoever can write to ZooKeeper, so reading is total: any text either reads
 * or throws {@link IllegalArgumentException} with one phrase saying why, and nesting deeper than
 * {@link #MAX_DEPTH} levels is refused before the stack suffers. Fields a document lacks read as "",
 * 0 or an empty list (entries of older agents); fields it has that we do not know are ignored
 * (newer agents). Writing escapes {@code <}, {@code >} and {@code &}, so a document read as HTML by
 * mistake still runs nothing.
 */
public final class RegistryJson {
    /** Objects and arrays nested deeper than this are refused: no document of ours comes near it. */
    public static final int MAX_DEPTH = 128;

    private static final JsonMapper MAPPER = mapper();

    private RegistryJson() {
    }

    /**
     * Reads the JSON of a registry znode.
     *
     * @throws IllegalArgumentException when {@code json} is no JSON object, or a field has the wrong type
     */
    public static RegistryEntry readEntry(String json) {
        return read(json, "a registry entry must be a JSON object", RegistryEntry.class);
    }

    /** The JSON written to a registry znode; {@link #readEntry} reads it back equal. */
    public static String writeEntry(RegistryEntry entry) {
        return write(entry);
    }

    /**
     * Reads the JSON of a history znode (one closed hour of the six series).
     *
     * @throws IllegalArgumentException when {@code json} is no JSON object, or a field has the wrong type
     */
    public static HistorySeries readHour(String json) {
        return read(json, "a history node must hold a JSON object", HistorySeries.class);
    }

    /** The JSON written to a history znode; {@link #readHour} reads it back equal. */
    public static String writeHour(HistorySeries hour) {
        return write(hour);
    }

    /** Any document: a record, a list or a map of them, strings, numbers, booleans and null. */
    public static String write(Object document) {
        try {
            return MAPPER.writeValueAsString(document);
        } catch (JsonProcessingException e) {
            // Only a type Jackson cannot write gets here: a bug of the caller, not bad input.
            throw new IllegalStateException("cannot write " + document.getClass().getName() + " as JSON: "
                    + e.getOriginalMessage(), e);
        }
    }

    /** Any document as a tree, with the limits of the registry's reading: for tools and tests. */
    public static JsonNode read(String json) {
        try (JsonParser parser = MAPPER.createParser(json)) {
            try {
                JsonNode tree = MAPPER.readTree(parser);
                if (parser.nextToken() != null) {
                    throw new IllegalArgumentException("bad JSON at " + parser.currentTokenLocation().getCharOffset()
                            + ": trailing characters");
                }
                return tree;
            } catch (JsonProcessingException e) {
                throw refused(e, parser);
            }
        } catch (IOException e) {
            // A String has no I/O to fail: only Jackson's own exceptions, handled above, get here.
            throw new IllegalArgumentException("bad JSON: " + e.getMessage(), e);
        }
    }

    /**
     * Any document as plain values, as tools and tests compare them: ordered maps, lists, strings,
     * {@code Long} (every whole number), {@code Double}, {@code Boolean} and null.
     */
    public static Object readPlain(String json) {
        try {
            return MAPPER.reader().with(DeserializationFeature.USE_LONG_FOR_INTS).treeToValue(read(json), Object.class);
        } catch (IOException e) {
            throw new IllegalArgumentException("bad JSON: " + e.getMessage(), e);
        }
    }

    private static <T> T read(String json, String mustBeObject, Class<T> type) {
        JsonNode tree = read(json);
        if (tree == null || !tree.isObject()) {
            throw new IllegalArgumentException(mustBeObject + ", got: " + (json.length() > 80 ? json.substring(0, 80) + "..." : json));
        }
        try {
            return MAPPER.treeToValue(tree, type);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("a field has the wrong type: " + e.getOriginalMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("a field has the wrong value: " + e.getMessage(), e);
        }
    }

    /** Jackson's exception as one phrase: where (the start of the token it refused), and what. */
    private static IllegalArgumentException refused(JsonProcessingException e, JsonParser parser) {
        long at = e.getLocation() != null ? e.getLocation().getCharOffset() : parser.currentTokenLocation().getCharOffset();
        String what = e instanceof StreamConstraintsException && e.getOriginalMessage().contains("nesting depth")
                ? "nested deeper than " + MAX_DEPTH + " levels" : e.getOriginalMessage();
        return new IllegalArgumentException("bad JSON at " + at + ": " + what, e);
    }

    private static JsonMapper mapper() {
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build())
                .build();
        factory.setCharacterEscapes(new HtmlSafe());
        SimpleModule registry = new SimpleModule("registry")
                .addSerializer(Point.class, new PointWriter())
                .addDeserializer(Point.class, new PointReader())
                .addSerializer(Queue.class, new StdDelegatingSerializer(new StdConverter<Queue, QueueJson>() {
                    @Override
                    public QueueJson convert(Queue queue) {
                        return QueueJson.of(queue);
                    }
                }))
                .addDeserializer(Queue.class, new StdDelegatingDeserializer<>(new StdConverter<QueueJson, Queue>() {
                    @Override
                    public Queue convert(QueueJson json) {
                        return json.toQueue();
                    }
                }));
        JsonMapper.Builder builder = JsonMapper.builder(factory)
                .addModule(registry)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        // An older agent's entry lacks fields: they read as "" and as empty lists, as the records expect.
        builder.withConfigOverride(String.class, o -> o.setSetterInfo(JsonSetter.Value.forValueNulls(Nulls.AS_EMPTY)));
        builder.withConfigOverride(List.class, o -> o.setSetterInfo(JsonSetter.Value.construct(Nulls.AS_EMPTY, Nulls.SKIP)));
        return builder.build();
    }

    /**
     * A queue as the entry holds it: {@code backlog} and {@code lastFailure} are left out when unknown
     * (and read as -1 and null when absent), {@code stats} reads as zeros when absent.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record QueueJson(String queue, String vhost, String broker, int prefetch, int threads, String mode, String state,
                     ConsumerStats stats, Long backlog, Failure lastFailure) {
        private static final ConsumerStats NONE = new ConsumerStats(0, 0, 0, 0, 0, 0, 0, 0, 0);

        static QueueJson of(Queue q) {
            return new QueueJson(q.queue(), q.vhost(), q.broker(), q.prefetch(), q.threads(), q.mode(), q.state(),
                    q.stats(), q.backlog() < 0 ? null : q.backlog(), q.lastFailure());
        }

        Queue toQueue() {
            return new Queue(queue, vhost, broker, prefetch, threads, mode, state, stats == null ? NONE : stats,
                    backlog == null ? -1 : backlog, lastFailure);
        }
    }

    /**
     * A point as the pair {@code [minute start, value]}. Whole values are written without a point
     * ("1800", not "1800.0"), as the API page shows them; a value that is no number (NaN, infinite)
     * has no JSON form: it is written as null, and readers skip that point.
     */
    private static final class PointWriter extends StdSerializer<Point> {
        PointWriter() {
            super(Point.class);
        }

        @Override
        public void serialize(Point p, JsonGenerator out, SerializerProvider provider) throws IOException {
            out.writeStartArray();
            out.writeNumber(p.at());
            double v = p.value();
            if (v == Math.rint(v) && Math.abs(v) < 1e15) {
                out.writeNumber((long) v);
            } else if (Double.isFinite(v)) {
                out.writeNumber(v);
            } else {
                out.writeNull();
            }
            out.writeEndArray();
        }
    }

    /**
     * Reads {@code [minute start, value]}; a pair whose value is null (how a value that was no number
     * is written) is no point and is skipped. Anything else is a wrong type.
     */
    private static final class PointReader extends StdDeserializer<Point> {
        PointReader() {
            super(Point.class);
        }

        @Override
        public Point deserialize(JsonParser in, DeserializationContext context) throws IOException {
            if (!in.isExpectedStartArrayToken() || !isNumber(in.nextToken())) {
                return notAPoint(context);
            }
            long at = in.getLongValue();
            JsonToken value = in.nextToken();
            Point point = isNumber(value) ? new Point(at, in.getDoubleValue()) : null;
            if ((point == null && value != JsonToken.VALUE_NULL) || in.nextToken() != JsonToken.END_ARRAY) {
                return notAPoint(context);
            }
            return point;
        }

        private static boolean isNumber(JsonToken token) {
            return token == JsonToken.VALUE_NUMBER_INT || token == JsonToken.VALUE_NUMBER_FLOAT;
        }

        private static Point notAPoint(DeserializationContext context) throws IOException {
            return context.reportInputMismatch(Point.class, "a point must be [minute start, value], two numbers");
        }
    }

    /**
     * Escapes what would let a document read as HTML do anything, and the separators JavaScript ends
     * lines at, as {@code \\u003c}: the bytes the agents have always written.
     */
    private static final class HtmlSafe extends CharacterEscapes {
        private final int[] escapes = standardAsciiEscapesForJSON();

        HtmlSafe() {
            escapes['<'] = ESCAPE_CUSTOM;
            escapes['>'] = ESCAPE_CUSTOM;
            escapes['&'] = ESCAPE_CUSTOM;
        }

        @Override
        public int[] getEscapeCodesForAscii() {
            return escapes;
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            boolean ours = ch == '<' || ch == '>' || ch == '&' || ch == 0x2028 || ch == 0x2029;
            return ours ? new SerializedString(String.format("\\u%04x", ch)) : null;
        }
    }
}
