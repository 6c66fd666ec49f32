#include "workspace/demoprogressdialog.h"

#include "workspace/demoworkspacejob.h"

#include <QLabel>
#include <QLocale>

namespace switchboard::ui {

DemoProgressDialog::DemoProgressDialog(const core::store::WorkspaceLocation &location,
                                       core::demo::DemoBuilder::Options options, QWidget *parent)
    : QProgressDialog(parent)
    , m_job(new DemoWorkspaceJob(location, options, this))
{
    setWindowTitle(tr("Building the Demo Workspace"));
    setWindowModality(Qt::WindowModal);
    auto *label = new QLabel;
    label->setWordWrap(true);
    label->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    label->setMinimumHeight(label->fontMetrics().lineSpacing() * 7);
    setLabel(label);
    setFixedWidth(480);
    setAutoClose(false);
    setAutoReset(false);
    setMinimumDuration(0);
    setRange(0, 0);
    setCancelButtonText(tr("Stop Here"));
    m_stage = tr("Starting");
    updateLabel();

    connect(m_job, &DemoWorkspaceJob::stage, this, [this](const QString &stage) {
        m_stage = stage;
        updateLabel();
    });
    connect(m_job, &DemoWorkspaceJob::progress, this, [this](qint64 done, qint64 total) {
        m_done = done;
        m_total = total;
        setRange(0, static_cast<int>(total));
        setValue(static_cast<int>(done));
        updateLabel();
    });
    connect(this, &QProgressDialog::canceled, m_job, &DemoWorkspaceJob::cancel);
    connect(m_job, &DemoWorkspaceJob::finished, this, [this](const core::demo::DemoResult &result) {
        Q_EMIT done(m_job->location(), result);
        close();
        deleteLater();
    });
    m_job->start();
}

DemoProgressDialog::~DemoProgressDialog() = default;

void DemoProgressDialog::updateLabel()
{
    QString text = tr("<b>%1…</b><br>A week of simulated traffic goes through the executor: four tenants "
                      "using four features on two simulated providers, with a 429 storm, a latency regression and a "
                      "cost spike to find. Nothing leaves this machine.")
                       .arg(m_stage.toHtmlEscaped());
    if (m_total > 0)
        text += tr("<br><br>%1 of %2 calls").arg(QLocale().toString(m_done), QLocale().toString(m_total));
    setLabelText(text);
}

} // namespace switchboard::ui
