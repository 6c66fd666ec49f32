#pragma once

#include "model/productinfo.h"

#include <QCoreApplication>
#include <QDir>
#include <QSettings>
#include <QStandardPaths>
#include <QString>

namespace switchboard::tests {

// Where UI suites save their screenshots: $SWITCHBOARD_TEST_OUTPUT/screenshots, else the
// temporary folder's.
inline QString screenshotDir()
{
    const QString dir = qEnvironmentVariable("SWITCHBOARD_TEST_OUTPUT", QDir::tempPath()) + QLatin1String("/screenshots");
    QDir().mkpath(dir);
    return dir;
}

// For a page suite's initTestCase(): test paths, the product's identity, and settings of the
// suite's own with `author` as who makes changes, so that suites running beside it (the main
// window suite clears its settings) cannot change them under it.
inline void useOwnSettings(const char *suite, const QString &author)
{
    QStandardPaths::setTestModeEnabled(true);
    core::applyProductIdentity();
    QCoreApplication::setOrganizationName(QCoreApplication::organizationName() + u'-' + QLatin1String(suite) + QLatin1String("-test"));
    QSettings().clear();
    QSettings().setValue(QStringLiteral("identity/author"), author);
}

} // namespace switchboard::tests
