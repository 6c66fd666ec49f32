#include "store/recorder.h"

#include "store/batchwriter.h"
#include "store/textindexer.h"
#include "store/connection.h"
#include "store/walcheckpointer.h"

#include <QDebug>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <array>
#include <future>

namespace switchboard::core::store {
namespace {

QJsonObject toJson(const RecordedCall &call)
{
    const CallRecord &r = call.record;
    QJsonArray attempts;
    for (const AttemptRow &a : call.attempts)
        attempts.append(QJsonObject { { QStringLiteral("seq"), a.seq }, { QStringLiteral("provider"), a.provider },
                                      { QStringLiteral("model"), a.model }, { QStringLiteral("started_ms"), a.startedMs },
                                      { QStringLiteral("latency_us"), a.latencyUs }, { QStringLiteral("http_status"), a.httpStatus },
                                      { QStringLiteral("failure"), a.failure ? nameOf(*a.failure) : QString() },
                                      { QStringLiteral("message"), a.message }, { QStringLiteral("billed"), a.billed } });
    return QJsonObject {
        { QStringLiteral("id"), r.id }, { QStringLiteral("started_ms"), r.startedMs }, { QStringLiteral("origin"), nameOf(r.origin) },
        { QStringLiteral("tenant"), r.tenant }, { QStringLiteral("feature"), r.feature }, { QStringLiteral("user_id"), r.userId },
        { QStringLiteral("alias"), r.alias }, { QStringLiteral("provider"), r.provider }, { QStringLiteral("model"), r.model },
        { QStringLiteral("status"), nameOf(r.status) }, { QStringLiteral("failure"), r.failure ? nameOf(*r.failure) : QString() },
        { QStringLiteral("error_message"), r.errorMessage }, { QStringLiteral("latency_us"), r.latencyUs },
        { QStringLiteral("input_tokens"), r.inputTokens }, { QStringLiteral("output_tokens"), r.outputTokens },
        { QStringLiteral("cost_micros"), r.costMicros }, { QStringLiteral("attempts"), attempts },
        { QStringLiteral("request_json"), QString::fromUtf8(call.requestJson) },
        { QStringLiteral("response_json"), QString::fromUtf8(call.responseJson) },
    };
}

} // namespace

Recorder::Recorder(WorkspaceLocation location, Settings settings)
    : m_location(std::move(location))
    , m_settings(std::move(settings))
{
    if (m_settings.deadLetterPath.isEmpty())
        m_settings.deadLetterPath = m_location.target() + QLatin1String(".deadletter.jsonl");
}

Result<std::unique_ptr<Recorder>> Recorder::start(const WorkspaceLocation &location)
{
    return start(location, Settings {});
}

Result<std::unique_ptr<Recorder>> Recorder::start(const WorkspaceLocation &location, Settings settings)
{
    std::unique_ptr<Recorder> recorder(new Recorder(location, std::move(settings)));
    std::promise<Result<void>> opened;
    auto openedFuture = opened.get_future();
    recorder->m_thread = std::thread([raw = recorder.get(), &opened] { raw->run(opened); });
    Result<void> result = openedFuture.get();
    if (!result) {
        recorder->m_thread.join();
        recorder->m_stopping = true;
        return std::unexpected(result.error());
    }
    return recorder;
}

Recorder::~Recorder()
{
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_wake.notify_all();
    if (m_thread.joinable())
        m_thread.join();
}

void Recorder::record(RecordedCall call)
{
    EncodedCall encoded;
    if (m_settings.prepareOnWriter)
        encoded.call = std::move(call); // the writer makes the rows
    else
        encoded = encodeForWriting(std::move(call));
    // Declared before the lock: freed after it is released.
    std::array<EncodedCall, 2> freed; // twice the rate calls come in: the spent list shrinks
    std::vector<EncodedCall> emptied;
    bool full = false;
    {
        std::lock_guard lock(m_mutex);
        m_queue.push_back(std::move(encoded));
        ++m_enqueued;
        full = static_cast<int>(m_queue.size()) >= m_settings.maxBatch;
        takeSpent(freed, emptied);
    }
    if (full)
        m_wake.notify_one(); // a full batch is waiting: no need to wait out the interval
}

void Recorder::takeSpent(std::span<EncodedCall> freed, std::vector<EncodedCall> &emptied)
{
    for (EncodedCall &slot : freed) {
        if (m_spent.empty())
            return;
        std::vector<EncodedCall> &front = m_spent.front();
        if (m_spentFreed < front.size()) {
            slot = std::move(front[m_spentFreed++]);
            continue;
        }
        emptied = std::move(front); // only moved-from shells are left
        m_spent.pop_front();
        m_spentFreed = 0;
        return;
    }
}

bool Recorder::flush(int timeoutMs)
{
    std::unique_lock lock(m_mutex);
    const qint64 target = m_enqueued;
    m_wake.notify_one();
    return m_drained.wait_for(lock, std::chrono::milliseconds(timeoutMs), [&] { return m_done >= target; });
}

Recorder::Stats Recorder::stats() const
{
    std::lock_guard lock(m_mutex);
    Stats stats = m_stats;
    stats.queued = static_cast<qint64>(m_queue.size()) + m_inFlight;
    return stats;
}

void Recorder::run(std::promise<Result<void>> &opened)
{
    auto connection = Connection::open(m_location, Connection::Mode::OpenExisting);
    if (!connection) {
        opened.set_value(std::unexpected(connection.error()));
        return;
    }
    // Checkpoints off this thread; without the helper thread SQLite's own ones still run here.
    std::unique_ptr<WalCheckpointer> checkpointer;
    if (auto started = WalCheckpointer::start(m_location); started) {
        checkpointer = std::move(*started);
        if (sqlite3 *db = (*connection)->sqliteHandle())
            checkpointer->attach(db);
    } else {
        qWarning().noquote() << started.error().message;
    }
    opened.set_value({});
    BatchWriter writer(**connection, m_settings.pageCacheMb);
    TextIndexer indexer(**connection);
    bool indexBehind = true; // until a step says otherwise

    for (;;) {
        std::vector<EncodedCall> batch;
        {
            std::unique_lock lock(m_mutex);
            // Time with nothing to write goes to the text index, a step at a time.
            if (indexBehind && m_queue.empty() && !m_stopping) {
                lock.unlock();
                const auto indexed = m_settings.indexStep > 0 ? indexer.step(m_settings.indexStep) : Result<int>(0);
                indexBehind = indexed && *indexed == m_settings.indexStep;
                continue;
            }
            m_wake.wait_for(lock, std::chrono::milliseconds(m_settings.flushIntervalMs),
                            [this] { return m_stopping || static_cast<int>(m_queue.size()) >= m_settings.maxBatch; });
            if (m_queue.empty()) {
                if (m_stopping)
                    return;
                // Nothing to write: free what record() has not got round to.
                std::deque<std::vector<EncodedCall>> spent = std::move(m_spent);
                m_spent.clear();
                m_spentFreed = 0;
                lock.unlock();
                spent.clear();
                continue;
            }
            // The batch stays counted as queued (and flush() keeps waiting for it) until its
            // transaction commits or it reaches the dead-letter file.
            const auto take = std::min<std::size_t>(m_queue.size(), static_cast<std::size_t>(m_settings.maxBatch));
            batch.assign(std::make_move_iterator(m_queue.begin()),
                         std::make_move_iterator(m_queue.begin() + static_cast<std::ptrdiff_t>(take)));
            m_queue.erase(m_queue.begin(), m_queue.begin() + static_cast<std::ptrdiff_t>(take));
            m_inFlight = static_cast<qint64>(take);
        }
        if (m_settings.prepareOnWriter) {
            for (EncodedCall &encoded : batch)
                encoded = encodeForWriting(std::move(encoded.call));
        }
        Result<void> written = fail(ErrorCode::StoreFailure, QString());
        int delayMs = m_settings.retryDelayMs;
        for (int attempt = 0; attempt < m_settings.writeAttempts; ++attempt) {
            written = writer.write(batch);
            if (written)
                break;
            {
                std::lock_guard lock(m_mutex);
                ++m_stats.failedWrites;
                m_stats.lastError = written.error().message;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(delayMs));
            delayMs *= 2;
        }
        if (!written)
            deadLetter(batch, written.error().message);
        {
            const auto count = static_cast<qint64>(batch.size());
            std::lock_guard lock(m_mutex);
            m_inFlight = 0;
            m_done += count;
            ++m_stats.batches;
            (written ? m_stats.written : m_stats.deadLettered) += count;
            if (!m_settings.prepareOnWriter)
                m_spent.push_back(std::move(batch)); // record() frees it; else it goes when the loop comes round
        }
        m_drained.notify_all();
        indexBehind = true; // what was just written
    }
}

void Recorder::deadLetter(const std::vector<EncodedCall> &batch, const QString &why)
{
    QFile file(m_settings.deadLetterPath);
    if (!file.open(QIODevice::Append | QIODevice::Text)) {
        std::lock_guard lock(m_mutex);
        m_stats.lastError = QStringLiteral("%1; and the dead-letter file %2 could not be opened: %3")
                                .arg(why, m_settings.deadLetterPath, file.errorString());
        return;
    }
    for (const EncodedCall &encoded : batch) {
        QJsonObject line = toJson(encoded.call);
        line.insert(QStringLiteral("dead_letter_reason"), why);
        file.write(QJsonDocument(line).toJson(QJsonDocument::Compact));
        file.write("\n");
    }
}

} // namespace switchboard::core::store
