#include "requests/replaydialog.h"

#include "common/diffhtml.h"
#include "replay/replayrunner.h"
#include "requests/callformat.h"
#include "common/messagebanner.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QSplitter>
#include <QStackedWidget>
#include <QTableWidget>
#include <QTextBrowser>
#include <QVBoxLayout>

namespace switchboard::ui {

using core::replay::ReplayResult;
using core::replay::ReplaySummary;

namespace {

enum Column { RunColumn, OutcomeColumn, LatencyColumn, CostColumn, SameColumn, IdColumn, ColumnCount };

QString spreadText(const std::optional<core::replay::Spread> &spread, QString (*format)(qint64))
{
    if (!spread)
        return QString();
    if (spread->min == spread->max)
        return format(spread->min);
    return QObject::tr("%1 to %2 (median %3)").arg(format(spread->min), format(spread->max), format(spread->median));
}

QTextBrowser *answerView()
{
    auto *view = new QTextBrowser;
    view->setOpenLinks(false);
    view->setMinimumHeight(120);
    return view;
}

} // namespace

ReplayDialog::ReplayDialog(core::replay::ReplayRunner &runner, const QString &callId, QWidget *parent)
    : QDialog(parent)
    , m_runner(runner)
    , m_callId(callId)
    , m_change(new QComboBox)
    , m_values(new QStackedWidget)
    , m_model(new QLineEdit)
    , m_prompt(new QLineEdit)
    , m_temperature(new QDoubleSpinBox)
    , m_count(new QSpinBox)
    , m_run(new QPushButton(tr("Replay")))
    , m_cancel(new QPushButton(tr("Cancel runs")))
    , m_progress(new QProgressBar)
    , m_banner(new MessageBanner)
    , m_summary(new QLabel)
    , m_table(new QTableWidget(0, ColumnCount))
    , m_replayedTitle(new QLabel(tr("<b>Replay</b>")))
    , m_original(answerView())
    , m_replayed(answerView())
{
    setWindowTitle(tr("Replay call %1").arg(callId));
    m_change->addItems({ tr("Nothing: an exact replay"), tr("Model"), tr("Prompt version"), tr("Temperature") });
    m_change->setToolTip(tr("An exact replay sends the same request (parameters and seed) to the same provider and "
                            "snapshot. Or change one thing."));
    m_model->setPlaceholderText(tr("a pinned alias, or provider/model"));
    m_prompt->setPlaceholderText(tr("@2, or name@staging: rendered from the call's variables"));
    m_temperature->setRange(0, 2);
    m_temperature->setSingleStep(0.1);
    m_temperature->setValue(0.0);
    m_values->addWidget(new QLabel(tr("same provider, snapshot, parameters and seed")));
    m_values->addWidget(m_model);
    m_values->addWidget(m_prompt);
    m_values->addWidget(m_temperature);
    connect(m_change, &QComboBox::currentIndexChanged, m_values, &QStackedWidget::setCurrentIndex);
    m_count->setRange(1, core::replay::kMaxReplayRuns);
    m_count->setSuffix(tr(" run(s)"));
    m_count->setToolTip(tr("Up to %1 runs, a few at a time within the provider's limits.").arg(core::replay::kMaxReplayRuns));
    m_run->setDefault(true);
    m_cancel->setEnabled(false);
    m_progress->setVisible(false);
    connect(m_run, &QPushButton::clicked, this, &ReplayDialog::start);
    connect(m_cancel, &QPushButton::clicked, this, &ReplayDialog::cancel);

    auto *controls = new QHBoxLayout;
    controls->addWidget(new QLabel(tr("Change:")));
    controls->addWidget(m_change);
    controls->addWidget(m_values, 1);
    controls->addWidget(m_count);
    controls->addWidget(m_run);
    controls->addWidget(m_cancel);

    m_banner->hide();
    m_summary->setWordWrap(true);
    m_summary->setTextFormat(Qt::RichText);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_summary->setText(tr("<span style='color:palette(placeholder-text)'>Choose what to change, if anything, and how "
                          "many runs; each replay is logged as a call of its own, linked to this one.</span>"));

    m_table->setHorizontalHeaderLabels({ tr("Run"), tr("Outcome"), tr("Latency"), tr("Cost"), tr("Answer"), tr("Call") });
    m_table->verticalHeader()->hide();
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setStretchLastSection(true);
    connect(m_table, &QTableWidget::currentCellChanged, this, [this](int row) { compareWith(row); });

    auto *left = new QWidget;
    auto *leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    leftLayout->addWidget(new QLabel(tr("<b>Original</b>")));
    leftLayout->addWidget(m_original, 1);
    auto *right = new QWidget;
    auto *rightLayout = new QVBoxLayout(right);
    rightLayout->setContentsMargins(0, 0, 0, 0);
    rightLayout->addWidget(m_replayedTitle);
    rightLayout->addWidget(m_replayed, 1);
    auto *sideBySide = new QSplitter(Qt::Horizontal);
    sideBySide->addWidget(left);
    sideBySide->addWidget(right);
    auto *split = new QSplitter(Qt::Vertical);
    split->addWidget(m_table);
    split->addWidget(sideBySide);
    split->setStretchFactor(1, 3);
    split->setSizes({ 150, 420 });

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(controls);
    layout->addWidget(m_progress);
    layout->addWidget(m_banner);
    layout->addWidget(m_summary);
    layout->addWidget(split, 1);
    resize(940, 640);

    connect(&m_runner, &core::replay::ReplayRunner::planned, this, [this](int job, const auto &plan, const auto &source) {
        if (job == m_job)
            onPlanned(plan, source);
    });
    connect(&m_runner, &core::replay::ReplayRunner::replayed, this, [this](int job, const ReplayResult &result) {
        if (job == m_job)
            onReplayed(result);
    });
    connect(&m_runner, &core::replay::ReplayRunner::progress, this, [this](int job, int done, int total) {
        if (job != m_job)
            return;
        m_progress->setRange(0, total);
        m_progress->setValue(done);
        m_progress->setFormat(tr("%1 of %2 runs").arg(done).arg(total));
    });
    connect(&m_runner, &core::replay::ReplayRunner::finished, this, [this](int job, const ReplaySummary &summary, bool cancelled) {
        if (job == m_job)
            onFinished(summary, cancelled);
    });
    connect(&m_runner, &core::replay::ReplayRunner::failed, this, [this](int job, const QString &message) {
        if (job == m_job)
            onFailed(message);
    });
}

ReplayDialog::~ReplayDialog()
{
    cancel();
}

void ReplayDialog::setChange(Change change, const QString &value)
{
    m_change->setCurrentIndex(static_cast<int>(change));
    if (change == Change::Model)
        m_model->setText(value);
    else if (change == Change::Prompt)
        m_prompt->setText(value);
    else if (change == Change::Temperature)
        m_temperature->setValue(value.toDouble());
}

void ReplayDialog::setRuns(int runs)
{
    m_count->setValue(runs);
}

void ReplayDialog::start()
{
    if (m_job)
        return;
    core::replay::ReplayJob job;
    job.callId = m_callId;
    job.runs = m_count->value();
    switch (static_cast<Change>(m_change->currentIndex())) {
    case Change::Exact: break;
    case Change::Model: job.change.model = m_model->text().trimmed(); break;
    case Change::Prompt: job.change.prompt = m_prompt->text().trimmed(); break;
    case Change::Temperature: job.change.temperature = m_temperature->value(); break;
    }
    if ((m_change->currentIndex() == int(Change::Model) && job.change.model.isEmpty())
        || (m_change->currentIndex() == int(Change::Prompt) && job.change.prompt.isEmpty())) {
        m_banner->showError(tr("Name the model or prompt version to replay with, or choose an exact replay."));
        return;
    }
    m_banner->hide();
    m_results.clear();
    m_table->setRowCount(0);
    m_replayed->clear();
    m_summary->setText(tr("Starting %1 run(s)...").arg(job.runs));
    m_progress->setRange(0, 0);
    m_job = m_runner.start(job);
    setRunning(true);
}

void ReplayDialog::cancel()
{
    if (m_job)
        m_runner.cancel(m_job);
}

void ReplayDialog::setRunning(bool running)
{
    m_run->setEnabled(!running);
    m_cancel->setEnabled(running);
    m_change->setEnabled(!running);
    m_values->setEnabled(!running);
    m_count->setEnabled(!running);
    m_progress->setVisible(running);
}

void ReplayDialog::onPlanned(const core::replay::ReplayPlan &plan, const core::store::RecordedCall &source)
{
    m_sourceOutput = core::replay::outputOf(source.responseJson);
    m_original->setPlainText(m_sourceOutput.isEmpty() ? tr("(no answer was logged)") : m_sourceOutput);
    QString text = tr("Replaying on <b>%1/%2</b> (%3)").arg(plan.provider.toHtmlEscaped(), plan.model.toHtmlEscaped(),
                                                            plan.change.toHtmlEscaped());
    if (plan.promptVersion)
        text += tr(" with prompt %1 v%2").arg(plan.promptName.toHtmlEscaped()).arg(plan.promptVersion);
    for (const QString &assumption : plan.assumptions)
        text += QStringLiteral("<br><i>") + assumption.toHtmlEscaped() + QStringLiteral("</i>");
    m_summary->setText(text);
}

void ReplayDialog::onReplayed(const ReplayResult &result)
{
    m_results.push_back(result);
    const bool same = result.record.status == core::CallStatus::Ok && result.output == m_sourceOutput;
    // Rows stay in run order, whichever finishes first.
    int row = m_table->rowCount();
    while (row > 0 && m_table->item(row - 1, RunColumn)->text().toInt() > result.run)
        --row;
    m_table->insertRow(row);
    const auto cell = [&](int column, const QString &text, Qt::Alignment align = Qt::AlignLeft | Qt::AlignVCenter) {
        auto *item = new QTableWidgetItem(text);
        item->setTextAlignment(align);
        item->setData(Qt::UserRole, static_cast<int>(m_results.size() - 1));
        m_table->setItem(row, column, item);
    };
    const Qt::Alignment right = Qt::AlignRight | Qt::AlignVCenter;
    cell(RunColumn, QString::number(result.run), right);
    cell(OutcomeColumn, callOutcome(result.record));
    cell(LatencyColumn, duration(result.record.latencyUs), right);
    cell(CostColumn, usd(result.record.costMicros), right);
    cell(SameColumn, result.record.status != core::CallStatus::Ok ? tr("none") : same ? tr("same as the original") : tr("differs"));
    cell(IdColumn, result.record.id);
    if (m_table->currentRow() < 0 || (!same && m_results.size() == 1))
        m_table->setCurrentCell(row, 0);
}

void ReplayDialog::compareWith(int row)
{
    const QTableWidgetItem *item = row >= 0 ? m_table->item(row, 0) : nullptr;
    if (!item)
        return;
    const ReplayResult &result = m_results.at(static_cast<std::size_t>(item->data(Qt::UserRole).toInt()));
    m_replayedTitle->setText(tr("<b>Run %1</b> \u00b7 %2").arg(result.run).arg(result.record.id));
    if (result.record.status != core::CallStatus::Ok) {
        m_replayed->setPlainText(tr("No answer: %1").arg(result.record.errorMessage));
        return;
    }
    const auto pieces = core::prompts::diffWords(m_sourceOutput, result.output);
    m_original->setHtml(diffPiecesHtml(core::prompts::leftSide(pieces)));
    m_replayed->setHtml(diffPiecesHtml(core::prompts::rightSide(pieces)));
}

QString ReplayDialog::summaryText(const ReplaySummary &summary, bool cancelled) const
{
    QStringList parts;
    parts << tr("<b>%1 of %2</b> answered").arg(summary.answered).arg(summary.runs);
    parts << tr("<b>%1</b> identical to the original").arg(summary.identical);
    parts << countOf(static_cast<qint64>(summary.outputs.size()), tr("<b>1</b> distinct answer"), tr("<b>%1</b> distinct answers"));
    if (summary.latencyUs)
        parts << tr("latency %1").arg(spreadText(summary.latencyUs, &duration));
    if (summary.costMicros)
        parts << tr("cost %1").arg(spreadText(summary.costMicros, &usd));
    QString text = parts.join(QStringLiteral(" \u00b7 "));
    if (cancelled)
        text += tr(" \u00b7 <i>cancelled</i>");
    return text;
}

void ReplayDialog::onFinished(const ReplaySummary &summary, bool cancelled)
{
    m_job = 0;
    setRunning(false);
    m_summary->setText(m_summary->text() + QStringLiteral("<br>") + summaryText(summary, cancelled));
    Q_EMIT replaysFinished(summary);
}

void ReplayDialog::onFailed(const QString &message)
{
    m_job = 0;
    setRunning(false);
    m_summary->clear();
    m_banner->showError(message);
}

} // namespace switchboard::ui
