#pragma once

#include <QTest>

// Fails the test with the error's message when a Result holds an error. (QVERIFY2 evaluates
// its message even on success, and reading error() of a successful Result is undefined.)
#define QVERIFY_OK(result)                                                                       \
    do {                                                                                         \
        const auto &checked_ = (result);                                                         \
        if (!checked_)                                                                           \
            QFAIL(qPrintable(checked_.error().message));                                         \
    } while (false)
