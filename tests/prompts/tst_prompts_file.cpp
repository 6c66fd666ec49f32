// Prompt files: Switchboard's export round-trips exactly, every problem of a bad file is
// reported by its path, imports are all or nothing, and Langfuse and promptfoo files read.
#include "prompts/promptfile.h"
#include "prompts/promptimport.h"
#include "resultcheck.h"
#include "store/connection.h"
#include "store/promptrepository.h"
#include "store/workspace.h"
#include "temporaryworkspace.h"
#include "testdata.h"

#include <QTest>

#include <functional>

using namespace switchboard;
using namespace switchboard::core;
using namespace switchboard::core::prompts;
using nlohmann::json;

namespace {

std::unique_ptr<store::Connection> openWorkspace(const tests::TemporaryWorkspace &temp)
{
    if (!store::prepareWorkspace(temp.location(), store::Connection::Mode::CreateIfMissing))
        return nullptr;
    auto connection = store::Connection::open(temp.location());
    return connection ? std::move(*connection) : nullptr;
}

PromptContent contentSaying(const QString &text, double temperature)
{
    PromptContent content;
    content.messages.push_back({ Role::System, QStringLiteral("You answer for {{product}}."), {}, {} });
    content.messages.push_back({ Role::User, text, {}, {} });
    PromptVariable product;
    product.name = QStringLiteral("product");
    content.variables.push_back(product);
    PromptVariable question;
    question.name = QStringLiteral("question");
    content.variables.push_back(question);
    PromptVariable tone;
    tone.name = QStringLiteral("tone");
    tone.type = VariableType::Enum;
    tone.choices = { QStringLiteral("brief"), QStringLiteral("warm") };
    tone.required = false;
    tone.defaultValue = "brief";
    content.variables.push_back(tone);
    content.model.alias = QStringLiteral("default-chat");
    content.model.temperature = temperature;
    content.model.stop = { QStringLiteral("END") };
    return content;
}

// Two prompts with versions, labels and label moves, written the way the console writes them.
bool fillWorkspace(store::Connection &connection)
{
    store::PromptRepository repository(connection);
    const QString me = QStringLiteral("tester");
    return repository.create(QStringLiteral("support/answer"), QStringLiteral("Answers tickets"), { QStringLiteral("support") }, me)
        && repository.saveVersion(QStringLiteral("support/answer"), contentSaying(QStringLiteral("{{question}}"), 0.3),
                                  QStringLiteral("first"), me)
        && repository.saveVersion(QStringLiteral("support/answer"), contentSaying(QStringLiteral("Q: {{question}}"), 0.25),
                                  QStringLiteral("second"), me)
        && repository.moveLabel(QStringLiteral("support/answer"), QStringLiteral("production"), 1, QStringLiteral("ship"), me)
        && repository.moveLabel(QStringLiteral("support/answer"), QStringLiteral("production"), 2, QStringLiteral("better"), me)
        && repository.moveLabel(QStringLiteral("support/answer"), QStringLiteral("staging"), 2, QStringLiteral("try"), me)
        && repository.create(QStringLiteral("empty"), {}, {}, me);
}

std::vector<Prompt> loadAll(store::Connection &connection)
{
    store::PromptRepository repository(connection);
    std::vector<Prompt> out;
    if (auto summaries = repository.list())
        for (const PromptSummary &summary : *summaries)
            if (auto prompt = repository.load(summary.name))
                out.push_back(std::move(*prompt));
    return out;
}

qint64 rows(store::Connection &connection)
{
    qint64 total = 0;
    for (const char *table : { "prompts", "prompt_versions", "prompt_labels", "prompt_label_history", "audit_log" }) {
        auto query = connection.exec(QStringLiteral("SELECT COUNT(*) FROM %1").arg(QLatin1String(table)));
        if (query && query->next())
            total += query->value(0).toLongLong();
    }
    return total;
}

QByteArray bytesOf(const json &document)
{
    const std::string text = document.dump(2);
    return QByteArray(text.data(), qsizetype(text.size()));
}

QString problemsOf(const QByteArray &bytes)
{
    auto read = readPromptFile(bytes);
    return read ? QString() : read.error().message;
}

PromptFileContents readSample(const char *file, PromptFileOptions options = {})
{
    options.fileName = QString::fromLatin1(file);
    auto read = readPromptFile(tests::testData(QStringLiteral("prompts/") + QLatin1String(file)), options);
    if (!read)
        qWarning().noquote() << read.error().message;
    return read ? std::move(*read) : PromptFileContents {};
}

} // namespace

