package com.ctec.consumer.spring;

import org.springframework.boot.convert.DurationUnit;

import java.time.Duration;
import java.time.temporal.ChronoUnit;

/**
 * The monitoring settings of a consumer (what the agent reports, where, and how often), with the
 * names of the CLI's config file; {@link ConsumerSettings} holds the rest of a consumer's settings.
 * Null means "not set here", as there.
 */
public class MonitoringSettings {
    /** The application name for the registry and the meters; default {@code spring.application.name}, else the queue. */
    private String appName;
    /** What the application does, for the registry. */
    private String appDesc;
    /** Run the monitoring agent (registry, meters); default true. */
    private Boolean agent;
    /** ZooKeeper connect string for the registry; default env CTEC_ZOOKEEPER_HOSTS; none = no upload. */
    private String zookeeper;
    /** ZooKeeper digest credentials {@code user:password} for an ACL-protected registry; never printed. */
    private String zookeeperDigest;
    /** The registry's root znode; default {@code /ctec-consumer}. */
    private String zookeeperRoot;
    /** How often the registry entry is rewritten; default 1m. */
    @DurationUnit(ChronoUnit.SECONDS)
    private Duration agentInterval;
    /** A port of the agent's own {@code /metrics} and {@code /health}; default 0 = off (Actuator serves both). */
    private Integer metricsPort;
    /** The address {@code metrics-port} listens on; default 127.0.0.1. */
    private String metricsBind;

    public String getAppName() {
        return appName;
    }

    public void setAppName(String appName) {
        this.appName = appName;
    }

    public String getAppDesc() {
        return appDesc;
    }

    public void setAppDesc(String appDesc) {
        this.appDesc = appDesc;
    }

    public Boolean getAgent() {
        return agent;
    }

    public void setAgent(Boolean agent) {
        this.agent = agent;
    }

    public String getZookeeper() {
        return zookeeper;
    }

    public void setZookeeper(String zookeeper) {
        this.zookeeper = zookeeper;
    }

    public String getZookeeperDigest() {
        return zookeeperDigest;
    }

    public void setZookeeperDigest(String zookeeperDigest) {
        this.zookeeperDigest = zookeeperDigest;
    }

    public String getZookeeperRoot() {
        return zookeeperRoot;
    }

    public void setZookeeperRoot(String zookeeperRoot) {
        this.zookeeperRoot = zookeeperRoot;
    }

    public Duration getAgentInterval() {
        return agentInterval;
    }

    public void setAgentInterval(Duration agentInterval) {
        this.agentInterval = agentInterval;
    }

    public Integer getMetricsPort() {
        return metricsPort;
    }

    public void setMetricsPort(Integer metricsPort) {
        this.metricsPort = metricsPort;
    }

    public String getMetricsBind() {
        return metricsBind;
    }

    public void setMetricsBind(String metricsBind) {
        this.metricsBind = metricsBind;
    }
}
