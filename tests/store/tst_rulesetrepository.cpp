// Rule sets: saving validates against what exists; activation needs a reason, retires the
// version before and is audited; activating an older version is a rollback; a version whose
// target has gone since it was saved is not activated, and nothing changes.
#include "resultcheck.h"
#include "store/auditlogrepository.h"
#include "store/connection.h"
#include "store/pinrepository.h"
#include "store/providerrepository.h"
#include "store/rulesetrepository.h"
#include "store/workspace.h"
#include "temporaryworkspace.h"

#include <QTest>

using namespace switchboard;
using namespace switchboard::core;
using store::StoredRuleSet;

namespace {

routing::RuleSet rulesTo(const QString &target)
{
    routing::RoutingRule rule;
    rule.name = QStringLiteral("everything");
    rule.then.target = target;
    return routing::RuleSet { { rule } };
}

} // namespace

class TestRuleSetRepository final : public QObject
{
    Q_OBJECT

    std::unique_ptr<tests::TemporaryWorkspace> m_dir;
    std::unique_ptr<store::Connection> m_connection;
    qint64 m_backupId = 0;

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
            auto id = store::ProviderRepository(*m_connection).add(provider);
            QVERIFY_OK(id);
            m_backupId = *id;
        }
        QVERIFY_OK(store::PinRepository(*m_connection)
                       .set(QStringLiteral("fast"), QStringLiteral("openai"), QStringLiteral("gpt-4o-mini-2024-07-18"),
                            QStringLiteral("first"), QStringLiteral("ada")));
        QVERIFY_OK(m_connection->exec(QStringLiteral("INSERT INTO models (provider_id, name, created_ms) VALUES (?, ?, 0)"),
                                      { m_backupId, QStringLiteral("spare-1") }));
    }

    void aSaveAfterAnotherConsolesIsAConflictNotAnOverwrite()
    {
        store::RuleSetRepository repository(*m_connection);
        QVERIFY_OK(repository.saveDraft(rulesTo(QStringLiteral("fast")), QStringLiteral("v1"), QStringLiteral("ada")));
        auto other = store::Connection::open(m_dir->location());
        QVERIFY_OK(other);
        QVERIFY_OK(store::RuleSetRepository(**other).saveDraft(rulesTo(QStringLiteral("backup/spare-1")), QStringLiteral("grace's"),
                                                              QStringLiteral("grace"), 1));
        auto refused = repository.saveDraft(rulesTo(QStringLiteral("fast")), QStringLiteral("ada's"), QStringLiteral("ada"), 1);
        QCOMPARE(tests::codeOf(refused), QStringLiteral("conflict"));
        QVERIFY2(refused.error().message.contains(QLatin1String("grace saved rule set v2")), qPrintable(refused.error().message));
        auto listed = repository.list();
        QVERIFY_OK(listed);
        QCOMPARE(listed->size(), std::size_t(2));
        auto after = repository.saveDraft(rulesTo(QStringLiteral("fast")), QStringLiteral("ada's"), QStringLiteral("ada"), 2);
        QVERIFY_OK(after);
        QCOMPARE(*after, 3);
    }

    void savingRefusesAnUnknownTarget()
    {
        store::RuleSetRepository repository(*m_connection);
        auto saved = repository.saveDraft(rulesTo(QStringLiteral("nowhere")), QStringLiteral("typo"), QStringLiteral("ada"));
        QVERIFY(!saved);
        QVERIFY2(saved.error().message.contains(QLatin1String("nowhere")), qPrintable(saved.error().message));
        auto versions = repository.list();
        QVERIFY_OK(versions);
        QVERIFY(versions->empty());
    }

    void activationRetiresThePreviousAndRollbackIsAudited()
    {
        store::RuleSetRepository repository(*m_connection);
        auto first = repository.saveDraft(rulesTo(QStringLiteral("fast")), QStringLiteral("v1"), QStringLiteral("ada"));
        auto second = repository.saveDraft(rulesTo(QStringLiteral("backup/spare-1")), QStringLiteral("v2"), QStringLiteral("ada"));
        QVERIFY_OK(first);
        QVERIFY_OK(second);

        QCOMPARE(repository.activate(*first, QStringLiteral(" "), QStringLiteral("ada")).error().code, ErrorCode::InvalidArgument);
        QVERIFY_OK(repository.activate(*first, QStringLiteral("go live"), QStringLiteral("ada")));
        QVERIFY_OK(repository.activate(*second, QStringLiteral("try the spare"), QStringLiteral("grace")));
        auto old = repository.version(*first);
        QVERIFY_OK(old);
        QCOMPARE(old->status, StoredRuleSet::Status::Retired);
        QCOMPARE(repository.activate(*second, QStringLiteral("again"), QStringLiteral("grace")).error().code, ErrorCode::Conflict);

        QVERIFY_OK(repository.activate(*first, QStringLiteral("spare is slow"), QStringLiteral("grace")));
        auto active = repository.active();
        QVERIFY_OK(active);
        QVERIFY(*active);
        QCOMPARE((*active)->version, *first);

        auto audit = store::AuditLogRepository(*m_connection).list(QStringLiteral("ruleset"));
        QVERIFY_OK(audit);
        QCOMPARE(audit->size(), std::size_t(3));
        QCOMPARE(audit->at(0).action, QStringLiteral("ruleset.rollback"));
        QCOMPARE(audit->at(0).reason, QStringLiteral("spare is slow"));
        QCOMPARE(audit->at(0).actor, QStringLiteral("grace"));
        QCOMPARE(audit->at(1).action, QStringLiteral("ruleset.activate"));
    }

    void aVersionWhoseTargetHasGoneIsNotActivated()
    {
        store::RuleSetRepository repository(*m_connection);
        auto live = repository.saveDraft(rulesTo(QStringLiteral("fast")), QStringLiteral("live"), QStringLiteral("ada"));
        auto spare = repository.saveDraft(rulesTo(QStringLiteral("backup/spare-1")), QStringLiteral("spare"), QStringLiteral("ada"));
        QVERIFY_OK(live);
        QVERIFY_OK(spare);
        QVERIFY_OK(repository.activate(*live, QStringLiteral("go live"), QStringLiteral("ada")));

        QVERIFY_OK(store::ProviderRepository(*m_connection).remove(m_backupId));
        auto refused = repository.activate(*spare, QStringLiteral("use the spare"), QStringLiteral("ada"));
        QVERIFY(!refused);
        QVERIFY2(refused.error().message.contains(QLatin1String("backup/spare-1")), qPrintable(refused.error().message));

        auto active = repository.active();
        QVERIFY_OK(active);
        QCOMPARE((*active)->version, *live);
        auto audit = store::AuditLogRepository(*m_connection).list(QStringLiteral("ruleset"));
        QVERIFY_OK(audit);
        QCOMPARE(audit->size(), std::size_t(1));
    }
};

QTEST_GUILESS_MAIN(TestRuleSetRepository)
#include "tst_rulesetrepository.moc"
