# Bit-exactness of generated code against the reference path, for one model and one input:
#   cmake -DTOOL=cmnn -DMODEL=m.tflite -DSEED=n [-DSPARSE=--sparse] -DWORK=dir -DPROGRAM="runner|args|program"
#         [-DEXTRA=arg] -P compare.cmake
# 1. `cmnn run MODEL --random SEED --save-input WORK/input.bin` (reference kernels): checksum A
# 2. PROGRAM WORK/input.bin [EXTRA] (generated code, host or QEMU): checksum B
# Fails unless both print the same 'checksum 0x...' line and the program exits 0.
file(MAKE_DIRECTORY "${WORK}")
set(input "${WORK}/input_${SEED}${SPARSE}.bin")
execute_process(COMMAND "${TOOL}" run "${MODEL}" --random ${SEED} ${SPARSE} --save-input "${input}"
                RESULT_VARIABLE rc OUTPUT_VARIABLE ref ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "cmnn run failed (${rc}): ${err}")
endif()
string(REPLACE "|" ";" program "${PROGRAM}")
execute_process(COMMAND ${program} "${input}" ${EXTRA} RESULT_VARIABLE rc OUTPUT_VARIABLE gen ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "generated program failed (${rc}):\n${gen}\n${err}")
endif()
string(REGEX MATCH "checksum 0x[0-9a-f]+" want "${ref}")
string(REGEX MATCH "checksum 0x[0-9a-f]+" got "${gen}")
if(want STREQUAL "" OR NOT want STREQUAL got)
  message(FATAL_ERROR "MISMATCH seed ${SEED}: reference '${want}', generated '${got}'\nreference:\n${ref}\ngenerated:\n${gen}")
endif()
message(STATUS "seed ${SEED}: reference and generated code agree: ${got}\n${gen}")
