# `cmnn bench` (tools/cmnn/cli/bench_cmd.cpp) configures a cross build of this source tree with
#   -DCMNN_BENCH_MODEL_DIR=DIR -DCMNN_BENCH_NAME=NAME
# where DIR holds the output of `cmnn compile ... --name NAME` (NAME_model.{h,cpp}). This adds the
# firmware image `cmnn_bench_model`: the generated model compiled with CMNN_PROFILE_LAYERS (one
# profiler region "<operator index> <OP> <variant id>" per layer call) and tests/models/model_main.cpp.
# One target name for every model, so one build tree per core serves all models (re-configuring
# only swaps the generated sources; the library stays built).
include_guard(GLOBAL)
set(CMNN_BENCH_NAME "" CACHE STRING "cmnn bench: the generated model's NAME")
if(NOT CMNN_BENCH_NAME)
  message(FATAL_ERROR "CMNN_BENCH_MODEL_DIR needs CMNN_BENCH_NAME (the --name given to cmnn compile)")
endif()
set(bench_src "${CMNN_BENCH_MODEL_DIR}/${CMNN_BENCH_NAME}_model.cpp")
if(NOT EXISTS "${bench_src}")
  message(FATAL_ERROR "cmnn bench: ${bench_src} does not exist (run cmnn compile first)")
endif()
add_library(cmnn_bench_generated STATIC "${bench_src}")
target_include_directories(cmnn_bench_generated PUBLIC "${CMNN_BENCH_MODEL_DIR}")
target_link_libraries(cmnn_bench_generated PUBLIC cmnn cmnn_platform)
target_compile_options(cmnn_bench_generated PRIVATE ${CMNN_WARNINGS})
target_compile_definitions(cmnn_bench_generated PRIVATE CMNN_PROFILE_LAYERS=1)
cmnn_add_program(cmnn_bench_model SOURCES "${CMNN_SOURCE_DIR}/tests/models/model_main.cpp"
                 LIBS cmnn_bench_generated cmnn)
target_compile_definitions(cmnn_bench_model PRIVATE "CMNN_MODEL_HEADER=\"${CMNN_BENCH_NAME}_model.h\""
                           CMNN_MODEL_NS=${CMNN_BENCH_NAME}_model)
