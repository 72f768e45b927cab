# Strata: run `make` (or `make help`) to list the targets.
MVN ?= mvn -B -ntp
export DJL_OFFLINE := true
export OPT_OUT_TRACKING := true

.DEFAULT_GOAL := help
.PHONY: help build test demo demo-core bench bench-core bench-runtime bench-links bench-planner bench-testbed bench-testbed-quick fmt clean crds operator
.PHONY: image kind-up kind-down deploy undeploy deploy-crd deploy-test e2e

help: ## List the targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z0-9_-]+:.*## / {printf "  %-16s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

build: ## Compile every module and package the CLI (no tests)
	$(MVN) install -DskipTests

test: ## Run the unit tests (*Test) and integration tests (*IT)
	$(MVN) install

demo: build ## The main job: the operator on an emulated edge/fog/cloud cluster (see README)
	bin/strata-demo

demo-core: build ## The graph core alone: build, split and run VGG16 through the CLI
	bin/strata-core-demo

bench: bench-core bench-planner bench-runtime bench-links bench-testbed ## Every benchmark; each prints a last line "BENCH <name> ..."

bench-core: build ## ONNX core on built-in VGG16: parse, split and heap against plain file reads
	bin/strata bench-core

bench-runtime: ## Stage worker: overhead against direct ONNX Runtime, per-hop cost per cut size, VGG16 switch under load
	$(MVN) -pl runtime-image -am package -DskipTests dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath
	java --enable-native-access=ALL-UNNAMED -Dai.djl.offline=true -Djava.util.logging.manager=org.jboss.logmanager.LogManager -Xmx4g -Dstrata.runtime.jar=runtime-image/target/quarkus-app/quarkus-run.jar -Dstrata.it.logs=runtime-image/target/bench-logs \
	  -cp "runtime-image/target/test-classes:runtime-image/target/classes:$$(cat runtime-image/target/bench.classpath)" dev.strata.runtime.it.RuntimeBench bench/results

TESTBED_JAVA = DJL_OFFLINE=true OPT_OUT_TRACKING=true java -Dstrata.project.root=$(CURDIR) -Dai.djl.offline=true \
	-cp "testbed/target/classes:$$(cat testbed/target/runtime-classpath.txt)"

bench-testbed: build ## Every strategy x scenario x model on the emulated cluster (hours); bench/results/testbed.md; TESTBED_ARGS=--resume goes on from the runs saved in bench/results/runs, TESTBED_ARGS=--stored only reports them
	$(TESTBED_JAVA) dev.strata.testbed.bench.TestbedBench $(TESTBED_ARGS)

bench-testbed-quick: build ## VGG16, steady and step-drop at a third of their length, best static against adaptive (a few minutes)
	$(TESTBED_JAVA) dev.strata.testbed.bench.TestbedBench --quick --out bench/results/quick

bench-links: build ## Emulated links: measured rate and round-trip time against the set ones
	java -cp "testbed/target/classes:$$(cat testbed/target/runtime-classpath.txt)" dev.strata.testbed.link.LinkCalibration bench/results

crds: ## Regenerate crds/ from the InferencePipeline Java classes (api module)
	$(MVN) -pl api -am install -DskipTests
	$(MVN) -pl api surefire:test -Dtest=CrdYamlTest -Dstrata.crds.write=true -Dsurefire.failIfNoSpecifiedTests=false

operator: ## Build the operator (operator/target/quarkus-app/quarkus-run.jar) with its tests
	$(MVN) -pl operator -am install

bench-planner: build ## Placement planner (JMH): 3 nodes x 40 segments, growth to 1000 x 300, strategies compared
	java -cp "testbed/target/classes:$$(cat testbed/target/runtime-classpath.txt)" \
		dev.strata.testbed.bench.PlannerBench bench/results/planner.md

fmt: ## Format the Java sources (google-java-format through spotless)
	$(MVN) spotless:apply

# --- Images, kind, k3s (docs/kind.md, docs/k3s-raspberry-pi.md) ---
KUBECTL ?= kubectl
KIND ?= kind
KIND_CLUSTER ?= strata
OVERLAY ?= kind
CRD_FILE := inferencepipelines.strata.dev-v1.yml
# The root POM's project version; recursive (=) so it is read only by the targets that use it.
VERSION ?= $(shell sed -n '0,/<version>/s#.*<version>\(.*\)</version>.*#\1#p' pom.xml)

image: ## Build strata-operator and strata-runtime images tagged with the Maven version (docker buildx)
	VERSION=$(VERSION) deploy/bin/build-images

kind-up: ## Create the kind cluster: control plane + edge/fog/cloud workers (kind-config/cluster.yaml)
	@command -v $(KIND) >/dev/null || { echo "kind-up: '$(KIND)' not found; install kind (https://kind.sigs.k8s.io)" >&2; exit 2; }
	$(KIND) create cluster --name $(KIND_CLUSTER) --config kind-config/cluster.yaml --wait 120s

kind-down: ## Delete the kind cluster
	$(KIND) delete cluster --name $(KIND_CLUSTER)

deploy-crd: ## Copy crds/ into deploy/base/crd/ (kustomize cannot read files outside deploy/)
	cp crds/$(CRD_FILE) deploy/base/crd/$(CRD_FILE)

deploy: ## Apply the operator: kubectl apply -k deploy/overlays/OVERLAY (OVERLAY=kind, default, or k3s)
	@if [ -f crds/$(CRD_FILE) ] && ! cmp -s crds/$(CRD_FILE) deploy/base/crd/$(CRD_FILE); then \
	  echo "deploy: deploy/base/crd/$(CRD_FILE) differs from crds/; run 'make deploy-crd'" >&2; exit 2; fi
	$(KUBECTL) apply -k deploy/overlays/$(OVERLAY)

undeploy: ## Delete what 'make deploy' applied (pipelines first, then the operator and its CRD)
	-$(KUBECTL) delete inferencepipelines --all --all-namespaces --wait=true
	$(KUBECTL) delete -k deploy/overlays/$(OVERLAY) --ignore-not-found

deploy-test: ## Check deploy/, kind-config/ and the CRD copy (restricted pods, RBAC, tags)
	$(MVN) -pl deploy-tests -am install

e2e: ## kind end to end: images, kind load, deploy, mobilenet_v2 pipeline, OIP v2 requests
	KIND=$(KIND) KIND_CLUSTER=$(KIND_CLUSTER) KUBECTL=$(KUBECTL) VERSION=$(VERSION) kind-config/e2e.sh

clean: ## Remove build output
	$(MVN) clean
