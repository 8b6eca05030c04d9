# zoom2kaltura: the commands the README gives. Each installs what a fresh Debian machine lacks.
SHELL := /bin/bash
export PATH := $(PATH):/opt/swift/usr/bin
SWIFT ?= swift
BIN := .build/release/zoom2kaltura

.PHONY: deps build run test bench fuzz clean

deps:
	@scripts/install-deps.sh

build: deps
	$(SWIFT) build -c release --product zoom2kaltura

## Serve on the embedded defaults: SQLite in ./data, sandbox mode without Kaltura credentials.
run: build
	@echo "zoom2kaltura: serving on $${LISTEN:-0.0.0.0:8080}; GET /healthz, GET /status (token: ./data/admin-token in sandbox mode)"
	@if [ -z "$${KALTURA_SERVICE_URL:-}" ]; then echo "zoom2kaltura: sandbox mode (KALTURA_SERVICE_URL unset): copying a sample recording through the built-in simulators first"; fi
	$(BIN) serve

## Every test: unit, parser corpus, loopback integration against the real binary; then the
## checks that are not Swift tests (scripts/checks/: container, metrics, openapi, status page).
test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build
	scripts/run-checks.sh

## Benchmarks (not tests): figures side by side with their peers, as ratios.
bench: deps
	bash Benchmarks/http-bench.sh
	bash Benchmarks/webhook-bench.sh
	bash Benchmarks/copy-bench.sh
	bash Benchmarks/pool-bench.sh
	bash Benchmarks/store-bench.sh

## Fuzz the HTTP parser for FUZZ_SECONDS (default 60).
fuzz:
	bash Fuzz/run.sh

clean:
	rm -rf .build bench-out Fuzz/artifacts
