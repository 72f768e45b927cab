#!/usr/bin/env bash
# Strata end to end on kind, for CI (.github/workflows/e2e.yaml) and developer machines with Docker.
# It cannot run on the machine this project is developed on (no container images, no cluster).
#
#   make e2e            # or: kind-config/e2e.sh
#
# Steps: build the operator, runtime and CLI; build the images (local platform) and load them into
# kind; deploy the operator (deploy/overlays/kind) and the stage NetworkPolicies; apply
# examples/mobilenet_v2.yaml; wait for Ready; send OIP v2 requests through the entry Service
# (kubectl port-forward) and compare the answer with the unsplit model run locally by the CLI;
# check the error path (400) and that both metrics endpoints answer.
#
# Environment: KIND_CLUSTER (strata), KIND, KUBECTL, VERSION (root pom.xml), E2E_NAMESPACE
# (strata-e2e), E2E_TIMEOUT (600s, pipeline Ready), E2E_ARTIFACTS (kind-config/out, diagnostics
# on failure), E2E_DELETE_CLUSTER=1 (delete the cluster at the end), SKIP_BUILD=1 (reuse images
# already loaded).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

KIND="${KIND:-kind}"
KUBECTL="${KUBECTL:-kubectl}"
cluster="${KIND_CLUSTER:-strata}"
ns="${E2E_NAMESPACE:-strata-e2e}"
timeout="${E2E_TIMEOUT:-600s}"
artifacts="${E2E_ARTIFACTS:-$root/kind-config/out}"
version="${VERSION:-$(sed -n '0,/<version>/s#.*<version>\(.*\)</version>.*#\1#p' pom.xml)}"
example="examples/mobilenet_v2.yaml"
local_port=18080
metrics_port=18081
work="$(mktemp -d)"
pids=()

log() { echo "e2e: $*" >&2; }
die() {
  log "FAIL: $*"
  exit 1
}

for tool in docker "$KIND" "$KUBECTL" curl python3 java mvn; do
  command -v "$tool" >/dev/null 2>&1 || die "'$tool' not found; the e2e needs docker (with buildx), kind, kubectl, curl, python3, a JDK 17 and Maven"
done
[[ -f "$example" ]] || die "$example not found (examples/ come with the operator module)"

cleanup() {
  local rc=$?
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  if [[ $rc -ne 0 ]]; then
    log "collecting diagnostics into $artifacts"
    mkdir -p "$artifacts"
    "$KUBECTL" get nodes --show-labels >"$artifacts/nodes.txt" 2>&1 || true
    "$KUBECTL" get all,networkpolicy -A -o wide >"$artifacts/all.txt" 2>&1 || true
    "$KUBECTL" -n "$ns" get inferencepipelines -o yaml >"$artifacts/pipelines.yaml" 2>&1 || true
    "$KUBECTL" -n "$ns" describe inferencepipelines >"$artifacts/pipelines-describe.txt" 2>&1 || true
    "$KUBECTL" get events -A --sort-by=.lastTimestamp >"$artifacts/events.txt" 2>&1 || true
    "$KUBECTL" -n strata-system logs deploy/strata-operator --all-containers --tail=-1 \
      >"$artifacts/operator.log" 2>&1 || true
    for pod in $("$KUBECTL" -n "$ns" get pods -o name 2>/dev/null); do
      "$KUBECTL" -n "$ns" logs "$pod" --tail=-1 >"$artifacts/${pod#pod/}.log" 2>&1 || true
    done
    "$KIND" export logs "$artifacts/kind" --name "$cluster" >/dev/null 2>&1 || true
  fi
  if [[ "${E2E_DELETE_CLUSTER:-0}" == 1 ]]; then
    "$KIND" delete cluster --name "$cluster" || true
  fi
  rm -rf "$work"
  exit $rc
}
trap cleanup EXIT

# 1. Cluster (kept between runs unless E2E_DELETE_CLUSTER=1).
if ! "$KIND" get clusters 2>/dev/null | grep -qx "$cluster"; then
  log "creating kind cluster $cluster"
  "$KIND" create cluster --name "$cluster" --config kind-config/cluster.yaml --wait 180s
fi
"$KUBECTL" config use-context "kind-$cluster" >/dev/null

