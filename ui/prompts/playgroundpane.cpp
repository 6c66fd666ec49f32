#include "prompts/playgroundpane.h"

#include <QComboBox>
#include <QFormLayout>
#include <QLabel>
#include <QLocale>
#include <QPlainTextEdit>
#include <QVBoxLayout>

namespace switchboard::ui {

PlaygroundPane::PlaygroundPane(const QString &title, QWidget *parent)
    : QFrame(parent), m_version(new QComboBox), m_model(new QComboBox), m_output(new QPlainTextEdit), m_metrics(new QLabel)
{
    setFrameShape(QFrame::StyledPanel);
    setObjectName(title);
    m_model->setEditable(true);
    m_model->setToolTip(tr("Leave as is to use the version's model, or pick another alias, or type provider/model."));
    m_output->setReadOnly(true);
    m_output->setPlaceholderText(tr("The answer streams here."));
    m_metrics->setWordWrap(true);
    m_metrics->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto *heading = new QLabel(QStringLiteral("<b>%1</b>").arg(title.toHtmlEscaped()));
    auto *form = new QFormLayout;
    form->addRow(tr("Version"), m_version);
    form->addRow(tr("Model"), m_model);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(heading);
    layout->addLayout(form);
    layout->addWidget(m_output, 1);
    layout->addWidget(m_metrics);
    connect(m_version, &QComboBox::currentIndexChanged, this, &PlaygroundPane::versionChanged);
}

void PlaygroundPane::setPrompt(const core::prompts::Prompt &prompt, qint64 preferredVersion)
{
    const qint64 kept = version();
    m_version->clear();
    for (auto it = prompt.versions.rbegin(); it != prompt.versions.rend(); ++it) {
        QStringList labels;
        for (const auto &label : prompt.labels)
            if (label.version == it->number)
                labels.push_back(label.label);
        const QString text = labels.isEmpty() ? QStringLiteral("v%1").arg(it->number)
                                              : QStringLiteral("v%1 (%2)").arg(it->number).arg(labels.join(QStringLiteral(", ")));
        m_version->addItem(text, it->number);
    }
    selectVersion(kept > 0 && prompt.version(kept) ? kept : preferredVersion);
    m_output->clear();
    m_metrics->clear();
}

void PlaygroundPane::setAliases(const QStringList &aliases)
{
    const QString current = m_model->currentText();
    m_model->clear();
    m_model->addItem(tr("as the version says"), QString());
    for (const QString &alias : aliases)
        m_model->addItem(alias, alias);
    m_model->setCurrentIndex(std::max(0, m_model->findText(current)));
}

qint64 PlaygroundPane::version() const
{
    return m_version->currentData().toLongLong();
}

QString PlaygroundPane::modelOverride() const
{
    if (m_model->currentIndex() == 0 && m_model->currentText() == m_model->itemText(0))
        return {};
    return m_model->currentText().trimmed();
}

void PlaygroundPane::selectVersion(qint64 number)
{
    const int index = m_version->findData(number);
    if (index >= 0)
        m_version->setCurrentIndex(index);
}

void PlaygroundPane::setModelOverride(const QString &target)
{
    const int index = m_model->findText(target);
    if (index >= 0)
        m_model->setCurrentIndex(index);
    else
        m_model->setEditText(target);
}

void PlaygroundPane::showStarted(const QString &provider, const QString &model)
{
    m_output->clear();
    m_metrics->setText(tr("Running on %1/%2…").arg(provider, model));
}

void PlaygroundPane::appendText(const QString &text)
{
    m_output->moveCursor(QTextCursor::End);
    m_output->insertPlainText(text);
}

void PlaygroundPane::showOutcome(const core::execute::CallOutcome &outcome)
{
    const core::CallRecord &record = outcome.record;
    if (!record.streamed && outcome.response && !outcome.response->choices.empty())
        m_output->setPlainText(outcome.response->choices.front().message.plainText());
    const QLocale locale;
    QStringList parts;
    parts << (record.failure ? QStringLiteral("<span style='color:#b02020'><b>%1</b> (%2)</span>")
                                   .arg(core::nameOf(record.status), core::nameOf(*record.failure))
                             : QStringLiteral("<b>%1</b>").arg(core::nameOf(record.status)));
    parts << QStringLiteral("%1/%2").arg(record.provider.toHtmlEscaped(), record.model.toHtmlEscaped());
    parts << tr("%1 ms").arg(locale.toString(double(record.latencyUs) / 1000.0, 'f', 0));
    if (record.ttftUs)
        parts << tr("first token %1 ms").arg(locale.toString(double(*record.ttftUs) / 1000.0, 'f', 0));
    parts << tr("%1 in / %2 out tokens%3")
                 .arg(locale.toString(record.inputTokens), locale.toString(record.outputTokens),
                      record.tokensEstimated ? tr(" (estimated)") : QString());
    parts << QStringLiteral("$%1").arg(QString::number(double(record.costMicros) / 1e6, 'f', 6));
    if (record.attempts > 1)
        parts << tr("%1 attempts").arg(record.attempts);
    QString text = parts.join(QStringLiteral(" · "));
    if (!record.errorMessage.isEmpty())
        text += QStringLiteral("<br>") + record.errorMessage.toHtmlEscaped();
    m_metrics->setText(text);
}

void PlaygroundPane::showFailure(const QString &message)
{
    m_metrics->setText(QStringLiteral("<span style='color:#b02020'>%1</span>").arg(message.toHtmlEscaped()));
}

QString PlaygroundPane::output() const
{
    return m_output->toPlainText();
}

QString PlaygroundPane::metrics() const
{
    return m_metrics->text();
}

} // namespace switchboard::ui
