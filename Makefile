# The README's commands. Each one installs what it needs first (scripts/bootstrap.sh, idempotent).
SWIFT ?= swift
BOOTSTRAP := bash scripts/bootstrap.sh

.PHONY: run test bench bootstrap build clean

## run: the main job (for now: the libtorch benchmark of the representation network)
run: bootstrap
	$(SWIFT) build -c release --product ezero
	.build/release/ezero bench torch

## test: build and run every test
test: bootstrap
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

## bench: every benchmark, release build
bench: bootstrap
	$(SWIFT) build -c release --product ezero
	.build/release/ezero bench torch

bootstrap:
	@$(BOOTSTRAP)

build: bootstrap
	$(SWIFT) build -c release --product ezero

clean:
	rm -rf .build
