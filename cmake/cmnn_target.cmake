# Helpers that make one CMakeLists work for the host and for every emulated Cortex-M core.
#   cmnn_add_program(NAME SOURCES... [LIBS ...])  an executable: host binary or Cortex-M firmware image
#   cmnn_add_run_test(NAME PROGRAM [ARGS ...])    a CTest test running the program (under QEMU on targets)

set(CMNN_WARNINGS -Wall -Wextra -Wshadow -Wconversion -Wno-sign-conversion -Werror)
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
  list(APPEND CMNN_WARNINGS -Wno-psabi)
endif()

# targets/cores.json as a C++ table for the host tools (compiler, profiler): CMNN_CORES_INC_DIR/cmnn_cores.inc.
include(${CMAKE_CURRENT_LIST_DIR}/cmnn_cores.cmake)
set(CMNN_CORES_INC_DIR "${CMNN_BINARY_DIR}/generated")
cmnn_write_cores_inc("${CMNN_CORES_INC_DIR}/cmnn_cores.inc")

# Included (add_subdirectory) by a firmware cross-compiled with its own toolchain file: the kernels
# take that toolchain's flags; CMNN_CPU, if given, names the core (and its QEMU board).
if(CMAKE_CROSSCOMPILING AND NOT CMNN_CROSS)
  set(CMNN_CROSS ON)
  set(CMNN_CPU "" CACHE STRING "Cortex-M core of targets/cores.json (optional with a foreign toolchain file)")
endif()

if(CMNN_CROSS)
  # The board (linker script) comes from targets/cores.json; a core without one is build-only.
  set(CMNN_BOARD "")
  if(CMNN_CPU)
    cmnn_core_field(${CMNN_CPU} board CMNN_BOARD)
  endif()
  if(CMNN_BOARD)
    set(CMNN_LINKER_SCRIPT "${CMNN_SOURCE_DIR}/targets/cortex-m/ld/${CMNN_BOARD}.ld")
    # ctest runs every test program through the QEMU runner (exit status = the guest's).
    set(CMAKE_CROSSCOMPILING_EMULATOR "${CMNN_SOURCE_DIR}/targets/cortex-m/run-qemu.sh;${CMNN_CPU}")
  endif()
  set(CMNN_TARGET_NAME ${CMNN_CPU})
  if(NOT CMNN_CPU)
    set(CMNN_TARGET_NAME cortex-m)
  endif()
else()
  set(CMNN_TARGET_NAME host)
  if(CMNN_SANITIZE)
    set(CMNN_TARGET_NAME host-asan)
    add_compile_options(-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer)
    add_link_options(-fsanitize=address,undefined -fno-sanitize-recover=all)
  endif()
endif()

function(cmnn_add_program name)
  cmake_parse_arguments(P "" "" "SOURCES;LIBS" ${ARGN})
  add_executable(${name} ${P_SOURCES} ${P_UNPARSED_ARGUMENTS})
  target_compile_options(${name} PRIVATE ${CMNN_WARNINGS})
  target_link_libraries(${name} PRIVATE ${P_LIBS} cmnn_platform)
  if(CMNN_CROSS AND NOT CMNN_BOARD)
    message(FATAL_ERROR "cmnn: ${CMNN_CPU} has no board (build-only core): ${name} cannot be linked")
  elseif(CMNN_CROSS)
    set_target_properties(${name} PROPERTIES SUFFIX ".elf" LINK_DEPENDS "${CMNN_LINKER_SCRIPT}")
    target_link_options(${name} PRIVATE "-T${CMNN_LINKER_SCRIPT}"
      "-L${CMNN_SOURCE_DIR}/targets/cortex-m/ld" "-Wl,-Map=$<TARGET_FILE:${name}>.map")
    # Embedded discipline: a firmware image must not contain the heap, C++ exceptions or RTTI.
    add_custom_command(TARGET ${name} POST_BUILD
      COMMAND ${CMAKE_COMMAND} -DELF=$<TARGET_FILE:${name}> -DNM=arm-none-eabi-nm
              -P "${CMNN_SOURCE_DIR}/cmake/link_check.cmake"
      VERBATIM)
  endif()
endfunction()

function(cmnn_add_run_test name program)
  add_test(NAME ${name} COMMAND ${program} ${ARGN})
  set_tests_properties(${name} PROPERTIES LABELS "${CMNN_TARGET_NAME}")
endfunction()
