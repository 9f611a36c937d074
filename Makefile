# ctx. The README's two commands: `make run` (build, then a realistic session on a bundled example)
# and `make test` (the whole suite; .ci/run runs exactly this).
SHELL := /bin/bash
MVN ?= mvn -B -q
PREFIX ?= $(HOME)/.local
JAR := target/ctx.jar
LAUNCHER := target/bin/ctx
SOURCES := pom.xml $(shell find src/main -type f 2>/dev/null)

.PHONY: build run test install bench clean

build: $(LAUNCHER)

$(JAR): $(SOURCES)
	$(MVN) -DskipTests package

# The launcher and its class-data sharing archive are trained against this exact jar.
$(LAUNCHER): $(JAR) src/main/scripts/launcher.sh
	src/main/scripts/launcher.sh $(JAR) target/bin

run: build
	src/main/scripts/demo.sh

test:
	$(MVN) verify

install: build
	src/main/scripts/install.sh "$(PREFIX)"

# Write and start-up figures (issue: foundation). SIZES=1000,10000 by default.
SIZES ?= 1000,10000
bench: build
	$(MVN) -DskipTests test-compile
	$(MVN) exec:java -Dexec.classpathScope=test -Dexec.mainClass=dev.ctx.bench.WriteBench -Dexec.args="$(LAUNCHER) $(SIZES)"

clean:
	$(MVN) clean