class TestPromptsFile final : public QObject
{
    Q_OBJECT

    json m_valid;

private Q_SLOTS:
    void initTestCase()
    {
        tests::TemporaryWorkspace temp;
        auto connection = openWorkspace(temp);
        QVERIFY(connection && fillWorkspace(*connection));
        m_valid = exportPrompts(loadAll(*connection));
    }

    void exportImportExportIsByteIdentical()
    {
        tests::TemporaryWorkspace source;
        auto from = openWorkspace(source);
        QVERIFY(from && fillWorkspace(*from));
        const std::vector<Prompt> original = loadAll(*from);
        QCOMPARE(original.size(), std::size_t(2));
        const QByteArray exported = exportPromptBytes(original);

        auto read = readPromptFile(exported);
        QVERIFY_OK(read);
        QVERIFY(*read == original);

        tests::TemporaryWorkspace target;
        auto to = openWorkspace(target);
        QVERIFY(to);
        auto imported = importPrompts(*to, *read, QStringLiteral("importer"));
        QVERIFY_OK(imported);
        QCOMPARE(imported->names, QStringList({ QStringLiteral("empty"), QStringLiteral("support/answer") }));
        QCOMPARE(imported->versions, 2);
        const std::vector<Prompt> reloaded = loadAll(*to);
        QVERIFY(reloaded == original);
        QCOMPARE(exportPromptBytes(reloaded), exported);
        QCOMPARE(reloaded.back().history.size(), std::size_t(3));
    }

    void everyMalformedFileNamesItsPath()
    {
        QVERIFY(problemsOf("{\n  \"format\": \"switchboard.prompts\",\n  \"version\": \n}").startsWith(QLatin1String("line 4, column 1")));
        const std::vector<std::pair<std::function<void(json &)>, QString>> cases {
            { [](json &f) { f["format"] = "other"; }, QStringLiteral("format: expected \"switchboard.prompts\"") },
            { [](json &f) { f["version"] = 7; }, QStringLiteral("version: this file is format version 7") },
            { [](json &f) { f["prompts"][1]["name"] = "bad name!"; }, QStringLiteral("prompts[1].name: \"bad name!\" is not a prompt name") },
            { [](json &f) { f["prompts"][1]["labels"][0]["label"] = "Prod"; }, QStringLiteral("prompts[1].labels[0].label: \"Prod\" is not a label") },
            { [](json &f) { f["prompts"][1]["versions"][1]["number"] = 1; }, QStringLiteral("prompts[1].versions[1].number: version 1 appears twice") },
            { [](json &f) { f["prompts"][1]["versions"][0]["content"]["messages"][1]["template"] = "tampered"; },
              QStringLiteral("prompts[1].versions[0].content_hash: does not match the content") },
            { [](json &f) { f["prompts"][1]["labels"][0]["version"] = 9; }, QStringLiteral("prompts[1].labels[0].version: points at version 9") },
            { [](json &f) { f["prompts"][1]["label_history"][1]["to"] = 42; }, QStringLiteral("prompts[1].label_history[1].to: version 42") },
            { [](json &f) { f["prompts"][1]["label_history"][0]["from"] = -3; }, QStringLiteral("prompts[1].label_history[0].from: version -3") },
            { [](json &f) { f["prompts"].push_back(f["prompts"][1]); }, QStringLiteral("prompts[2].name: \"support/answer\" is also the name of prompts[1]") },
            { [](json &f) { f["prompts"][1]["versions"][1]["content"]["messages"][1]["role"] = "bot"; },
              QStringLiteral("prompts[1].versions[1].content.messages[1].role: unknown role \"bot\"") },
            { [](json &f) { f["prompts"][0]["created_ms"] = "yesterday"; }, QStringLiteral("prompts[0].created_ms: expected a whole number") },
            // Templates are checked as on save: an undeclared variable cannot come in by a file.
            { [](json &f) { f["prompts"][1]["versions"][1]["content"]["messages"][1]["template"] = "{{nobody}}"; },
              QStringLiteral("prompts[1].versions[1].content: ") },
        };
        for (const auto &[mutate, expected] : cases) {
            json file = m_valid;
            mutate(file);
            const QString problems = problemsOf(bytesOf(file));
            QVERIFY2(problems.contains(expected), qPrintable(expected + QLatin1String(" not in: ") + problems));
        }
    }

