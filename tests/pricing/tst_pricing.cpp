// Prices as a user relies on them: the shipped table prices real models (dated snapshots
// included), LiteLLM's file imports with a report of what it left out, a broken file changes
// nothing, a user's price beats the shipped one, and costs follow usage.
#include "coretostring.h"
#include "pricing/pricetable.h"
#include "resultcheck.h"
#include "store/connection.h"
#include "store/pricerepository.h"
#include "store/workspace.h"
#include "temporaryworkspace.h"

#include <QDate>
#include <QFile>
#include <QTest>

using namespace switchboard::core;
using namespace switchboard::core::pricing;

namespace {

qint64 at(int year, int month, int day)
{
    return QDate(year, month, day).startOfDay(Qt::UTC).toMSecsSinceEpoch();
}

constexpr qint64 kNow = 1'795'000'000'000; // 2026-11

} // namespace

class TestPricing final : public QObject
{
    Q_OBJECT

private:
    PriceBook m_shipped;

private Q_SLOTS:
    void initTestCase()
    {
        auto rules = shippedPrices();
        QVERIFY_OK(rules);
        QVERIFY(rules->size() > 250);
        m_shipped.add(*rules);
    }

    void theShippedTablePricesRealModels_data()
    {
        QTest::addColumn<ProviderKind>("kind");
        QTest::addColumn<QString>("model");
        QTest::addColumn<qint64>("input");
        QTest::addColumn<qint64>("output");
        QTest::addColumn<qint64>("cacheRead");
        // Values as genai-prices gives them, in micro-dollars per million tokens.
        QTest::newRow("gpt-4o") << ProviderKind::OpenAi << QStringLiteral("gpt-4o") << 2'500'000LL << 10'000'000LL << 1'250'000LL;
        QTest::newRow("gpt-4o dated") << ProviderKind::OpenAi << QStringLiteral("gpt-4o-2024-08-06") << 2'500'000LL << 10'000'000LL
                                      << 1'250'000LL;
        QTest::newRow("gpt-4o-mini dated") << ProviderKind::OpenAi << QStringLiteral("gpt-4o-mini-2024-07-18") << 150'000LL
                                           << 600'000LL << 75'000LL;
        QTest::newRow("claude snapshot by prefix") << ProviderKind::Anthropic << QStringLiteral("claude-3-5-sonnet-20241022")
                                                   << 3'000'000LL << 15'000'000LL << 300'000LL;
        QTest::newRow("gemini by substring") << ProviderKind::Gemini << QStringLiteral("gemini-1.5-pro-002") << 1'250'000LL
                                             << 5'000'000LL << 1'250'000LL;
    }
    void theShippedTablePricesRealModels()
    {
        QFETCH(ProviderKind, kind);
        QFETCH(QString, model);
        QFETCH(qint64, input);
        QFETCH(qint64, output);
        QFETCH(qint64, cacheRead);
        const auto price = m_shipped.priceFor(kind, model, kNow);
        QVERIFY2(price, qPrintable(model));
        QCOMPARE(price->inputPerMtokMicros, input);
        QCOMPARE(price->outputPerMtokMicros, output);
        QCOMPARE(price->cacheReadPerMtokMicros.value_or(price->inputPerMtokMicros), cacheRead);
    }

    void theSimulatedProviderIsPricedToo()
    {
        QVERIFY(m_shipped.priceFor(ProviderKind::Simulated, QStringLiteral("sim-large-2025-06-01"), kNow));
        QVERIFY(!m_shipped.priceFor(ProviderKind::OpenAi, QStringLiteral("no-such-model"), kNow));
    }

