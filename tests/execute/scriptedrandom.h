#pragma once

#include "execute/clock.h"

#include <QList>

// A random source that returns the numbers it is given, in a loop.
class ScriptedRandom final : public switchboard::core::execute::RandomSource
{
public:
    explicit ScriptedRandom(QList<double> values) : m_values(std::move(values)) { }
    double uniform() override { return m_values.at(m_next++ % m_values.size()); }

private:
    QList<double> m_values;
    qsizetype m_next = 0;
};
