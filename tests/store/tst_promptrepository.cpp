// The prompt registry's storage: versions never change once written, identical content is
// not a new version, and every label move is kept with its reason and audited.
#include "store/auditlogrepository.h"
#include "store/connection.h"
#include "store/promptrepository.h"
#include "store/workspace.h"
#include "resultcheck.h"
#include "temporaryworkspace.h"

#include <QTest>

#include <memory>

using namespace switchboard;
using core::ErrorCode;
using core::Role;
using core::prompts::PromptContent;
using core::store::AuditLogRepository;
using core::store::Connection;
using core::store::PromptRepository;
using tests::codeOf;

namespace {

PromptContent content(const QString &system, const QString &user)
{
    PromptContent out;
    out.messages.push_back({ Role::System, system, {}, {} });
    out.messages.push_back({ Role::User, user, {}, {} });
    out.variables.push_back({ QStringLiteral("question"), core::prompts::VariableType::String, true, {}, {}, {} });
    out.model.alias = QStringLiteral("chat-smart");
    out.model.temperature = 0.2;
    return out;
}

const QString kName = QStringLiteral("support/answer");

} // namespace

class TestPromptRepository final : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<tests::TemporaryWorkspace> m_temp;
    std::unique_ptr<Connection> m_connection;

    PromptRepository prompts() { return PromptRepository(*m_connection); }

