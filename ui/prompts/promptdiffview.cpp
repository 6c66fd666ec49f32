#include "prompts/promptdiffview.h"

#include "common/diffhtml.h"

#include "prompts/promptdiff.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QSplitter>
#include <QTableWidget>
#include <QTextBrowser>
#include <QVBoxLayout>

namespace switchboard::ui {

using core::prompts::ChangeKind;
using core::prompts::DiffPiece;

namespace {

QString messageHeading(const std::optional<core::Role> &role, ChangeKind change, bool left)
{
    if (!role)
        return QStringLiteral("<p style='color:gray'><i>%1</i></p>")
            .arg(left ? QObject::tr("(not in this version)") : QObject::tr("(removed)"));
    const QString status = change == ChangeKind::Same ? QObject::tr("unchanged")
                           : change == ChangeKind::Changed ? QObject::tr("changed")
                           : change == ChangeKind::Added   ? QObject::tr("added")
                                                           : QObject::tr("removed");
    return QStringLiteral("<p><b>%1</b> <span style='color:gray'>· %2</span></p>").arg(core::nameOf(*role), status);
}

} // namespace

PromptDiffView::PromptDiffView(QWidget *parent)
    : QWidget(parent), m_left(new QComboBox), m_right(new QComboBox), m_summary(new QLabel), m_leftText(new QTextBrowser),
      m_rightText(new QTextBrowser), m_fields(new QTableWidget(0, 3))
{
    m_summary->setWordWrap(true);
    m_summary->setObjectName(QStringLiteral("diff-summary"));
    m_fields->setHorizontalHeaderLabels({ tr("Field"), tr("Before"), tr("After") });
    m_fields->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    m_fields->horizontalHeader()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    m_fields->verticalHeader()->hide();
    m_fields->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_fields->setObjectName(QStringLiteral("diff-fields"));

    auto *pickers = new QHBoxLayout;
    pickers->addWidget(new QLabel(tr("Compare")));
    pickers->addWidget(m_left);
    pickers->addWidget(new QLabel(tr("with")));
    pickers->addWidget(m_right);
    pickers->addWidget(m_summary, 1);

    auto *texts = new QSplitter(Qt::Horizontal);
    texts->addWidget(m_leftText);
    texts->addWidget(m_rightText);
    auto *split = new QSplitter(Qt::Vertical);
    split->addWidget(texts);
    split->addWidget(m_fields);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(pickers);
    layout->addWidget(split, 1);

    connect(m_left, &QComboBox::currentIndexChanged, this, &PromptDiffView::refresh);
    connect(m_right, &QComboBox::currentIndexChanged, this, &PromptDiffView::refresh);
}

void PromptDiffView::setPrompt(const core::prompts::Prompt &prompt)
{
    const bool samePrompt = prompt.name == m_prompt.name;
    const qint64 left = m_left->currentData().toLongLong();
    const qint64 right = m_right->currentData().toLongLong();
    m_prompt = prompt;
    const QSignalBlocker blockLeft(m_left);
    const QSignalBlocker blockRight(m_right);
    m_left->clear();
    m_right->clear();
    for (const auto &version : prompt.versions) {
        QStringList labels;
        for (const auto &label : prompt.labels)
            if (label.version == version.number)
                labels.push_back(label.label);
        const QString text = labels.isEmpty() ? QStringLiteral("v%1").arg(version.number)
                                              : QStringLiteral("v%1 (%2)").arg(version.number).arg(labels.join(QStringLiteral(", ")));
        m_left->addItem(text, version.number);
        m_right->addItem(text, version.number);
    }
    // By default: production (or the one before the latest) against the latest.
    const qint64 latest = prompt.latest() ? prompt.latest()->number : 0;
    const qint64 base = prompt.labelled(QString(core::prompts::kProductionLabel)).value_or(std::max<qint64>(1, latest - 1));
    m_left->setCurrentIndex(m_left->findData(samePrompt && left > 0 ? left : (base == latest ? std::max<qint64>(1, latest - 1) : base)));
    m_right->setCurrentIndex(m_right->findData(samePrompt && right > 0 ? right : latest));
    refresh();
}

void PromptDiffView::compare(qint64 left, qint64 right)
{
    const QSignalBlocker blockLeft(m_left);
    m_left->setCurrentIndex(m_left->findData(left));
    m_right->setCurrentIndex(m_right->findData(right));
    refresh();
}

QString PromptDiffView::summary() const
{
    return m_summary->text();
}

void PromptDiffView::refresh()
{
    const auto *before = m_prompt.version(m_left->currentData().toLongLong());
    const auto *after = m_prompt.version(m_right->currentData().toLongLong());
    m_fields->setRowCount(0);
    if (!before || !after) {
        m_leftText->clear();
        m_rightText->clear();
        m_summary->setText(m_prompt.versions.size() < 2 ? tr("Save a second version to compare.") : QString());
        return;
    }
    const core::prompts::PromptDiff diff = core::prompts::diffVersions(before->content, after->content);
    m_summary->setText(diff.identical() ? tr("The two versions are identical.") : diff.summary());
    QString left;
    QString right;
    for (const auto &message : diff.messages) {
        left += messageHeading(message.before, message.change, true);
        right += messageHeading(message.after, message.change, false);
        left += QStringLiteral("<p>%1</p><hr>").arg(message.before ? diffPiecesHtml(core::prompts::leftSide(message.pieces)) : QString());
        right += QStringLiteral("<p>%1</p><hr>").arg(message.after ? diffPiecesHtml(core::prompts::rightSide(message.pieces)) : QString());
    }
    m_leftText->setHtml(QStringLiteral("<h4>v%1</h4>").arg(before->number) + left);
    m_rightText->setHtml(QStringLiteral("<h4>v%1</h4>").arg(after->number) + right);

    const auto addRow = [this](const QString &field, const QString &was, const QString &now, bool changed) {
        const int row = m_fields->rowCount();
        m_fields->insertRow(row);
        const QStringList cells { field, was, now };
        for (int column = 0; column < 3; ++column) {
            auto *item = new QTableWidgetItem(cells[column]);
            item->setToolTip(cells[column]);
            if (changed)
                item->setBackground(column == 1 ? QColor(0xfb, 0xe4, 0xe4) : column == 2 ? QColor(0xdc, 0xf2, 0xdc) : QColor());
            if (changed && column == 0) {
                QFont bold = item->font();
                bold.setBold(true);
                item->setFont(bold);
            }
            m_fields->setItem(row, column, item);
        }
    };
    // What changed first, then the rest for reference.
    for (const bool changed : { true, false }) {
        for (const auto &field : diff.fields)
            if (field.changed == changed)
                addRow(field.field, field.before, field.after, field.changed);
        for (const auto &variable : diff.variables)
            if ((variable.change != ChangeKind::Same) == changed)
                addRow(tr("variable %1").arg(variable.name), variable.before.isEmpty() ? tr("(none)") : variable.before,
                       variable.after.isEmpty() ? tr("(none)") : variable.after, changed);
    }
    m_fields->resizeRowsToContents();
}

} // namespace switchboard::ui
