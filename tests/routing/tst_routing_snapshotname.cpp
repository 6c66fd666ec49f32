// Which model names are dated snapshots and which float: the console warns about pins to the
// latter.
#include "routing/snapshotname.h"

#include <QTest>

using namespace switchboard::core::routing;

class TestSnapshotName final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void classifies_data()
    {
        QTest::addColumn<QString>("model");
        QTest::addColumn<bool>("floating");
        QTest::newRow("openai dated") << QStringLiteral("gpt-4o-2024-08-06") << false;
        QTest::newRow("openai month-day") << QStringLiteral("gpt-4-0613") << false;
        QTest::newRow("openai floating") << QStringLiteral("gpt-4o") << true;
        QTest::newRow("openai mini floating") << QStringLiteral("gpt-4o-mini") << true;
        QTest::newRow("anthropic dated") << QStringLiteral("claude-3-5-sonnet-20241022") << false;
        QTest::newRow("anthropic latest") << QStringLiteral("claude-3-5-sonnet-latest") << true;
        QTest::newRow("anthropic alias") << QStringLiteral("claude-sonnet-4-5") << true;
        QTest::newRow("vertex dated") << QStringLiteral("claude-3-5-sonnet@20240620") << false;
        QTest::newRow("gemini versioned") << QStringLiteral("gemini-1.5-pro-002") << false;
        QTest::newRow("gemini preview dated") << QStringLiteral("gemini-2.5-flash-preview-05-20") << false;
        QTest::newRow("gemini floating") << QStringLiteral("gemini-1.5-pro") << true;
        QTest::newRow("gemini latest") << QStringLiteral("gemini-1.5-pro-latest") << true;
        QTest::newRow("simulated dated") << QStringLiteral("sim-small-2025-01-15") << false;
        QTest::newRow("local model") << QStringLiteral("llama3.1:8b") << true;
    }

    void classifies()
    {
        QFETCH(QString, model);
        QFETCH(bool, floating);
        QCOMPARE(isFloatingModelName(model), floating);
    }
};

QTEST_GUILESS_MAIN(TestSnapshotName)
#include "tst_routing_snapshotname.moc"
