// Calls from the request log become dataset items: a prompt call by its variables, any other
// by its messages, the answer as the reference. Adding makes a new version; a call already
// in the dataset is not added twice; what cannot become an item says why.
#include "evals/dataset.h"
#include "jsoncompare.h"
#include "resultcheck.h"
#include "store/auditlogrepository.h"
#include "store/connection.h"
#include "store/datasetrepository.h"
#include "store/workspace.h"
#include "temporaryworkspace.h"

#include <QTest>

using namespace switchboard;
using namespace switchboard::core;

namespace {

store::RecordedCall answered(const QString &id, const QString &question)
{
    store::RecordedCall call;
    call.record.id = id;
    call.record.status = CallStatus::Ok;
    call.requestJson = QByteArray("{\"model\":\"chat-fast\",\"messages\":[{\"role\":\"user\",\"content\":\"")
        + question.toUtf8() + "\"}]}";
    call.responseJson = "{\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"Reset it in Settings.\"},"
                        "\"finish_reason\":\"stop\"}]}";
    return call;
}

} // namespace

class TestDataset final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void aCallBecomesAnItemWithItsAnswerAsTheReference()
    {
        auto item = evals::itemFromCall(answered(QStringLiteral("01A"), QStringLiteral("How do I reset it?")));
        QVERIFY_OK(item);
        QCOMPARE(item->referenceOutput, QStringLiteral("Reset it in Settings."));
        QCOMPARE(item->sourceCallId, QStringLiteral("01A"));
        QCOMPARE_JSON(item->input["messages"][0]["content"], "How do I reset it?");
        QVERIFY(!item->input.contains("prompt"));

        store::RecordedCall prompted = answered(QStringLiteral("01B"), QStringLiteral("x"));
        prompted.record.promptName = QStringLiteral("support/answer");
        prompted.record.promptVersion = 3;
        prompted.variablesJson = "{\"question\":\"How do I reset it?\"}";
        item = evals::itemFromCall(prompted);
        QVERIFY_OK(item);
        QCOMPARE_JSON(item->input["prompt"], "support/answer");
        QCOMPARE_JSON(item->input["prompt_version"], 3);
        QCOMPARE_JSON(item->input["variables"]["question"], "How do I reset it?");
        QVERIFY(!item->input.contains("messages"));
    }

    void whatCannotBecomeAnItemSaysWhy()
    {
        store::RecordedCall failed = answered(QStringLiteral("01C"), QStringLiteral("x"));
        failed.record.status = CallStatus::Failed;
        failed.record.errorMessage = QStringLiteral("The provider did not answer within 30 s.");
        failed.responseJson.clear();
        auto item = evals::itemFromCall(failed);
        QVERIFY(!item);
        QVERIFY2(item.error().message.contains(QLatin1String("no answer to take as the reference")), qPrintable(item.error().message));
        QVERIFY(item.error().message.contains(QLatin1String("30 s")));

        store::RecordedCall metadataOnly = answered(QStringLiteral("01D"), QStringLiteral("x"));
        metadataOnly.redaction = QStringLiteral("metadata");
        item = evals::itemFromCall(metadataOnly);
        QVERIFY(!item);
        QVERIFY(item.error().message.contains(QLatin1String("metadata")));
    }

    void addingMakesVersionsAndSkipsCallsAlreadyThere()
    {
        tests::TemporaryWorkspace temp;
        QVERIFY_OK(store::prepareWorkspace(temp.location(), store::Connection::Mode::CreateIfMissing));
        auto connection = store::Connection::open(temp.location());
        QVERIFY_OK(connection);
        store::DatasetRepository datasets(**connection);
        const auto itemOf = [](const QString &id) { return *evals::itemFromCall(answered(id, QStringLiteral("q ") + id)); };

        auto added = datasets.addItems(QStringLiteral("regressions"), { itemOf(QStringLiteral("01A")), itemOf(QStringLiteral("01B")) },
                                       QStringLiteral("sam"));
        QVERIFY_OK(added);
        QCOMPARE(added->version, 1);
        QCOMPARE(added->added, 2);
        added = datasets.addItems(QStringLiteral("regressions"), { itemOf(QStringLiteral("01B")), itemOf(QStringLiteral("01C")) },
                                  QStringLiteral("sam"));
        QVERIFY_OK(added);
        QCOMPARE(added->version, 2);
        QCOMPARE(added->added, 1);
        QCOMPARE(added->alreadyThere, 1);
        added = datasets.addItems(QStringLiteral("regressions"), { itemOf(QStringLiteral("01A")) }, QStringLiteral("sam"));
        QVERIFY_OK(added);
        QCOMPARE(added->version, 2); // nothing new: no new version
        QCOMPARE(added->added, 0);

        auto listed = datasets.list();
        QVERIFY_OK(listed);
        QCOMPARE(listed->size(), std::size_t(1));
        QCOMPARE(listed->front().name, QStringLiteral("regressions"));
        QCOMPARE(listed->front().version, 2);
        QCOMPARE(listed->front().items, 3);
        auto items = datasets.items(QStringLiteral("regressions"));
        QVERIFY_OK(items);
        QCOMPARE(items->size(), std::size_t(3));
        QCOMPARE(items->at(2).sourceCallId, QStringLiteral("01C"));
        QCOMPARE(items->at(2).referenceOutput, QStringLiteral("Reset it in Settings."));
        QCOMPARE_JSON(items->at(2).input, itemOf(QStringLiteral("01C")).input);

        auto audit = store::AuditLogRepository(**connection).list(QStringLiteral("dataset"));
        QVERIFY_OK(audit);
        QCOMPARE(audit->size(), std::size_t(2)); // one per version made
        QCOMPARE(audit->front().actor, QStringLiteral("sam"));

        QVERIFY(!datasets.addItems(QStringLiteral("  "), { itemOf(QStringLiteral("01D")) }, QStringLiteral("sam")));
    }
};

QTEST_GUILESS_MAIN(TestDataset)
#include "tst_dataset.moc"
