# Helpers that make one CMakeLists work for the host and for every emulated Cortex-M core.
#   cmnn_add_program(NAME SOURCES... [LIBS ...])  an executable: host binary or Cortex-M firmware image
#   cmnn_add_run_test(NAME PROGRAM [ARGS ...])    a CTest test running the program (under QEMU on targets)

set(CMNN_WARNINGS -Wall -Wextra -Wshadow -Wconversion -Wno-sign-conversion -Werror)
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
  list(APPEND CMNN_WARNINGS -Wno-psabi)
endif()

if(CMNN_CROSS)
  set(CMNN_BOARD_m3 mps2-an385)
  set(CMNN_BOARD_m4 mps2-an386)
  set(CMNN_BOARD_m7 mps2-an500)
  set(CMNN_BOARD_m55 mps3-an547)
  set(CMNN_BOARD ${CMNN_BOARD_${CMNN_CPU}})
  set(CMNN_LINKER_SCRIPT "${CMAKE_SOURCE_DIR}/targets/cortex-m/ld/${CMNN_BOARD}.ld")
  # ctest runs every test program through the QEMU runner (exit status = the guest's).
  set(CMAKE_CROSSCOMPILING_EMULATOR "${CMAKE_SOURCE_DIR}/targets/cortex-m/run-qemu.sh;${CMNN_CPU}")
  set(CMNN_TARGET_NAME ${CMNN_CPU})
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
  if(CMNN_CROSS)
    set_target_properties(${name} PROPERTIES SUFFIX ".elf" LINK_DEPENDS "${CMNN_LINKER_SCRIPT}")
    target_link_options(${name} PRIVATE "-T${CMNN_LINKER_SCRIPT}"
      "-L${CMAKE_SOURCE_DIR}/targets/cortex-m/ld" "-Wl,-Map=$<TARGET_FILE:${name}>.map")
    # Embedded discipline: a firmware image must not contain the heap, C++ exceptions or RTTI.
    add_custom_command(TARGET ${name} POST_BUILD
      COMMAND ${CMAKE_COMMAND} -DELF=$<TARGET_FILE:${name}> -DNM=arm-none-eabi-nm
              -P "${CMAKE_SOURCE_DIR}/cmake/link_check.cmake"
      VERBATIM)
  endif()
endfunction()

function(cmnn_add_run_test name program)
  add_test(NAME ${name} COMMAND ${program} ${ARGN})
  set_tests_properties(${name} PROPERTIES LABELS "${CMNN_TARGET_NAME}")
endfunction()
