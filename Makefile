# Strata: run `make` (or `make help`) to list the targets.
MVN ?= mvn -B -ntp
export DJL_OFFLINE := true
export OPT_OUT_TRACKING := true

.DEFAULT_GOAL := help
.PHONY: help build test demo bench bench-core bench-runtime fmt clean

help: ## List the targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z_-]+:.*## / {printf "  %-16s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

build: ## Compile every module and package the CLI (no tests)
	$(MVN) install -DskipTests

test: ## Run the unit tests (*Test) and integration tests (*IT)
	$(MVN) install

demo: build ## The main job (see README)
	bin/strata-demo

bench: bench-core bench-runtime ## Every benchmark; each prints a last line "BENCH <name> ..."

bench-core: build ## ONNX core on built-in VGG16: parse, split and heap against plain file reads
	bin/strata bench-core

bench-runtime: ## Stage worker: overhead against direct ONNX Runtime, per-hop cost per cut size, VGG16 switch under load
	$(MVN) -pl runtime-image -am package -DskipTests dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath
	java --enable-native-access=ALL-UNNAMED -Dai.djl.offline=true -Djava.util.logging.manager=org.jboss.logmanager.LogManager -Xmx4g -Dstrata.runtime.jar=runtime-image/target/quarkus-app/quarkus-run.jar -Dstrata.it.logs=runtime-image/target/bench-logs \
	  -cp "runtime-image/target/test-classes:runtime-image/target/classes:$$(cat runtime-image/target/bench.classpath)" dev.strata.runtime.it.RuntimeBench bench/results

fmt: ## Format the Java sources (google-java-format through spotless)
	$(MVN) spotless:apply

clean: ## Remove build output
	$(MVN) clean
