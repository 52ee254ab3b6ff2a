# Fails the build when a firmware image links the heap, C++ exceptions or RTTI.
# Usage: cmake -DELF=image.elf -DNM=arm-none-eabi-nm -P link_check.cmake
execute_process(COMMAND ${NM} --defined-only ${ELF} OUTPUT_VARIABLE syms RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "link check: cannot read symbols of ${ELF}")
endif()
set(forbidden "")
# malloc family (newlib: malloc, _malloc_r, ...), operator new/new[] (_Znwj, _Znaj, aligned and nothrow forms),
# exception throw and unwinding entry points, and RTTI objects (typeinfo _ZTI*, typeinfo names _ZTS*).
foreach(pattern " (_?malloc|_malloc_r|calloc|_calloc_r|realloc|_realloc_r)\n"
                " _Zn[wa][jm][^\n]*\n" " (__cxa_throw|__cxa_allocate_exception|_Unwind_RaiseException)\n"
                " _ZT[IS][^\n]*\n")
  string(REGEX MATCHALL "${pattern}" hits "${syms}")
  foreach(h IN LISTS hits)
    string(STRIP "${h}" h)
    list(APPEND forbidden "${h}")
  endforeach()
endforeach()
if(forbidden)
  file(REMOVE ${ELF})
  message(FATAL_ERROR "link check: ${ELF} pulls in forbidden symbols (heap, exceptions or RTTI): ${forbidden}")
endif()
