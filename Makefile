# ctx: the two commands of the README are `make run` and `make test`.
SHELL := /bin/bash
MVN ?= mvn -B -q
PREFIX ?= $(HOME)/.local
JAR := target/ctx.jar

.PHONY: build run test install bench clean

build: $(JAR)

$(JAR): pom.xml $(shell find src/main -type f 2>/dev/null)
	$(MVN) -DskipTests package

run: build
	./scripts/demo.sh

test:
	$(MVN) verify

install: build
	./scripts/install.sh "$(PREFIX)"

clean:
	$(MVN) clean
