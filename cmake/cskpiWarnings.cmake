# cskpi_set_project_options(target): warnings and sanitizers for cskpi's own targets only.
# Everything is PRIVATE so nothing leaks into the targets of projects that consume cskpi.
function(cskpi_set_project_options target)
  if(CMAKE_CXX_COMPILER_ID MATCHES "GNU|Clang")
    target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wconversion -Wshadow)
    if(CSKPI_WARNINGS_AS_ERRORS)
      target_compile_options(${target} PRIVATE -Werror)
    endif()
    if(CSKPI_SANITIZE)
      target_compile_options(${target} PRIVATE -fsanitize=address,undefined -fno-omit-frame-pointer
                                               -fno-sanitize-recover=all)
      target_link_options(${target} PRIVATE -fsanitize=address,undefined)
      # GCC's flow analysis sees through ASan's instrumentation poorly and reports copies of
      # optional members (std::optional<BusinessSchedule>) as maybe uninitialized; the
      # uninstrumented builds keep the warning, and ASan itself checks the real thing.
      if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
        target_compile_options(${target} PRIVATE -Wno-maybe-uninitialized)
      endif()
    endif()
  elseif(MSVC)
    target_compile_options(${target} PRIVATE /W4 $<$<BOOL:${CSKPI_WARNINGS_AS_ERRORS}>:/WX>)
  endif()
endfunction()