    void dollarsPerTokenBecomeExactMicros()
    {
        QCOMPARE(microsPerMtokFromDollarsPerToken(0.0000025), 2'500'000);
        QCOMPARE(microsPerMtokFromDollarsPerToken(1.5e-07), 150'000);
        QCOMPARE(microsPerMtokFromDollarsPerToken(3.75e-06), 3'750'000);
        QCOMPARE(microsPerMtokFromDollarsPerToken(0.0), 0);
    }

    void liteLlmImportsChatModelsAndReportsTheRest()
    {
        QFile file(QStringLiteral(SWITCHBOARD_LITELLM_PRICES));
        QVERIFY(file.open(QIODevice::ReadOnly));
        auto read = readLiteLlmPrices(file.readAll(), QStringLiteral("import:litellm.json"));
        QVERIFY_OK(read);
        QVERIFY2(read->rules.size() > 100, qPrintable(QString::number(read->rules.size())));
        QVERIFY(read->skipped.size() > 1000);
        const auto skippedFor = [&](const QString &reason) {
            return std::count_if(read->skipped.cbegin(), read->skipped.cend(), [&](const QString &line) { return line.contains(reason); });
        };
        QVERIFY(skippedFor(QStringLiteral("is not chat")) > 100);         // embeddings, images, audio
        QVERIFY(skippedFor(QStringLiteral("is not one Switchboard prices")) > 100); // bedrock, azure, ...
        PriceBook book;
        book.add(read->rules);
        const auto gpt4o = book.priceFor(ProviderKind::OpenAi, QStringLiteral("gpt-4o"), kNow);
        QVERIFY(gpt4o);
        QCOMPARE(gpt4o->inputPerMtokMicros, 2'500'000);
        QCOMPARE(gpt4o->outputPerMtokMicros, 10'000'000);
        // "gemini/gemini-2.5-pro" is priced under the name the provider uses.
        QVERIFY(book.priceFor(ProviderKind::Gemini, QStringLiteral("gemini-2.5-pro"), kNow));
    }

    void aBrokenFileIsRefusedAndNothingChanges()
    {
        switchboard::tests::TemporaryWorkspace temp;
        QVERIFY_OK(store::prepareWorkspace(temp.location(), store::Connection::Mode::CreateIfMissing));
        auto connection = store::Connection::open(temp.location());
        QVERIFY_OK(connection);
        store::PriceRepository prices(**connection);
        const auto before = prices.list();
        QVERIFY_OK(before);
        QVERIFY(!before->empty());
        for (const QByteArray &broken : { QByteArray("{\"gpt-4o\": {\"input_cost_per_token\": 0.0000025,"), QByteArray("[1, 2]"),
                                          QByteArray("<html>502</html>") }) {
            const auto read = readLiteLlmPrices(broken, QStringLiteral("import:broken.json"));
            QVERIFY(!read);
            QCOMPARE(read.error().code, ErrorCode::InvalidArgument);
            QVERIFY(read.error().message.contains(QLatin1String("not a JSON object")));
        }
        QCOMPARE(prices.list()->size(), before->size());
    }

    void aUsersPriceBeatsTheShippedOneAndSurvivesAnUpgrade()
    {
        switchboard::tests::TemporaryWorkspace temp;
        QVERIFY_OK(store::prepareWorkspace(temp.location(), store::Connection::Mode::CreateIfMissing));
        auto connection = store::Connection::open(temp.location());
        QVERIFY_OK(connection);
        store::PriceRepository prices(**connection);
        PriceRule negotiated;
        negotiated.provider = ProviderKind::OpenAi;
        negotiated.value = QStringLiteral("gpt-4o");
        negotiated.price = { 2'000'000, 8'000'000, std::nullopt, std::nullopt };
        QVERIFY_OK(prices.set(negotiated, QStringLiteral("ops")));

        // The shipped table written again (a newer program) does not undo the edit.
        auto shipped = shippedPrices();
        QVERIFY_OK(shipped);
        QVERIFY_OK(prices.replaceSource(QStringLiteral("shipped"), *shipped, QString()));
        // Nor does an import of the same model.
        PriceRule imported = negotiated;
        imported.price.inputPerMtokMicros = 9'000'000;
        QVERIFY_OK(prices.replaceSource(QStringLiteral("import:prices.json"), { imported }, QStringLiteral("ops")));

        auto book = prices.loadPriceBook();
        QVERIFY_OK(book);
        QCOMPARE(book->priceFor(ProviderKind::OpenAi, QStringLiteral("gpt-4o"), kNow)->inputPerMtokMicros, 2'000'000);
        // Other models keep the shipped price.
        QCOMPARE(book->priceFor(ProviderKind::OpenAi, QStringLiteral("gpt-4o-mini"), kNow)->inputPerMtokMicros, 150'000);

        // Reopening the workspace keeps everything.
        QVERIFY_OK(store::prepareWorkspace(temp.location()));
        QCOMPARE(prices.loadPriceBook()->priceFor(ProviderKind::OpenAi, QStringLiteral("gpt-4o"), kNow)->inputPerMtokMicros,
                 2'000'000);
    }

    void aPriceChangeAppliesFromItsDate()
    {
        PriceBook book;
        book.add({ ProviderKind::Anthropic, PriceRule::Match::StartsWith, QStringLiteral("claude-x"),
                   { 3'000'000, 15'000'000, std::nullopt, std::nullopt }, 0, QStringLiteral("shipped"), {} });
        book.add({ ProviderKind::Anthropic, PriceRule::Match::StartsWith, QStringLiteral("claude-x"),
                   { 1'000'000, 5'000'000, std::nullopt, std::nullopt }, at(2026, 3, 1), QStringLiteral("shipped"), {} });
        QCOMPARE(book.priceFor(ProviderKind::Anthropic, QStringLiteral("claude-x-1"), at(2026, 2, 28))->inputPerMtokMicros, 3'000'000);
        QCOMPARE(book.priceFor(ProviderKind::Anthropic, QStringLiteral("claude-x-1"), at(2026, 3, 1))->inputPerMtokMicros, 1'000'000);
    }

    void costFollowsUsageWithCachedTokens()
    {
        const Price sonnet = *m_shipped.priceFor(ProviderKind::Anthropic, QStringLiteral("claude-3-5-sonnet-20241022"), kNow);
        Usage usage;
        usage.inputTokens = 10'000;
        usage.cachedInputTokens = 8'000;
        usage.outputTokens = 500;
        // 2,000 plain input at $3, 8,000 cached at $0.30, 500 output at $15 per million.
        QCOMPARE(costMicros(usage, sonnet), 6'000 + 2'400 + 7'500);
    }
};

QTEST_GUILESS_MAIN(TestPricing)
#include "tst_pricing.moc"
