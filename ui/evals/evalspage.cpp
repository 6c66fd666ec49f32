#include "evals/evalspage.h"

#include "common/storeclient.h"
#include "common/tablecells.h"
#include "common/tablestyle.h"
#include "evals/comparisonhtml.h"
#include "evals/datasetfile.h"
#include "evals/evalcomparison.h"
#include "evals/evalresultsview.h"
#include "evals/evalrundialog.h"
#include "evals/evalrunner.h"
#include "evals/junitreport.h"
#include "model/localauthor.h"
#include "routing/pinresolver.h"
#include "store/datasetrepository.h"
#include "store/evalrunrepository.h"
#include "store/promptrepository.h"
#include "store/workspace.h"

#include <QDateTime>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QLocale>
#include <QProgressBar>
#include <QSplitter>
#include <QStackedWidget>
#include <QTabWidget>
#include <QTableWidget>
#include <QTextBrowser>
#include <QToolButton>
#include <QVBoxLayout>

namespace switchboard::ui {
namespace {

using core::evals::EvalRun;
using core::evals::EvalRunStatus;

// What a run's cases or a comparison needs read: the cases and the items, for their labels.
struct Selection
{
    std::vector<std::vector<core::evals::EvalCaseResult>> results; // one per run
    std::vector<core::evals::EvalRun> runs;
    std::map<qint64, QString> labels;
};

QString statusText(const EvalRun &run)
{
    switch (run.status) {
    case EvalRunStatus::Running: return QObject::tr("running");
    case EvalRunStatus::Cancelled: return QObject::tr("cancelled");
    case EvalRunStatus::Finished: return QObject::tr("finished");
    case EvalRunStatus::Failed: return QObject::tr("failed");
    }
    return {};
}

QString when(qint64 ms)
{
    return ms > 0 ? QLocale().toString(QDateTime::fromMSecsSinceEpoch(ms), QStringLiteral("d MMM HH:mm")) : QString();
}

} // namespace

EvalsPage::EvalsPage(QWidget *parent)
    : Page({ QStringLiteral("evals"), tr("Evals"),
             tr("Datasets, assertions and runs: evidence before a prompt or model change ships."),
             QStringLiteral(":/switchboard/icons/pages/evals.svg") },
           parent)
    , m_store(new StoreClient(this))
    , m_tabs(new QTabWidget)
    , m_runs(new QTableWidget(0, 9))
    , m_detail(new QStackedWidget)
    , m_results(new EvalResultsView)
    , m_comparison(new QTextBrowser)
    , m_datasets(new QTableWidget(0, 4))
    , m_items(new QTableWidget(0, 3))
    , m_notice(new NoticeLine)
    , m_progress(new QProgressBar)
{
    setContentWidget(buildContent());
    connect(emptyState(), &EmptyState::actionTriggered, this, &EvalsPage::askForImport);
    clearWorkspace();
}

EvalsPage::~EvalsPage() = default;

QWidget *EvalsPage::buildContent()
{
    auto *content = new QWidget;
    auto *run = toolButton(tr("New run…"), tr("Evaluate a prompt version on a dataset"), content);
    m_resume = toolButton(tr("Resume"), tr("Ask the cases a cancelled or interrupted run has not done"), content);
    m_cancel = toolButton(tr("Cancel"), tr("Stop the run: its cases so far are kept, and it can be resumed"), content);
    m_compare = toolButton(tr("Compare"), tr("Select two runs (Ctrl+click) to compare them, regressions first"), content);
    auto *import = toolButton(tr("Import dataset…"), tr("Add the items of a JSON Lines, CSV or promptfoo YAML file to a dataset"), content);
    auto *refreshButton = toolButton(tr("Refresh"), tr("Read runs and datasets again"), content);
    connect(run, &QToolButton::clicked, this, &EvalsPage::askForRun);
    connect(m_resume, &QToolButton::clicked, this, &EvalsPage::resumeSelected);
    connect(m_cancel, &QToolButton::clicked, this, &EvalsPage::cancelRun);
    connect(m_compare, &QToolButton::clicked, this, &EvalsPage::showSelection);
    connect(import, &QToolButton::clicked, this, &EvalsPage::askForImport);
    connect(refreshButton, &QToolButton::clicked, this, &EvalsPage::refresh);
    m_progress->setTextVisible(true);
    m_progress->setMaximumWidth(260);
    m_progress->hide();
    auto *bar = new QHBoxLayout;
    bar->addWidget(run);
    bar->addWidget(m_resume);
    bar->addWidget(m_cancel);
    bar->addWidget(m_progress);
    bar->addSpacing(12);
    bar->addWidget(m_compare);
    bar->addStretch(1);
    bar->addWidget(import);
    bar->addWidget(refreshButton);

    m_runs->setHorizontalHeaderLabels({ tr("Run"), tr("Prompt"), tr("Model"), tr("Dataset"), tr("Status"), tr("Passed"),
                                        tr("Cost"), tr("p50 / p95"), tr("Started") });
    styleTable(m_runs);
    m_runs->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_runs->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_runs->horizontalHeader()->setStretchLastSection(true);
    connect(m_runs, &QTableWidget::itemSelectionChanged, this, [this] {
        updateButtons();
        if (selectedRuns().size() == 1)
            showSelection();
    });
    m_comparison->setOpenLinks(false);
    m_detail->addWidget(m_results);
    m_detail->addWidget(m_comparison);
    auto *runSplit = new QSplitter(Qt::Vertical);
    runSplit->addWidget(m_runs);
    runSplit->addWidget(m_detail);
    runSplit->setStretchFactor(0, 1);
    runSplit->setStretchFactor(1, 2);
    runSplit->setSizes({ 230, 460 }); // seven runs before the list scrolls

    m_datasets->setHorizontalHeaderLabels({ tr("Dataset"), tr("Version"), tr("Items"), tr("Gates") });
    styleTable(m_datasets);
    m_datasets->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_datasets->horizontalHeader()->setStretchLastSection(true);
    connect(m_datasets, &QTableWidget::currentCellChanged, this, [this](int row) { showItems(row); });
    m_items->setHorizontalHeaderLabels({ tr("Item"), tr("Assertions"), tr("Reference") });
    styleTable(m_items);
    m_items->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    m_items->horizontalHeader()->setStretchLastSection(true);
    m_items->setColumnWidth(0, 320);
    m_items->setColumnWidth(1, 260);
    auto *dataSplit = new QSplitter(Qt::Vertical);
    dataSplit->addWidget(m_datasets);
    dataSplit->addWidget(m_items);
    dataSplit->setStretchFactor(0, 1);
    dataSplit->setStretchFactor(1, 2);

    m_tabs->setDocumentMode(true);
    m_tabs->addTab(runSplit, tr("Runs"));
    m_tabs->addTab(dataSplit, tr("Datasets"));
    auto *layout = new QVBoxLayout(content);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(bar);
    layout->addWidget(m_notice);
    layout->addWidget(m_tabs, 1);
    return content;
}

void EvalsPage::setWorkspace(const core::store::WorkspaceSummary &summary)
{
    clearWorkspace();
    m_store->setLocation(summary.location);
    Page::setWorkspace(summary);
    m_runner = new core::evals::EvalRunner(summary.location, this);
    connect(m_runner, &core::evals::EvalRunner::started, this, [this](int job, const EvalRun &run) {
        if (job != m_job)
            return;
        showNotice(tr("Running %1…").arg(run.describe()), false);
        refresh();
    });
    connect(m_runner, &core::evals::EvalRunner::progress, this, [this](int job, int done, int total) {
        if (job != m_job)
            return;
        m_progress->setRange(0, std::max(total, 1));
        m_progress->setValue(done);
        m_progress->setFormat(tr("%1 of %2 cases").arg(done).arg(total));
    });
    connect(m_runner, &core::evals::EvalRunner::finished, this, [this](int job, const EvalRun &run) {
        if (job != m_job)
            return;
        m_job = 0;
        m_progress->hide();
        showNotice(run.status == EvalRunStatus::Cancelled
                       ? tr("Run #%1 cancelled after %2 of %3 cases; Resume asks the rest.").arg(run.id).arg(run.done).arg(run.cases)
                       : tr("Run #%1 finished: %2 passed (%3 of %4).")
                             .arg(run.id)
                             .arg(core::evals::percent(run.passRate()))
                             .arg(run.passed)
                             .arg(run.done),
                   false);
        updateButtons();
        Q_EMIT runEnded(run);
        refresh();
    });
    connect(m_runner, &core::evals::EvalRunner::failed, this, [this](int job, const QString &message) {
        if (job != m_job)
            return;
        m_job = 0;
        m_progress->hide();
        showNotice(message, true);
        Q_EMIT failed(message);
        updateButtons();
    });
    refresh();
}

void EvalsPage::clearWorkspace()
{
    delete m_runner; // stops what runs; it can be resumed when the workspace is open again
    m_runner = nullptr;
    m_job = 0;
    m_store->setLocation(std::nullopt);
    m_contents = {};
    m_runs->setRowCount(0);
    m_datasets->setRowCount(0);
    m_items->setRowCount(0);
    m_results->setResults({}, {});
    m_comparison->clear();
    m_progress->hide();
    m_notice->hide();
    Page::clearWorkspace();
}

void EvalsPage::refresh()
{
    m_store->submit<Contents>(
        [](core::store::Connection &connection) -> core::Result<Contents> {
            Contents read;
            auto runs = core::store::EvalRunRepository(connection).list();
            if (!runs)
                return std::unexpected(runs.error());
            auto datasets = core::store::DatasetRepository(connection).list();
            if (!datasets)
                return std::unexpected(datasets.error());
            auto gates = core::store::LabelGateRepository(connection).list();
            if (!gates)
                return std::unexpected(gates.error());
            read.runs = std::move(*runs);
            read.datasets = std::move(*datasets);
            read.gates = std::move(*gates);
            return read;
        },
        this,
        [this](const core::Result<Contents> &read) {
            if (!read) {
                showNotice(tr("Evals could not be read: %1").arg(read.error().message), true);
                Q_EMIT failed(read.error().message);
                return;
            }
            showContents(*read);
            Q_EMIT refreshed();
        });
}

void EvalsPage::showContents(const Contents &contents)
{
    m_contents = contents;
    if (m_contents.runs.empty() && m_contents.datasets.empty() && m_job == 0) {
        showEmptyState(emptyContent());
        return;
    }
    showContent();
    showRuns();
    showDatasets();
}

void EvalsPage::showRuns()
{
    QList<qint64> selected;
    for (const EvalRun *run : selectedRuns())
        selected << run->id;
    const QSignalBlocker quiet(m_runs);
    m_runs->setRowCount(int(m_contents.runs.size()));
    const QLocale locale;
    for (int r = 0; r < int(m_contents.runs.size()); ++r) {
        const EvalRun &run = m_contents.runs[std::size_t(r)];
        m_runs->setItem(r, 0, tableCell(QStringLiteral("#%1").arg(run.id), true));
        m_runs->setItem(r, 1, tableCell(QStringLiteral("%1@%2").arg(run.spec.promptName).arg(run.spec.promptVersion)));
        m_runs->setItem(r, 2, tableCell(run.resolvedAlias.isEmpty() ? run.spec.alias : run.resolvedAlias));
        m_runs->setItem(r, 3, tableCell(QStringLiteral("%1 v%2").arg(run.spec.dataset).arg(run.datasetVersion)));
        auto *status = tableCell(statusText(run));
        status->setToolTip(run.message);
        m_runs->setItem(r, 4, status);
        auto *passed = tableCell(run.done ? tr("%1  (%2/%3)").arg(core::evals::percent(run.passRate())).arg(run.passed).arg(run.done)
                                          : tr("–"),
                                 true);
        if (run.done)
            passed->setForeground(run.passRate() >= 0.9 ? QColor(0x16, 0xa3, 0x4a) : run.passRate() >= 0.6 ? QColor(0xd9, 0x77, 0x06) : QColor(0xdc, 0x26, 0x26));
        m_runs->setItem(r, 5, passed);
        m_runs->setItem(r, 6, tableCell(QStringLiteral("$%1").arg(double(run.costMicros) / 1e6, 0, 'f', 4), true));
        m_runs->setItem(r, 7, tableCell(tr("%1 / %2 ms").arg(locale.toString(run.latencyP50Ms), locale.toString(run.latencyP95Ms)), true));
        m_runs->setItem(r, 8, tableCell(when(run.startedMs)));
        if (selected.contains(run.id))
            m_runs->selectionModel()->select(m_runs->model()->index(r, 0), QItemSelectionModel::Select | QItemSelectionModel::Rows);
    }
    if (selected.isEmpty() && !m_contents.runs.empty())
        m_runs->selectRow(0);
    updateButtons();
    if (!selectedRuns().empty())
        showSelection();
}

void EvalsPage::showDatasets()
{
    const int current = m_datasets->currentRow();
    const QSignalBlocker quiet(m_datasets);
    m_datasets->setRowCount(int(m_contents.datasets.size()));
    for (int r = 0; r < int(m_contents.datasets.size()); ++r) {
        const auto &dataset = m_contents.datasets[std::size_t(r)];
        QStringList gates;
        for (const auto &gate : m_contents.gates)
            if (gate.dataset == dataset.name)
                gates << tr("%1@%2 needs %3").arg(gate.promptName, gate.label, core::evals::percent(gate.threshold));
        m_datasets->setItem(r, 0, tableCell(dataset.name));
        m_datasets->setItem(r, 1, tableCell(QStringLiteral("v%1").arg(dataset.version), true));
        m_datasets->setItem(r, 2, tableCell(QLocale().toString(dataset.items), true));
        m_datasets->setItem(r, 3, tableCell(gates.isEmpty() ? tr("none") : gates.join(QStringLiteral(", "))));
    }
    const int row = current >= 0 && current < m_datasets->rowCount() ? current : (m_datasets->rowCount() > 0 ? 0 : -1);
    if (row >= 0)
        m_datasets->selectRow(row);
    showItems(row);
}

void EvalsPage::showItems(int row)
{
    if (row < 0 || row >= int(m_contents.datasets.size())) {
        m_items->setRowCount(0);
        return;
    }
    const QString name = m_contents.datasets[std::size_t(row)].name;
    m_store->submit<std::vector<core::evals::DatasetItem>>(
        [name](core::store::Connection &connection) { return core::store::DatasetRepository(connection).items(name); }, this,
        [this](const core::Result<std::vector<core::evals::DatasetItem>> &items) {
            if (!items) {
                showNotice(items.error().message, true);
                return;
            }
            m_items->setRowCount(int(items->size()));
            for (int r = 0; r < int(items->size()); ++r) {
                const auto &item = (*items)[std::size_t(r)];
                QStringList checks;
                for (const auto &assertion : item.assertions)
                    checks << QString::fromStdString(assertion.value("type", std::string("?")));
                m_items->setItem(r, 0, tableCell(core::evals::itemLabel(item)));
                m_items->setItem(r, 1, tableCell(checks.isEmpty() ? tr("answered") : checks.join(QStringLiteral(", "))));
                m_items->setItem(r, 2, tableCell(item.referenceOutput.simplified().left(200)));
            }
        });
}

std::vector<const EvalRun *> EvalsPage::selectedRuns() const
{
    std::vector<const EvalRun *> out;
    const auto rows = m_runs->selectionModel()->selectedRows();
    for (const QModelIndex &index : rows)
        if (index.row() < int(m_contents.runs.size()))
            out.push_back(&m_contents.runs[std::size_t(index.row())]);
    // Older first: the baseline, then the candidate.
    std::ranges::sort(out, {}, &EvalRun::id);
    return out;
}

void EvalsPage::updateButtons()
{
    const auto selected = selectedRuns();
    const bool running = m_job != 0;
    m_cancel->setEnabled(running);
    m_resume->setEnabled(!running && selected.size() == 1 && selected.front()->status != EvalRunStatus::Finished);
    m_compare->setEnabled(selected.size() == 2);
}

void EvalsPage::showSelection()
{
    const auto selected = selectedRuns();
    if (selected.empty() || selected.size() > 2)
        return;
    std::vector<EvalRun> runs;
    for (const EvalRun *run : selected)
        runs.push_back(*run);
    m_store->submit<Selection>(
        [runs](core::store::Connection &connection) -> core::Result<Selection> {
            Selection read;
            read.runs = runs;
            core::store::EvalRunRepository repository(connection);
            for (const EvalRun &run : runs) {
                auto results = repository.results(run.id);
                if (!results)
                    return std::unexpected(results.error());
                read.results.push_back(std::move(*results));
                auto items = core::store::DatasetRepository(connection).items(run.spec.dataset, run.datasetVersion);
                if (!items)
                    return std::unexpected(items.error());
                for (const auto &item : *items)
                    read.labels[item.id] = core::evals::itemLabel(item);
            }
            return read;
        },
        this,
        [this](const core::Result<Selection> &read) {
            if (!read) {
                showNotice(read.error().message, true);
                return;
            }
            if (read->runs.size() == 1) {
                m_results->setResults(read->results.front(), read->labels);
                m_detail->setCurrentWidget(m_results);
            } else {
                const auto comparison = core::evals::compareRuns(read->runs[0], read->results[0], read->runs[1], read->results[1]);
                m_comparison->setHtml(comparisonHtml(comparison, read->labels));
                m_detail->setCurrentWidget(m_comparison);
                m_tabs->setCurrentIndex(0);
            }
            Q_EMIT selectionShown();
        });
}

void EvalsPage::askForRun()
{
    m_store->submit<EvalRunDialog::Choices>(
        [](core::store::Connection &connection) -> core::Result<EvalRunDialog::Choices> {
            EvalRunDialog::Choices choices;
            core::store::PromptRepository prompts(connection);
            auto summaries = prompts.list();
            if (!summaries)
                return std::unexpected(summaries.error());
            for (const auto &summary : *summaries) {
                auto prompt = prompts.load(summary.name);
                if (!prompt)
                    return std::unexpected(prompt.error());
                EvalRunDialog::PromptChoice choice { prompt->name, {} };
                for (const auto &version : prompt->versions) {
                    QStringList labels;
                    for (const auto &label : prompt->labels)
                        if (label.version == version.number)
                            labels << label.label;
                    choice.versions.emplace_back(version.number, labels.join(QStringLiteral(", ")));
                }
                choices.prompts.push_back(std::move(choice));
            }
            auto aliases = core::routing::PinResolver(connection).aliases();
            if (!aliases)
                return std::unexpected(aliases.error());
            choices.aliases = *aliases;
            auto datasets = core::store::DatasetRepository(connection).list();
            if (!datasets)
                return std::unexpected(datasets.error());
            for (const auto &dataset : *datasets)
                choices.datasets << dataset.name;
            return choices;
        },
        this,
        [this](const core::Result<EvalRunDialog::Choices> &choices) {
            if (!choices) {
                showNotice(choices.error().message, true);
                return;
            }
            core::evals::EvalRunSpec suggested;
            if (const auto selected = selectedRuns(); !selected.empty())
                suggested = selected.back()->spec;
            EvalRunDialog dialog(*choices, suggested, this);
            if (dialog.exec() == QDialog::Accepted)
                startRun(dialog.spec());
        });
}

void EvalsPage::startRun(const core::evals::EvalRunSpec &spec)
{
    if (!m_runner || m_job != 0)
        return;
    m_job = m_runner->start(spec);
    m_tabs->setCurrentIndex(0);
    m_progress->setRange(0, 0);
    m_progress->setFormat(tr("starting"));
    m_progress->show();
    updateButtons();
}

void EvalsPage::resumeSelected()
{
    const auto selected = selectedRuns();
    if (!m_runner || m_job != 0 || selected.size() != 1)
        return;
    m_job = m_runner->resume(selected.front()->id);
    m_tabs->setCurrentIndex(0);
    m_progress->setRange(0, 0);
    m_progress->show();
    updateButtons();
}

void EvalsPage::cancelRun()
{
    if (m_runner && m_job != 0)
        m_runner->cancel(m_job);
}

void EvalsPage::askForImport()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Import Dataset Items"), QString(),
                                                      tr("Dataset files (*.jsonl *.ndjson *.csv *.yaml *.yml)"));
    if (path.isEmpty())
        return;
    bool ok = false;
    const QString name = QInputDialog::getText(this, tr("Import Dataset Items"), tr("Add the items to the dataset:"),
                                               QLineEdit::Normal, QFileInfo(path).completeBaseName(), &ok);
    if (ok && !name.trimmed().isEmpty())
        importDataset(path, name.trimmed());
}

