// The repositories of a workspace: what a user stores comes back as it was, and what the store
// refuses it refuses without half-writing anything.
#include "model/callid.h"
#include "storefixtures.h"
#include "store/auditlogrepository.h"
#include "store/callrepository.h"
#include "store/connection.h"
#include "store/providerrepository.h"
#include "store/workspace.h"
#include "store/workspaceinforepository.h"
#include "temporaryworkspace.h"

#include <QDateTime>
#include <QRandomGenerator>
#include <QTest>
#include <QThread>

#include <algorithm>
#include <memory>
#include <vector>

using namespace switchboard;
using core::CallRecord;
using core::ErrorCode;
using core::KeySource;
using core::ProviderConfig;
using core::ProviderKind;
using core::store::AuditEntry;
using core::store::AuditLogRepository;
using core::store::CallRepository;
using core::store::Connection;
using core::store::ProviderRepository;
using core::store::WorkspaceInfoRepository;
using tests::codeOf;

namespace {

QString describeProvider(const ProviderConfig &p)
{
    return QStringLiteral("id=%1 name=%2 kind=%3 baseUrl=%4 keySource=%5 keyEnvVar=%6 "
                          "settings=%7 enabled=%8 created=%9 updated=%10")
        .arg(QString::number(p.id), p.name, core::nameOf(p.kind), p.baseUrl,
             core::nameOf(p.keySource), p.keyEnvVar, p.settingsJson,
             p.enabled ? QStringLiteral("yes") : QStringLiteral("no"), QString::number(p.createdMs),
             QString::number(p.updatedMs));
}

ProviderConfig provider(const QString &name)
{
    ProviderConfig p;
    p.name = name;
    return p;
}

} // namespace

class TestRepositories final : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<tests::TemporaryWorkspace> m_temp;
    std::unique_ptr<Connection> m_connection;

    Connection &connection() { return *m_connection; }

    qint64 callCount()
    {
        auto count = CallRepository(connection()).count();
        return count ? *count : -1;
    }

