#pragma once

#include <QString>
#include <QTest>

#include <nlohmann/json.hpp>

// Compares two JSON values and prints both, compactly, when they differ. (QCOMPARE cannot
// take nlohmann::json directly: its conversions confuse Qt Test's overloads.)
#define QCOMPARE_JSON(actual, expected)                                                          \
    QCOMPARE(QString::fromStdString(nlohmann::json(actual).dump()),                              \
             QString::fromStdString(nlohmann::json(expected).dump()))
