# Strata: run `make` (or `make help`) to list the targets.
MVN ?= mvn -B -ntp
export DJL_OFFLINE := true
export OPT_OUT_TRACKING := true

.DEFAULT_GOAL := help
.PHONY: help build test demo bench bench-core bench-planner fmt clean crds operator

help: ## List the targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z_-]+:.*## / {printf "  %-16s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

build: ## Compile every module and package the CLI (no tests)
	$(MVN) install -DskipTests

test: ## Run the unit tests (*Test) and integration tests (*IT)
	$(MVN) install

demo: build ## The main job (see README)
	bin/strata-demo

bench: bench-core bench-planner ## Every benchmark; each prints a last line "BENCH <name> ..."

bench-core: build ## ONNX core on built-in VGG16: parse, split and heap against plain file reads
	bin/strata bench-core

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

clean: ## Remove build output
	$(MVN) clean
