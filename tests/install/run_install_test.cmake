# cmake -P script: builds the consumer project against cskpi and runs it, in one of two ways:
# - installed: installs the cskpi build CSKPI_BUILD_DIR to WORK_DIR/prefix, and the consumer
#   finds it with find_package();
# - vendored (CSKPI_SOURCE_DIR given): the consumer adds the cskpi sources with
#   add_subdirectory(), with no build type and with the packages only the command, the tests
#   and the benchmarks need disabled, so looking one of them up fails the configure.
set(prefix "${WORK_DIR}/prefix")
if(NOT BUILD_CONFIG)
  set(BUILD_CONFIG Release)
endif()

function(run)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE code OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT code EQUAL 0)
    message(FATAL_ERROR "failed (${code}): ${ARGN}\n${out}\n${err}")
  endif()
  set(last_output "${out}" PARENT_SCOPE)
endfunction()

if(CSKPI_SOURCE_DIR)
  # The objects of an earlier run are kept (cskpi is compiled here from scratch otherwise),
  # the configuration is not.
  file(REMOVE "${WORK_DIR}/build/CMakeCache.txt")
  run(${CMAKE_COMMAND} -S "${CONSUMER_SOURCE_DIR}" -B "${WORK_DIR}/build" -G "${CMAKE_GENERATOR}"
      -DCMAKE_CXX_COMPILER=${CXX_COMPILER} -DCSKPI_SOURCE_DIR=${CSKPI_SOURCE_DIR}
      -DCSKPI_WARNINGS_AS_ERRORS=${WARNINGS_AS_ERRORS}
      -DCMAKE_DISABLE_FIND_PACKAGE_CLI11=ON -DCMAKE_DISABLE_FIND_PACKAGE_Catch2=ON
      -DCMAKE_DISABLE_FIND_PACKAGE_benchmark=ON)
  file(STRINGS "${WORK_DIR}/build/CMakeCache.txt" build_type REGEX "^CMAKE_BUILD_TYPE:")
  if(NOT build_type MATCHES "^CMAKE_BUILD_TYPE:[A-Z]+=$")
    message(FATAL_ERROR "cskpi as a subproject set the build type: ${build_type}")
  endif()
  run(${CMAKE_COMMAND} --build "${WORK_DIR}/build" --target consumer --parallel 2)
else()
  file(REMOVE_RECURSE "${WORK_DIR}")
  run(${CMAKE_COMMAND} --install "${CSKPI_BUILD_DIR}" --prefix "${prefix}" --config ${BUILD_CONFIG})
  run(${CMAKE_COMMAND} -S "${CONSUMER_SOURCE_DIR}" -B "${WORK_DIR}/build" -G "${CMAKE_GENERATOR}"
      -DCMAKE_CXX_COMPILER=${CXX_COMPILER} -DCMAKE_BUILD_TYPE=${BUILD_CONFIG}
      -DCMAKE_PREFIX_PATH=${prefix} "-DCMAKE_EXE_LINKER_FLAGS=${CONSUMER_LINK_FLAGS}")
  run(${CMAKE_COMMAND} --build "${WORK_DIR}/build" --config ${BUILD_CONFIG})
endif()
find_program(consumer NAMES consumer PATHS "${WORK_DIR}/build" "${WORK_DIR}/build/${BUILD_CONFIG}"
             NO_DEFAULT_PATH REQUIRED)
run(${consumer})
if(NOT last_output MATCHES "FCR 85.00%")
  message(FATAL_ERROR "unexpected consumer output: ${last_output}")
endif()
message(STATUS "consumer printed: ${last_output}")

if(PYTHON_EXECUTABLE AND NOT CSKPI_SOURCE_DIR)
  run(${CMAKE_COMMAND} -E env "PYTHONPATH=${prefix}/${PYTHON_PACKAGE_DIR}" ${PYTHON_EXECUTABLE}
      -c "import cskpi\nprint(cskpi.__file__)\nprint(cskpi.fcr(85, 100).value)")
  if(NOT last_output MATCHES "^${prefix}/[^\n]*cskpi/__init__.py\n85.0\n$")
    message(FATAL_ERROR "the installed Python package printed: ${last_output}")
  endif()
  message(STATUS "the installed Python package printed: ${last_output}")
endif()
