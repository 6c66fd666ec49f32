// The model catalogue: models listed with their provider, dated snapshots told from floating
// names, saving again updates in place, and bad input changes nothing.
#include "resultcheck.h"
#include "store/connection.h"
#include "store/modelrepository.h"
#include "store/providerrepository.h"
#include "store/workspace.h"
#include "temporaryworkspace.h"

#include <QTest>

using namespace switchboard;
using namespace switchboard::core;
using tests::codeOf;

class TestModelRepository final : public QObject
{
    Q_OBJECT

    std::unique_ptr<tests::TemporaryWorkspace> m_dir;
    std::unique_ptr<store::Connection> m_connection;

    static store::CatalogueModel model(
        const QString &provider, const QString &name, const QString &date = {})
    {
        store::CatalogueModel model;
        model.provider = provider;
        model.name = name;
        model.snapshotDate = date;
        model.contextWindow = 128'000;
        model.maxOutputTokens = 16'384;
        return model;
    }

private Q_SLOTS:
    void init()
    {
        m_dir = std::make_unique<tests::TemporaryWorkspace>();
        QVERIFY_OK(
            store::prepareWorkspace(m_dir->location(), store::Connection::Mode::CreateIfMissing));
        auto connection = store::Connection::open(m_dir->location());
        QVERIFY_OK(connection);
        m_connection = std::move(*connection);
        for (const auto &[name, kind] : { std::pair { "openai", ProviderKind::OpenAi },
                 std::pair { "anthropic", ProviderKind::Anthropic } }) {
            ProviderConfig provider;
            provider.name = QLatin1String(name);
            provider.kind = kind;
            QVERIFY_OK(store::ProviderRepository(*m_connection).add(provider));
        }
    }

    void listsModelsWithTheirProvider()
    {
        store::ModelRepository models(*m_connection);
        QVERIFY_OK(models.save(model(QStringLiteral("openai"), QStringLiteral("gpt-4o-2024-08-06"),
            QStringLiteral("2024-08-06"))));
        QVERIFY_OK(models.save(model(QStringLiteral("openai"), QStringLiteral("gpt-4o"))));
        QVERIFY_OK(models.save(model(QStringLiteral("anthropic"),
            QStringLiteral("claude-3-5-sonnet-20241022"), QStringLiteral("2024-10-22"))));

        auto listed = models.list();
        QVERIFY_OK(listed);
        QCOMPARE(listed->size(), 3u);
        // By provider, then name.
        QCOMPARE(listed->at(0).provider, QStringLiteral("anthropic"));
        QCOMPARE(listed->at(0).providerKind, ProviderKind::Anthropic);
        QCOMPARE(listed->at(0).snapshotDate, QStringLiteral("2024-10-22"));
        QVERIFY(!listed->at(0).floating);
        QCOMPARE(listed->at(1).name, QStringLiteral("gpt-4o"));
        QVERIFY(listed->at(1).floating);
        QCOMPARE(listed->at(2).name, QStringLiteral("gpt-4o-2024-08-06"));
        QCOMPARE(listed->at(2).providerKind, ProviderKind::OpenAi);
        QCOMPARE(listed->at(2).contextWindow, 128'000);
        QCOMPARE(listed->at(2).maxOutputTokens, 16'384);
        QVERIFY(!listed->at(2).floating);
    }

    void savingAgainUpdatesInPlace()
    {
        store::ModelRepository models(*m_connection);
        auto first = models.save(
            model(QStringLiteral("openai"), QStringLiteral("gpt-4o-mini-2024-07-18")));
        QVERIFY_OK(first);
        auto changed = model(QStringLiteral("openai"), QStringLiteral("gpt-4o-mini-2024-07-18"),
            QStringLiteral("2024-07-18"));
        changed.contextWindow = 200'000;
        auto second = models.save(changed);
        QVERIFY_OK(second);
        QCOMPARE(*second, *first);
        auto listed = models.list();
        QVERIFY_OK(listed);
        QCOMPARE(listed->size(), 1u);
        QCOMPARE(listed->front().contextWindow, 200'000);
        QCOMPARE(listed->front().snapshotDate, QStringLiteral("2024-07-18"));
    }

    void badInputChangesNothing()
    {
        store::ModelRepository models(*m_connection);
        QCOMPARE(codeOf(models.save(model(QStringLiteral("nobody"), QStringLiteral("gpt-4o")))),
            core::nameOf(ErrorCode::NotFound));
        QCOMPARE(codeOf(models.save(model(QStringLiteral("openai"), QStringLiteral(" ")))),
            core::nameOf(ErrorCode::InvalidArgument));
        QCOMPARE(codeOf(models.save(model(QStringLiteral("openai"), QStringLiteral("gpt-4o"),
                     QStringLiteral("August")))),
            core::nameOf(ErrorCode::InvalidArgument));
        auto negative = model(QStringLiteral("openai"), QStringLiteral("gpt-4o"));
        negative.contextWindow = -1;
        QCOMPARE(codeOf(models.save(negative)), core::nameOf(ErrorCode::InvalidArgument));
        auto listed = models.list();
        QVERIFY_OK(listed);
        QVERIFY(listed->empty());
    }
};

QTEST_GUILESS_MAIN(TestModelRepository)
#include "tst_modelrepository.moc"
