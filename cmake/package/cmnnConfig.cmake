# find_package(cmnn CONFIG): the cmnn kernels for one core, installed by `make install PREFIX=DIR`.
#   CMNN_CORE        host (default on a host build) or a core of cores.json (m3, m4, m7, m33, m55,
#                    m0plus); with the toolchain file below, CMNN_CORE (or CMNN_CPU) selects the core
#   CMNN_FLOAT_ABI   hard | softfp | soft: picks the installed variant (default: the core's ABI)
# Gives:
#   cmnn::cmnn       the kernel library (headers: #include "cmnn/conv.h" ...)
#   cmnn::cmsis_nn   CMSIS-NN's C API: cmnn::cmnn + include/cmsis-nn and include/cmsis-nn/Include
#   cmnn::platform   console output, exit status and (Cortex-M) the startup code of the QEMU boards
#   CMNN_TOOL        the host `cmnn` compiler; CMNN_RUN_QEMU  the QEMU runner (run-qemu.sh CORE IMAGE)
#   cmnn_add_firmware(TARGET)                 links TARGET as a firmware image for the core's QEMU
#                                             board (linker script, .elf, heap/exception/RTTI check)
#   cmnn_add_model(TARGET MODEL.tflite [NAME N] [PROFILE])   compiles the model at build time with
#                                             `cmnn compile` for this core and adds the generated
#                                             N_model.{h,cpp} to TARGET (N: the file's stem)
# Cross builds use this package's toolchain file:
#   cmake -DCMAKE_TOOLCHAIN_FILE=PREFIX/lib/cmake/cmnn/arm-none-eabi.cmake -DCMNN_CORE=m4 ...
get_filename_component(CMNN_PREFIX "${CMAKE_CURRENT_LIST_DIR}/../../.." ABSOLUTE)
include("${CMAKE_CURRENT_LIST_DIR}/cmnn_cores.cmake")

if(NOT CMNN_CORE)
  if(CMNN_CPU)
    set(CMNN_CORE ${CMNN_CPU})
  elseif(CMAKE_CROSSCOMPILING)
    set(cmnn_FOUND FALSE)
    set(cmnn_NOT_FOUND_MESSAGE "cmnn: cross build without CMNN_CORE (use PREFIX/lib/cmake/cmnn/arm-none-eabi.cmake and -DCMNN_CORE=m4)")
    return()
  else()
    set(CMNN_CORE host)
  endif()
endif()
set(_cmnn_variant ${CMNN_CORE})
if(NOT CMNN_CORE STREQUAL "host")
  cmnn_core_field(${CMNN_CORE} float_abi _cmnn_default_abi)
  if(CMNN_FLOAT_ABI AND NOT CMNN_FLOAT_ABI STREQUAL _cmnn_default_abi)
    set(_cmnn_variant ${CMNN_CORE}-${CMNN_FLOAT_ABI})
  endif()
  if(NOT CMAKE_CROSSCOMPILING)
    set(cmnn_FOUND FALSE)
    set(cmnn_NOT_FOUND_MESSAGE "cmnn: CMNN_CORE=${CMNN_CORE} needs the cross toolchain file ${CMAKE_CURRENT_LIST_DIR}/arm-none-eabi.cmake")
    return()
  endif()
endif()
if(NOT EXISTS "${CMAKE_CURRENT_LIST_DIR}/${_cmnn_variant}/cmnnTargets.cmake")
  file(GLOB _cmnn_have LIST_DIRECTORIES true RELATIVE "${CMAKE_CURRENT_LIST_DIR}" "${CMAKE_CURRENT_LIST_DIR}/*/cmnnTargets.cmake")
  string(REPLACE "/cmnnTargets.cmake" "" _cmnn_have "${_cmnn_have}")
  set(cmnn_FOUND FALSE)
  set(cmnn_NOT_FOUND_MESSAGE "cmnn: ${CMNN_PREFIX} has no build for '${_cmnn_variant}' (installed: ${_cmnn_have})")
  return()
endif()
if(NOT TARGET cmnn::cmnn)
  include("${CMAKE_CURRENT_LIST_DIR}/${_cmnn_variant}/cmnnTargets.cmake")
endif()

set(CMNN_TOOL "${CMNN_PREFIX}/bin/cmnn")
set(CMNN_RUN_QEMU "${CMNN_PREFIX}/bin/cmnn-run-qemu")
set(_cmnn_config_dir "${CMAKE_CURRENT_LIST_DIR}")

function(cmnn_add_firmware target)
  if(CMNN_CORE STREQUAL "host")
    target_link_libraries(${target} PRIVATE cmnn::platform)
    return()
  endif()
  cmnn_core_field(${CMNN_CORE} board board)
  if(NOT board)
    message(FATAL_ERROR "cmnn_add_firmware: ${CMNN_CORE} has no board in cores.json (build-only core): bring your own startup and linker script")
  endif()
  set(ld "${CMNN_PREFIX}/share/cmnn/ld")
  target_link_libraries(${target} PRIVATE cmnn::platform)
  set_target_properties(${target} PROPERTIES SUFFIX ".elf" LINK_DEPENDS "${ld}/${board}.ld")
  target_link_options(${target} PRIVATE "-T${ld}/${board}.ld" "-L${ld}" "-Wl,-Map=$<TARGET_FILE:${target}>.map")
  add_custom_command(TARGET ${target} POST_BUILD
    COMMAND ${CMAKE_COMMAND} -DELF=$<TARGET_FILE:${target}> -DNM=arm-none-eabi-nm -P "${_cmnn_config_dir}/link_check.cmake"
    VERBATIM)
endfunction()

function(cmnn_add_model target model)
  cmake_parse_arguments(M "PROFILE" "NAME" "" ${ARGN})
  get_filename_component(model "${model}" ABSOLUTE)
  if(NOT M_NAME)
    get_filename_component(M_NAME "${model}" NAME_WE)
    string(MAKE_C_IDENTIFIER "${M_NAME}" M_NAME)
  endif()
  if(CMNN_CORE STREQUAL "host")
    set(compile_target host)
  else()
    set(compile_target cortex-${CMNN_CORE})
  endif()
  set(dir "${CMAKE_CURRENT_BINARY_DIR}/cmnn_models/${M_NAME}")
  add_custom_command(
    OUTPUT "${dir}/${M_NAME}_model.cpp" "${dir}/${M_NAME}_model.h"
    COMMAND "${CMNN_TOOL}" compile "${model}" --target ${compile_target} --name ${M_NAME} -o "${dir}"
    DEPENDS "${model}" "${CMNN_TOOL}"
    COMMENT "cmnn compile ${M_NAME} for ${compile_target}"
    VERBATIM)
  target_sources(${target} PRIVATE "${dir}/${M_NAME}_model.cpp")
  target_include_directories(${target} PRIVATE "${dir}")
  target_link_libraries(${target} PRIVATE cmnn::cmnn)
  if(M_PROFILE)
    set_source_files_properties("${dir}/${M_NAME}_model.cpp" TARGET_DIRECTORY ${target} PROPERTIES
                                COMPILE_DEFINITIONS CMNN_PROFILE_LAYERS=1)
    target_link_libraries(${target} PRIVATE cmnn::platform)
  endif()
endfunction()
