include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

get_target_property(CSKPI_LIBRARY_TYPE cskpi TYPE)
if(CSKPI_LIBRARY_TYPE STREQUAL "STATIC_LIBRARY")
  set(CSKPI_STATIC_LIBRARY ON)
else()
  set(CSKPI_STATIC_LIBRARY OFF)
endif()
set(CSKPI_CMAKE_DIR "${CMAKE_INSTALL_LIBDIR}/cmake/cskpi")

install(TARGETS cskpi cskpi_clv cskpi_json EXPORT cskpiTargets
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
        LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
        RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR}
        INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
if(TARGET cskpi_cli)
  install(TARGETS cskpi_cli RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
endif()
install(DIRECTORY "${PROJECT_SOURCE_DIR}/include/cskpi" DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(FILES "${PROJECT_BINARY_DIR}/include/cskpi/version.hpp"
        DESTINATION "${CMAKE_INSTALL_INCLUDEDIR}/cskpi")

install(EXPORT cskpiTargets NAMESPACE cskpi:: DESTINATION "${CSKPI_CMAKE_DIR}")
configure_package_config_file("${PROJECT_SOURCE_DIR}/cmake/cskpiConfig.cmake.in"
                              "${PROJECT_BINARY_DIR}/cskpiConfig.cmake"
                              INSTALL_DESTINATION "${CSKPI_CMAKE_DIR}")
write_basic_package_version_file("${PROJECT_BINARY_DIR}/cskpiConfigVersion.cmake"
                                 COMPATIBILITY SameMajorVersion)
install(FILES "${PROJECT_BINARY_DIR}/cskpiConfig.cmake" "${PROJECT_BINARY_DIR}/cskpiConfigVersion.cmake"
        DESTINATION "${CSKPI_CMAKE_DIR}")
install(DIRECTORY "${PROJECT_SOURCE_DIR}/presets/" DESTINATION "${CMAKE_INSTALL_DATADIR}/cskpi/presets")
install(FILES "${PROJECT_SOURCE_DIR}/LICENSE" DESTINATION "${CMAKE_INSTALL_DATADIR}/doc/cskpi")