void EvalsPage::importDataset(const QString &path, const QString &name)
{
    m_store->submit<core::store::DatasetRepository::Added>(
        [path, name, actor = core::localAuthor()](core::store::Connection &connection) -> core::Result<core::store::DatasetRepository::Added> {
            auto items = core::evals::readDatasetFile(path);
            if (!items)
                return std::unexpected(items.error());
            return core::store::DatasetRepository(connection).addItems(name, *items, actor);
        },
        this,
        [this, name](const core::Result<core::store::DatasetRepository::Added> &added) {
            if (!added) {
                showNotice(tr("Nothing was imported: %1").arg(added.error().message), true);
                Q_EMIT failed(added.error().message);
                return;
            }
            showNotice(tr("Imported %1 item(s) into %2 (now version %3).").arg(added->added).arg(name).arg(added->version), false);
            m_tabs->setCurrentIndex(1);
            refresh();
        });
}

void EvalsPage::showNotice(const QString &text, bool problem)
{
    m_notice->say(text, problem);
}

EmptyState::Content EvalsPage::emptyContent() const
{
    return { description().iconPath, tr("No datasets or eval runs yet"),
             tr("A dataset holds inputs with assertions (contains, regex, JSON schema, latency, cost, "
                "a model-graded rubric). A run scores one prompt version and model over a dataset; "
                "two runs compare side by side, regressions first.<br><br>Datasets are built from "
                "logged calls on the Requests page or imported from JSONL, CSV or promptfoo YAML files."),
             tr("Import a dataset…") };
}

} // namespace switchboard::ui
