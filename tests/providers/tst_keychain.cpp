// The keychain on a machine without one (as on CI): every path fails with the typed error and
// its advice, from the main thread, from a worker and asynchronously, without hanging.
#include "providers/keychain.h"
#include "providers/keyresolver.h"
#include "resultcheck.h"

#include <QSignalSpy>
#include <QTest>
#include <QThread>

using namespace switchboard::core;
using namespace switchboard::core::providers;

class TestKeychain final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        // Whatever this machine has, the tests see no Secret Service and touch no real keychain.
        qputenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/switchboard-test-bus");
    }

    void withoutAKeychainTheErrorSaysWhatToDo()
    {
        const auto read = readKeychainKey(QStringLiteral("openai"));
        QCOMPARE(switchboard::tests::codeOf(read), nameOf(ErrorCode::KeychainUnavailable));
        QVERIFY(read.error().message.startsWith(keychainUnavailableMessage()));
        QVERIFY(read.error().message.contains(QLatin1String("--key-env OPENAI_API_KEY")));
        QCOMPARE(switchboard::tests::codeOf(writeKeychainKey(QStringLiteral("openai"), "sk-test")),
                 nameOf(ErrorCode::KeychainUnavailable));
        QCOMPARE(switchboard::tests::codeOf(deleteKeychainKey(QStringLiteral("openai"))),
                 nameOf(ErrorCode::KeychainUnavailable));
        QCOMPARE(switchboard::tests::codeOf(writeKeychainKey(QStringLiteral("openai"), {})),
                 nameOf(ErrorCode::InvalidArgument));
    }

    void aWorkerThreadWaitsForTheMainThreadsJob()
    {
        Result<QByteArray> read = QByteArray("unset");
        std::unique_ptr<QThread> worker(QThread::create([&read] { read = readKeychainKey(QStringLiteral("openai")); }));
        QSignalSpy done(worker.get(), &QThread::finished);
        worker->start();
        QVERIFY(done.wait(30000));
        QCOMPARE(switchboard::tests::codeOf(read), nameOf(ErrorCode::KeychainUnavailable));
    }

    void theAsyncFormsAnswerOnTheContextsThread()
    {
        QObject context;
        std::optional<Result<QByteArray>> read;
        readKeychainKeyAsync(QStringLiteral("openai"), &context, [&read](Result<QByteArray> r) { read = std::move(r); });
        QVERIFY(!read); // never synchronously
        QTRY_VERIFY_WITH_TIMEOUT(read.has_value(), 30000);
        QCOMPARE(switchboard::tests::codeOf(*read), nameOf(ErrorCode::KeychainUnavailable));

        bool called = false;
        auto gone = std::make_unique<QObject>();
        writeKeychainKeyAsync(QStringLiteral("openai"), "sk-test", gone.get(), [&called](Result<void>) { called = true; });
        gone.reset(); // a context destroyed first never hears back
        std::optional<Result<void>> removed;
        deleteKeychainKeyAsync(QStringLiteral("openai"), &context, [&removed](Result<void> r) { removed = std::move(r); });
        QTRY_VERIFY_WITH_TIMEOUT(removed.has_value(), 30000);
        QVERIFY(!called);
    }

    void loadingLeavesKeychainProvidersWithoutAKeyAndSaysWhy()
    {
        ProviderConfig keychained;
        keychained.name = QStringLiteral("claude");
        keychained.keySource = KeySource::Keychain;
        ProviderConfig fromEnv;
        fromEnv.name = QStringLiteral("openai");
        fromEnv.keySource = KeySource::Environment;
        fromEnv.keyEnvVar = QStringLiteral("SWITCHBOARD_TEST_UNSET_KEY");
        KeyResolver keys;
        QVERIFY_OK(loadKeychainKeys(keys, { fromEnv })); // nothing to read from the keychain
        const auto loaded = loadKeychainKeys(keys, { fromEnv, keychained });
        QCOMPARE(switchboard::tests::codeOf(loaded), nameOf(ErrorCode::KeychainUnavailable));
        QCOMPARE(switchboard::tests::codeOf(keys.keyFor(keychained)), nameOf(ErrorCode::InvalidArgument));
    }
};

QTEST_GUILESS_MAIN(TestKeychain)
#include "tst_keychain.moc"
