// The playground's runner: a prompt rendered in the console goes through the one executor to
// the pinned model, streams back, and lands in the request log as a playground call.
#include "demo/demorecipe.h"
#include "demo/demoworkspace.h"
#include "execute/playgroundrunner.h"
#include "resultcheck.h"
#include "store/connection.h"
#include "store/workspace.h"
#include "temporaryworkspace.h"

#include <QSignalSpy>
#include <QSqlQuery>
#include <QTest>

using namespace switchboard;
using namespace switchboard::core;
using execute::CallOutcome;
using execute::PlaygroundRun;
using execute::PlaygroundRunner;

class TestPlaygroundRunner final : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<tests::TemporaryWorkspace> m_temp;

    PlaygroundRun question(int slot) const
    {
        PlaygroundRun run;
        run.slot = slot;
        run.request.messages.push_back(ChatMessage::text(Role::User, QStringLiteral("How do I reset my password?")));
        run.promptName = QStringLiteral("support/answer");
        run.promptVersion = 2;
        return run;
    }

private Q_SLOTS:
    void init()
    {
        m_temp = std::make_unique<tests::TemporaryWorkspace>();
        QVERIFY_OK(store::prepareWorkspace(m_temp->location(), store::Connection::Mode::CreateIfMissing));
        auto connection = store::Connection::open(m_temp->location());
        QVERIFY_OK(connection);
        auto recipe = demo::DemoRecipe::shipped();
        QVERIFY_OK(recipe);
        QVERIFY_OK(demo::seedDemoWorkspace(**connection, *recipe, QDateTime::currentMSecsSinceEpoch()));
    }

    void aPinnedAliasStreamsAndIsRecorded()
    {
        {
            PlaygroundRunner runner(m_temp->location());
            QSignalSpy started(&runner, &PlaygroundRunner::started);
            QSignalSpy deltas(&runner, &PlaygroundRunner::delta);
            QSignalSpy finished(&runner, &PlaygroundRunner::finished);
            PlaygroundRun run = question(1);
            run.alias = QStringLiteral("chat-smart");
            runner.run(run);
            QVERIFY(finished.wait(20'000));
            QCOMPARE(started.size(), 1);
            QCOMPARE(started.front().at(0).toInt(), 1);
            QVERIFY(!started.front().at(2).toString().isEmpty()); // the pinned snapshot
            QVERIFY(deltas.size() > 1);                            // it streamed
            const auto outcome = finished.front().at(1).value<CallOutcome>();
            QCOMPARE(outcome.record.status, CallStatus::Ok);
            QString streamed;
            for (const auto &piece : deltas)
                streamed += piece.at(1).toString();
            QCOMPARE(streamed, outcome.response->choices.front().message.plainText());
        } // the runner flushes its recorder as it goes
        auto connection = store::Connection::open(m_temp->location());
        QVERIFY_OK(connection);
        auto row = (*connection)->exec(QStringLiteral("SELECT origin, prompt_name, prompt_version FROM calls"));
        QVERIFY_OK(row);
        QVERIFY(row->next());
        QCOMPARE(row->value(0).toString(), QStringLiteral("playground"));
        QCOMPARE(row->value(1).toString(), QStringLiteral("support/answer"));
        QCOMPARE(row->value(2).toInt(), 2);
    }

    void anUnknownAliasSaysWhatToDo()
    {
        PlaygroundRunner runner(m_temp->location());
        QSignalSpy failed(&runner, &PlaygroundRunner::failed);
        PlaygroundRun run = question(3);
        run.alias = QStringLiteral("no-such-alias");
        runner.run(run);
        QVERIFY(failed.wait(10'000));
        QCOMPARE(failed.front().at(0).toInt(), 3);
        QVERIFY(failed.front().at(1).toString().contains(QLatin1String("Models page")));
    }

    void cancellingEndsTheCallAsCancelled()
    {
        PlaygroundRunner runner(m_temp->location());
        QSignalSpy deltas(&runner, &PlaygroundRunner::delta);
        QSignalSpy finished(&runner, &PlaygroundRunner::finished);
        PlaygroundRun run = question(2);
        run.provider = QStringLiteral("sim-primary");
        run.model = QStringLiteral("sim-large-2025-06-01");
        runner.run(run);
        QVERIFY(deltas.wait(20'000));
        runner.cancel(2);
        QVERIFY(finished.wait(10'000));
        const auto outcome = finished.front().at(1).value<CallOutcome>();
        QCOMPARE(outcome.record.failure, std::optional<FailureCategory>(FailureCategory::Cancelled));
    }
};

QTEST_GUILESS_MAIN(TestPlaygroundRunner)
#include "tst_playgroundrunner.moc"
