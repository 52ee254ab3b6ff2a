# Generated models: `cmnn compile` runs at build time and its C++ is compiled with the library.
#   cmnn_add_generated_model(NAME MODEL.tflite TARGET [PROFILE])   library NAME_model (generated/NAME/NAME_model.{h,cpp})
#   CMNN_HOST_TOOL                                       path of the host cmnn executable
#
# Where the host tool comes from: host presets build it in-tree (target cmnn_cli). Cross presets
# cannot (the compiler is arm-none-eabi), so they build the same sources a second time with the
# host's default C++ compiler through ExternalProject, in <build>/host-tool (Release, only the
# cmnn_cli target; rebuilt incrementally on every build, so tool changes regenerate the models).
# -DCMNN_HOST_CMNN=/path/to/cmnn skips that and uses the given tool (no rebuild tracking of its sources).
include_guard(GLOBAL)

set(CMNN_HOST_CMNN "" CACHE FILEPATH
    "Cross presets: an already built host cmnn executable to use instead of building one (ExternalProject)")

if(CMNN_CROSS AND CMNN_HOST_CMNN)
  set(CMNN_HOST_TOOL "${CMNN_HOST_CMNN}")
  set(CMNN_HOST_TOOL_DEPENDS "${CMNN_HOST_CMNN}")
  set(CMNN_COMPILE_TARGET cortex-${CMNN_CPU})
elseif(CMNN_CROSS)
  include(ExternalProject)
  set(CMNN_HOST_TOOL "${CMNN_BINARY_DIR}/host-tool/tools/cmnn/cmnn")
  ExternalProject_Add(cmnn_host_tool
    SOURCE_DIR "${CMNN_SOURCE_DIR}"
    BINARY_DIR "${CMNN_BINARY_DIR}/host-tool"
    CMAKE_GENERATOR "${CMAKE_GENERATOR}"
    CMAKE_ARGS -DCMAKE_BUILD_TYPE=Release "-DCMNN_SHARED_DIR=${CMNN_SHARED_DIR}"
    BUILD_COMMAND "${CMAKE_COMMAND}" --build <BINARY_DIR> --target cmnn_cli
    INSTALL_COMMAND ""
    BUILD_ALWAYS ON
    BUILD_BYPRODUCTS "${CMNN_HOST_TOOL}"
    USES_TERMINAL_BUILD ON)
  set(CMNN_HOST_TOOL_DEPENDS cmnn_host_tool "${CMNN_HOST_TOOL}")
  set(CMNN_COMPILE_TARGET cortex-${CMNN_CPU})
else()
  set(CMNN_HOST_TOOL "$<TARGET_FILE:cmnn_cli>")
  set(CMNN_HOST_TOOL_DEPENDS cmnn_cli)
  set(CMNN_COMPILE_TARGET host)
endif()

# PROFILE: compile with CMNN_PROFILE_LAYERS (every layer call is a profiler region named
# "<operator index> <OP> <variant id>"). Two libraries of one model (profiled or not, other
# targets) need two names. COMPILE_ARGS: more `cmnn compile` options (e.g. --ram-budget 327680).
function(cmnn_add_generated_model name model target)
  cmake_parse_arguments(G "PROFILE" "" "COMPILE_ARGS" ${ARGN})
  set(dir "${CMAKE_CURRENT_BINARY_DIR}/generated/${name}")
  add_custom_command(
    OUTPUT "${dir}/${name}_model.cpp" "${dir}/${name}_model.h" "${dir}/${name}_report.md" "${dir}/${name}_report.json"
    COMMAND "${CMAKE_COMMAND}" -E make_directory "${dir}"
    COMMAND "${CMNN_HOST_TOOL}" compile "${model}" --target ${target} --name ${name} -o "${dir}" ${G_COMPILE_ARGS}
    DEPENDS "${model}" ${CMNN_HOST_TOOL_DEPENDS}
    COMMENT "cmnn compile ${name} for ${target}"
    VERBATIM)
  add_library(${name}_model STATIC "${dir}/${name}_model.cpp")
  target_include_directories(${name}_model PUBLIC "${dir}")
  target_link_libraries(${name}_model PUBLIC cmnn cmnn_platform)
  target_compile_options(${name}_model PRIVATE ${CMNN_WARNINGS})
  if(G_PROFILE)
    target_compile_definitions(${name}_model PRIVATE CMNN_PROFILE_LAYERS=1)
  endif()
endfunction()
