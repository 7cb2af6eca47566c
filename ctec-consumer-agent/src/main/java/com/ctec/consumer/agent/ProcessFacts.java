package com.ctec.consumer.agent;

import com.ctec.consumer.spi.ConsumerInfo;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.Collections;
import java.util.Properties;

/** What the registry says about this process that does not change while it runs. */
final class ProcessFacts {
    static final long PID = ProcessHandle.current().pid();
    static final long STARTED_AT = ManagementFactory.getRuntimeMXBean().getStartTime();
    static final String DEPLOY_PATH = System.getProperty("user.dir", "");
    static final String VERSION = version();

    private ProcessFacts() {
    }

    /** Env {@code HOST_IP} (containers), else the address the consumer reaches the broker from, else the first non-loopback address. */
    static String hostIp(ConsumerInfo consumer) {
        String fromEnv = System.getenv("HOST_IP");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return fromEnv.trim();
        }
        return consumer.localAddress().orElseGet(ProcessFacts::firstNonLoopbackAddress);
    }

    private static String firstNonLoopbackAddress() {
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!nic.isUp() || nic.isLoopback()) {
                    continue;
                }
                for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                    if (address instanceof Inet4Address) {
                        return address.getHostAddress();
                    }
                }
            }
        } catch (SocketException e) {
            // No interfaces readable: loopback is all we can say.
        }
        return InetAddress.getLoopbackAddress().getHostAddress();
    }

    /** The version Maven wrote into version.properties at build time; "dev" when run from unfiltered sources. */
    private static String version() {
        try (InputStream in = ProcessFacts.class.getResourceAsStream("version.properties")) {
            if (in != null) {
                Properties properties = new Properties();
                properties.load(in);
                String version = properties.getProperty("version", "");
                if (!version.isBlank() && !version.startsWith("${")) {
                    return version;
                }
            }
        } catch (IOException e) {
            // Fall through to "dev".
        }
        return "dev";
    }
}
