// Pins: every repin is a numbered version with a reason, in the pin's history and the audit
// log; repinning to where it points changes nothing; bad input changes nothing.
#include "resultcheck.h"
#include "store/auditlogrepository.h"
#include "store/connection.h"
#include "store/pinrepository.h"
#include "store/providerrepository.h"
#include "store/workspace.h"
#include "temporaryworkspace.h"

#include <QTest>

using namespace switchboard;
using namespace switchboard::core;

class TestPinRepository final : public QObject
{
    Q_OBJECT

    std::unique_ptr<tests::TemporaryWorkspace> m_dir;
    std::unique_ptr<store::Connection> m_connection;

private Q_SLOTS:
    void init()
    {
        m_dir = std::make_unique<tests::TemporaryWorkspace>();
        QVERIFY_OK(store::prepareWorkspace(m_dir->location(), store::Connection::Mode::CreateIfMissing));
        auto connection = store::Connection::open(m_dir->location());
        QVERIFY_OK(connection);
        m_connection = std::move(*connection);
        for (const char *name : { "openai", "backup" }) {
            ProviderConfig provider;
            provider.name = QLatin1String(name);
            provider.kind = ProviderKind::OpenAi;
            QVERIFY_OK(store::ProviderRepository(*m_connection).add(provider));
        }
    }

    void repinningIsVersionedAndAudited()
    {
        store::PinRepository pins(*m_connection);
        auto first = pins.set(QStringLiteral("support-answer"), QStringLiteral("openai"), QStringLiteral("gpt-4o-2024-05-13"),
                              QStringLiteral("first pin"), QStringLiteral("ada"));
        QVERIFY_OK(first);
        QCOMPARE(*first, 1);
        auto second = pins.set(QStringLiteral("support-answer"), QStringLiteral("backup"), QStringLiteral("gpt-4o-2024-08-06"),
                               QStringLiteral("newer snapshot passed evals"), QStringLiteral("grace"));
        QVERIFY_OK(second);
        QCOMPARE(*second, 2);

        auto pin = pins.find(QStringLiteral("support-answer"));
        QVERIFY_OK(pin);
        QCOMPARE(pin->provider, QStringLiteral("backup"));
        QCOMPARE(pin->model, QStringLiteral("gpt-4o-2024-08-06"));
        QCOMPARE(pin->version, 2);
        QCOMPARE(pin->updatedBy, QStringLiteral("grace"));
        QVERIFY(!pin->floating);

        auto history = pins.history(QStringLiteral("support-answer"));
        QVERIFY_OK(history);
        QCOMPARE(history->size(), 2u);
        QCOMPARE(history->at(0).reason, QStringLiteral("newer snapshot passed evals"));
        QCOMPARE(history->at(1).model, QStringLiteral("gpt-4o-2024-05-13"));

        auto audit = store::AuditLogRepository(*m_connection).list(QStringLiteral("pin"), QStringLiteral("support-answer"));
        QVERIFY_OK(audit);
        QCOMPARE(audit->size(), 2u);
        QCOMPARE(audit->front().action, QStringLiteral("pin.change"));
        QVERIFY(audit->front().detailsJson.contains(QStringLiteral("\"from\":\"gpt-4o-2024-05-13\"")));
    }

    void pinningWhereItPointsChangesNothing()
    {
        store::PinRepository pins(*m_connection);
        QVERIFY_OK(pins.set(QStringLiteral("fast"), QStringLiteral("openai"), QStringLiteral("gpt-4o-mini"), QStringLiteral("x"),
                            QStringLiteral("ada")));
        auto again = pins.set(QStringLiteral("fast"), QStringLiteral("openai"), QStringLiteral("gpt-4o-mini"), QStringLiteral("y"),
                              QStringLiteral("ada"));
        QVERIFY_OK(again);
        QCOMPARE(*again, 1);
        QCOMPARE(pins.history(QStringLiteral("fast"))->size(), 1u);
        QVERIFY(pins.find(QStringLiteral("fast"))->floating);
    }

    void badInputIsRefusedAndChangesNothing()
    {
        store::PinRepository pins(*m_connection);
        QVERIFY_OK(pins.set(QStringLiteral("fast"), QStringLiteral("openai"), QStringLiteral("gpt-4o-2024-08-06"), QStringLiteral("x"),
                            QStringLiteral("ada")));
        QCOMPARE(tests::codeOf(pins.set(QStringLiteral("fast"), QStringLiteral("openai"), QStringLiteral("gpt-4o"), QString(),
                                        QStringLiteral("ada"))),
                 QStringLiteral("invalid_argument"));
        QCOMPARE(tests::codeOf(pins.set(QStringLiteral("fast"), QStringLiteral("nowhere"), QStringLiteral("gpt-4o"), QStringLiteral("r"),
                                        QStringLiteral("ada"))),
                 QStringLiteral("not_found"));
        QCOMPARE(tests::codeOf(pins.set(QStringLiteral("Fast/Alias"), QStringLiteral("openai"), QStringLiteral("gpt-4o"),
                                        QStringLiteral("r"), QStringLiteral("ada"))),
                 QStringLiteral("invalid_argument"));
        QCOMPARE(pins.find(QStringLiteral("fast"))->model, QStringLiteral("gpt-4o-2024-08-06"));
        QCOMPARE(pins.list()->size(), 1u);
    }
};

QTEST_GUILESS_MAIN(TestPinRepository)
#include "tst_pinrepository.moc"