private Q_SLOTS:
    void init()
    {
        m_temp = std::make_unique<tests::TemporaryWorkspace>();
        QVERIFY(m_temp->isValid());
        QVERIFY_OK(core::store::prepareWorkspace(m_temp->location(),
                                                   Connection::Mode::CreateIfMissing));
        auto opened = Connection::open(m_temp->location());
        QVERIFY_OK(opened);
        m_connection = std::move(*opened);
    }

    void cleanup()
    {
        m_connection.reset();
        m_temp.reset();
    }

    // Providers -------------------------------------------------------------------------

    void providerRoundTrip()
    {
        ProviderRepository providers(connection());
        ProviderConfig added;
        added.name = QStringLiteral("anthropic-prod");
        added.kind = ProviderKind::Anthropic;
        added.baseUrl = QStringLiteral("https://api.anthropic.com/v1");
        added.keySource = KeySource::Environment;
        added.keyEnvVar = QStringLiteral("ANTHROPIC_API_KEY");
        added.settingsJson = QStringLiteral(R"({"timeout_ms":30000,"headers":{"x-team":"ü"}})");
        added.enabled = false;

        const qint64 before = QDateTime::currentMSecsSinceEpoch();
        auto id = providers.add(added);
        const qint64 after = QDateTime::currentMSecsSinceEpoch();
        QVERIFY_OK(id);
        QVERIFY(*id > 0);

        auto listed = providers.list();
        QVERIFY_OK(listed);
        QCOMPARE(listed->size(), std::size_t(1));
        const ProviderConfig stored = listed->front();
        QVERIFY(stored.createdMs >= before && stored.createdMs <= after);
        QCOMPARE(stored.updatedMs, stored.createdMs);
        ProviderConfig expected = added;
        expected.id = *id;
        expected.createdMs = stored.createdMs;
        expected.updatedMs = stored.updatedMs;
        QCOMPARE(describeProvider(stored), describeProvider(expected));
        QVERIFY(stored == expected);

        auto found = providers.findByName(added.name);
        QVERIFY_OK(found);
        QVERIFY(found->has_value());
        QCOMPARE(describeProvider(**found), describeProvider(expected));

        // Every field changes, the name included; the creation time does not.
        ProviderConfig changed = stored;
        changed.name = QStringLiteral("claude");
        changed.kind = ProviderKind::OpenAiCompatible;
        changed.baseUrl = QStringLiteral("http://localhost:8080/v1");
        changed.keySource = KeySource::Keychain;
        changed.keyEnvVar.clear();
        changed.settingsJson = QStringLiteral(R"({"max_connections":4})");
        changed.enabled = true;
        QThread::msleep(5);
        QVERIFY_OK(providers.update(changed));

        auto renamed = providers.findByName(QStringLiteral("claude"));
        QVERIFY_OK(renamed);
        QVERIFY(renamed->has_value());
        QCOMPARE((*renamed)->createdMs, stored.createdMs);
        QVERIFY((*renamed)->updatedMs > stored.updatedMs);
        changed.updatedMs = (*renamed)->updatedMs;
        QCOMPARE(describeProvider(**renamed), describeProvider(changed));

        auto oldName = providers.findByName(added.name);
        QVERIFY_OK(oldName);
        QVERIFY(!oldName->has_value());

        QVERIFY_OK(providers.remove(*id));
        listed = providers.list();
        QVERIFY_OK(listed);
        QVERIFY(listed->empty());
        auto gone = providers.findByName(QStringLiteral("claude"));
        QVERIFY_OK(gone);
        QVERIFY(!gone->has_value());
    }

    void providersAreListedByName()
    {
        ProviderRepository providers(connection());
        for (const char *name : { "zeta", "alpha", "mid.b", "mid-a" })
            QVERIFY_OK(providers.add(provider(QString::fromLatin1(name))));
        auto listed = providers.list();
        QVERIFY_OK(listed);
        QStringList names;
        for (const ProviderConfig &p : *listed)
            names << p.name;
        QCOMPARE(names, (QStringList { QStringLiteral("alpha"), QStringLiteral("mid-a"),
                                       QStringLiteral("mid.b"), QStringLiteral("zeta") }));
    }

    void duplicateProviderNameIsAConflict()
    {
        ProviderRepository providers(connection());
        ProviderConfig first = provider(QStringLiteral("openai"));
        first.baseUrl = QStringLiteral("https://api.openai.com/v1");
        QVERIFY_OK(providers.add(first));

        ProviderConfig second = provider(QStringLiteral("openai"));
        second.kind = ProviderKind::Gemini;
        auto added = providers.add(second);
        QCOMPARE(codeOf(added), core::nameOf(ErrorCode::Conflict));
        QVERIFY2(added.error().message.contains(QLatin1String("'openai'")),
                 qPrintable(added.error().message));

        auto listed = providers.list();
        QVERIFY_OK(listed);
        QCOMPARE(listed->size(), std::size_t(1));
        QCOMPARE(core::nameOf(listed->front().kind), core::nameOf(ProviderKind::OpenAi));
        QCOMPARE(listed->front().baseUrl, first.baseUrl);
    }

    void renamingOntoAnExistingNameIsAConflict()
    {
        ProviderRepository providers(connection());
        QVERIFY_OK(providers.add(provider(QStringLiteral("openai"))));
        auto otherId = providers.add(provider(QStringLiteral("backup")));
        QVERIFY_OK(otherId);

        ProviderConfig other = provider(QStringLiteral("openai"));
        other.id = *otherId;
        auto updated = providers.update(other);
        QCOMPARE(codeOf(updated), core::nameOf(ErrorCode::Conflict));
        auto backup = providers.findByName(QStringLiteral("backup"));
        QVERIFY_OK(backup);
        QVERIFY(backup->has_value());

        QVERIFY2(updated.error().message.contains(QLatin1String("'openai'")),
                 qPrintable(updated.error().message));
    }

    void invalidProviderIsRejected_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("keySource"); // the stored name: none, keychain, env
        QTest::addColumn<QString>("keyEnvVar");

        const QString none = core::nameOf(KeySource::None);
        const QString env = core::nameOf(KeySource::Environment);
        QTest::newRow("empty name") << QString() << none << QString();
        QTest::newRow("upper case") << QStringLiteral("OpenAI") << none << QString();
        QTest::newRow("space") << QStringLiteral("open ai") << none << QString();
        QTest::newRow("leading dash") << QStringLiteral("-openai") << none << QString();
        QTest::newRow("leading dot") << QStringLiteral(".openai") << none << QString();
        QTest::newRow("slash") << QStringLiteral("open/ai") << none << QString();
        QTest::newRow("non-ascii") << QStringLiteral("öpenai") << none << QString();
        QTest::newRow("65 characters") << QString(65, u'a') << none << QString();
        QTest::newRow("trailing newline") << QStringLiteral("openai\n") << none << QString();
        QTest::newRow("env without variable") << QStringLiteral("openai") << env << QString();
        QTest::newRow("env variable with a space")
            << QStringLiteral("openai") << env << QStringLiteral("OPENAI KEY");
        QTest::newRow("env variable starting with a digit")
            << QStringLiteral("openai") << env << QStringLiteral("1KEY");
        QTest::newRow("env variable with a dollar")
            << QStringLiteral("openai") << env << QStringLiteral("$OPENAI_API_KEY");
    }

    void invalidProviderIsRejected()
    {
        QFETCH(QString, name);
        QFETCH(QString, keySource);
        QFETCH(QString, keyEnvVar);
        ProviderRepository providers(connection());

        ProviderConfig invalid = provider(name);
        invalid.keySource = core::keySourceFromString(keySource).value();
        invalid.keyEnvVar = keyEnvVar;
        auto added = providers.add(invalid);
        QCOMPARE(codeOf(added), core::nameOf(ErrorCode::InvalidArgument));
        QVERIFY(!added.error().message.isEmpty());
        auto listed = providers.list();
        QVERIFY_OK(listed);
        QVERIFY(listed->empty());

        // An existing provider cannot be edited into the same state either.
        auto id = providers.add(provider(QStringLiteral("valid")));
        QVERIFY_OK(id);
        invalid.id = *id;
        QCOMPARE(codeOf(providers.update(invalid)), core::nameOf(ErrorCode::InvalidArgument));
        auto stored = providers.findByName(QStringLiteral("valid"));
        QVERIFY_OK(stored);
        QVERIFY(stored->has_value());
        QCOMPARE(core::nameOf((*stored)->keySource), core::nameOf(KeySource::None));
    }

    void validProviderNamesAreAccepted_data()
    {
        QTest::addColumn<QString>("name");
        QTest::newRow("one letter") << QStringLiteral("a");
        QTest::newRow("one digit") << QStringLiteral("0");
        QTest::newRow("64 characters") << QString(64, u'z');
        QTest::newRow("punctuation") << QStringLiteral("open.ai_2-eu");
    }

    void validProviderNamesAreAccepted()
    {
        QFETCH(QString, name);
        ProviderRepository providers(connection());
        ProviderConfig p = provider(name);
        p.keySource = KeySource::Environment;
        p.keyEnvVar = QStringLiteral("_KEY_2");
        QVERIFY_OK(providers.add(p));
        auto found = providers.findByName(name);
        QVERIFY_OK(found);
        QVERIFY(found->has_value());
    }

    void updatingAMissingProviderIsNotFound()
    {
        ProviderRepository providers(connection());
        ProviderConfig ghost = provider(QStringLiteral("ghost"));
        ghost.id = 4242;
        QCOMPARE(codeOf(providers.update(ghost)), core::nameOf(ErrorCode::NotFound));
    }

    void removingAPinnedProviderIsRefused()
    {
        ProviderRepository providers(connection());
        auto id = providers.add(provider(QStringLiteral("openai")));
        QVERIFY_OK(id);
        QVERIFY_OK(connection().exec(
            QStringLiteral("INSERT INTO models (provider_id, name, created_ms) VALUES (?, 'gpt-4o', 0)"),
            { *id }));
        QVERIFY_OK(connection().exec(
            QStringLiteral("INSERT INTO pins (alias, provider_id, model_name, version, updated_ms, "
                           "updated_by) VALUES ('smart', ?, 'gpt-4o', 1, 0, 'ops')"),
            { *id }));

        auto removed = providers.remove(*id);
        QCOMPARE(codeOf(removed), core::nameOf(ErrorCode::Conflict));
        QVERIFY(removed.error().message.contains(QLatin1String("pin")));
        auto still = providers.findByName(QStringLiteral("openai"));
        QVERIFY_OK(still);
        QVERIFY(still->has_value());

        // Once nothing pins it, it goes, and its models with it.
        QVERIFY_OK(connection().exec(QStringLiteral("DELETE FROM pins")));
        QVERIFY_OK(providers.remove(*id));
        auto models = connection().exec(QStringLiteral("SELECT COUNT(*) FROM models"));
        QVERIFY_OK(models);
        QVERIFY(models->next());
        QCOMPARE(models->value(0).toInt(), 0);
    }

    // Audit log -------------------------------------------------------------------------

    void auditLogListsNewestFirst()
    {
        AuditLogRepository audit(connection());
        const auto entry = [](qint64 atMs, const char *kind, const char *subject) {
            AuditEntry e;
            e.atMs = atMs;
            e.actor = QStringLiteral("ops@example.com");
            e.action = QStringLiteral("label.move");
            e.subjectKind = QString::fromLatin1(kind);
            e.subject = QString::fromLatin1(subject);
            e.reason = QStringLiteral("rollback after “bad” eval");
            e.detailsJson = QStringLiteral(R"({"from":3,"to":2})");
            return e;
        };
        std::vector<AuditEntry> appended { entry(100, "prompt", "support/answer"),
                                           entry(300, "pin", "smart"),
                                           entry(200, "prompt", "support/answer"),
                                           entry(300, "prompt", "billing/explain") };
        for (AuditEntry &e : appended) {
            auto id = audit.append(e);
            QVERIFY_OK(id);
            e.id = *id;
        }
        // Newest first; two entries of the same millisecond in the order they were written.
        const std::vector<AuditEntry> newestFirst { appended[3], appended[1], appended[2],
                                                    appended[0] };

        auto all = audit.list();
        QVERIFY_OK(all);
        QCOMPARE(all->size(), newestFirst.size());
        for (std::size_t i = 0; i < newestFirst.size(); ++i) {
            QCOMPARE((*all)[i].id, newestFirst[i].id);
            QVERIFY((*all)[i] == newestFirst[i]);
        }

        auto prompts = audit.list(QStringLiteral("prompt"));
        QVERIFY_OK(prompts);
        QCOMPARE(prompts->size(), std::size_t(3));
        QCOMPARE((*prompts)[0].id, appended[3].id);
        QCOMPARE((*prompts)[1].id, appended[2].id);
        QCOMPARE((*prompts)[2].id, appended[0].id);

        auto one = audit.list(QStringLiteral("prompt"), QStringLiteral("support/answer"));
        QVERIFY_OK(one);
        QCOMPARE(one->size(), std::size_t(2));
        QCOMPARE((*one)[0].id, appended[2].id);
        QCOMPARE((*one)[1].id, appended[0].id);

        auto none = audit.list(QStringLiteral("ruleset"));
        QVERIFY_OK(none);
        QVERIFY(none->empty());

        auto limited = audit.list({}, {}, 2);
        QVERIFY_OK(limited);
        QCOMPARE(limited->size(), std::size_t(2));
        QCOMPARE((*limited)[0].id, appended[3].id);
        QCOMPARE((*limited)[1].id, appended[1].id);
    }

    void incompleteAuditEntryIsRejected()
    {
        AuditLogRepository audit(connection());
        AuditEntry complete;
        complete.actor = QStringLiteral("ops");
        complete.action = QStringLiteral("pin.change");
        complete.subjectKind = QStringLiteral("pin");
        for (auto field : { &AuditEntry::actor, &AuditEntry::action, &AuditEntry::subjectKind }) {
            AuditEntry missing = complete;
            (missing.*field).clear();
            QCOMPARE(codeOf(audit.append(missing)), core::nameOf(ErrorCode::InvalidArgument));
        }
        auto all = audit.list();
        QVERIFY_OK(all);
        QVERIFY(all->empty());
    }

    // Transactions ----------------------------------------------------------------------

    void aNestedTransactionRollsBackOnlyItsOwnWrites()
    {
        ProviderRepository providers(connection());
        auto add = [&](const char *name) -> core::Result<void> {
            ProviderConfig provider;
            provider.name = QLatin1String(name);
            if (auto added = providers.add(provider); !added)
                return std::unexpected(added.error());
            return {};
        };
        QVERIFY_OK(connection().writeTransaction([&]() -> core::Result<void> {
            if (auto added = add("outer"); !added)
                return added;
            auto inner = connection().writeTransaction([&]() -> core::Result<void> {
                if (auto added = add("inner"); !added)
                    return added;
                return core::fail(ErrorCode::InvalidArgument, QStringLiteral("the inner part fails"));
            });
            if (inner)
                return core::fail(ErrorCode::Conflict, QStringLiteral("the inner failure was lost"));
            return add("after");
        }));
        auto listed = providers.list();
        QVERIFY_OK(listed);
        QStringList names;
        for (const auto &provider : *listed)
            names << provider.name;
        QCOMPARE(names, (QStringList { QStringLiteral("after"), QStringLiteral("outer") }));

        // An outer failure takes the inner part's committed writes with it.
        auto failed = connection().writeTransaction([&]() -> core::Result<void> {
            if (auto inner = connection().writeTransaction([&] { return add("kept?"); }); !inner)
                return inner;
            return core::fail(ErrorCode::InvalidArgument, QStringLiteral("the outer part fails"));
        });
        QVERIFY(!failed);
        QCOMPARE(providers.findByName(QStringLiteral("kept?")).value(), std::nullopt);
    }

    // Reads inside one read transaction agree, whatever another connection commits meanwhile.
    void aReadTransactionSeesOneSnapshot()
    {
        auto writer = Connection::open(m_temp->location());
        QVERIFY_OK(writer);
        const auto addProvider = [&](const char *name) {
            ProviderConfig provider;
            provider.name = QLatin1String(name);
            return ProviderRepository(**writer).add(provider);
        };
        QVERIFY_OK(addProvider("before"));
        const auto names = [&]() -> QStringList {
            QStringList out;
            for (const auto &provider : ProviderRepository(connection()).list().value_or(std::vector<ProviderConfig> {}))
                out << provider.name;
            return out;
        };
        QStringList first;
        QStringList second;
        QVERIFY_OK(connection().readTransaction([&]() -> core::Result<void> {
            first = names();
            if (auto added = addProvider("meanwhile"); !added)
                return std::unexpected(added.error());
            second = names();
            return {};
        }));
        QCOMPARE(first, QStringList { QStringLiteral("before") });
        QCOMPARE(second, first);
        QCOMPARE(names(), (QStringList { QStringLiteral("before"), QStringLiteral("meanwhile") }));
    }

    // Workspace identity ----------------------------------------------------------------

    void renamedWorkspaceKeepsItsName()
    {
        WorkspaceInfoRepository info(connection());
        auto before = info.load();
        QVERIFY_OK(before);
        QVERIFY(!before->id.isEmpty());

        QVERIFY_OK(info.rename(QStringLiteral("  Production (EU)  ")));
        auto after = info.load();
        QVERIFY_OK(after);
        QCOMPARE(after->name, QStringLiteral("Production (EU)"));
        QCOMPARE(after->id, before->id);
        QCOMPARE(after->createdMs, before->createdMs);
        QCOMPARE(after->createdByVersion, before->createdByVersion);

        QCOMPARE(codeOf(info.rename(QStringLiteral(" \t "))), core::nameOf(ErrorCode::InvalidArgument));
        auto unchanged = info.load();
        QVERIFY_OK(unchanged);
        QCOMPARE(unchanged->name, QStringLiteral("Production (EU)"));

        // Opening the workspace again does not give it back its default name.
        m_connection.reset();
        auto reopened = core::store::prepareWorkspace(m_temp->location());
        QVERIFY_OK(reopened);
        QCOMPARE(reopened->info.name, QStringLiteral("Production (EU)"));
        QCOMPARE(reopened->info.id, before->id);
    }

    // Calls -----------------------------------------------------------------------------

    void batchInsertIsAllOrNothing_data()
    {
        QTest::addColumn<QString>("third");
        QTest::addColumn<QString>("code");
        QTest::newRow("duplicates a stored call") << QStringLiteral("stored")
                                                  << core::nameOf(ErrorCode::Conflict);
        QTest::newRow("duplicates the first of the batch")
            << QStringLiteral("first") << core::nameOf(ErrorCode::Conflict);
        QTest::newRow("has no id") << QString() << core::nameOf(ErrorCode::InvalidArgument);
    }

    void batchInsertIsAllOrNothing()
    {
        QFETCH(QString, third);
        QFETCH(QString, code);
        CallRepository calls(connection());
        const qint64 t = 1'700'000'000'000;
        const std::vector<CallRecord> stored { tests::fullCall(core::callIdAt(t), t, 0),
                                               tests::fullCall(core::callIdAt(t + 1), t + 1, 1) };
        QVERIFY_OK(calls.insert(stored));

        std::vector<CallRecord> batch;
        for (int i = 0; i < 5; ++i)
            batch.push_back(tests::fullCall(core::callIdAt(t + 10 + i), t + 10 + i, i));
        if (third == QLatin1String("stored"))
            batch[2].id = stored[1].id;
        else if (third == QLatin1String("first"))
            batch[2].id = batch[0].id;
        else
            batch[2].id = third;

        auto inserted = calls.insert(batch);
        QCOMPARE(codeOf(inserted), code);
        QCOMPARE(callCount(), qint64(stored.size()));
        for (const CallRecord &call : batch) {
            auto found = calls.find(call.id);
            QVERIFY_OK(found);
            if (call.id == stored[1].id) {
                QVERIFY(found->has_value());
                QCOMPARE(tests::differences(stored[1], **found), QString());
            } else {
                QVERIFY2(!found->has_value(), qPrintable(call.id));
            }
        }

        // The failed batch left no transaction open: the corrected batch goes in.
        batch[2] = tests::fullCall(core::callIdAt(t + 20), t + 20, 2);
        QVERIFY_OK(calls.insert(batch));
        QCOMPARE(callCount(), qint64(stored.size() + batch.size()));
    }

    void findReturnsWhatWasInserted_data()
    {
        QTest::addColumn<CallRecord>("record");
        const qint64 t = 1'718'000'123'456;

        QTest::newRow("every field") << tests::fullCall(core::callIdAt(t), t, 0);
        CallRecord defaults;
        defaults.id = core::callIdAt(t + 1);
        defaults.startedMs = t + 1;
        QTest::newRow("defaults") << defaults;

        CallRecord ok = tests::fullCall(core::callIdAt(t + 2), t + 2, 2);
        ok.status = core::CallStatus::Ok;
        ok.failure.reset();
        ok.errorMessage.clear();
        ok.ttftUs.reset();
        ok.streamed = false;
        ok.tags.clear();
        QTest::newRow("succeeded, not streamed, no tags") << ok;

        CallRecord zeroTtft = tests::fullCall(core::callIdAt(t + 3), t + 3, 3);
        zeroTtft.ttftUs = 0;
        QTest::newRow("first token at 0 us") << zeroTtft;

        CallRecord emptyTag = tests::fullCall(core::callIdAt(t + 4), t + 4, 4);
        emptyTag.tags = { QString(), QStringLiteral("x") };
        QTest::newRow("an empty tag") << emptyTag;
    }

    void findReturnsWhatWasInserted()
    {
        QFETCH(CallRecord, record);
        CallRepository calls(connection());
        QVERIFY_OK(calls.insert(std::span(&record, 1)));
        auto found = calls.find(record.id);
        QVERIFY_OK(found);
        QVERIFY(found->has_value());
        QCOMPARE(tests::differences(record, **found), QString());

        auto missing = calls.find(core::callIdAt(1));
        QVERIFY_OK(missing);
        QVERIFY(!missing->has_value());
    }

    void everyEnumValueRoundTrips()
    {
        // The stored names of origins, statuses and failure categories must read back as the
        // same values, or the request log would show the wrong category.
        std::vector<CallRecord> records;
        const qint64 t = 1'718'000'000'000;
        int n = 0;
        for (const auto category : core::kAllFailureCategories) {
            CallRecord r = tests::fullCall(core::callIdAt(t + n), t + n, n);
            r.failure = category;
            records.push_back(r);
            ++n;
        }
        for (const auto origin : { core::CallOrigin::Gateway, core::CallOrigin::Playground,
                                   core::CallOrigin::Replay, core::CallOrigin::Eval,
                                   core::CallOrigin::Shadow }) {
            for (const auto status : { core::CallStatus::Ok, core::CallStatus::Failed,
                                       core::CallStatus::Partial }) {
                CallRecord r = tests::fullCall(core::callIdAt(t + n), t + n, n);
                r.origin = origin;
                r.status = status;
                records.push_back(r);
                ++n;
            }
        }
        CallRepository calls(connection());
        QVERIFY_OK(calls.insert(records));
        for (const CallRecord &record : records) {
            auto found = calls.find(record.id);
            QVERIFY_OK(found);
            QVERIFY(found->has_value());
            QCOMPARE(tests::differences(record, **found), QString());
        }
    }

    void keysetPagingVisitsEveryRowOnce_data()
    {
        QTest::addColumn<int>("limit");
        QTest::newRow("1") << 1;
        QTest::newRow("7") << 7;
        QTest::newRow("31, the size of a group") << 31;
        QTest::newRow("100") << 100;
        QTest::newRow("more than all") << 1000;
    }

    void keysetPagingVisitsEveryRowOnce()
    {
        QFETCH(int, limit);
        // Many calls share a start time, and their ids do not follow insertion order, so the
        // id is what orders them and page boundaries fall inside groups of equal times.
        QRandomGenerator random(1234);
        const qint64 t = 1'718'000'000'000;
        std::vector<CallRecord> records;
        for (int i = 0; i < 403; ++i) {
            const qint64 startedMs = t + (i % 13) * 1000;
            const qint64 idTime = t + random.bounded(1'000'000);
            records.push_back(tests::fullCall(core::callIdAt(idTime), startedMs, i));
        }
        std::shuffle(records.begin(), records.end(), random);
        CallRepository calls(connection());
        QVERIFY_OK(calls.insert(records));

        std::vector<CallRecord> expected = records;
        std::ranges::sort(expected, [](const CallRecord &a, const CallRecord &b) {
            return a.startedMs != b.startedMs ? a.startedMs > b.startedMs : a.id > b.id;
        });

        std::vector<CallRecord> visited;
        std::optional<CallRepository::Cursor> cursor;
        for (int pages = 0;; ++pages) {
            QVERIFY2(pages <= int(records.size()) + 1, "paging does not end");
            auto page = calls.page(limit, cursor);
            QVERIFY_OK(page);
            QVERIFY(int(page->size()) <= limit);
            visited.insert(visited.end(), page->begin(), page->end());
            if (int(page->size()) < limit)
                break;
            cursor = CallRepository::Cursor { page->back().startedMs, page->back().id };
        }
        QCOMPARE(tests::idsOf(visited), tests::idsOf(expected));
        for (std::size_t i = 0; i < expected.size(); ++i)
            QCOMPARE(tests::differences(expected[i], visited[i]), QString());
    }
};

QTEST_GUILESS_MAIN(TestRepositories)
#include "tst_repositories.moc"