private Q_SLOTS:
    void init()
    {
        m_temp = std::make_unique<tests::TemporaryWorkspace>();
        QVERIFY_OK(core::store::prepareWorkspace(m_temp->location(), Connection::Mode::CreateIfMissing));
        auto opened = Connection::open(m_temp->location());
        QVERIFY_OK(opened);
        m_connection = std::move(*opened);
        QVERIFY_OK(prompts().create(kName, QStringLiteral("Answers support questions"),
                                    { QStringLiteral("support"), QStringLiteral(" support "), QStringLiteral("chat") },
                                    QStringLiteral("ada")));
    }

    void cleanup()
    {
        m_connection.reset();
        m_temp.reset();
    }

    void namesAreCheckedAndUnique()
    {
        QCOMPARE(codeOf(prompts().create(kName, {}, {}, QStringLiteral("ada"))), core::nameOf(ErrorCode::Conflict));
        QCOMPARE(codeOf(prompts().create(QStringLiteral("bad name"), {}, {}, QStringLiteral("ada"))),
                 core::nameOf(ErrorCode::InvalidArgument));
        QCOMPARE(codeOf(prompts().create(QStringLiteral("/leading"), {}, {}, QStringLiteral("ada"))),
                 core::nameOf(ErrorCode::InvalidArgument));
        auto loaded = prompts().load(kName);
        QVERIFY_OK(loaded);
        QCOMPARE(loaded->tags, (QStringList { QStringLiteral("support"), QStringLiteral("chat") }));
    }

    void versionsAreNumberedAndImmutable()
    {
        auto first = prompts().saveVersion(kName, content(QStringLiteral("Be brief."), QStringLiteral("{{question}}")),
                                           QStringLiteral("first"), QStringLiteral("ada"));
        QVERIFY_OK(first);
        QCOMPARE(first->version, 1);
        QVERIFY(first->created);
        auto second = prompts().saveVersion(kName, content(QStringLiteral("Be kind."), QStringLiteral("{{question}}")),
                                            QStringLiteral("kinder"), QStringLiteral("grace"));
        QVERIFY_OK(second);
        QCOMPARE(second->version, 2);

        auto one = prompts().version(kName, 1);
        QVERIFY_OK(one);
        QCOMPARE(one->content, content(QStringLiteral("Be brief."), QStringLiteral("{{question}}")));
        QCOMPARE(one->commitMessage, QStringLiteral("first"));
        QCOMPARE(one->author, QStringLiteral("ada"));
        QCOMPARE(one->contentHash, core::prompts::contentHash(one->content));

        // The store itself refuses to give two versions one number.
        auto duplicate = m_connection->exec(QStringLiteral("INSERT INTO prompt_versions (prompt_id, number, content_json, "
                                                           "content_hash, author, created_ms) "
                                                           "SELECT id, 1, '{}', 'x', 'eve', 0 FROM prompts"));
        QCOMPARE(codeOf(duplicate), core::nameOf(ErrorCode::Conflict));
        QCOMPARE(codeOf(prompts().version(kName, 3)), core::nameOf(ErrorCode::NotFound));
    }

    // Two consoles began from version 1; the second to save is told who saved first, saves
    // nothing, and saves after the first once it has seen it.
    void aSaveAfterAnotherConsolesIsAConflictNotAnOverwrite()
    {
        QVERIFY_OK(prompts().saveVersion(kName, content(QStringLiteral("Be brief."), QStringLiteral("{{question}}")),
                                         QStringLiteral("first"), QStringLiteral("ada")));
        auto other = Connection::open(m_temp->location());
        QVERIFY_OK(other);
        auto grace = PromptRepository(**other).saveVersion(kName, content(QStringLiteral("Be kind."), QStringLiteral("{{question}}")),
                                                           QStringLiteral("kinder"), QStringLiteral("grace"), 1);
        QVERIFY_OK(grace);
        QCOMPARE(grace->version, 2);
        auto ada = prompts().saveVersion(kName, content(QStringLiteral("Be exact."), QStringLiteral("{{question}}")),
                                         QStringLiteral("exact"), QStringLiteral("ada"), 1);
        QCOMPARE(tests::codeOf(ada), QStringLiteral("conflict"));
        QVERIFY2(ada.error().message.contains(QLatin1String("grace saved version 2")), qPrintable(ada.error().message));
        auto loaded = prompts().load(kName);
        QVERIFY_OK(loaded);
        QCOMPARE(loaded->versions.size(), std::size_t(2)); // nothing of ada's went in
        auto after = prompts().saveVersion(kName, content(QStringLiteral("Be exact."), QStringLiteral("{{question}}")),
                                           QStringLiteral("exact"), QStringLiteral("ada"), 2);
        QVERIFY_OK(after);
        QCOMPARE(after->version, 3);
    }

    void templatesAreCheckedOnSave()
    {
        auto broken = prompts().saveVersion(kName, content(QStringLiteral("Hi {{customer}}"), QStringLiteral("{{#open}}")),
                                            QStringLiteral("broken"), QStringLiteral("ada"));
        QCOMPARE(codeOf(broken), core::nameOf(ErrorCode::InvalidArgument));
        QVERIFY2(broken.error().message.contains(QLatin1String("customer")), qPrintable(broken.error().message));
        QVERIFY2(broken.error().message.contains(QLatin1String("open")), qPrintable(broken.error().message));
        auto loaded = prompts().load(kName);
        QVERIFY_OK(loaded);
        QVERIFY(loaded->versions.empty());
    }

    void identicalContentIsNotANewVersion()
    {
        QVERIFY_OK(prompts().saveVersion(kName, content(QStringLiteral("A"), QStringLiteral("{{question}}")),
                                         QStringLiteral("a"), QStringLiteral("ada")));
        QVERIFY_OK(prompts().saveVersion(kName, content(QStringLiteral("B"), QStringLiteral("{{question}}")),
                                         QStringLiteral("b"), QStringLiteral("ada")));
        // The same content as version 1, with another message and author: still version 1.
        auto again = prompts().saveVersion(kName, content(QStringLiteral("A"), QStringLiteral("{{question}}")),
                                           QStringLiteral("back to a"), QStringLiteral("grace"));
        QVERIFY_OK(again);
        QCOMPARE(again->version, 1);
        QVERIFY(!again->created);
        auto loaded = prompts().load(kName);
        QVERIFY_OK(loaded);
        QCOMPARE(loaded->versions.size(), 2u);
        QCOMPARE(loaded->versions.front().commitMessage, QStringLiteral("a"));
    }

    void labelMovesKeepHistoryAndAreAudited()
    {
        QVERIFY_OK(prompts().saveVersion(kName, content(QStringLiteral("A"), QStringLiteral("{{question}}")), {}, QStringLiteral("ada")));
        QVERIFY_OK(prompts().saveVersion(kName, content(QStringLiteral("B"), QStringLiteral("{{question}}")), {}, QStringLiteral("ada")));
        const QString production = QStringLiteral("production");
        QVERIFY_OK(prompts().moveLabel(kName, production, 1, QStringLiteral("launch"), QStringLiteral("ada")));
        QVERIFY_OK(prompts().moveLabel(kName, production, 2, QStringLiteral("promote"), QStringLiteral("grace")));
        QVERIFY_OK(prompts().moveLabel(kName, production, 1, QStringLiteral("roll back: refusals up"), QStringLiteral("ada")));
        // Where it already points: nothing happens, nothing is logged.
        QVERIFY_OK(prompts().moveLabel(kName, production, 1, QStringLiteral("again"), QStringLiteral("ada")));
        QVERIFY_OK(prompts().moveLabel(kName, QStringLiteral("staging"), 2, QStringLiteral("try"), QStringLiteral("ada")));
        QVERIFY_OK(prompts().moveLabel(kName, QStringLiteral("staging"), std::nullopt, QStringLiteral("done"), QStringLiteral("ada")));

        auto loaded = prompts().load(kName);
        QVERIFY_OK(loaded);
        QCOMPARE(loaded->labelled(production), std::optional<qint64>(1));
        QCOMPARE(loaded->labelled(QStringLiteral("staging")), std::nullopt);
        QCOMPARE(loaded->labelled(QStringLiteral("latest")), std::optional<qint64>(2));
        QCOMPARE(loaded->history.size(), 5u);
        QCOMPARE(loaded->history[0].fromVersion, std::nullopt);
        QCOMPARE(loaded->history[0].toVersion, std::optional<qint64>(1));
        QCOMPARE(loaded->history[2].fromVersion, std::optional<qint64>(2));
        QCOMPARE(loaded->history[2].toVersion, std::optional<qint64>(1));
        QCOMPARE(loaded->history[2].reason, QStringLiteral("roll back: refusals up"));
        QCOMPARE(loaded->history[4].toVersion, std::nullopt);

        auto audit = AuditLogRepository(*m_connection).list(QStringLiteral("prompt"), kName);
        QVERIFY_OK(audit);
        const auto moves = std::count_if(audit->begin(), audit->end(),
                                         [](const auto &entry) { return entry.action == QLatin1String("label.move"); });
        QCOMPARE(moves, 5);
        QCOMPARE(audit->front().reason, QStringLiteral("done")); // newest first

        auto listed = prompts().list(QStringLiteral("support"));
        QVERIFY_OK(listed);
        QCOMPARE(listed->size(), 1u);
        QCOMPARE(listed->front().productionVersion, std::optional<qint64>(1));
        QCOMPARE(listed->front().latestVersion, 2);
        QCOMPARE(listed->front().model, QStringLiteral("chat-smart"));
    }

    void badLabelMovesChangeNothing()
    {
        QVERIFY_OK(prompts().saveVersion(kName, content(QStringLiteral("A"), QStringLiteral("{{question}}")), {}, QStringLiteral("ada")));
        QCOMPARE(codeOf(prompts().moveLabel(kName, QStringLiteral("production"), 7, QStringLiteral("x"), QStringLiteral("ada"))),
                 core::nameOf(ErrorCode::NotFound));
        QCOMPARE(codeOf(prompts().moveLabel(kName, QStringLiteral("production"), 1, QStringLiteral("  "), QStringLiteral("ada"))),
                 core::nameOf(ErrorCode::InvalidArgument));
        QCOMPARE(codeOf(prompts().moveLabel(kName, QStringLiteral("latest"), 1, QStringLiteral("x"), QStringLiteral("ada"))),
                 core::nameOf(ErrorCode::InvalidArgument));
        QCOMPARE(codeOf(prompts().moveLabel(kName, QStringLiteral("Prod Label"), 1, QStringLiteral("x"), QStringLiteral("ada"))),
                 core::nameOf(ErrorCode::InvalidArgument));
        QCOMPARE(codeOf(prompts().moveLabel(QStringLiteral("no/such"), QStringLiteral("production"), 1, QStringLiteral("x"),
                                            QStringLiteral("ada"))),
                 core::nameOf(ErrorCode::NotFound));
        auto loaded = prompts().load(kName);
        QVERIFY_OK(loaded);
        QVERIFY(loaded->labels.empty());
        QVERIFY(loaded->history.empty());
    }

    void wholePromptInsertsAsItWas()
    {
        QVERIFY_OK(prompts().saveVersion(kName, content(QStringLiteral("A"), QStringLiteral("{{question}}")), QStringLiteral("a"),
                                         QStringLiteral("ada")));
        QVERIFY_OK(prompts().moveLabel(kName, QStringLiteral("production"), 1, QStringLiteral("launch"), QStringLiteral("ada")));
        auto original = prompts().load(kName);
        QVERIFY_OK(original);
        QCOMPARE(codeOf(prompts().insertWhole(*original, QStringLiteral("ada"))), core::nameOf(ErrorCode::Conflict));
        QCOMPARE(codeOf(prompts().remove(kName, QString(), QStringLiteral("ada"))), core::nameOf(ErrorCode::InvalidArgument));
        QVERIFY_OK(prompts().remove(kName, QStringLiteral("re-import from the file"), QStringLiteral("ada")));
        auto audit = AuditLogRepository(*m_connection).list(QStringLiteral("prompt"), kName);
        QVERIFY_OK(audit);
        QCOMPARE(audit->front().action, QStringLiteral("prompt.delete"));
        QCOMPARE(audit->front().reason, QStringLiteral("re-import from the file"));
        QCOMPARE(codeOf(prompts().load(kName)), core::nameOf(ErrorCode::NotFound));
        QVERIFY_OK(prompts().insertWhole(*original, QStringLiteral("ada")));
        auto copy = prompts().load(kName);
        QVERIFY_OK(copy);
        QCOMPARE(*copy, *original);
    }
};

QTEST_GUILESS_MAIN(TestPromptRepository)
#include "tst_promptrepository.moc"
