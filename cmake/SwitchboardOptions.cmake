# One interface target that every Switchboard target links: language level, warnings and
# the Qt definitions that keep string conversions and connections explicit.
add_library(switchboard_options INTERFACE)
add_library(Switchboard::options ALIAS switchboard_options)

target_compile_features(switchboard_options INTERFACE cxx_std_23)
target_compile_definitions(switchboard_options INTERFACE
    QT_NO_CAST_FROM_ASCII
    QT_NO_CAST_TO_ASCII
    QT_NO_URL_CAST_FROM_STRING
    QT_NO_NARROWING_CONVERSIONS_IN_CONNECT
    QT_NO_CONTEXTLESS_CONNECT
    QT_STRICT_ITERATORS
    QT_USE_QSTRINGBUILDER
    QT_NO_FOREACH
    SWITCHBOARD_VERSION="${PROJECT_VERSION}")
target_compile_options(switchboard_options INTERFACE
    -Wall -Wextra -Wpedantic -Wshadow=local -Wnon-virtual-dtor -Wcast-align
    -Woverloaded-virtual -Wimplicit-fallthrough
    $<$<BOOL:${SWITCHBOARD_WERROR}>:-Werror>)

option(SWITCHBOARD_WERROR "Treat warnings as errors" OFF)

# Adds a Qt Test suite: one executable per suite, linked against libraries only (never app
# sources), run headless by CTest.
#   switchboard_add_test(NAME store_migrations SOURCES tst_migrations.cpp LIBS switchboard_core)
function(switchboard_add_test)
    cmake_parse_arguments(ARG "" "NAME;TIMEOUT" "SOURCES;LIBS;LABELS" ${ARGN})
    set(target tst_${ARG_NAME})
    add_executable(${target} ${ARG_SOURCES})
    target_link_libraries(${target} PRIVATE switchboard_options switchboard_testsupport Qt6::Test ${ARG_LIBS})
    add_test(NAME ${ARG_NAME} COMMAND ${target})
    if(NOT ARG_TIMEOUT)
        set(ARG_TIMEOUT 120)
    endif()
    set_tests_properties(${ARG_NAME} PROPERTIES
        TIMEOUT ${ARG_TIMEOUT}
        LABELS "${ARG_LABELS}"
        ENVIRONMENT "QT_QPA_PLATFORM=offscreen;QT_LOGGING_RULES=*.debug=false;SWITCHBOARD_TEST_OUTPUT=${CMAKE_BINARY_DIR}/test-output")
endfunction()

# Adds a benchmark: built with the project, never run by the test command.
function(switchboard_add_bench)
    cmake_parse_arguments(ARG "" "NAME" "SOURCES;LIBS" ${ARGN})
    add_executable(bench_${ARG_NAME} ${ARG_SOURCES})
    target_link_libraries(bench_${ARG_NAME} PRIVATE switchboard_options ${ARG_LIBS})
endfunction()