    void severalProblemsAreReportedTogether()
    {
        json file = m_valid;
        file["prompts"][0]["name"] = "";
        file["prompts"][1]["versions"][0]["content"]["messages"][0]["role"] = "bot";
        file["prompts"][1]["versions"][1]["content_hash"] = "0000";
        file["prompts"][1]["labels"][1]["version"] = 5;
        file["prompts"][1]["label_history"][2]["to"] = 6;
        const QStringList problems = problemsOf(bytesOf(file)).split(u'\n');
        QVERIFY2(problems.size() >= 5, qPrintable(problems.join(u'\n')));
        for (const char *path : { "prompts[0].name", "prompts[1].versions[0].content.messages[0].role",
                                  "prompts[1].versions[1].content_hash", "prompts[1].labels[1].version",
                                  "prompts[1].label_history[2].to" })
            QVERIFY2(std::any_of(problems.begin(), problems.end(),
                                 [&](const QString &line) { return line.startsWith(QLatin1String(path)); }),
                     path);
    }

    void failedImportLeavesTheWorkspaceUnchanged()
    {
        tests::TemporaryWorkspace temp;
        auto connection = openWorkspace(temp);
        QVERIFY(connection && fillWorkspace(*connection));
        const qint64 before = rows(*connection);

        auto file = readPromptFile(bytesOf(m_valid));
        QVERIFY_OK(file);
        Prompt fresh = file->back();
        fresh.name = QStringLiteral("fresh/one");
        std::vector<Prompt> batch { fresh, file->back() };
        auto clash = importPrompts(*connection, batch, QStringLiteral("tester"));
        QCOMPARE(tests::codeOf(clash), QStringLiteral("conflict"));
        QVERIFY(clash.error().message.contains(QLatin1String("support/answer")));
        QVERIFY(clash.error().message.contains(QLatin1String("--name")));
        QCOMPARE(rows(*connection), before);

        // The store's own check inside the one transaction: the first prompt is not kept either.
        QCOMPARE(tests::codeOf(store::PromptRepository(*connection).insertAll(batch, QStringLiteral("tester"))),
                 QStringLiteral("conflict"));
        QCOMPARE(rows(*connection), before);

        auto renamed = importPrompts(*connection, { file->back() }, QStringLiteral("tester"), QStringLiteral("support/answer-copy"));
        QVERIFY_OK(renamed);
        QVERIFY(rows(*connection) > before);
        QCOMPARE(tests::codeOf(importPrompts(*connection, *file, QStringLiteral("tester"), QStringLiteral("x"))),
                 QStringLiteral("invalid_argument"));
    }

    void langfuseExportsRead()
    {
        const PromptFileContents read = readSample("langfuse-export.json");
        QCOMPARE(read.format, PromptFileFormat::Langfuse);
        QCOMPARE(read.prompts.size(), std::size_t(2));
        const Prompt &critic = read.prompts.front();
        QCOMPARE(critic.name, QStringLiteral("movie-critic"));
        QCOMPARE(critic.versions.size(), std::size_t(2));
        QCOMPARE(critic.labelled(QStringLiteral("production")), std::optional<qint64>(2));
        QCOMPARE(critic.labelled(QStringLiteral("staging")), std::optional<qint64>(1));
        QCOMPARE(critic.tags, QStringList { QStringLiteral("movies") });
        const PromptContent &second = critic.versions.back().content;
        QCOMPARE(second.messages.front().text, QStringLiteral("As a {{criticLevel}} movie critic, rate {{movie}} out of ten."));
        QCOMPARE(second.variables.size(), std::size_t(2));
        QCOMPARE(second.variables.front().name, QStringLiteral("criticLevel"));
        QCOMPARE(second.model.model, QStringLiteral("gpt-4o"));
        QCOMPARE(second.model.temperature, std::optional<double>(0.2));
        QCOMPARE(second.model.maxOutputTokens, std::optional<qint64>(300));
        QCOMPARE(critic.versions.front().commitMessage, QStringLiteral("First draft"));
        QCOMPARE(read.notes.size(), 1);
        QVERIFY(read.notes.front().contains(QLatin1String("supported_languages")));

        const Prompt &support = read.prompts.back();
        QCOMPARE(support.versions.front().number, 3);
        const PromptContent &chat = support.versions.front().content;
        QCOMPARE(chat.messages.size(), std::size_t(2));
        QCOMPARE(chat.messages.front().role, Role::System);
        QCOMPARE(chat.model.responseFormat.kind, ResponseFormat::Kind::JsonObject);
        QCOMPARE(chat.model.stop, QStringList { QStringLiteral("END") });
        QCOMPARE(chat.model.topP, std::optional<double>(0.9));

        const PromptFileContents page = readSample("langfuse-api-page.json");
        QCOMPARE(page.prompts.size(), std::size_t(1));
        QCOMPARE(page.prompts.front().versions.front().createdMs, 1740823200000);
        QCOMPARE(page.prompts.front().versions.front().content.variables.front().name, QStringLiteral("user_name"));

        // Imported and exported again, it is an ordinary Switchboard file.
        tests::TemporaryWorkspace temp;
        auto connection = openWorkspace(temp);
        QVERIFY(connection);
        QVERIFY_OK(importPrompts(*connection, read.prompts, QStringLiteral("tester")));
        QVERIFY_OK(readPromptFile(exportPromptBytes(loadAll(*connection))));
    }

