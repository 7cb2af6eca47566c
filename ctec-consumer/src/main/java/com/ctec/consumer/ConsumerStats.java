package com.ctec.consumer;

/**
 * A snapshot of a consumer's counters since it started.
 *
 * @param delivered    messages received from the broker
 * @param succeeded    messages acknowledged after SUCCESS
 * @param redelivered  failed attempts sent back for another attempt
 * @param rejected     messages the worker rejected (REJECT), dead-lettered at once
 * @param deadLettered messages dead-lettered, by REJECT or after their last attempt
 * @param failed       worker calls that threw, returned null or whose forward/reply failed
 * @param forwarded    forwards published and confirmed
 * @param replied      RPC answers published and confirmed
 * @param inFlight     messages received and not yet settled
 */
public record ConsumerStats(long delivered, long succeeded, long redelivered, long rejected, long deadLettered,
                            long failed, long forwarded, long replied, long inFlight) {
}
