// The demo's recipe and its plan of traffic: deterministic, shaped like a working week,
// with the recipe's cost spike, and a clear error for a broken recipe.
#include "demo/demoplan.h"

#include <QDateTime>
#include <QTest>

using namespace switchboard::core;
using namespace switchboard::core::demo;

namespace {

qint64 mondayMidnight()
{
    return QDateTime(QDate(2026, 11, 16), QTime(0, 0), Qt::UTC).toMSecsSinceEpoch();
}

qint64 inputWords(const PlannedCall &call)
{
    return call.request.messages.back().plainText().count(QLatin1Char(' ')) + 1;
}

} // namespace

class TestDemoPlan final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void theShippedRecipeLoads()
    {
        auto recipe = DemoRecipe::shipped();
        QVERIFY2(recipe, qPrintable(recipe ? QString() : recipe.error().message));
        QCOMPARE(recipe->calls, 20'000);
        QCOMPARE(recipe->days, 7.0);
        QCOMPARE(recipe->incidents.size(), std::size_t(3));
        for (const DemoRecipe::Feature &feature : recipe->features)
            QVERIFY2(recipe->alias(feature.alias), qPrintable(feature.alias));
    }

    void theSamePlanComesFromTheSameRecipe()
    {
        const DemoRecipe recipe = *DemoRecipe::shipped();
        const auto first = planDemoTraffic(recipe, mondayMidnight(), 500);
        const auto second = planDemoTraffic(recipe, mondayMidnight(), 500);
        QCOMPARE(first.size(), std::size_t(500));
        for (std::size_t i = 0; i < first.size(); ++i) {
            QCOMPARE(first[i].arrivalMs, second[i].arrivalMs);
            QCOMPARE(first[i].userId, second[i].userId);
            QVERIFY(first[i].request == second[i].request);
        }
    }

    void trafficFollowsAWorkingWeek()
    {
        const DemoRecipe recipe = *DemoRecipe::shipped();
        const auto plan = planDemoTraffic(recipe, mondayMidnight(), 5000);
        int afternoons = 0;
        int nights = 0;
        int weekdays = 0;
        int weekends = 0;
        qint64 previous = 0;
        for (const PlannedCall &call : plan) {
            QVERIFY(call.arrivalMs >= previous);
            previous = call.arrivalMs;
            QVERIFY(call.dayOffset >= 0 && call.dayOffset < 7);
            const QDateTime at = QDateTime::fromMSecsSinceEpoch(call.arrivalMs, Qt::UTC);
            const int hour = at.time().hour();
            afternoons += hour >= 13 && hour < 16;
            nights += hour >= 1 && hour < 4;
            (at.date().dayOfWeek() >= 6 ? weekends : weekdays) += 1;
        }
        QVERIFY2(afternoons > 4 * nights, qPrintable(QStringLiteral("%1 vs %2").arg(afternoons).arg(nights)));
        // Five weekdays at full traffic against two weekend days at under half.
        QVERIFY2(weekdays > 4 * weekends, qPrintable(QStringLiteral("%1 vs %2").arg(weekdays).arg(weekends)));
    }

    void everyTenantAndFeatureGetsTraffic()
    {
        const DemoRecipe recipe = *DemoRecipe::shipped();
        const auto plan = planDemoTraffic(recipe, mondayMidnight(), 2000);
        QSet<QString> tenants;
        QSet<int> features;
        for (const PlannedCall &call : plan) {
            tenants.insert(call.tenant);
            features.insert(call.feature);
            QVERIFY(call.userId.startsWith(call.tenant + QLatin1String("-user-")));
            const DemoRecipe::Feature &feature = recipe.features[static_cast<std::size_t>(call.feature)];
            QCOMPARE(call.request.model, feature.alias);
            QCOMPARE(call.request.stream, feature.stream);
            QCOMPARE(call.request.responseFormat.kind == ResponseFormat::Kind::JsonSchema, !feature.schema.is_null());
            QVERIFY(!call.request.messages.back().plainText().contains(QLatin1String("{{")));
        }
        QCOMPARE(tenants.size(), qsizetype(recipe.tenants.size()));
        QCOMPARE(features.size(), qsizetype(recipe.features.size()));
    }

    void theCostSpikeSendsLongerInputs()
    {
        const DemoRecipe recipe = *DemoRecipe::shipped();
        const DemoRecipe::Incident &spike = recipe.incidents[2];
        QCOMPARE(spike.kind, DemoRecipe::IncidentKind::CostSpike);
        const auto plan = planDemoTraffic(recipe, mondayMidnight(), 6000);
        qint64 inside = 0, insideCalls = 0, outside = 0, outsideCalls = 0;
        for (const PlannedCall &call : plan) {
            if (recipe.features[static_cast<std::size_t>(call.feature)].name != spike.feature)
                continue;
            (spike.activeAt(call.dayOffset) ? inside : outside) += inputWords(call);
            (spike.activeAt(call.dayOffset) ? insideCalls : outsideCalls) += 1;
        }
        QVERIFY(insideCalls > 5 && outsideCalls > 100);
        const double ratio = (static_cast<double>(inside) / insideCalls) / (static_cast<double>(outside) / outsideCalls);
        QVERIFY2(ratio > 6 && ratio < 15, qPrintable(QString::number(ratio)));
    }

    void aBrokenRecipeSaysWhatIsWrong_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("expected");
        QTest::newRow("not json") << QByteArray("{calls: 3") << QStringLiteral("not a JSON object");
        QTest::newRow("unknown incident")
            << QByteArray(R"({"providers":[{"name":"p"}],"tenants":[{"name":"t"}],"features":[],"incidents":[{"kind":"flood"}]})")
            << QStringLiteral("unknown incident kind \"flood\"");
        QTest::newRow("undefined alias")
            << QByteArray(R"({"providers":[{"name":"p"}],"tenants":[{"name":"t"}],"features":[{"name":"f","alias":"nope"}]})")
            << QStringLiteral("uses alias \"nope\", which is not defined");
    }
    void aBrokenRecipeSaysWhatIsWrong()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, expected);
        const auto recipe = DemoRecipe::fromJson(json);
        QVERIFY(!recipe);
        QCOMPARE(recipe.error().code, ErrorCode::InvalidArgument);
        QVERIFY2(recipe.error().message.contains(expected), qPrintable(recipe.error().message));
    }
};

QTEST_GUILESS_MAIN(TestDemoPlan)
#include "tst_demoplan.moc"
