package dev.strata.operator.status;

import dev.strata.api.v1alpha1.InferencePipelineStatus;
import dev.strata.api.v1alpha1.PlacementRecord;
import dev.strata.api.v1alpha1.PlacementStatus;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Builds the status of one reconcile pass from the previous status, the generation and what the
 * steps reported. Steps only report; {@link #build()} alone writes conditions and derives {@code
 * Ready}. A condition not reported in a pass keeps its previous value. {@code lastTransitionTime}
 * changes only when a condition's status flips, and comes from the injected clock.
 */
public final class StatusAggregator {

  /** A reported condition. */
  private record Report(String status, String reason, String message) {}

  private final InferencePipelineStatus previous;
  private final long generation;
  private final Clock clock;
  private final Map<ConditionType, Report> reports = new EnumMap<>(ConditionType.class);
  private PlacementStatus placement;
  private PlacementRecord committed;
  private String tiers;
  private String profileConfigMap;

  public StatusAggregator(InferencePipelineStatus previous, long generation, Clock clock) {
    this.previous = previous == null ? new InferencePipelineStatus() : previous;
    this.generation = generation;
    this.clock = clock;
    this.placement = this.previous.getPlacement();
    this.tiers = this.previous.getTiers();
    this.profileConfigMap = this.previous.getProfileConfigMap();
  }

  /** Reports {@code type} as True. {@link ConditionType#READY} is derived, never reported. */
  public StatusAggregator isTrue(ConditionType type, String reason, String message) {
    return report(type, "True", reason, message);
  }

  /** Reports {@code type} as False. */
  public StatusAggregator isFalse(ConditionType type, String reason, String message) {
    return report(type, "False", reason, message);
  }

  /** Reports {@code type} as Unknown (not decided yet, e.g. the model is still loading). */
  public StatusAggregator isUnknown(ConditionType type, String reason, String message) {
    return report(type, "Unknown", reason, message);
  }

  /** A placement was committed: it becomes current and heads the bounded history. */
  public StatusAggregator committed(PlacementStatus placement, PlacementRecord record) {
    this.placement = placement;
    this.committed = record;
    return this;
  }

  /** The pipeline no longer has a placement (invalid spec, everything removed). */
  public StatusAggregator noPlacement() {
    this.placement = null;
    return this;
  }

  public StatusAggregator tiers(String tiers) {
    this.tiers = tiers;
    return this;
  }

  public StatusAggregator profileConfigMap(String name) {
    this.profileConfigMap = name;
    return this;
  }

  /** The previous committed placement, if any. */
  public Optional<PlacementStatus> placement() {
    return Optional.ofNullable(placement);
  }

  /** observedGeneration of the previous status, if any. */
  public Optional<Long> observedGeneration() {
    return Optional.ofNullable(previous.getObservedGeneration());
  }

  /** Whether the status {@link #build()} returns has Ready=True. */
  public boolean isReady() {
    return "True".equals(ready().status());
  }

  /** The status of this pass. */
  public InferencePipelineStatus build() {
    InferencePipelineStatus status = new InferencePipelineStatus();
    status.setObservedGeneration(generation);
    status.setTiers(tiers);
    status.setProfileConfigMap(profileConfigMap);
    status.setPlacement(placement);
    List<PlacementRecord> history = new ArrayList<>();
    if (committed != null) {
      history.add(committed);
    }
    for (PlacementRecord r : previous.getHistory()) {
      if (history.size() < InferencePipelineStatus.HISTORY_LIMIT) {
        history.add(r);
      }
    }
    status.setHistory(history);
    List<Condition> conditions = new ArrayList<>();
    for (ConditionType type : ConditionType.values()) {
      Report report = type == ConditionType.READY ? ready() : current(type);
      conditions.add(condition(type, report));
    }
    status.setConditions(conditions);
    return status;
  }

  private StatusAggregator report(ConditionType type, String status, String reason, String msg) {
    if (type == ConditionType.READY) {
      throw new IllegalArgumentException("Ready is derived from the other conditions");
    }
    reports.put(type, new Report(status, reason, msg));
    return this;
  }

  private Report current(ConditionType type) {
    Report report = reports.get(type);
    if (report != null) {
      return report;
    }
    return previousCondition(type)
        .map(c -> new Report(c.getStatus(), c.getReason(), c.getMessage()))
        .orElseGet(() -> defaultOf(type));
  }

  private static Report defaultOf(ConditionType type) {
    return switch (type) {
      case ADAPTING -> new Report("False", "Idle", "No placement change is under way.");
      case DEGRADED -> new Report("False", "AsExpected", "Nothing is degraded.");
      default -> new Report("Unknown", "Pending", "Not observed yet.");
    };
  }

  private Report ready() {
    List<ConditionType> parts =
        List.of(ConditionType.PLACED, ConditionType.MODEL_LOADED, ConditionType.PROFILED);
    for (String wanted : List.of("False", "Unknown")) {
      for (ConditionType type : parts) {
        Report r = current(type);
        if (wanted.equals(r.status())) {
          return new Report(wanted, "Not" + type.type(), r.message());
        }
      }
    }
    return new Report(
        "True",
        "PipelineReady",
        "Every stage is placed, loaded and committed"
            + (placement == null || placement.getRevision() == null
                ? "."
                : " at revision " + placement.getRevision() + "."));
  }

  private Condition condition(ConditionType type, Report report) {
    Optional<Condition> before = previousCondition(type);
    String transition =
        before
            .filter(c -> report.status().equals(c.getStatus()) && c.getLastTransitionTime() != null)
            .map(Condition::getLastTransitionTime)
            .orElseGet(() -> Instant.now(clock).truncatedTo(ChronoUnit.SECONDS).toString());
    return new ConditionBuilder()
        .withType(type.type())
        .withStatus(report.status())
        .withReason(report.reason())
        .withMessage(report.message())
        .withObservedGeneration(generation)
        .withLastTransitionTime(transition)
        .build();
  }

  private Optional<Condition> previousCondition(ConditionType type) {
    return previous.getConditions() == null
        ? Optional.empty()
        : previous.getConditions().stream()
            .filter(c -> type.type().equals(c.getType()))
            .findFirst();
  }
}
