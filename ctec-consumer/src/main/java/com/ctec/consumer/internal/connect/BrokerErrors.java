package com.ctec.consumer.internal.connect;

import com.ctec.consumer.ConsumerException;
import com.ctec.consumer.internal.AmqpUrl;
import com.rabbitmq.client.AuthenticationFailureException;
import com.rabbitmq.client.PossibleAuthenticationFailureException;
import com.rabbitmq.client.ShutdownSignalException;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.concurrent.TimeoutException;

/** Turns the client's exceptions into one sentence that names the problem and the fix, never the password. */
public final class BrokerErrors {
    private BrokerErrors() {
    }

    /** Explains a failure to connect to the broker(s) of {@code url}. */
    public static ConsumerException connectFailed(AmqpUrl url, Throwable e) {
        String brokers = url.brokers();
        Throwable root = rootCause(e);
        String message;
        if (e instanceof AuthenticationFailureException || e instanceof PossibleAuthenticationFailureException
                || root instanceof AuthenticationFailureException) {
            message = "The broker at " + brokers + " refused user '" + url.username()
                    + "' (wrong user name or password): fix the credentials in the URL " + url.redacted() + ".";
        } else if (closeCode(e) == 530 || text(e).contains("vhost")) {
            message = "The virtual host '" + url.vhost() + "' does not exist on " + brokers + " or user '" + url.username()
                    + "' may not use it: create it (rabbitmqctl add_vhost) and grant permissions, or fix the path of the URL "
                    + url.redacted() + ".";
        } else if (root instanceof UnknownHostException) {
            message = "Unknown broker host in " + url.redacted() + " (" + root.getMessage() + "): fix the host name in the URL.";
        } else if (root instanceof ConnectException || root instanceof NoRouteToHostException) {
            message = "Cannot reach the broker at " + brokers + " (" + root.getMessage()
                    + "): check the host and port in the URL and that RabbitMQ is running.";
        } else if (root instanceof SocketTimeoutException || root instanceof TimeoutException) {
            message = "The broker at " + brokers + " did not answer in time: check the host, port and firewall, and that RabbitMQ is running.";
        } else {
            message = "Cannot connect to " + url.redacted() + " (" + describe(e) + "): check the URL and the broker's logs.";
        }
        return new ConsumerException(message, e);
    }

    /** Explains a failure to subscribe to {@code queue} (missing queue, no permission, exclusive use). */
    public static ConsumerException subscribeFailed(AmqpUrl url, String queue, Throwable e) {
        int code = closeCode(e);
        String where = "in vhost '" + url.vhost() + "' on " + url.brokers();
        String reply = describe(e);
        String message = switch (code) {
            case 404 -> reply.contains("down or inaccessible")
                    ? "The queue '" + queue + "' " + where + " is on a node that is down (" + reply
                    + "): it is consumed again when that node is back; a quorum queue would survive the loss of a node."
                    : "The queue '" + queue + "' does not exist " + where
                    + ": declare it first (or fix the queue name); consumers do not create queues.";
            case 403 -> "User '" + url.username() + "' may not consume from queue '" + queue + "' " + where
                    + ": grant read permission with rabbitmqctl set_permissions.";
            case 405 -> "The queue '" + queue + "' " + where
                    + " is exclusive to another connection: use another queue or stop the other consumer.";
            default -> "Cannot consume from queue '" + queue + "' " + where + " (" + reply + "): check the queue and the broker's logs.";
        };
        return new ConsumerException(message, e);
    }

    /** A short, password-free description of a client exception, for log lines. */
    public static String describe(Throwable e) {
        ShutdownSignalException signal = shutdownSignal(e);
        if (signal != null) {
            if (signal.getReason() instanceof com.rabbitmq.client.AMQP.Channel.Close close) {
                return close.getReplyCode() + " " + close.getReplyText();
            }
            if (signal.getReason() instanceof com.rabbitmq.client.AMQP.Connection.Close close) {
                return "connection closed: " + close.getReplyCode() + " " + close.getReplyText();
            }
            Throwable root = rootCause(signal);
            return root == signal ? "connection lost" : "connection lost: " + root;
        }
        Throwable root = rootCause(e);
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getClass().getSimpleName() + ": " + root.getMessage();
    }

    /** The AMQP close code carried by the exception, or 0. */
    static int closeCode(Throwable e) {
        ShutdownSignalException signal = shutdownSignal(e);
        if (signal == null) {
            return 0;
        }
        Object reason = signal.getReason();
        if (reason instanceof com.rabbitmq.client.AMQP.Channel.Close close) {
            return close.getReplyCode();
        }
        if (reason instanceof com.rabbitmq.client.AMQP.Connection.Close close) {
            return close.getReplyCode();
        }
        return 0;
    }

    private static ShutdownSignalException shutdownSignal(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ShutdownSignalException s) {
                return s;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }

    private static String text(Throwable e) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = e; t != null && all.length() < 2000; t = t.getCause()) {
            all.append(t.getMessage()).append(' ');
            if (t.getCause() == t) {
                break;
            }
        }
        return all.toString();
    }

    /** The last cause of {@code e} (itself when it has none): what the tools' one-line errors name. */
    public static Throwable rootCause(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }
}
