// Offline token counts: OpenAI's encodings against the published test vectors, the model to
// encoding rules, and the cookbook's chat overhead.
#include "prompts/tokencount.h"
#include "prompts/tokenizer.h"

#include "resultcheck.h"
#include "testdata.h"

#include <QElapsedTimer>
#include <QList>
#include <QTest>

#include <algorithm>
#include <thread>

using namespace switchboard::core;
using namespace switchboard::core::prompts;

namespace {

struct Vector
{
    QString encoding;
    QString text;
    QList<int> ids;
};

// gpt-tokenizer's format: "EncodingName: x", "Sample: text", "Encoded: [1, 2]" and a blank line.
std::vector<Vector> readVectors()
{
    std::vector<Vector> vectors;
    const QString text = QString::fromUtf8(switchboard::tests::testData(QStringLiteral("tokenizers/encode-test-vectors.txt")));
    Vector current;
    for (const QString &line : text.split(u'\n')) {
        if (line.startsWith(QLatin1String("EncodingName: "))) {
            current = {};
            current.encoding = line.mid(14);
        } else if (line.startsWith(QLatin1String("Sample: "))) {
            current.text = line.mid(8);
        } else if (line.startsWith(QLatin1String("Encoded: ["))) {
            const QString list = line.mid(10).chopped(1);
            for (const QString &id : list.split(QLatin1String(", "), Qt::SkipEmptyParts))
                current.ids.append(id.toInt());
            vectors.push_back(current);
        }
    }
    return vectors;
}

QList<int> toList(const std::vector<int> &ids)
{
    return QList<int>(ids.begin(), ids.end());
}

std::shared_ptr<const Tokenizer> loaded(const char *encoding)
{
    const auto tokenizer = Tokenizer::load(QString::fromLatin1(encoding));
    return tokenizer ? *tokenizer : nullptr;
}

} // namespace

class TestPromptsTokenizer final : public QObject
{
    Q_OBJECT

private slots:
    void vectorFileIsComplete()
    {
        const auto vectors = readVectors();
        QCOMPARE(vectors.size(), std::size_t(313));
        // The file also covers GPT-2/3's encodings, which are not shipped.
        QCOMPARE(std::ranges::count(vectors, QStringLiteral("o200k_base"), &Vector::encoding), std::ptrdiff_t(57));
        QCOMPARE(std::ranges::count(vectors, QStringLiteral("cl100k_base"), &Vector::encoding), std::ptrdiff_t(64));
    }

    void encodesTestVectors_data()
    {
        QTest::addColumn<QString>("encoding");
        QTest::addColumn<QString>("text");
        QTest::addColumn<QList<int>>("ids");
        int row = 0;
        for (const Vector &vector : readVectors()) {
            ++row;
            if (vector.encoding != QLatin1String("o200k_base") && vector.encoding != QLatin1String("cl100k_base"))
                continue;
            QTest::addRow("%s #%d", qPrintable(vector.encoding), row) << vector.encoding << vector.text << vector.ids;
        }
    }
    void encodesTestVectors()
    {
        QFETCH(QString, encoding);
        QFETCH(QString, text);
        QFETCH(QList<int>, ids);
        const auto tokenizer = Tokenizer::load(encoding);
        QVERIFY_OK(tokenizer);
        QCOMPARE(toList((*tokenizer)->encode(text)), ids);
        QCOMPARE((*tokenizer)->count(text), qint64(ids.size()));
    }

    void loadsOncePerProcess()
    {
        const auto first = Tokenizer::load(u"o200k_base");
        const auto second = Tokenizer::load(QStringLiteral("o200k_base"));
        QVERIFY_OK(first);
        QVERIFY_OK(second);
        QCOMPARE(first->get(), second->get());
        QCOMPARE((*first)->encoding(), QStringLiteral("o200k_base"));

        const auto unknown = Tokenizer::load(u"p50k_base");
        QCOMPARE(switchboard::tests::codeOf(unknown), nameOf(ErrorCode::Unsupported));
    }

    void specialTokensAreOrdinaryText()
    {
        const auto o200k = loaded("o200k_base");
        QVERIFY(o200k);
        const auto ids = o200k->encode(u"<|endoftext|>");
        QVERIFY(ids.size() > 1);
        QVERIFY(std::ranges::find(ids, 199999) == ids.end());
    }