    void badLangfuseFilesReportEveryProblem()
    {
        PromptFileOptions options;
        auto read = readPromptFile(tests::testData(QStringLiteral("prompts/langfuse-bad.json")), options);
        QVERIFY(!read);
        const QString problems = read.error().message;
        for (const char *expected : { "data[0].prompt[0].role: unknown role \"bot\"", "data[0].prompt[1]: the message placeholder \"history\"",
                                      "data[0].labels[0]: \"Production!\" is not a label", "data[1]: a prompt list entry has no prompt text" })
            QVERIFY2(problems.contains(QLatin1String(expected)), qPrintable(QLatin1String(expected) + QLatin1String(" not in: ") + problems));
    }

    void unexpectedTypesAreProblemsNotCrashes()
    {
        PromptFileOptions options;
        options.format = PromptFileFormat::Langfuse;
        const QByteArray file = R"([{"name": "x", "prompt": "hi", "labels": "production"}])";
        QCOMPARE(tests::codeOf(readPromptFile(file, options)), QStringLiteral("invalid_argument"));
        QCOMPARE(tests::codeOf(readPromptFile(QByteArrayLiteral("[1, 2]"))), QStringLiteral("invalid_argument"));
    }

    void promptfooFilesRead()
    {
        const PromptFileContents chat = readSample("promptfoo-chat.json");
        QCOMPARE(chat.format, PromptFileFormat::Promptfoo);
        QCOMPARE(chat.prompts.size(), std::size_t(1));
        QCOMPARE(chat.prompts.front().name, QStringLiteral("promptfoo-chat"));
        const PromptContent &content = chat.prompts.front().versions.front().content;
        QCOMPARE(content.messages.front().text, QStringLiteral("You are a translator into {{language}}."));
        QCOMPARE(content.variables.size(), std::size_t(2));

        PromptFileOptions named;
        named.name = QStringLiteral("writing/summary");
        const PromptFileContents text = readSample("promptfoo-prompts.txt", named);
        QCOMPARE(text.prompts.front().name, QStringLiteral("writing/summary"));
        QCOMPARE(text.prompts.front().versions.size(), std::size_t(2));
        QCOMPARE(text.prompts.front().versions.back().number, 2);
        QCOMPARE(text.prompts.front().versions.back().content.messages.front().text,
                 QStringLiteral("Summarise this article for a {{audience}} reader:\n\n{{article}}"));

        PromptFileOptions options;
        options.fileName = QStringLiteral("promptfoo-nunjucks.txt");
        auto bad = readPromptFile(tests::testData(QStringLiteral("prompts/promptfoo-nunjucks.txt")), options);
        QVERIFY(!bad);
        QVERIFY2(bad.error().message.contains(QLatin1String("prompt 1, line 1, column 7: \"{{ name | upper }}\" applies a Nunjucks filter")),
                 qPrintable(bad.error().message));
        QVERIFY2(bad.error().message.contains(QLatin1String("prompt 2, line 3, column 1")), qPrintable(bad.error().message));
    }
};

QTEST_GUILESS_MAIN(TestPromptsFile)
#include "tst_prompts_file.moc"