# 2. Build: operator and runtime (for the images), CLI (for the reference answer).
if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  log "building operator, runtime-image and cli ($version)"
  mvn -B -ntp -pl operator,runtime-image,cli -am install -DskipTests
  VERSION="$version" SKIP_MAVEN=1 deploy/bin/build-images
  "$KIND" load docker-image --name "$cluster" "strata-operator:$version" "strata-runtime:$version"
fi

# 3. Operator.
log "deploying the operator (deploy/overlays/kind)"
"$KUBECTL" apply -k deploy/overlays/kind
"$KUBECTL" wait --for=condition=Established crd/inferencepipelines.strata.dev --timeout=60s
"$KUBECTL" -n strata-system rollout status deploy/strata-operator --timeout=300s

# 4. The pipeline, in its own namespace behind the namespace's default deny and the pipeline's own
#    NetworkPolicies, which the operator writes (kind >= 0.24 enforces them, so the data path and
#    the operator's control calls are checked through them).
"$KUBECTL" create namespace "$ns" --dry-run=client -o yaml | "$KUBECTL" apply -f -
"$KUBECTL" apply -n "$ns" -k deploy/networkpolicy
pipeline="$("$KUBECTL" apply -n "$ns" -f "$example" -o name)"
name="${pipeline##*/}"
log "waiting up to $timeout for $pipeline to be Ready (profile, probe, place)"
if ! "$KUBECTL" -n "$ns" wait --for=condition=Ready "$pipeline" --timeout="$timeout"; then
  "$KUBECTL" -n "$ns" get "$pipeline" -o yaml >&2 || true
  die "$pipeline did not become Ready within $timeout"
fi
"$KUBECTL" -n "$ns" get "$pipeline" -o wide
stages="$("$KUBECTL" -n "$ns" get "$pipeline" -o jsonpath='{range .status.placement.stages[*]}{.tier}:{.node}:{.segments} {end}')"
[[ -n "$stages" ]] || die "$pipeline is Ready but status.placement.stages is empty"
log "placement: $stages"
"$KUBECTL" -n "$ns" get networkpolicy "$name-stage-ingress" "$name-entry-ingress" ||
  die "the operator did not write the NetworkPolicies of $pipeline"

# 5. Reference answer: the unsplit model, same builder and seed, run by the CLI.
model_uri="$("$KUBECTL" -n "$ns" get "$pipeline" -o jsonpath='{.spec.model.uri}')"
[[ "$model_uri" =~ ^builtin:([a-z0-9_]+)\?seed=([0-9]+)$ ]] ||
  die "the e2e compares against a built-in model; $example has uri $model_uri"
bin/strata model build "${BASH_REMATCH[1]}" --seed "${BASH_REMATCH[2]}" --out "$work/model.onnx"
bin/strata input "$work/model.onnx" --seed 1 --out "$work/in.f32"
bin/strata infer "$work/model.onnx" --input "$work/in.f32" --output "$work/expected.f32"

# 6. Requests through the entry Service.
"$KUBECTL" -n "$ns" port-forward "svc/$name" "$local_port:8080" >"$work/pf.log" 2>&1 &
pids+=($!)
"$KUBECTL" -n strata-system port-forward svc/strata-operator-metrics "$metrics_port:8081" \
  >"$work/pf-metrics.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 60); do
  curl -fsS "http://127.0.0.1:$local_port/v2/health/ready" >/dev/null 2>&1 && break
  sleep 1
done
curl -fsS "http://127.0.0.1:$local_port/v2/health/ready" >/dev/null ||
  die "entry Service $name: /v2/health/ready does not answer 200 through the port-forward"

python3 kind-config/oip_check.py \
  --url "http://127.0.0.1:$local_port" --model "$name" \
  --input "$work/in.f32" --expected "$work/expected.f32" --requests 5

# 7. Metrics on the operator and on the entry stage.
curl -fsS "http://127.0.0.1:$metrics_port/q/metrics" | grep -q '^# TYPE' ||
  die "operator /q/metrics answered no Prometheus text"
curl -fsS "http://127.0.0.1:$local_port/q/metrics" | grep -q '^# TYPE' ||
  die "entry stage /q/metrics answered no Prometheus text"

log "PASS: $pipeline placed as [$stages], answers match the unsplit model"
