# Helpers that make one CMakeLists work for the host and for every emulated Cortex-M core.
#   cmnn_add_program(NAME SOURCES... [LIBS ...])  an executable: host binary or Cortex-M firmware image
#   cmnn_add_firmware(TARGET)                     link an executable as one (also for add_subdirectory users)
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

# What cmnn_add_firmware needs, kept as global properties: it is also called by a project that
# includes cmnn with add_subdirectory, from its own directory, where cmnn's variables are not set.
set_property(GLOBAL PROPERTY CMNN_FIRMWARE_CROSS "${CMNN_CROSS}")
set_property(GLOBAL PROPERTY CMNN_FIRMWARE_CPU "${CMNN_CPU}")
set_property(GLOBAL PROPERTY CMNN_FIRMWARE_BOARD "${CMNN_BOARD}")
set_property(GLOBAL PROPERTY CMNN_FIRMWARE_SOURCE_DIR "${CMNN_SOURCE_DIR}")

# cmnn_add_firmware(TARGET): links TARGET with cmnn's platform (console, exit status) and, on a core
# with a QEMU board, as a firmware image: the board's linker script and startup, .elf, a map file,
# and the post-link check that no heap, exception or RTTI code is linked. The same function as the
# installed package's (cmake/package/cmnnConfig.cmake), for add_subdirectory(cmnn) users.
function(cmnn_add_firmware name)
  get_property(cross GLOBAL PROPERTY CMNN_FIRMWARE_CROSS)
  get_property(cpu GLOBAL PROPERTY CMNN_FIRMWARE_CPU)
  get_property(board GLOBAL PROPERTY CMNN_FIRMWARE_BOARD)
  get_property(src GLOBAL PROPERTY CMNN_FIRMWARE_SOURCE_DIR)
  target_link_libraries(${name} PRIVATE cmnn_platform)
  if(NOT cross)
    return()
  endif()
  if(NOT board)
    message(FATAL_ERROR "cmnn: ${name}: core '${cpu}' has no QEMU board (build-only core, or no -DCMNN_CPU): "
                        "bring your own startup and linker script")
  endif()
  set(ld "${src}/targets/cortex-m/ld")
  set_target_properties(${name} PROPERTIES SUFFIX ".elf" LINK_DEPENDS "${ld}/${board}.ld")
  target_link_options(${name} PRIVATE "-T${ld}/${board}.ld" "-L${ld}" "-Wl,-Map=$<TARGET_FILE:${name}>.map")
  # Embedded discipline: a firmware image must not contain the heap, C++ exceptions or RTTI.
  add_custom_command(TARGET ${name} POST_BUILD
    COMMAND ${CMAKE_COMMAND} -DELF=$<TARGET_FILE:${name}> -DNM=arm-none-eabi-nm -P "${src}/cmake/link_check.cmake"
    VERBATIM)
endfunction()

function(cmnn_add_program name)
  cmake_parse_arguments(P "" "" "SOURCES;LIBS" ${ARGN})
  add_executable(${name} ${P_SOURCES} ${P_UNPARSED_ARGUMENTS})
  target_compile_options(${name} PRIVATE ${CMNN_WARNINGS})
  target_link_libraries(${name} PRIVATE ${P_LIBS})
  cmnn_add_firmware(${name})
endfunction()

function(cmnn_add_run_test name program)
  add_test(NAME ${name} COMMAND ${program} ${ARGN})
  set_tests_properties(${name} PROPERTIES LABELS "${CMNN_TARGET_NAME}")
endfunction()
