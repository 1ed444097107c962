package dev.kestrel.fields.state;

/**
 * What the state had to drop or could not find, so nothing is lost silently. A snapshot taken with
 * {@link SystemState#counters()}.
 *
 * @param events events applied
 * @param unknownThreadEvents events from a thread the state had never seen (a placeholder was made)
 * @param threadsEvicted threads dropped because the thread table was full
 * @param threadsDropped new threads not recorded because the table was full of ancestors of live processes
 * @param threadsPurged idle threads dropped by the periodic purge
 * @param processesExited processes removed because their last thread exited
 * @param fdsDropped fds not recorded because a process's fd table was full
 * @param fdLookupsMissed events naming an fd the state did not know
 * @param parentLookupsMissed clones or snapshots whose parent was unknown
 * @param containerLookupsMissed events of a container without metadata (yet)
 * @param containersEvicted container or pod records dropped by size or expiry
 * @param processesEvictedForBytes processes evicted (least recently active first) because the tables
 *                                 held more than {@link StateLimits#maxBytes()}
 * @param fdNamesCut fd names cut to {@link StateLimits#maxFdNameBytes()}
 * @param bytes the estimated bytes the process, thread and fd tables hold now
 */
public record StateCounters(long events, long unknownThreadEvents, long threadsEvicted, long threadsDropped,
                            long threadsPurged,
                            long processesExited, long fdsDropped, long fdLookupsMissed, long parentLookupsMissed,
                            long containerLookupsMissed, long containersEvicted,
                            long processesEvictedForBytes, long fdNamesCut, long bytes) {
}
