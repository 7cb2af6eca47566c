package com.ctec.consumer;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Envelope;

import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;

/**
 * One delivery handed to a worker, plus what the worker asks to forward or reply (seed: WorkerMessage).
 *
 * <p>A message belongs to the one worker call that receives it; it is not meant to be shared
 * between threads while that call runs. The public constructor lets users unit-test workers.
 */
public final class WorkerMessage {
    private final String queue;
    private final Envelope envelope;
    private final AMQP.BasicProperties properties;
    private final byte[] body;
    private final int attempt;

    /**
     * What the worker asked to forward or reply, made on the first request: most messages ask
     * for neither, and every field here is heap that each message in flight would pay for.
     */
    private Outgoing outgoing;

    private static final class Outgoing {
        private boolean publish;
        private String exchange = "";
        private String routingKey;
        private AMQP.BasicProperties properties;
        private byte[] body;
        private byte[] replyBody;
    }

    private Outgoing outgoing() {
        if (outgoing == null) {
            outgoing = new Outgoing();
        }
        return outgoing;
    }

    /**
     * Creates a message as the engine does for a delivery from {@code queue}; {@code attempt} is 1
     * on the first delivery.
     */
    public WorkerMessage(String queue, Envelope envelope, AMQP.BasicProperties properties, byte[] body, int attempt) {
        this.queue = Objects.requireNonNull(queue, "queue");
        this.envelope = Objects.requireNonNull(envelope, "envelope");
        this.properties = properties == null ? new AMQP.BasicProperties() : properties;
        this.body = body == null ? new byte[0] : body;
        if (attempt < 1) {
            throw new IllegalArgumentException("attempt was " + attempt + ": the first delivery is attempt 1");
        }
        this.attempt = attempt;
    }

    /** The message body as received (seed: {@code body}). */
    public byte[] body() {
        return body;
    }

    /** The body as text: the content encoding when it names a known charset, else UTF-8. */
    public String bodyAsString() {
        return new String(body, charset());
    }

    /** The delivery's envelope: tag, redelivered flag, exchange, routing key (seed: {@code basic_deliver}). */
    public Envelope basicDeliver() {
        return envelope;
    }

    /** The message properties (seed: {@code basic_properties}); never null. */
    public AMQP.BasicProperties basicProperties() {
        return properties;
    }

    /** The delivery tag on the consuming channel (seed: {@code delivery_tag}). */
    public long deliveryTag() {
        return envelope.getDeliveryTag();
    }

    /** The message headers, never null (seed: {@code properties}). */
    public Map<String, Object> properties() {
        Map<String, Object> headers = properties.getHeaders();
        return headers == null ? Collections.emptyMap() : Collections.unmodifiableMap(headers);
    }

    /** Whether the broker has delivered this message before (its {@code redelivered} flag). */
    public boolean isRedelivered() {
        return envelope.isRedeliver();
    }

    /** Which attempt this is: 1 on the first delivery, counted across requeues and retries. */
    public int attempt() {
        return attempt;
    }

    /** The queue this message was consumed from. */
    public String queue() {
        return queue;
    }

    /** Whether the message is to be forwarded after SUCCESS (seed: {@code is_publish}). */
    public boolean isPublish() {
        return outgoing != null && outgoing.publish;
    }

    /** Asks (or stops asking) for the forward to be published after SUCCESS. */
    public void setPublish(boolean publish) {
        outgoing().publish = publish;
    }

    /** The exchange the forward goes to; "" is the default exchange (seed: {@code exchange}). */
    public String publishExchange() {
        return outgoing == null ? "" : outgoing.exchange;
    }

    /** Sets the exchange the forward goes to; null means the default exchange. */
    public void setPublishExchange(String exchange) {
        outgoing().exchange = exchange == null ? "" : exchange;
    }

    /** The routing key of the forward (seed: {@code routing_key}). */
    public String publishRoutingKey() {
        return outgoing == null ? null : outgoing.routingKey;
    }

    /** Sets the routing key of the forward. */
    public void setPublishRoutingKey(String routingKey) {
        outgoing().routingKey = routingKey;
    }

    /** The properties of the forward; defaults to the received message's properties (seed: {@code publish_properties}). */
    public AMQP.BasicProperties publishProperties() {
        return outgoing == null || outgoing.properties == null ? properties : outgoing.properties;
    }

    /** Sets the properties of the forward. */
    public void setPublishProperties(AMQP.BasicProperties publishProperties) {
        outgoing().properties = publishProperties;
    }

    /** The body of the forward; defaults to {@link #body()} (seed: {@code publish_body}). */
    public byte[] publishBody() {
        return outgoing == null || outgoing.body == null ? body : outgoing.body;
    }

    /** Sets the body of the forward (and of the RPC answer, unless {@link #reply} sets one). */
    public void setPublishBody(byte[] publishBody) {
        outgoing().body = publishBody;
    }

    /** Asks for a forward to {@code exchange} with {@code routingKey} after SUCCESS; returns this message. */
    public WorkerMessage forward(String exchange, String routingKey) {
        setPublish(true);
        setPublishExchange(exchange);
        setPublishRoutingKey(routingKey);
        return this;
    }

    /** Sets the RPC answer sent to the request's {@code reply_to} after SUCCESS. */
    public void reply(byte[] body) {
        outgoing().replyBody = Objects.requireNonNull(body, "reply body");
    }

    /** Sets the RPC answer as UTF-8 text. */
    public void reply(String body) {
        reply(Objects.requireNonNull(body, "reply body").getBytes(StandardCharsets.UTF_8));
    }

    /** The RPC answer: what {@link #reply} set, else {@link #publishBody()}. */
    public byte[] replyBody() {
        return outgoing == null || outgoing.replyBody == null ? publishBody() : outgoing.replyBody;
    }

    @Override
    public String toString() {
        return "WorkerMessage{queue=" + queue + ", tag=" + deliveryTag() + ", attempt=" + attempt
                + ", bytes=" + body.length + "}";
    }

    private Charset charset() {
        String encoding = properties.getContentEncoding();
        if (encoding == null || encoding.isBlank()) {
            return StandardCharsets.UTF_8;
        }
        try {
            return Charset.forName(encoding.trim());
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            // Content encodings such as "gzip" are not charsets: the text is then read as UTF-8.
            return StandardCharsets.UTF_8;
        }
    }
}
