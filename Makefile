# Front door of cmnn. The targets install what is missing (Debian 12, apt-get), then drive CMake.
#   make demo     build and run the main job on an emulated Cortex-M7
#   make test     every test on host, host + ASan/UBSan, Cortex-M3, M4, M7, M33 and M55 (QEMU), the installed package
#   make bench    kernel benchmarks on emulated cores: JSON + Markdown + plot under build/bench
#   make models-bench   cmnn bench on the MLPerf Tiny models + person_detect (M4, M7, M55): docs/models.md
#   make vectors VECTORS=DIR TARGET=host|m3|m4|m7|m55   the shared bit-exact vectors on one target
#   make conformance CASES=DIR TARGET=host|m3|m4|m7|m55   TFLM oracle cases (reference path + generated code)
#   make install PREFIX=DIR [INSTALL_CORES="host m4 m4:softfp ..."]   the CMake package (docs/integration.md)
# FORCE_FAIL=1 adds a deliberately failing on-target test (proves that failures fail the run).
# The cores come from targets/cores.json (scripts/cores.sh): those with a QEMU machine are tested.
PRESETS ?= host host-asan $(shell scripts/cores.sh --qemu)
ifeq ($(FORCE_FAIL),1)
CMAKE_ARGS += -DCMNN_FORCE_FAIL=ON
else
CMAKE_ARGS += -DCMNN_FORCE_FAIL=OFF
endif

.PHONY: setup test demo bench vectors paper clean models-bench conformance install
setup:
	@scripts/setup.sh

test: setup
	@CMNN_CMAKE_ARGS="$(CMAKE_ARGS)" scripts/test-all.sh $(PRESETS)

clean:
	rm -rf build

# The shared bit-exact vectors (or another folder in the same format) on one target.
VECTORS ?= ../shared/data/vectors
TARGET ?= host
vectors: setup
	@cmake --preset $(TARGET) $(CMAKE_ARGS) >/dev/null
	@cmake --build --preset $(TARGET) --target vector_runner
	@scripts/run-on-target.sh $(TARGET) build/$(TARGET)/tests/vectors/vector_runner $(abspath $(VECTORS))

# Kernel benchmarks (instructions exact, cycles estimated) on M4, M7 and M55: build/bench/ and docs/benchmarks.md.
BENCH_CORES ?= m4 m7 m55
bench: setup
	@for c in $(BENCH_CORES); do cmake --preset $$c $(CMAKE_ARGS) >/dev/null && \
	  cmake --build --preset $$c --target bench_layers cmnn_prof_tools || exit 1; done
	@python3 scripts/bench.py --cores $(shell echo $(BENCH_CORES) | tr ' ' ',') --out build/bench --docs docs/benchmarks.md

# The CMSIS-NN paper's claims on examples/cifar10-paper (docs/paper.md): per-layer instructions and
# estimated cycles on M7 and M4, baseline speedups, accuracy, memory, flash -> build/paper/results.json + report.md.
paper: setup
	@for p in host m7 m4; do cmake --preset $$p $(CMAKE_ARGS) >/dev/null && \
	  cmake --build --preset $$p --target cifar10_paper cmnn_prof_tools || exit 1; done
	@python3 scripts/paper.py report --out build/paper

# The CIFAR-10 example on an emulated Cortex-M7 (DEMO_CORE=m4 to switch): accuracy on DEMO_IMAGES
# images and the per-layer table of one image (instructions exact, cycles estimated).
DEMO_CORE ?= m7
DEMO_IMAGES ?= 100
demo: setup
	@cmake --preset $(DEMO_CORE) $(CMAKE_ARGS) >/dev/null
	@cmake --build --preset $(DEMO_CORE) --target cifar10_paper cmnn_prof_tools
	@python3 scripts/paper.py demo --core $(DEMO_CORE) --images $(DEMO_IMAGES)

# Whole models (docs/models.md): `cmnn bench` per model and core (compile, cross build with one
# profiler region per layer, QEMU + cmnn-prof), each at the default budgets and with --weight-budget none
# --ram-budget fastest; cross build trees and per-run outputs in build/models-bench.
MODELS_BENCH_CORES ?= m4,m7,m55
models-bench: setup
	@cmake --preset host $(CMAKE_ARGS) >/dev/null
	@cmake --build --preset host --target cmnn_cli
	@python3 scripts/models_bench.py --cmnn build/host/tools/cmnn/cmnn --cores $(MODELS_BENCH_CORES) \
	  --out build/models-bench --docs docs/models.md

# TFLM's oracle cases (default ../shared/data/oracle: ops/ and models/) through cmnn on one target:
# host = the reference path (`cmnn conformance`) and the generated code; m3/m4/m7/m55 = the generated
# code under QEMU. One line per case, then "N passed, M failed, K skipped". FILTER=substring.
CASES ?= ../shared/data/oracle
FILTER ?=
conformance: setup
	@cmake --preset host $(CMAKE_ARGS) >/dev/null
	@cmake --build --preset host --target cmnn_cli
	@python3 scripts/conformance.py --cmnn build/host/tools/cmnn/cmnn --cases $(CASES) --target $(TARGET) \
	  $(if $(FILTER),--filter $(FILTER))

# The installable package: for the host and every core of targets/cores.json (plus M4 with the
# softfp float ABI) the library, headers, CMake package (find_package(cmnn CONFIG)), toolchain
# file, QEMU runner and the cmnn tool, into PREFIX (scripts/install.sh, cmake/cmnn_install.cmake).
INSTALL_CORES ?= host $(shell scripts/cores.sh) m4:softfp
install: setup
	@test -n "$(PREFIX)" || { echo "make install: give PREFIX=DIR"; exit 2; }
	@scripts/install.sh $(PREFIX) $(INSTALL_CORES)
