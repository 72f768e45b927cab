package dev.strata.testbed.bench;

import dev.strata.core.placement.ExactPlanner;
import dev.strata.core.placement.Objective;
import dev.strata.core.placement.Plan;
import dev.strata.core.placement.PlanningProblem;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** Time of one {@link ExactPlanner#plan} call, problem already built (profiles in memory). */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class PlannerBenchmark {

  /** The real pipeline shape: VGG16 in 40 segments over a Pi, a laptop and a desktop. */
  @State(Scope.Benchmark)
  public static class Small {
    @Param({"LATENCY", "ENERGY", "THROUGHPUT", "BALANCED"})
    public Objective objective;

    PlanningProblem problem;

    @Setup(Level.Trial)
    public void build() {
      problem = SyntheticProblems.vgg16ThreeTier(objective);
    }
  }

  /** Random clusters for the growth table, latency objective. */
  @State(Scope.Benchmark)
  public static class Scaling {
    @Param({"10", "100", "1000"})
    public int nodes;

    @Param({"40", "150", "300"})
    public int segments;

    PlanningProblem problem;

    @Setup(Level.Trial)
    public void build() {
      problem = SyntheticProblems.randomCluster(42, nodes, segments, Objective.LATENCY);
      new ExactPlanner().plan(problem); // fail the trial early if the instance is infeasible
    }
  }

  private static final ExactPlanner PLANNER = new ExactPlanner();

  @Benchmark
  public Plan small(Small state) {
    return PLANNER.plan(state.problem);
  }

  @Benchmark
  public Plan scaling(Scaling state) {
    return PLANNER.plan(state.problem);
  }
}
