// Replay: a logged call run again through the executor, exactly or with one change, N times.
// Against the simulated provider an exact replay reproduces the original byte for byte.
#include "jsoncompare.h"
#include "replay/replaybatch.h"
#include "replay/replayrunner.h"
#include "demofixture.h"
#include "resultcheck.h"
#include "store/callfilter.h"

#include <QSignalSpy>
#include <QTest>

using namespace switchboard;
using namespace switchboard::core;
using replay::ReplayBatch;
using replay::ReplayChange;
using replay::ReplayJob;
using replay::ReplayPlan;
using replay::ReplayResult;
using replay::ReplaySummary;

namespace {

nlohmann::json withoutCreated(const QByteArray &json)
{
    auto body = nlohmann::json::parse(json.toStdString());
    body.erase("created");
    return body;
}

} // namespace

class TestReplay final : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<tests::DemoFixture> m_fixture;
    execute::WorkspaceExecutor *m_workspace = nullptr;

    store::RecordedCall callThroughPrompt() { return m_fixture->callThroughPrompt(); }
    store::RecordedCall run(execute::CallSpec spec, const QString &alias) { return m_fixture->run(std::move(spec), alias); }
    store::RecordedCall load(const QString &id) { return m_fixture->load(id); }

    Result<ReplayPlan> plan(const store::RecordedCall &source, const ReplayChange &change)
    {
        return replay::planReplay(source, change, m_workspace->connection());
    }

    // Runs a job to its end; the summary and each result, in run order.
    std::pair<ReplaySummary, std::vector<ReplayResult>> replayAll(const ReplayJob &job)
    {
        ReplayBatch batch(*m_workspace);
        QSignalSpy replayed(&batch, &ReplayBatch::replayed);
        QSignalSpy finished(&batch, &ReplayBatch::finished);
        QSignalSpy failed(&batch, &ReplayBatch::failed);
        batch.start(job);
        if (failed.isEmpty() && finished.isEmpty())
            finished.wait(30'000);
        m_workspace->flush();
        std::vector<ReplayResult> results;
        for (const auto &signal : replayed)
            results.push_back(signal.front().value<ReplayResult>());
        std::sort(results.begin(), results.end(), [](const auto &a, const auto &b) { return a.run < b.run; });
        return { finished.isEmpty() ? ReplaySummary {} : finished.front().front().value<ReplaySummary>(), results };
    }

private Q_SLOTS:
    void init()
    {
        m_fixture = std::make_unique<tests::DemoFixture>();
        QVERIFY(m_fixture->isReady());
        m_workspace = &m_fixture->workspace();
    }

    void cleanup()
    {
        m_fixture.reset();
    }

    void anExactReplayReproducesTheOriginalByteForByte()
    {
        const store::RecordedCall source = callThroughPrompt();
        QCOMPARE(source.record.status, CallStatus::Ok);
        const auto [summary, results] = replayAll({ source.record.id, {}, 3 });
        QCOMPARE(summary.runs, 3);
        QCOMPARE(summary.answered, 3);
        QCOMPARE(summary.identical, 3);
        QCOMPARE(summary.outputs.size(), std::size_t(1));
        QVERIFY(summary.outputs.front().original);
        QCOMPARE(results.size(), std::size_t(3));
        for (const ReplayResult &result : results) {
            const store::RecordedCall replayed = load(result.record.id);
            QCOMPARE(replayed.record.origin, CallOrigin::Replay);
            QCOMPARE(replayed.record.parentId, source.record.id);
            QCOMPARE(replayed.record.provider, source.record.provider);
            QCOMPARE(replayed.record.model, source.record.model);
            QCOMPARE(replayed.record.alias, source.record.alias);
            QCOMPARE(replayed.record.promptVersion, 1);
            QCOMPARE(replayed.record.outputTokens, source.record.outputTokens);
            QCOMPARE(replayed.record.costMicros, source.record.costMicros);
            QCOMPARE(replayed.record.gatewayKeyId, 0); // never a tenant's spend
            // The same request, byte for byte; the same answer, but for the time it was made.
            QCOMPARE(replayed.requestJson, source.requestJson);
            QCOMPARE(replayed.variablesJson, source.variablesJson);
            QCOMPARE_JSON(withoutCreated(replayed.responseJson), withoutCreated(source.responseJson));
            QCOMPARE(result.output.toUtf8(), replay::outputOf(source.responseJson).toUtf8());
        }
    }

    void aSeededRequestKeepsItsSeed()
    {
        execute::CallSpec spec;
        spec.request.model = QStringLiteral("chat-fast");
        spec.request.messages.push_back(ChatMessage::text(Role::User, QStringLiteral("Classify: my invoice is wrong")));
        spec.request.seed = 42;
        spec.request.temperature = 1.0;
        spec.request.maxOutputTokens = 77;
        spec.request.stop = { QStringLiteral("END") };
        const store::RecordedCall source = run(std::move(spec), QStringLiteral("chat-fast"));
        QCOMPARE(source.record.status, CallStatus::Ok);
        auto planned = plan(source, {});
        QVERIFY_OK(planned);
        QCOMPARE(planned->request.seed, std::optional<qint64>(42));
        QCOMPARE(planned->request.temperature, std::optional<double>(1.0));
        QCOMPARE(planned->request.maxOutputTokens, std::optional<qint64>(77));
        QCOMPARE(planned->request.stop, QStringList { QStringLiteral("END") });
        QCOMPARE(planned->change, QStringLiteral("exact"));
    }

    void anotherModelGoesToWhereItsAliasIsPinnedToday()
    {
        const store::RecordedCall source = callThroughPrompt();
        ReplayChange change;
        change.model = QStringLiteral("chat-fast");
        auto planned = plan(source, change);
        QVERIFY_OK(planned);
        auto pinned = m_workspace->targetForAlias(QStringLiteral("chat-fast"));
        QVERIFY_OK(pinned);
        QCOMPARE(planned->request.model, QStringLiteral("chat-fast"));
        QCOMPARE(planned->model, pinned->model);
        QVERIFY(planned->model != source.record.model);
        // Nothing else changes.
        const auto loggedBody = nlohmann::json::parse(source.requestJson.toStdString());
        QCOMPARE(planned->request.messages.size(), loggedBody["messages"].size());
        QCOMPARE(planned->request.temperature, std::optional<double>(0.3));

        const auto [summary, results] = replayAll({ source.record.id, change, 2 });
        QCOMPARE(summary.answered, 2);
        QCOMPARE(summary.identical, 0); // another model answers otherwise
        QCOMPARE(load(results.front().record.id).record.model, pinned->model);

        change.model = QStringLiteral("sim-backup/sim-large-2025-06-01");
        planned = plan(source, change);
        QVERIFY_OK(planned);
        QCOMPARE(planned->provider, QStringLiteral("sim-backup"));
        QCOMPARE(planned->model, QStringLiteral("sim-large-2025-06-01"));

        change.model = QStringLiteral("chat-nowhere");
        planned = plan(source, change);
        QVERIFY(!planned);
        QCOMPARE(planned.error().code, ErrorCode::NotFound);
        QVERIFY2(planned.error().message.contains(QLatin1String("Models page")), qPrintable(planned.error().message));
    }

    void anotherPromptVersionIsRenderedFromTheLoggedVariables()
    {
        const store::RecordedCall source = callThroughPrompt();
        ReplayChange change;
        change.prompt = QStringLiteral("@2");
        auto planned = plan(source, change);
        QVERIFY_OK(planned);
        QCOMPARE(planned->promptName, QStringLiteral("support/answer"));
        QCOMPARE(planned->promptVersion, 2);
        QVERIFY(planned->assumptions.isEmpty());
        // Version 2's messages, with the default it gives the variable the call did not have,
        // then the caller's own message; the caller's temperature wins over the prompt's.
        QCOMPARE(planned->request.messages.size(), std::size_t(3));
        QVERIFY(planned->request.messages[0].plainText().contains(QLatin1String("friendly support agent for Northwind Cloud")));
        QCOMPARE(planned->request.messages[1].plainText(),
                 QStringLiteral("Customer question (neutral tone): How do I reset my password?"));
        QCOMPARE(planned->request.messages[2].plainText(), QStringLiteral("Please keep it short."));
        QCOMPARE(planned->request.temperature, std::optional<double>(0.3));
        QVERIFY(planned->request.stream);
        QCOMPARE(planned->model, source.record.model); // the same alias: the same snapshot

        const auto [summary, results] = replayAll({ source.record.id, change, 1 });
        QCOMPARE(summary.answered, 1);
        const store::RecordedCall replayed = load(results.front().record.id);
        QCOMPARE(replayed.record.promptVersion, 2);
        QCOMPARE(replayed.variablesJson, source.variablesJson);

        // By name and label as well.
        change.prompt = QStringLiteral("support/answer@staging");
        planned = plan(source, change);
        QVERIFY_OK(planned);
        QCOMPARE(planned->promptVersion, 2);
        change.prompt = QStringLiteral("support/answer@9");
        planned = plan(source, change);
        QVERIFY(!planned);
        QCOMPARE(planned.error().code, ErrorCode::NotFound);
    }

    void aTemperatureChangeKeepsEverythingElse()
    {
        const store::RecordedCall source = callThroughPrompt();
        ReplayChange change;
        change.temperature = 1.2;
        auto planned = plan(source, change);
        QVERIFY_OK(planned);
        QCOMPARE(planned->request.temperature, std::optional<double>(1.2));
        QCOMPARE(planned->model, source.record.model);
        QCOMPARE(planned->request.messages.size(), std::size_t(3));
        QCOMPARE(planned->change, QStringLiteral("temperature 1.2"));
    }

    void whatCannotBeReplayedSaysWhy()
    {
        store::RecordedCall source = callThroughPrompt();

        store::RecordedCall redacted = source;
        redacted.redaction = QStringLiteral("metadata");
        auto planned = plan(redacted, {});
        QVERIFY(!planned);
        QVERIFY2(planned.error().message.contains(QLatin1String("redaction policy")), qPrintable(planned.error().message));

        store::RecordedCall unreadable = source;
        unreadable.requestJson = QByteArrayLiteral("{\"model\": ");
        planned = plan(unreadable, {});
        QVERIFY(!planned);
        QVERIFY2(planned.error().message.contains(QLatin1String("could be read")), qPrintable(planned.error().message));

        store::RecordedCall refused = source;
        refused.record.provider.clear();
        refused.record.model.clear();
        refused.record.errorMessage = QStringLiteral("budget exceeded");
        planned = plan(refused, {});
        QVERIFY(!planned);
        QVERIFY2(planned.error().message.contains(QLatin1String("budget exceeded")), qPrintable(planned.error().message));
        ReplayChange elsewhere;
        elsewhere.model = QStringLiteral("chat-fast");
        QVERIFY_OK(plan(refused, elsewhere)); // another model is fine

        store::RecordedCall noVariables = source;
        noVariables.variablesJson.clear();
        ReplayChange version;
        version.prompt = QStringLiteral("@2");
        planned = plan(noVariables, version);
        QVERIFY(!planned);
        QVERIFY2(planned.error().message.contains(QLatin1String("variables were not logged")), qPrintable(planned.error().message));

        store::RecordedCall noPrompt = source;
        noPrompt.record.promptName.clear();
        noPrompt.record.promptVersion = 0;
        planned = plan(noPrompt, version);
        QVERIFY(!planned);
        QVERIFY2(planned.error().message.contains(QLatin1String("did not render a prompt")), qPrintable(planned.error().message));

        ReplayBatch batch(*m_workspace);
        QSignalSpy failed(&batch, &ReplayBatch::failed);
        QSignalSpy finished(&batch, &ReplayBatch::finished);
        batch.start({ source.record.id, {}, replay::kMaxReplayRuns + 1 });
        QCOMPARE(failed.size(), 1);
        QVERIFY(failed.front().front().toString().contains(QLatin1String("1 to 50")));
        ReplayBatch missing(*m_workspace);
        QSignalSpy missingFailed(&missing, &ReplayBatch::failed);
        missing.start({ QStringLiteral("01NOSUCHCALL"), {}, 1 });
        QCOMPARE(missingFailed.size(), 1);
        QVERIFY(missingFailed.front().front().toString().contains(QLatin1String("no call 01NOSUCHCALL")));
        QVERIFY(finished.isEmpty());
    }

    void whenTheVersionNoLongerMatchesTheCallerPartIsNotGuessed()
    {
        store::RecordedCall source = callThroughPrompt();
        auto body = nlohmann::json::parse(source.requestJson.toStdString());
        body["messages"][0]["content"] = "A system message edited by hand";
        source.requestJson = QByteArray::fromStdString(body.dump());
        ReplayChange change;
        change.prompt = QStringLiteral("@2");
        auto planned = plan(source, change);
        QVERIFY_OK(planned);
        QCOMPARE(planned->assumptions.size(), 1);
        QCOMPARE(planned->request.messages.size(), std::size_t(2)); // version 2's alone
    }

    void cancellingStopsTheRunsNotYetStarted()
    {
        const store::RecordedCall source = callThroughPrompt();
        ReplayBatch batch(*m_workspace);
        QSignalSpy replayed(&batch, &ReplayBatch::replayed);
        QSignalSpy progress(&batch, &ReplayBatch::progress);
        QSignalSpy finished(&batch, &ReplayBatch::finished);
        batch.start({ source.record.id, {}, 40 });
        QCOMPARE(progress.front().at(1).toInt(), 40);
        QVERIFY(replayed.wait(20'000));
        batch.cancel();
        QVERIFY(finished.wait(20'000) || !finished.isEmpty());
        const auto summary = finished.front().at(0).value<ReplaySummary>();
        QVERIFY(finished.front().at(1).toBool());
        QVERIFY2(summary.runs < 40, qPrintable(QString::number(summary.runs)));
        QCOMPARE(summary.runs, static_cast<int>(replayed.size()));
        m_workspace->flush();
        auto replays = store::CallRepository(m_workspace->connection())
                           .page(100, {}, *store::CallFilter::parse(QStringLiteral("origin:replay")), QDateTime::currentMSecsSinceEpoch());
        QVERIFY_OK(replays);
        QCOMPARE(static_cast<int>(replays->size()), summary.runs); // every run started is in the log
    }

    void theRunnerReportsFromItsOwnThread()
    {
        const store::RecordedCall source = callThroughPrompt();
        replay::ReplayRunner runner(m_fixture->location());
        QSignalSpy planned(&runner, &replay::ReplayRunner::planned);
        QSignalSpy finished(&runner, &replay::ReplayRunner::finished);
        QSignalSpy failed(&runner, &replay::ReplayRunner::failed);
        const int job = runner.start({ source.record.id, {}, 2 });
        // The spies hear the runner's thread directly: the signal may be in before a wait() starts.
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 20'000);
        QCOMPARE(finished.front().at(0).toInt(), job);
        QCOMPARE(finished.front().at(1).value<ReplaySummary>().identical, 2);
        QCOMPARE(planned.front().at(2).value<store::RecordedCall>().record.id, source.record.id);
        const int bad = runner.start({ QStringLiteral("01NOSUCHCALL"), {}, 1 });
        QTRY_COMPARE_WITH_TIMEOUT(failed.size(), 1, 10'000);
        QCOMPARE(failed.front().at(0).toInt(), bad);
    }
};

QTEST_GUILESS_MAIN(TestReplay)
#include "tst_replay.moc"
