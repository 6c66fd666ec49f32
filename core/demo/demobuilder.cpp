#include "demo/demobuilder.h"

#include "demo/demoevals.h"
#include "demo/demooperations.h"
#include "evals/evalbatch.h"
#include "execute/workspaceexecutor.h"
#include "demo/demoworkspace.h"
#include "store/callrepository.h"
#include "store/connection.h"
#include "store/gatewaykeyrepository.h"
#include "store/pricerepository.h"
#include "store/providerrepository.h"
#include "store/recorder.h"
#include "store/workspace.h"

#include <QDateTime>

namespace switchboard::core::demo {
namespace {

constexpr qint64 kHourMs = 3'600'000;

} // namespace

DemoBuilder::DemoBuilder(store::WorkspaceLocation location, Options options, QObject *parent)
    : QObject(parent)
    , m_location(std::move(location))
    , m_options(options)
{
    qRegisterMetaType<DemoResult>();
}

DemoBuilder::~DemoBuilder()
{
    delete m_traffic; // before the recorder it writes to
    delete m_evalRun; // before the executor it runs on
}

void DemoBuilder::start()
{
    m_elapsed.start();
    if (auto prepared = prepare(); !prepared)
        finish({ false, false, prepared.error().message, 0, m_elapsed.elapsed() });
}

Result<void> DemoBuilder::prepare()
{
    auto recipe = DemoRecipe::shipped();
    if (!recipe)
        return std::unexpected(recipe.error());
    Q_EMIT stage(QStringLiteral("Creating the workspace"));
    if (auto summary = store::prepareWorkspace(m_location, store::Connection::Mode::CreateIfMissing); !summary)
        return std::unexpected(summary.error());
    auto connection = store::Connection::open(m_location);
    if (!connection)
        return std::unexpected(connection.error());
    store::ProviderRepository providerRepository(**connection);
    auto existing = providerRepository.list();
    if (!existing)
        return std::unexpected(existing.error());
    auto calls = store::CallRepository(**connection).count();
    if (!calls)
        return std::unexpected(calls.error());
    if (!existing->empty() || *calls > 0)
        return fail(ErrorCode::Conflict,
                    QStringLiteral("The workspace %1 already has providers or calls; the demo needs a new or empty "
                                   "workspace. Choose another path.").arg(m_location.displayName()));

    // The week ends at the last full hour, so the demo's data is recent.
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    const qint64 weekStart = now / kHourMs * kHourMs - static_cast<qint64>(recipe->days * 24 * kHourMs);
    Q_EMIT stage(QStringLiteral("Adding providers, pins and prompts"));
    if (auto seeded = seedDemoWorkspace(**connection, *recipe, weekStart); !seeded)
        return seeded;
    if (auto seeded = seedDemoOperations(**connection, *recipe, weekStart); !seeded)
        return seeded;
    m_weekStartMs = weekStart;
    m_weekEndMs = weekStart + static_cast<qint64>(recipe->days * 24 * kHourMs);
    auto providers = providerRepository.list();
    if (!providers)
        return std::unexpected(providers.error());
    auto prices = store::PriceRepository(**connection).loadPriceBook();
    if (!prices)
        return std::unexpected(prices.error());
    auto keys = store::GatewayKeyRepository(**connection).list();
    if (!keys)
        return std::unexpected(keys.error());
    QHash<QString, qint64> keyIdByTenant;
    for (const gateway::GatewayKey &key : *keys)
        keyIdByTenant.insert(key.tenant, key.id);
    connection->reset();

    auto recorder = store::Recorder::start(m_location);
    if (!recorder)
        return std::unexpected(recorder.error());
    m_recorder = std::move(*recorder);

    Q_EMIT stage(QStringLiteral("Running a week of traffic through the executor"));
    std::vector<PlannedCall> plan = planDemoTraffic(*recipe, weekStart, m_options.calls > 0 ? m_options.calls : recipe->calls);
    m_traffic = new DemoTraffic(std::move(*recipe), std::move(plan), std::move(*providers), std::move(*prices),
                                *m_recorder, m_options.traffic);
    m_traffic->setGatewayKeys(std::move(keyIdByTenant));
    connect(m_traffic, &DemoTraffic::progress, this, &DemoBuilder::progress);
    connect(m_traffic, &DemoTraffic::finished, this, [this](bool cancelled) {
        Q_EMIT stage(QStringLiteral("Writing the last calls"));
        const bool flushed = m_recorder->flush();
        const store::Recorder::Stats stats = m_recorder->stats();
        DemoResult result { flushed && stats.deadLettered == 0, cancelled, {}, stats.written, m_elapsed.elapsed() };
        if (flushed && !cancelled) {
            Q_EMIT stage(QStringLiteral("Judging the week's alert rules"));
            if (auto judged = judgeWeek(); !judged) {
                result.ok = false;
                result.message = QStringLiteral("The week's alerts could not be judged: %1").arg(judged.error().message);
            }
        }
        if (!flushed)
            result.message = QStringLiteral("Writing the calls did not finish in time: %1").arg(stats.lastError);
        else if (stats.deadLettered > 0)
            result.message = QStringLiteral("%1 calls could not be written and went to the dead-letter file: %2")
                                 .arg(stats.deadLettered).arg(stats.lastError);
        if (!result.ok || cancelled) {
            finish(result);
            return;
        }
        Q_EMIT stage(QStringLiteral("Building datasets and running evals"));
        if (auto evals = startEvals(); !evals) {
            result.ok = false;
            result.message = QStringLiteral("The demo's datasets could not be made: %1").arg(evals.error().message);
            finish(result);
            return;
        }
        m_result = result;
        runNextEval();
    });
    return m_traffic->start();
}

Result<void> DemoBuilder::judgeWeek()
{
    auto connection = store::Connection::open(m_location);
    if (!connection)
        return std::unexpected(connection.error());
    // Every ten minutes of the week, as a console left open would have (every minute) but
    // for the slow minutes between; from its second day, when cost has a day to compare with.
    constexpr qint64 kStepMs = 600'000;
    return judgeDemoWeek(**connection, m_weekStartMs + 24 * kHourMs, m_weekEndMs, kStepMs);
}

Result<void> DemoBuilder::startEvals()
{
    auto recipe = DemoRecipe::shipped();
    if (!recipe)
        return std::unexpected(recipe.error());
    // At the traffic's speed: latencies recorded at their real sizes, the runs done in seconds.
    m_evalWorkspace = std::make_unique<execute::WorkspaceExecutor>(m_location, m_options.traffic.speed);
    if (auto ready = m_evalWorkspace->prepare(); !ready)
        return ready;
    auto runs = seedDemoDatasets(m_evalWorkspace->connection(), *recipe);
    if (!runs)
        return std::unexpected(runs.error());
    m_evalRuns = std::move(*runs);
    return {};
}

void DemoBuilder::runNextEval()
{
    delete m_evalRun;
    m_evalRun = nullptr;
    if (m_evalRuns.empty() || m_cancelled) {
        m_evalWorkspace->flush();
        finish(m_result);
        return;
    }
    const evals::EvalRunSpec spec = m_evalRuns.front();
    m_evalRuns.erase(m_evalRuns.begin());
    m_evalRun = new evals::EvalBatch(*m_evalWorkspace);
    // A run that cannot finish leaves the demo as it is, with the runs before it.
    connect(m_evalRun, &evals::EvalBatch::finished, this, [this] {
        QMetaObject::invokeMethod(this, &DemoBuilder::runNextEval, Qt::QueuedConnection);
    });
    connect(m_evalRun, &evals::EvalBatch::failed, this, [this](const QString &message) {
        m_result.message = QStringLiteral("A demo eval run could not start: %1").arg(message);
        QMetaObject::invokeMethod(this, &DemoBuilder::runNextEval, Qt::QueuedConnection);
    });
    m_evalRun->start(spec);
}

void DemoBuilder::cancel()
{
    m_cancelled = true;
    if (m_traffic)
        m_traffic->cancel();
    if (m_evalRun)
        m_evalRun->cancel();
}

void DemoBuilder::finish(DemoResult result)
{
    if (m_done)
        return;
    m_done = true;
    Q_EMIT finished(result);
}

} // namespace switchboard::core::demo
