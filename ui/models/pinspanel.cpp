#include "models/pinspanel.h"

#include "models/pindetailsview.h"
#include "models/pinhistoryview.h"
#include "models/pintablemodel.h"
#include "common/tablestyle.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QPushButton>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

namespace switchboard::ui {

PinsPanel::PinsPanel(QWidget *parent)
    : QWidget(parent)
    , m_model(new PinTableModel(this))
    , m_table(new QTableView)
    , m_details(new PinDetailsView)
    , m_history(new PinHistoryView)
    , m_newPin(new QPushButton(tr("New Pin…")))
    , m_repin(new QPushButton(tr("Repin…")))
{
    m_table->setObjectName(QStringLiteral("pins"));
    m_table->setModel(m_model);
    styleTable(m_table);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_newPin->setObjectName(QStringLiteral("new-pin"));
    m_repin->setObjectName(QStringLiteral("repin"));
    m_newPin->setToolTip(tr("Bind a new alias to a model snapshot"));
    m_repin->setToolTip(tr("Point the selected alias at another model; asks for a reason"));

    auto *hint = new QLabel(
        tr("Applications call the alias; a repin changes the model for all of them at once."));
    hint->setForegroundRole(QPalette::PlaceholderText);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_newPin);
    buttons->addWidget(m_repin);
    buttons->addSpacing(12);
    buttons->addWidget(hint, 1);

    auto *top = new QWidget;
    auto *topLayout = new QVBoxLayout(top);
    topLayout->setContentsMargins(0, 0, 0, 0);
    topLayout->addLayout(buttons);
    topLayout->addWidget(m_table, 1);

    auto *bottom = new QSplitter(Qt::Horizontal);
    bottom->addWidget(m_details);
    bottom->addWidget(m_history);
    bottom->setChildrenCollapsible(false);
    bottom->setStretchFactor(0, 2);
    bottom->setStretchFactor(1, 3);
    bottom->setSizes({ 520, 780 });

    auto *split = new QSplitter(Qt::Vertical);
    split->addWidget(top);
    split->addWidget(bottom);
    split->setChildrenCollapsible(false);
    split->setStretchFactor(0, 1);
    split->setStretchFactor(1, 1);
    split->setSizes({ 300, 430 });

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(8, 8, 8, 8);
    layout->addWidget(split, 1);

    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
        &PinsPanel::selectionChanged);
    connect(m_table, &QTableView::doubleClicked, this, [this] {
        if (!currentAlias().isEmpty())
            Q_EMIT repinRequested(currentAlias());
    });
    connect(m_newPin, &QPushButton::clicked, this, &PinsPanel::newPinRequested);
    connect(m_repin, &QPushButton::clicked, this, [this] {
        if (!currentAlias().isEmpty())
            Q_EMIT repinRequested(currentAlias());
    });
    m_repin->setEnabled(false);
}

void PinsPanel::setPins(std::vector<core::store::Pin> pins, const QString &select)
{
    const QString selected = select.isEmpty() ? currentAlias() : select;
    QSignalBlocker blocker(m_table->selectionModel());
    m_model->setPins(std::move(pins));
    fitColumns(m_table);
    const int row = m_model->rowOf(selected);
    m_table->selectRow(row >= 0 ? row : 0);
    // Announced even when the same alias stays selected: its history may have grown.
    blocker.unblock();
    selectionChanged();
}

void PinsPanel::selectPin(const QString &alias)
{
    const int row = m_model->rowOf(alias);
    if (row >= 0)
        m_table->selectRow(row);
}

QString PinsPanel::currentAlias() const
{
    const core::store::Pin *pin = m_model->pin(m_table->selectionModel()->currentIndex().row());
    return pin ? pin->alias : QString();
}

std::optional<core::store::Pin> PinsPanel::currentPin() const
{
    const core::store::Pin *pin = m_model->pin(m_table->selectionModel()->currentIndex().row());
    return pin ? std::optional(*pin) : std::nullopt;
}

void PinsPanel::selectionChanged()
{
    const QString alias = currentAlias();
    m_repin->setEnabled(!alias.isEmpty());
    if (alias.isEmpty())
        m_details->clear();
    if (m_model->rowCount() == 0)
        m_history->clear(
            tr("<b>No pins yet.</b> Pin an alias with <b>New Pin…</b>, or from a script: "
               "<code>switchboard-cli pins set ALIAS PROVIDER/MODEL --reason \"why\"</code>"));
    else if (alias.isEmpty())
        m_history->clear();
    Q_EMIT pinSelected(alias);
}

} // namespace switchboard::ui
