# Toolchain file for Debian's arm-none-eabi-gcc, bare metal, one Cortex-M core per build tree.
# Select the core with -DCMNN_CPU=m3|m4|m7|m33|m55|m0plus (the presets do this; CMNN_CORE is
# accepted too) and optionally the float ABI with -DCMNN_FLOAT_ABI=hard|softfp|soft (default: the
# core's, from targets/cores.json). The float ABI picks the matching newlib multilib.
# Installed beside cmnn_cores.cmake and cores.json (lib/cmake/cmnn/), so firmware outside this tree
# can use it: cmake -DCMAKE_TOOLCHAIN_FILE=PREFIX/lib/cmake/cmnn/arm-none-eabi.cmake -DCMNN_CORE=m4.
set(CMAKE_SYSTEM_NAME Generic)
set(CMAKE_SYSTEM_PROCESSOR arm)
set(CMAKE_C_COMPILER arm-none-eabi-gcc)
set(CMAKE_CXX_COMPILER arm-none-eabi-g++)
set(CMAKE_ASM_COMPILER arm-none-eabi-gcc)
set(CMAKE_TRY_COMPILE_TARGET_TYPE STATIC_LIBRARY)
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)

if(NOT DEFINED CMNN_CPU AND DEFINED CMNN_CORE)
  set(CMNN_CPU "${CMNN_CORE}")
endif()
set(CMNN_CPU "m4" CACHE STRING "Cortex-M core (a name from targets/cores.json)")
set(CMNN_FLOAT_ABI "" CACHE STRING "Float ABI: hard, softfp or soft (empty: the core's default)")
# try_compile projects re-read this file: pass the core and ABI on to them.
list(APPEND CMAKE_TRY_COMPILE_PLATFORM_VARIABLES CMNN_CPU CMNN_FLOAT_ABI)
set(CMNN_CROSS ON)
include("${CMAKE_CURRENT_LIST_DIR}/cmnn_cores.cmake")
cmnn_core_cpu_flags(${CMNN_CPU} "${CMNN_FLOAT_ABI}" _cpu)
set(CMAKE_C_FLAGS_INIT "-mthumb ${_cpu} -ffunction-sections -fdata-sections")
set(CMAKE_CXX_FLAGS_INIT "-mthumb ${_cpu} -ffunction-sections -fdata-sections -fno-exceptions -fno-rtti -fno-threadsafe-statics -fno-use-cxa-atexit -fno-unwind-tables -fno-asynchronous-unwind-tables")
set(CMAKE_ASM_FLAGS_INIT "-mthumb ${_cpu}")
set(CMAKE_EXE_LINKER_FLAGS_INIT "-nostartfiles --specs=nano.specs --specs=nosys.specs -Wl,--gc-sections")
