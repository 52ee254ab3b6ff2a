# cmnn_check_links(ELF REPORT_JSON SOURCE_DIR): a firmware image links the variants its compile
# report names and no other (docs/compiler.md, "Flash: a firmware links the kernels it runs").
# Generated code reaches a variant through prefix_variant_at<I>() only (cmnn/op_api.h), so an image
# carrying another variant means a variant table, or another entry's functions, got linked. Two
# checks, both against every table entry of the source tree ({"id", Isa::k..., supports, scratch,
# run} in include/ and src/):
#  - ids: the image's code and constants hold, as strings, no id the report does not name (each
#    entry carries its own copy of its id, a table its literals: a linked table brings every id of
#    its file), and some of those it names (else the string scan itself is broken);
#  - code: a run function of an entry the report does not name is in the image only if code there
#    calls it (a named variant delegating to it, e.g. stacked -> im2col for what it does not take),
#    not if only a pointer (an entry, a table) reaches it.
# Needs arm-none-eabi-nm, -objcopy and -objdump on the PATH.
if(CMAKE_SCRIPT_MODE_FILE STREQUAL CMAKE_CURRENT_LIST_FILE)
  cmake_minimum_required(VERSION 3.22)
endif()

function(cmnn_check_links elf report_file source)
  file(READ "${report_file}" report)
  string(JSON n LENGTH "${report}" layers)
  math(EXPR last "${n} - 1")
  set(named "")
  foreach(i RANGE ${last})
    string(JSON v GET "${report}" layers ${i} variant)
    list(APPEND named "${v}")
  endforeach()
  list(REMOVE_DUPLICATES named)

  # Every table entry: id -> run function (the entry's last field, e.g. fc::dsp_pairs_run).
  file(GLOB_RECURSE sources "${source}/include/cmnn/*.h" "${source}/src/*.h" "${source}/src/*.cpp")
  set(ids "")
  foreach(f IN LISTS sources)
    file(READ "${f}" text)
    string(REGEX MATCHALL "\\{\"[a-z0-9_.]+\", Isa::k[A-Za-z]+,[^}]*\\}" entries "${text}")
    foreach(e IN LISTS entries)
      string(REGEX REPLACE "^\\{\"([a-z0-9_.]+)\".*" "\\1" id "${e}")
      string(REGEX REPLACE ".*,[ \t\r\n]*([A-Za-z0-9_:]+)[ \t\r\n]*\\}$" "\\1" run "${e}")
      list(APPEND ids "${id}")
      set("run_of_${id}" "${run}")
    endforeach()
  endforeach()
  list(REMOVE_DUPLICATES ids)
  list(LENGTH ids id_count)
  if(id_count LESS 50)
    message(FATAL_ERROR "link check: found only ${id_count} variant table entries under ${source}")
  endif()
  foreach(id IN LISTS named)
    if(NOT id IN_LIST ids AND id MATCHES "\\.")  # ("alias": a layer with no code)
      message(FATAL_ERROR "link check: the report names '${id}', which no variant table lists")
    endif()
  endforeach()

  # The ids the image holds: strings of its code, constants and initialized data.
  execute_process(COMMAND arm-none-eabi-objcopy -O binary -j .text -j .rodata -j .data "${elf}" "${elf}.loaded.bin"
                  RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "link check: arm-none-eabi-objcopy failed on ${elf}")
  endif()
  file(STRINGS "${elf}.loaded.bin" strings REGEX "^[a-z0-9_.]+$")
  file(REMOVE "${elf}.loaded.bin")
  set(linked "")
  foreach(s IN LISTS strings)
    if(s IN_LIST ids)
      list(APPEND linked "${s}")
    endif()
  endforeach()
  list(REMOVE_DUPLICATES linked)

  execute_process(COMMAND arm-none-eabi-nm -C "${elf}" OUTPUT_VARIABLE symbols RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "link check: arm-none-eabi-nm failed on ${elf}")
  endif()
  set(named_runs "")
  foreach(id IN LISTS named)
    list(APPEND named_runs "${run_of_${id}}")
  endforeach()

  set(errors "")
  if(NOT linked)
    string(APPEND errors "\n  none of the ids the report names was found in the image")
  endif()
  foreach(id IN LISTS ids)
    set(run "${run_of_${id}}")
    if(id IN_LIST named)
      continue()
    endif()
    if(id IN_LIST linked)
      string(APPEND errors "\n  '${id}' is in the image but the report does not name it (a variant table linked?)")
    endif()
    # A run function named relative to cmnn (conv::dsp_run): one that is in the image must be
    # called there (a named variant delegating to it), not only pointed to (an entry or table).
    # Unqualified names and template instances are ambiguous and not looked for.
    if(run MATCHES "^[A-Za-z0-9_]+::[A-Za-z0-9_:]+$" AND NOT run IN_LIST named_runs)
      string(FIND "${symbols}" " cmnn::${run}(" at)
      if(NOT at EQUAL -1)
        if(NOT DEFINED code)
          execute_process(COMMAND arm-none-eabi-objdump -d -C "${elf}" OUTPUT_VARIABLE code)
        endif()
        if(NOT code MATCHES "\tb[a-z.]*\t[0-9a-f]+ <cmnn::${run}\\(")
          string(APPEND errors "\n  cmnn::${run} (the run function of '${id}', not named by the report) "
                 "is in the image and no code calls it")
        endif()
      endif()
    endif()
  endforeach()
  if(errors)
    message(FATAL_ERROR "link check of ${elf} against ${report_file}:${errors}")
  endif()
  set(named_count 0)
  foreach(id IN LISTS named)
    if(id IN_LIST ids)
      math(EXPR named_count "${named_count} + 1")
    endif()
  endforeach()
  math(EXPR others "${id_count} - ${named_count}")
  message("link check: ${elf} links the ${named_count} variants its report names and none of the other ${others}")
endfunction()

# As a script: cmake -DELF=... -DREPORT=... -DSOURCE=... -P link_check.cmake
if(CMAKE_SCRIPT_MODE_FILE STREQUAL CMAKE_CURRENT_LIST_FILE)
  cmnn_check_links("${ELF}" "${REPORT}" "${SOURCE}")
endif()
