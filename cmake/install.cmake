# corelink as a CMake package: `cmake --install build --prefix P` puts
#   P/include/corelink/<layer>/*.h   headers, in the source layout ("src/event_list.h", ...)
#   P/lib/libcorelink_*.a            one static library per layer
#   P/lib/cmake/corelink/            corelinkConfig.cmake, its version file and the targets
#   P/bin/                           the experiment binaries
# An out-of-tree project does find_package(corelink) and links corelink::corelink (every layer)
# or a single layer: corelink::core, corelink::queues, corelink::tcp, ... (docs/library.md).
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

set(CORELINK_INSTALL_INCLUDEDIR ${CMAKE_INSTALL_INCLUDEDIR}/corelink)
set(CORELINK_INSTALL_CMAKEDIR ${CMAKE_INSTALL_LIBDIR}/cmake/corelink)

# Every layer library (corelink_*), found from the directories the build added, so a new layer
# is packaged without editing this file.
set(corelink_libraries "")
function(corelink_collect_libraries dir)
    get_property(targets DIRECTORY ${dir} PROPERTY BUILDSYSTEM_TARGETS)
    foreach(t IN LISTS targets)
        get_target_property(type ${t} TYPE)
        if(type STREQUAL "STATIC_LIBRARY" OR type STREQUAL "SHARED_LIBRARY")
            if(t MATCHES "^corelink_")
                list(APPEND corelink_libraries ${t})
            endif()
        endif()
    endforeach()
    get_property(subdirs DIRECTORY ${dir} PROPERTY SUBDIRECTORIES)
    foreach(sub IN LISTS subdirs)
        if(NOT sub MATCHES "/(tests|bench)$")
            corelink_collect_libraries(${sub})
        endif()
    endforeach()
    set(corelink_libraries ${corelink_libraries} PARENT_SCOPE)
endfunction()
corelink_collect_libraries(${PROJECT_SOURCE_DIR})

# Consumers compile the headers as C++20 and find them under the installed include directory.
target_compile_features(corelink_core PUBLIC cxx_std_20)

# A layer that names the source root as its include directory (as src/ does) gets it for the
# build only, and the installed include directory in the package.
foreach(lib IN LISTS corelink_libraries)
    get_target_property(dirs ${lib} INTERFACE_INCLUDE_DIRECTORIES)
    if(dirs)
        list(TRANSFORM dirs REPLACE "^${PROJECT_SOURCE_DIR}$"
             "$<BUILD_INTERFACE:${PROJECT_SOURCE_DIR}>;$<INSTALL_INTERFACE:${CORELINK_INSTALL_INCLUDEDIR}>")
        set_target_properties(${lib} PROPERTIES INTERFACE_INCLUDE_DIRECTORIES "${dirs}")
    endif()
endforeach()

set(corelink_header_dirs "")
foreach(lib IN LISTS corelink_libraries)
    string(REGEX REPLACE "^corelink_" "" short ${lib})
    set_target_properties(${lib} PROPERTIES EXPORT_NAME ${short})
    get_target_property(src_dir ${lib} SOURCE_DIR)
    file(RELATIVE_PATH rel ${PROJECT_SOURCE_DIR} ${src_dir})
    list(APPEND corelink_header_dirs ${rel})
endforeach()
list(REMOVE_DUPLICATES corelink_header_dirs)

# corelink::corelink: every layer at once.
add_library(corelink INTERFACE)
target_link_libraries(corelink INTERFACE ${corelink_libraries})
set_target_properties(corelink PROPERTIES EXPORT_NAME corelink)
add_library(corelink::corelink ALIAS corelink)

install(TARGETS ${corelink_libraries} corelink
        EXPORT corelinkTargets
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
        LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
        INCLUDES DESTINATION ${CORELINK_INSTALL_INCLUDEDIR})
foreach(rel IN LISTS corelink_header_dirs)
    install(DIRECTORY ${PROJECT_SOURCE_DIR}/${rel}/
            DESTINATION ${CORELINK_INSTALL_INCLUDEDIR}/${rel}
            FILES_MATCHING PATTERN "*.h")
endforeach()
install(EXPORT corelinkTargets NAMESPACE corelink:: DESTINATION ${CORELINK_INSTALL_CMAKEDIR})

configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/corelinkConfig.cmake.in
                              ${PROJECT_BINARY_DIR}/corelinkConfig.cmake
                              INSTALL_DESTINATION ${CORELINK_INSTALL_CMAKEDIR})
# 0.x: minor versions may break the API, so a request for 0.1 accepts 0.1.* only.
write_basic_package_version_file(${PROJECT_BINARY_DIR}/corelinkConfigVersion.cmake
                                 COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/corelinkConfig.cmake
              ${PROJECT_BINARY_DIR}/corelinkConfigVersion.cmake
        DESTINATION ${CORELINK_INSTALL_CMAKEDIR})

# The experiment binaries.
get_property(corelink_experiment_dir_targets DIRECTORY ${PROJECT_SOURCE_DIR}/experiments
             PROPERTY BUILDSYSTEM_TARGETS)
foreach(t IN LISTS corelink_experiment_dir_targets)
    get_target_property(type ${t} TYPE)
    if(type STREQUAL "EXECUTABLE")
        install(TARGETS ${t} RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
    endif()
endforeach()
