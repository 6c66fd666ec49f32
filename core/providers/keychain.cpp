#include "providers/keychain.h"

#include "providers/keyresolver.h"

#include <QCoreApplication>
#include <QEventLoop>
#include <QPointer>
#include <QStringList>
#include <QThread>

#include <qt6keychain/keychain.h>

#include <chrono>
#include <future>
#include <memory>

namespace switchboard::core::providers {
namespace {

// How long a worker thread waits for the main thread to run its keychain job.
constexpr auto kWorkerWait = std::chrono::minutes(2);

template<typename T>
using Done = std::function<void(Result<T>)>;

QString service()
{
    return QString::fromLatin1(kKeychainService);
}

// The job's failure as our error. The job's own text is kept as a detail: it names the
// backend's complaint and never carries the secret.
Error errorOf(const QKeychain::Job &job, const QString &providerName)
{
    // QtKeychain says only "Unknown error" when D-Bus itself is missing: not worth repeating.
    const QString said = job.errorString();
    const QString detail = said.isEmpty() || said == QLatin1String("Unknown error") ? QString() : QStringLiteral(" (%1)").arg(said);
    switch (job.error()) {
    case QKeychain::EntryNotFound:
        return { ErrorCode::NotFound,
                 QStringLiteral("Provider '%1' has no key in the system keychain. Store one with: "
                                "switchboard-cli provider set-key %1")
                     .arg(providerName) };
    case QKeychain::AccessDenied:
    case QKeychain::AccessDeniedByUser:
        return { ErrorCode::Io, QStringLiteral("The system keychain refused access to the key of provider '%1'%2. "
                                               "Unlock the keychain and allow Switchboard to use it, or read the "
                                               "key from an environment variable instead.")
                                    .arg(providerName, detail) };
    case QKeychain::CouldNotDeleteEntry:
        return { ErrorCode::Io, QStringLiteral("The key of provider '%1' could not be removed from the system "
                                               "keychain%2. Remove the entry '%3' in the keychain's own tool.")
                                    .arg(providerName, detail, service()) };
    case QKeychain::NoBackendAvailable:
    case QKeychain::NotImplemented:
    case QKeychain::OtherError:
    case QKeychain::NoError:
        break;
    }
    return { ErrorCode::KeychainUnavailable, keychainUnavailableMessage() + detail };
}

template<typename JobT>
JobT *newJob(const QString &providerName, QObject *parent)
{
    auto *job = new JobT(service(), parent);
    job->setInsecureFallback(false); // never QSettings in plain text
    job->setAutoDelete(false);
    job->setKey(providerName);
    return job;
}

// Runs the job on the application's main thread, where QtKeychain's one job queue lives (its
// queue is not thread-safe, and a queue created on a worker that ends would stall every later
// job); finish gets the job there, and done gets the result on context's thread.
template<typename JobT, typename T>
void runOnMainThread(QString providerName, std::function<void(JobT &)> prepare,
                     std::function<Result<T>(JobT &)> finish, QObject *context, Done<T> done)
{
    QCoreApplication *app = QCoreApplication::instance();
    if (!app) {
        done(std::unexpected(Error { ErrorCode::KeychainUnavailable,
                                     QStringLiteral("The system keychain needs a running application.") }));
        return;
    }
    QPointer<QObject> receiver(context);
    QMetaObject::invokeMethod(app, [=] {
        JobT *job = newJob<JobT>(providerName, app);
        if (prepare)
            prepare(*job);
        QObject::connect(job, &QKeychain::Job::finished, app, [=] {
            Result<T> result = job->error() == QKeychain::NoError ? finish(*job)
                                                                  : Result<T>(std::unexpected(errorOf(*job, providerName)));
            job->deleteLater();
            if (receiver)
                QMetaObject::invokeMethod(receiver.data(), [receiver, done, result] {
                    if (receiver)
                        done(result);
                });
        });
        job->start();
    });
}

template<typename JobT, typename T>
Result<T> runBlocking(const QString &providerName, std::function<void(JobT &)> prepare,
                      std::function<Result<T>(JobT &)> finish)
{
    QCoreApplication *app = QCoreApplication::instance();
    if (app && QThread::currentThread() == app->thread()) {
        std::unique_ptr<JobT> job(newJob<JobT>(providerName, nullptr));
        if (prepare)
            prepare(*job);
        QEventLoop loop;
        QObject::connect(job.get(), &QKeychain::Job::finished, &loop, &QEventLoop::quit);
        job->start(); // queued: finished cannot come before exec()
        loop.exec(QEventLoop::ExcludeUserInputEvents);
        return job->error() == QKeychain::NoError ? finish(*job) : std::unexpected(errorOf(*job, providerName));
    }
    // A worker thread: the main thread runs the job while this one waits.
    auto promise = std::make_shared<std::promise<Result<T>>>();
    auto future = promise->get_future();
    runOnMainThread<JobT, T>(providerName, std::move(prepare), std::move(finish), app,
                             [promise](Result<T> result) { promise->set_value(std::move(result)); });
    if (!app)
        return future.get();
    if (future.wait_for(kWorkerWait) != std::future_status::ready)
        return fail(ErrorCode::Io, QStringLiteral("The system keychain did not answer for provider '%1'. Unlock it "
                                                  "if it asks for a password, then try again.")
                                       .arg(providerName));
    return future.get();
}

// The pieces of each operation, shared by the blocking and the asynchronous forms.
void prepareWrite(QKeychain::WritePasswordJob &job, const QByteArray &key)
{
    job.setBinaryData(key);
}

Result<QByteArray> finishRead(QKeychain::ReadPasswordJob &job)
{
    return job.binaryData();
}

Result<void> finishVoid(QKeychain::Job &)
{
    return {};
}

Result<void> notFoundIsDeleted(Result<void> result)
{
    if (!result && result.error().code == ErrorCode::NotFound)
        return {};
    return result;
}

} // namespace

QString keychainUnavailableMessage()
{
#if defined(Q_OS_LINUX) || defined(Q_OS_FREEBSD)
    const QString why = QStringLiteral(" (no Secret Service is running)");
#else
    const QString why;
#endif
    return QStringLiteral("No system keychain is available%1. Put the key in an environment variable and set the "
                          "provider's key source to environment: switchboard-cli provider add NAME --kind openai "
                          "--key-env OPENAI_API_KEY")
        .arg(why);
}

Result<QByteArray> readKeychainKey(const QString &providerName)
{
    return runBlocking<QKeychain::ReadPasswordJob, QByteArray>(providerName, {}, finishRead);
}

Result<void> writeKeychainKey(const QString &providerName, const QByteArray &key)
{
    if (key.isEmpty())
        return fail(ErrorCode::InvalidArgument, QStringLiteral("The key is empty; give the provider's API key."));
    return runBlocking<QKeychain::WritePasswordJob, void>(
        providerName, [key](QKeychain::WritePasswordJob &job) { prepareWrite(job, key); },
        [](QKeychain::WritePasswordJob &job) { return finishVoid(job); });
}

Result<void> deleteKeychainKey(const QString &providerName)
{
    return notFoundIsDeleted(runBlocking<QKeychain::DeletePasswordJob, void>(
        providerName, {}, [](QKeychain::DeletePasswordJob &job) { return finishVoid(job); }));
}

void readKeychainKeyAsync(const QString &providerName, QObject *context, std::function<void(Result<QByteArray>)> done)
{
    runOnMainThread<QKeychain::ReadPasswordJob, QByteArray>(providerName, {}, finishRead, context, std::move(done));
}

void writeKeychainKeyAsync(const QString &providerName, const QByteArray &key, QObject *context,
                           std::function<void(Result<void>)> done)
{
    if (key.isEmpty()) {
        done(fail(ErrorCode::InvalidArgument, QStringLiteral("The key is empty; give the provider's API key.")));
        return;
    }
    runOnMainThread<QKeychain::WritePasswordJob, void>(
        providerName, [key](QKeychain::WritePasswordJob &job) { prepareWrite(job, key); },
        [](QKeychain::WritePasswordJob &job) { return finishVoid(job); }, context, std::move(done));
}

void deleteKeychainKeyAsync(const QString &providerName, QObject *context, std::function<void(Result<void>)> done)
{
    runOnMainThread<QKeychain::DeletePasswordJob, void>(
        providerName, {}, [](QKeychain::DeletePasswordJob &job) { return finishVoid(job); }, context,
        [done = std::move(done)](Result<void> result) { done(notFoundIsDeleted(std::move(result))); });
}

Result<void> loadKeychainKeys(KeyResolver &resolver, const std::vector<ProviderConfig> &providers)
{
    Result<void> first;
    for (const ProviderConfig &provider : providers) {
        if (!provider.enabled || provider.keySource != KeySource::Keychain)
            continue;
        auto key = readKeychainKey(provider.name);
        if (key)
            resolver.setKeychainKey(provider.name, *key);
        else if (first)
            first = std::unexpected(key.error());
        if (!first && first.error().code == ErrorCode::KeychainUnavailable)
            break; // asking again for each provider would only repeat it
    }
    return first;
}

void loadKeychainKeysAsync(KeyResolver &resolver, const std::vector<ProviderConfig> &providers, QObject *context,
                           std::function<void(Result<void>)> done)
{
    struct Load
    {
        QStringList names;
        qsizetype next = 0;
        Result<void> first;
        std::function<void(Result<void>)> done;
        std::function<void()> step;
    };
    auto load = std::make_shared<Load>();
    for (const ProviderConfig &provider : providers)
        if (provider.enabled && provider.keySource == KeySource::Keychain)
            load->names.append(provider.name);
    load->done = std::move(done);
    // The step holds its state weakly (no cycle); each pending read holds it strongly.
    load->step = [weak = std::weak_ptr<Load>(load), &resolver, context] {
        const std::shared_ptr<Load> state = weak.lock();
        if (!state)
            return;
        const bool unavailable = !state->first && state->first.error().code == ErrorCode::KeychainUnavailable;
        if (state->next >= state->names.size() || unavailable) {
            auto finished = std::move(state->done);
            finished(state->first);
            return;
        }
        const QString name = state->names.at(state->next++);
        readKeychainKeyAsync(name, context, [state, name, &resolver](Result<QByteArray> key) {
            if (key)
                resolver.setKeychainKey(name, *key);
            else if (state->first)
                state->first = std::unexpected(key.error());
            state->step();
        });
    };
    // Always answer later, never from inside this call, as the single reads do.
    QMetaObject::invokeMethod(context, [load] { load->step(); }, Qt::QueuedConnection);
}

} // namespace switchboard::core::providers
