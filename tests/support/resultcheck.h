#pragma once

#include "model/error.h"

#include <QTest>

namespace switchboard::tests {

// "ok", or the error's code and message.
template<typename T>
QByteArray describe(const core::Result<T> &result)
{
    if (result)
        return QByteArrayLiteral("ok");
    return (core::nameOf(result.error().code) + QLatin1String(": ") + result.error().message).toUtf8();
}

// The stored name of the error code, or "ok"; compared with QCOMPARE for readable failures.
template<typename T>
QString codeOf(const core::Result<T> &result)
{
    return result ? QStringLiteral("ok") : core::nameOf(result.error().code);
}

} // namespace switchboard::tests

// Fails the test with the error's code and message when a Result holds an error. (A plain
// QVERIFY2 evaluates its message even on success, and error() of a success is undefined.)
#define QVERIFY_OK(result)                                                                       \
    do {                                                                                         \
        const auto &checked_ = (result);                                                         \
        if (!checked_)                                                                           \
            QFAIL(switchboard::tests::describe(checked_).constData());                           \
    } while (false)
