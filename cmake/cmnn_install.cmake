# Install rules of one build tree (one core and float ABI, or the host): `make install PREFIX=DIR`
# (scripts/install.sh) configures one tree per core and installs each into the same prefix:
#   include/cmnn/                    public headers (+ platform/platform.h: console, exit, profiler hooks)
#   include/cmsis-nn/Include/        CMSIS-NN's C API headers (cmnn::cmsis_nn puts include/cmsis-nn and
#                                    include/cmsis-nn/Include on the include path)
#   lib/cmnn/VARIANT/                libcmnn.a, libcmnn_platform.a   VARIANT = host | m4 | m4-softfp ...
#   lib/cmake/cmnn/                  cmnnConfig.cmake (find_package(cmnn CONFIG)), toolchain file,
#                                    cmnn_cores.cmake + cores.json, link_check.cmake
#   lib/cmake/cmnn/VARIANT/          the exported targets cmnn::cmnn, cmnn::cmsis_nn, cmnn::platform of VARIANT
#   share/cmnn/ld/                   linker scripts of the QEMU boards
#   share/cmnn/models/               kws_ref_model.tflite, the template's default model (if ../shared has it)
#   bin/cmnn (host tree), bin/cmnn-run-qemu
include_guard(GLOBAL)
include(CMakePackageConfigHelpers)

if(CMNN_CROSS)
  cmnn_core_field(${CMNN_CPU} float_abi _default_abi)
  set(CMNN_INSTALL_VARIANT ${CMNN_CPU})
  if(CMNN_FLOAT_ABI AND NOT CMNN_FLOAT_ABI STREQUAL _default_abi)
    set(CMNN_INSTALL_VARIANT ${CMNN_CPU}-${CMNN_FLOAT_ABI})
  endif()
else()
  set(CMNN_INSTALL_VARIANT host)
endif()

set_target_properties(cmnn_platform PROPERTIES EXPORT_NAME platform)
install(TARGETS cmnn cmnn_cmsis_nn cmnn_platform EXPORT cmnnTargets ARCHIVE DESTINATION lib/cmnn/${CMNN_INSTALL_VARIANT})
install(EXPORT cmnnTargets NAMESPACE cmnn:: DESTINATION lib/cmake/cmnn/${CMNN_INSTALL_VARIANT})
install(DIRECTORY "${CMNN_SOURCE_DIR}/include/cmnn" "${CMNN_SOURCE_DIR}/include/cmsis-nn" DESTINATION include)
install(FILES "${CMNN_SOURCE_DIR}/targets/platform/platform.h" DESTINATION include/cmnn/platform)

write_basic_package_version_file("${CMNN_BINARY_DIR}/cmnnConfigVersion.cmake" VERSION ${PROJECT_VERSION}
                                 COMPATIBILITY SameMinorVersion ARCH_INDEPENDENT)
install(FILES "${CMNN_SOURCE_DIR}/cmake/package/cmnnConfig.cmake" "${CMNN_BINARY_DIR}/cmnnConfigVersion.cmake"
              "${CMNN_SOURCE_DIR}/cmake/cmnn_cores.cmake" "${CMNN_SOURCE_DIR}/cmake/arm-none-eabi.cmake"
              "${CMNN_SOURCE_DIR}/cmake/link_check.cmake" "${CMNN_SOURCE_DIR}/targets/cores.json"
        DESTINATION lib/cmake/cmnn)
install(DIRECTORY "${CMNN_SOURCE_DIR}/targets/cortex-m/ld/" DESTINATION share/cmnn/ld)
install(PROGRAMS "${CMNN_SOURCE_DIR}/targets/cortex-m/run-qemu.sh" DESTINATION bin RENAME cmnn-run-qemu)
# A sample model for examples/firmware-template (MLPerf Tiny keyword spotting, Apache-2.0), when
# the shared data is beside the tree.
set(_cmnn_sample_model "${CMNN_SHARED_DIR}/data/models/mlcommons-tiny/kws_ref_model.tflite")
if(EXISTS "${_cmnn_sample_model}")
  install(FILES "${_cmnn_sample_model}" DESTINATION share/cmnn/models)
endif()
if(TARGET cmnn_cli)
  install(TARGETS cmnn_cli RUNTIME DESTINATION bin)
endif()
