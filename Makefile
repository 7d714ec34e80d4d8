# The README's commands. Each one installs what it needs first (scripts/bootstrap.sh, idempotent).
# Everything builds once, optimised: the tests include a learning run, and benchmarks need it anyway.
# (-enable-testing lets the test targets use @testable imports of the optimised modules.)
SWIFT ?= swift
BUILD := -c release -Xswiftc -enable-testing
BOOTSTRAP := bash scripts/bootstrap.sh
EZERO := .build/release/ezero
# CUDA=1: the CUDA build (libtorch's CUDA libraries and the NVIDIA runtime wheels), in its own build folder.
CUDA ?= 0
ifeq ($(CUDA),1)
export EZERO_CUDA := 1
BUILD += --build-path .build/cuda
EZERO := .build/cuda/release/ezero
endif

.PHONY: run test test-fast tsan bench bootstrap build ray clean

## run: the main job: train the cartpole preset on this CPU, evaluate it, then draw its curves and score table
run: build
	@dir=runs/cartpole-$$(date +%Y%m%d-%H%M%S) && \
	  $(EZERO) train --preset cartpole --seed 0 --run-dir $$dir && \
	  $(EZERO) report $$dir --output $$dir/report

## test: build and run every test; the learning checks run last, alone, so that no other suite
## competes with them for the cores
test: bootstrap ray
	$(SWIFT) build $(BUILD) --build-tests
	$(SWIFT) build -c release --package-path Tests/Packages/SearchOnly --scratch-path .build/search-only
	.build/search-only/release/SearchOnly
	$(SWIFT) test $(BUILD) --skip-build --skip LearningCheckTests
	$(SWIFT) test $(BUILD) --skip-build --filter LearningCheckTests

## test-fast: every test not tagged .slow (no learning checks, no whole-CLI Atari run)
test-fast: bootstrap
	$(SWIFT) build $(BUILD) --build-tests
	EZERO_FAST_TESTS=1 $(SWIFT) test $(BUILD) --skip-build

## tsan: the concurrent pipeline's tests under the thread sanitizer (a separate debug build)
tsan: bootstrap
	$(SWIFT) build --sanitize=thread --build-tests --build-path .build/tsan
	TSAN_OPTIONS="suppressions=$(CURDIR)/scripts/tsan.supp" \
	  $(SWIFT) test --sanitize=thread --skip-build --build-path .build/tsan --filter PipelineTests

## bench: the speed benchmarks, each printing its figures beside the baseline or target
bench: build
	$(EZERO) bench search
	$(EZERO) bench atari
	$(EZERO) bench dmc
	$(EZERO) bench torch
	$(EZERO) bench learner
	$(EZERO) bench pipeline

bootstrap:
	@$(BOOTSTRAP)

## ray: Ray (ray[default], pinned) into the dependency cache, for `experiment run --launcher ray` and its tests
ray:
	@EZERO_DEPS="$${EZERO_DEPS:-$$HOME/.cache/ezero-deps}" bash scripts/deps/ray.sh

build: bootstrap
	$(SWIFT) build $(BUILD) --product ezero

clean:
	rm -rf .build
