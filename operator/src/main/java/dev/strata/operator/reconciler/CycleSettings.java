package dev.strata.operator.reconciler;

import dev.strata.operator.resources.StageSettings;
import java.time.Duration;
import java.util.List;

/**
 * Operator-wide settings of the reconcile loop.
 *
 * @param stage what stage pods are built from
 * @param profileRuns timed runs per segment when profiling a stage
 * @param profileWarmup untimed runs before them
 * @param probeSizes payload sizes of a link probe, bytes
 * @param probeRepeats repeats per probe size
 * @param retryInterval how soon a pipeline that is not Ready is looked at again
 * @param initialProfileTimeout how long the first placement waits for every candidate's profile
 *     before it places with the nodes that have one
 * @param drainPeriod how long a stage that left the placement keeps its pod, to finish requests of
 *     the old revision
 */
public record CycleSettings(
    StageSettings stage,
    int profileRuns,
    int profileWarmup,
    List<Long> probeSizes,
    int probeRepeats,
    Duration retryInterval,
    Duration initialProfileTimeout,
    Duration drainPeriod) {

  public static CycleSettings defaults() {
    return new CycleSettings(
        StageSettings.defaults(),
        5,
        1,
        List.of(65_536L, 1_048_576L),
        3,
        Duration.ofSeconds(5),
        Duration.ofMinutes(3),
        Duration.ofSeconds(30));
  }
}