    void loneSurrogateCountsAsReplacementCharacter()
    {
        const auto cl100k = loaded("cl100k_base");
        QVERIFY(cl100k);
        const QString lone = QStringLiteral("ab") + QChar(0xd800) + QStringLiteral("cd");
        const QString replaced = QStringLiteral("ab") + QChar(QChar::ReplacementCharacter) + QStringLiteral("cd");
        QCOMPARE(toList(cl100k->encode(lone)), toList(cl100k->encode(replaced)));
    }

    void longPiecesStayFast()
    {
        // One split piece each: a run of spaces before a newline, and letters without a break.
        const auto o200k = loaded("o200k_base");
        QVERIFY(o200k);
        const QString spaces = QString(200'000, u' ') + u'\n';
        const QString letters = QString(200'000, u'x');
        QElapsedTimer timer;
        timer.start();
        QVERIFY(o200k->count(spaces) > 0);
        QVERIFY(o200k->count(letters) > 0);
        QVERIFY2(timer.elapsed() < 5'000, "long pieces must not merge in quadratic time");
        QCOMPARE(o200k->count(QString(4, u'x')), qint64(o200k->encode(QString(4, u'x')).size()));
    }

    void encodesFromManyThreads()
    {
        const auto o200k = loaded("o200k_base");
        QVERIFY(o200k);
        const QString text = QStringLiteral("int main() { return 42; } // Grüße, 世界! ").repeated(200);
        const std::vector<int> expected = o200k->encode(text);
        std::vector<std::vector<int>> results(4);
        std::vector<std::thread> threads;
        for (auto &result : results)
            threads.emplace_back([&o200k, &text, &result] { result = o200k->encode(text); });
        for (auto &thread : threads)
            thread.join();
        for (const auto &result : results)
            QVERIFY(result == expected);
    }

    void encodingForModel_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QString>("model");
        QTest::addColumn<QString>("encoding");
        const QString o200k = QStringLiteral("o200k_base");
        const QString cl100k = QStringLiteral("cl100k_base");
        QTest::newRow("gpt-4o") << "openai" << "gpt-4o" << o200k;
        QTest::newRow("gpt-4o snapshot") << "openai" << "gpt-4o-2024-08-06" << o200k;
        QTest::newRow("gpt-4o-mini unlisted snapshot") << "openai" << "gpt-4o-mini-2030-01-01" << o200k;
        QTest::newRow("gpt-4.1 snapshot") << "openai" << "gpt-4.1-mini-2025-04-14" << o200k;
        QTest::newRow("gpt-5") << "openai" << "gpt-5" << o200k;
        QTest::newRow("gpt-5.1 (newer than the table)") << "openai" << "gpt-5.1-codex" << o200k;
        QTest::newRow("o1") << "openai" << "o1" << o200k;
        QTest::newRow("o3-mini snapshot") << "openai" << "o3-mini-2025-01-31" << o200k;
        QTest::newRow("o4-mini") << "openai" << "o4-mini" << o200k;
        QTest::newRow("gpt-4") << "openai" << "gpt-4" << cl100k;
        QTest::newRow("gpt-4-turbo snapshot") << "openai" << "gpt-4-turbo-2024-04-09" << cl100k;
        QTest::newRow("gpt-4-0613") << "openai" << "gpt-4-0613" << cl100k;
        QTest::newRow("gpt-3.5-turbo-0125") << "openai" << "gpt-3.5-turbo-0125" << cl100k;
        QTest::newRow("upper case") << "openai" << "GPT-4o" << o200k;
        QTest::newRow("fine-tune") << "openai" << "ft:gpt-4o-mini-2024-07-18:acme::abc123" << o200k;
        QTest::newRow("GPT-3 encoding not shipped") << "openai" << "text-davinci-003" << QString();
        QTest::newRow("unknown openai model") << "openai" << "whisper-1" << QString();
        QTest::newRow("o100 is not o1") << "openai" << "o100" << QString();
        QTest::newRow("compatible, OpenAI name") << "openai_compatible" << "gpt-4o-2024-08-06" << o200k;
        QTest::newRow("compatible, routed name") << "openai_compatible" << "openai/gpt-4o-mini" << o200k;
        QTest::newRow("compatible, unlisted name") << "openai_compatible" << "gpt-4o-custom" << QString();
        QTest::newRow("compatible, other vendor") << "openai_compatible" << "llama-3.1-70b" << QString();
        QTest::newRow("anthropic") << "anthropic" << "claude-sonnet-4" << QString();
        QTest::newRow("gemini named like gpt") << "gemini" << "gpt-4o" << QString();
    }
    void encodingForModel()
    {
        QFETCH(QString, kind);
        QFETCH(QString, model);
        QFETCH(QString, encoding);
        QCOMPARE(prompts::encodingForModel(kind, model), encoding);
    }

    void countTokensMarksEstimates()
    {
        const QString text = QStringLiteral("Hello, World! How are you today? 🌍");
        // From the test vectors: 11 tokens in o200k_base, 12 in cl100k_base.
        const TokenCount exact = countTokens(u"openai", u"gpt-4o", text);
        QCOMPARE(exact, (TokenCount { 11, false, QStringLiteral("o200k_base") }));
        const TokenCount cl100k = countTokens(u"openai", u"gpt-4", text);
        QCOMPARE(cl100k.estimate, false);
        QCOMPARE(cl100k.encoding, QStringLiteral("cl100k_base"));
        QCOMPARE(cl100k.tokens, 12);

        const TokenCount claude = countTokens(u"anthropic", u"claude-sonnet-4", text);
        QCOMPARE(claude, (TokenCount { 11, true, QStringLiteral("o200k_base") }));
        const TokenCount unknown = countTokens(u"openai", u"whisper-1", text);
        QVERIFY(unknown.estimate);
        QCOMPARE(countTokens(u"openai", u"gpt-4o", u"").tokens, qint64(0));
    }

    void countChatTokensFollowsCookbook()
    {
        // OpenAI cookbook, "How to count tokens with tiktoken": this conversation is 129 prompt
        // tokens for gpt-4 (cl100k_base) and 124 for gpt-4o (o200k_base), as the API reports.
        const auto message = [](Role role, const char *content, const char *name = nullptr) {
            ChatMessage m = ChatMessage::text(role, QString::fromUtf8(content));
            m.name = QString::fromUtf8(name);
            return m;
        };
        const std::vector<ChatMessage> messages {
            message(Role::System, "You are a helpful, pattern-following assistant that translates corporate jargon into plain English."),
            message(Role::System, "New synergies will help drive top-line growth.", "example_user"),
            message(Role::System, "Things working well together will increase revenue.", "example_assistant"),
            message(Role::System, "Let's circle back when we have more bandwidth to touch base on opportunities for increased leverage.", "example_user"),
            message(Role::System, "Let's talk later when we're less busy about how to do better.", "example_assistant"),
            message(Role::User, "This late pivot means we don't have time to boil the ocean for the client deliverable."),
        };
        QCOMPARE(countChatTokens(u"openai", u"gpt-4-0613", messages),
                 (TokenCount { 129, false, QStringLiteral("cl100k_base") }));
        QCOMPARE(countChatTokens(u"openai", u"gpt-4o-2024-08-06", messages),
                 (TokenCount { 124, false, QStringLiteral("o200k_base") }));
        QCOMPARE(countChatTokens(u"openai", u"gpt-4o", {}).tokens, qint64(3));

        // Outside the documented recipe: still counted, but flagged.
        std::vector<ChatMessage> withTool = messages;
        ChatMessage call = ChatMessage::text(Role::Assistant, {});
        call.toolCalls.push_back({ QStringLiteral("call_1"), QStringLiteral("lookup"), QStringLiteral("{\"q\":\"x\"}") });
        withTool.push_back(call);
        const TokenCount flagged = countChatTokens(u"openai", u"gpt-4o", withTool);
        QVERIFY(flagged.estimate);
        QVERIFY(flagged.tokens > 124);
        QVERIFY(countChatTokens(u"gemini", u"gemini-2.5-pro", messages).estimate);
    }
};

QTEST_GUILESS_MAIN(TestPromptsTokenizer)
#include "tst_prompts_tokenizer.moc"
