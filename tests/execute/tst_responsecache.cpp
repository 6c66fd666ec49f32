// The exact-match cache: what counts as the same request, time to live, and the size bound.
#include "execute/responsecache.h"

#include <QTest>

using namespace switchboard::core;
using namespace switchboard::core::execute;

namespace {

ChatRequest request(const QString &text)
{
    ChatRequest out;
    out.model = QStringLiteral("chat-fast");
    out.messages.push_back(ChatMessage::text(Role::User, text));
    return out;
}

Target target(const QString &model = QStringLiteral("sim-small-2025-01-15"))
{
    ProviderConfig provider;
    provider.name = QStringLiteral("sim");
    return { provider, model };
}

CachedAnswer answer(const QString &text, qint64 expiresMs, const QString &callId = QStringLiteral("call-1"))
{
    ChatResponse response;
    ChatChoice choice;
    choice.message = ChatMessage::text(Role::Assistant, text);
    response.choices.push_back(choice);
    return { response, callId, 120, 0, expiresMs };
}

} // namespace

class TestResponseCache : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void sameRequestSameKeyWhetherStreamedOrNot()
    {
        ChatRequest streamed = request(QStringLiteral("hello"));
        streamed.stream = true;
        QCOMPARE(ResponseCache::keyFor(request(QStringLiteral("hello")), target()), ResponseCache::keyFor(streamed, target()));
    }

    void anyDifferenceThatChangesTheAnswerChangesTheKey()
    {
        const QByteArray base = ResponseCache::keyFor(request(QStringLiteral("hello")), target());
        QVERIFY(ResponseCache::keyFor(request(QStringLiteral("hello!")), target()) != base);
        ChatRequest warmer = request(QStringLiteral("hello"));
        warmer.temperature = 0.7;
        QVERIFY(ResponseCache::keyFor(warmer, target()) != base);
        // The same alias repinned to another snapshot must not reuse the old snapshot's answers.
        QVERIFY(ResponseCache::keyFor(request(QStringLiteral("hello")), target(QStringLiteral("sim-small-2025-09-01"))) != base);
    }

    void answersExpireAfterTheirTimeToLive()
    {
        ResponseCache cache;
        const QByteArray key = ResponseCache::keyFor(request(QStringLiteral("hello")), target());
        cache.store(key, answer(QStringLiteral("hi"), 1'000));
        const auto hit = cache.lookup(key, 999);
        QVERIFY(hit);
        QCOMPARE(hit->response.choices.front().message.plainText(), QStringLiteral("hi"));
        QCOMPARE(hit->callId, QStringLiteral("call-1"));
        QVERIFY(!cache.lookup(key, 1'000));
        QCOMPARE(cache.size(), 0);
        QCOMPARE(cache.bytes(), 0);
    }

    void leastRecentlyUsedGoesFirstWhenFull()
    {
        ResponseCache cache(3 * 600); // room for three small answers
        QList<QByteArray> keys;
        for (int i = 0; i < 3; ++i) {
            keys.push_back(ResponseCache::keyFor(request(QString::number(i)), target()));
            cache.store(keys.back(), answer(QStringLiteral("answer"), 10'000));
        }
        QVERIFY(cache.lookup(keys[0], 0)); // 0 is now the most recent; 1 the least
        const QByteArray fourth = ResponseCache::keyFor(request(QStringLiteral("3")), target());
        cache.store(fourth, answer(QStringLiteral("answer"), 10'000));
        QVERIFY(cache.lookup(keys[0], 0));
        QVERIFY(!cache.lookup(keys[1], 0));
        QVERIFY(cache.lookup(keys[2], 0));
        QVERIFY(cache.lookup(fourth, 0));
        QVERIFY(cache.bytes() <= 3 * 600);
    }

    void storingAgainReplacesTheEntry()
    {
        ResponseCache cache;
        const QByteArray key = ResponseCache::keyFor(request(QStringLiteral("hello")), target());
        cache.store(key, answer(QStringLiteral("old"), 10'000, QStringLiteral("call-1")));
        cache.store(key, answer(QStringLiteral("new"), 10'000, QStringLiteral("call-2")));
        QCOMPARE(cache.size(), 1);
        QCOMPARE(cache.lookup(key, 0)->callId, QStringLiteral("call-2"));
    }

    void anAnswerLargerThanTheWholeCacheIsNotKept()
    {
        ResponseCache cache(1'000);
        const QByteArray key = ResponseCache::keyFor(request(QStringLiteral("hello")), target());
        cache.store(key, answer(QString(2'000, u'x'), 10'000));
        QCOMPARE(cache.size(), 0);
    }
};

QTEST_GUILESS_MAIN(TestResponseCache)
#include "tst_responsecache.moc"
