// Reproduction bundles: calls and their replays, with what replaying them needs, exported to
// one file, read back unchanged, and imported into another workspace where an exact replay
// still reproduces the original. Import never changes what the workspace has, and a bad
// file imports nothing.
#include "jsoncompare.h"
#include "replay/replaybatch.h"
#include "replay/reprobundle.h"
#include "demofixture.h"
#include "resultcheck.h"
#include "store/providerrepository.h"

#include <QSignalSpy>
#include <QTest>

using namespace switchboard;
using namespace switchboard::core;
using replay::ReproBundle;

namespace {

qint64 scalar(store::Connection &connection, const QString &sql)
{
    auto query = connection.exec(sql);
    return query && query->next() ? query->value(0).toLongLong() : -1;
}

} // namespace

class TestReproBundle final : public QObject
{
    Q_OBJECT

    std::unique_ptr<tests::DemoFixture> m_source;
    store::RecordedCall m_call;
    QStringList m_replayIds;

    // An empty workspace elsewhere.
    std::unique_ptr<store::Connection> emptyWorkspace(tests::TemporaryWorkspace &dir)
    {
        if (!store::prepareWorkspace(dir.location(), store::Connection::Mode::CreateIfMissing))
            return {};
        auto connection = store::Connection::open(dir.location());
        return connection ? std::move(*connection) : nullptr;
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_source = std::make_unique<tests::DemoFixture>();
        QVERIFY(m_source->isReady());
        m_call = m_source->callThroughPrompt();
        QCOMPARE(m_call.record.status, CallStatus::Ok);
        replay::ReplayBatch batch(m_source->workspace());
        QSignalSpy replayed(&batch, &replay::ReplayBatch::replayed);
        QSignalSpy finished(&batch, &replay::ReplayBatch::finished);
        batch.start({ m_call.record.id, {}, 2 });
        QVERIFY(finished.wait(20'000));
        m_source->workspace().flush();
        for (const auto &signal : replayed)
            m_replayIds << signal.front().value<replay::ReplayResult>().record.id;
        // A provider whose key comes from the environment, with the key set: it must not travel.
        ProviderConfig openAi;
        openAi.name = QStringLiteral("openai");
        openAi.kind = ProviderKind::OpenAi;
        openAi.baseUrl = QStringLiteral("https://api.openai.com/v1");
        openAi.keySource = KeySource::Environment;
        openAi.keyEnvVar = QStringLiteral("SWITCHBOARD_TEST_OPENAI_KEY");
        QVERIFY_OK(store::ProviderRepository(m_source->connection()).add(openAi));
        qputenv("SWITCHBOARD_TEST_OPENAI_KEY", "sk-test-never-exported-1234");
    }

    void aBundleReadsBackAsItWasWritten()
    {
        auto bundle = replay::collectBundle(m_source->connection(), { m_call.record.id });
        QVERIFY_OK(bundle);
        // The call, then its replays.
        QCOMPARE(bundle->calls.size(), std::size_t(3));
        QCOMPARE(bundle->calls.front(), m_call);
        QStringList replays { bundle->calls[1].record.id, bundle->calls[2].record.id };
        replays.sort();
        m_replayIds.sort();
        QCOMPARE(replays, m_replayIds);
        QCOMPARE(bundle->calls[1].record.parentId, m_call.record.id);
        // What replaying needs: the provider that answered, the alias's pin, the prompt.
        QCOMPARE(bundle->providers.size(), std::size_t(1));
        QCOMPARE(bundle->providers.front().name, m_call.record.provider);
        QCOMPARE(bundle->pins.size(), std::size_t(1));
        QCOMPARE(bundle->pins.front().alias, QStringLiteral("chat-smart"));
        QCOMPARE(bundle->pins.front().model, m_call.record.model);
        QCOMPARE(bundle->prompts.size(), std::size_t(1));
        QCOMPARE(bundle->prompts.front().versions.size(), std::size_t(2));

        const QByteArray bytes = replay::toBytes(*bundle);
        auto read = replay::bundleFromBytes(bytes);
        QVERIFY_OK(read);
        QCOMPARE(read->calls, bundle->calls);
        QCOMPARE(read->providers.front().name, bundle->providers.front().name);
        QCOMPARE_JSON(nlohmann::json::parse(read->providers.front().settingsJson.toStdString()),
                      nlohmann::json::parse(bundle->providers.front().settingsJson.toStdString()));
        QCOMPARE(read->pins, bundle->pins);
        QCOMPARE(read->prompts, bundle->prompts);
        QCOMPARE(replay::toBytes(*read), bytes); // the same bundle gives the same bytes
    }

    void noKeyEverTravels()
    {
        auto bundle = replay::collectBundle(m_source->connection(), { m_call.record.id });
        QVERIFY_OK(bundle);
        bundle->providers.push_back(*store::ProviderRepository(m_source->connection()).findByName(QStringLiteral("openai")).value());
        const QByteArray bytes = replay::toBytes(*bundle);
        QVERIFY(bytes.contains("SWITCHBOARD_TEST_OPENAI_KEY")); // where the key comes from, yes
        QVERIFY(!bytes.contains("sk-test-never-exported"));     // the key, never
    }

    void anImportedCallReplaysExactlyInAnotherWorkspace()
    {
        auto bundle = replay::collectBundle(m_source->connection(), { m_call.record.id });
        QVERIFY_OK(bundle);
        tests::TemporaryWorkspace elsewhere;
        {
            auto target = emptyWorkspace(elsewhere);
            QVERIFY(target);
            auto report = replay::importBundle(*target, *replay::bundleFromBytes(replay::toBytes(*bundle)), QStringLiteral("sam"));
            QVERIFY_OK(report);
            QCOMPARE(report->callsAdded, 3);
            QCOMPARE(report->callsPresent, 0);
            QCOMPARE(report->providersAdded, QStringList { m_call.record.provider });
            QCOMPARE(report->pinsAdded, QStringList { QStringLiteral("chat-smart") });
            QCOMPARE(report->promptsAdded, QStringList { QStringLiteral("support/answer") });
            auto imported = store::CallRepository(*target).load(m_call.record.id);
            QVERIFY_OK(imported);
            QCOMPARE(imported->value(), m_call);
            // In the log, not in this workspace's dashboards.
            QCOMPARE(scalar(*target, QStringLiteral("SELECT COUNT(*) FROM calls")), 3);
            QCOMPARE(scalar(*target, QStringLiteral("SELECT COUNT(*) FROM rollup_cells")), 0);

            // Again: nothing new, nothing changed.
            auto again = replay::importBundle(*target, *bundle, QStringLiteral("sam"));
            QVERIFY_OK(again);
            QCOMPARE(again->callsAdded, 0);
            QCOMPARE(again->callsPresent, 3);
            QVERIFY(again->providersAdded.isEmpty() && again->pinsAdded.isEmpty() && again->promptsAdded.isEmpty());
            QVERIFY2(again->notes.isEmpty(), qPrintable(again->notes.join(u'\n')));
        }
        execute::WorkspaceExecutor workspace(elsewhere.location());
        replay::ReplayBatch batch(workspace);
        QSignalSpy finished(&batch, &replay::ReplayBatch::finished);
        QSignalSpy failed(&batch, &replay::ReplayBatch::failed);
        batch.start({ m_call.record.id, {}, 1 });
        QVERIFY2(failed.isEmpty(), failed.isEmpty() ? "" : qPrintable(failed.front().front().toString()));
        QVERIFY(finished.wait(20'000));
        QCOMPARE(finished.front().front().value<replay::ReplaySummary>().identical, 1);
        // And on the prompt's other version, rendered from the call's variables, there too.
        replay::ReplayChange change;
        change.prompt = QStringLiteral("@2");
        QVERIFY_OK(replay::planReplay(m_call, change, workspace.connection()));
    }

    void whatDiffersHereIsKeptAndSaid()
    {
        auto bundle = replay::collectBundle(m_source->connection(), { m_call.record.id });
        QVERIFY_OK(bundle);
        tests::TemporaryWorkspace elsewhere;
        auto target = emptyWorkspace(elsewhere);
        QVERIFY(target);
        ProviderConfig other;
        other.name = m_call.record.provider;
        other.kind = ProviderKind::OpenAiCompatible;
        other.baseUrl = QStringLiteral("http://127.0.0.1:9");
        QVERIFY_OK(store::ProviderRepository(*target).add(other));
        auto report = replay::importBundle(*target, *bundle, QStringLiteral("sam"));
        QVERIFY_OK(report);
        QVERIFY(report->providersAdded.isEmpty());
        QVERIFY2(report->notes.join(u'\n').contains(QLatin1String("replays here go to this workspace's")),
                 qPrintable(report->notes.join(u'\n')));
        auto kept = store::ProviderRepository(*target).findByName(m_call.record.provider);
        QVERIFY_OK(kept);
        QCOMPARE((*kept)->kind, ProviderKind::OpenAiCompatible);
    }

    void aBadFileImportsNothing_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("expected");
        QTest::newRow("not json") << QByteArray("<html>oops</html>") << QStringLiteral("not JSON");
        QTest::newRow("another format") << QByteArray("{\"format\": \"switchboard.prompts\"}")
                                        << QStringLiteral("not a reproduction bundle");
        QTest::newRow("newer") << QByteArray("{\"format\": \"switchboard.reproduction\", \"version\": 9}")
                               << QStringLiteral("format version 9");
        QTest::newRow("call without id") << QByteArray("{\"format\": \"switchboard.reproduction\", \"version\": 1, "
                                                       "\"calls\": [{\"origin\": \"gateway\", \"status\": \"ok\"}]}")
                                         << QStringLiteral("calls[0]: has no id");
        QTest::newRow("no calls") << QByteArray("{\"format\": \"switchboard.reproduction\", \"version\": 1, \"calls\": []}")
                                  << QStringLiteral("no calls");
    }

    void aBadFileImportsNothing()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(QString, expected);
        auto read = replay::bundleFromBytes(bytes);
        QVERIFY(!read);
        QVERIFY2(read.error().message.contains(expected), qPrintable(read.error().message));
    }

    void anImportThatFailsHalfwayLeavesNothingBehind()
    {
        auto bundle = replay::collectBundle(m_source->connection(), { m_call.record.id });
        QVERIFY_OK(bundle);
        bundle->pins.push_back({ QStringLiteral("chat-elsewhere"), QStringLiteral("no-such-provider"), QStringLiteral("m") });
        tests::TemporaryWorkspace elsewhere;
        auto target = emptyWorkspace(elsewhere);
        QVERIFY(target);
        auto report = replay::importBundle(*target, *bundle, QStringLiteral("sam"));
        QVERIFY(!report);
        QCOMPARE(scalar(*target, QStringLiteral("SELECT COUNT(*) FROM calls")), 0);
        QCOMPARE(scalar(*target, QStringLiteral("SELECT COUNT(*) FROM providers")), 0);
        QCOMPARE(scalar(*target, QStringLiteral("SELECT COUNT(*) FROM pins")), 0);
        QCOMPARE(scalar(*target, QStringLiteral("SELECT COUNT(*) FROM prompts")), 0);
    }

    void aCallTheWorkspaceDoesNotHaveIsNamed()
    {
        auto bundle = replay::collectBundle(m_source->connection(), { QStringLiteral("01NOSUCHCALL") });
        QVERIFY(!bundle);
        QCOMPARE(bundle.error().code, ErrorCode::NotFound);
        QVERIFY(bundle.error().message.contains(QLatin1String("01NOSUCHCALL")));
    }
};

QTEST_GUILESS_MAIN(TestReproBundle)
#include "tst_reprobundle.moc"
