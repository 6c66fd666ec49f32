#include "overview/overviewtotals.h"

#include "model/failurecategory.h"

#include <QFrame>
#include <QGridLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QTableWidget>
#include <QVBoxLayout>

namespace switchboard::ui {
namespace {

// Dollars, with cents for sums of a dollar or more and to the hundredth of a cent below.
QString usd(qint64 micros)
{
    const double dollars = static_cast<double>(micros) / 1e6;
    return QLatin1Char('$') + QLocale().toString(dollars, 'f', dollars >= 1 || micros == 0 ? 2 : 4);
}

QString percent(qint64 part, qint64 whole)
{
    return whole > 0 ? QLocale().toString(100.0 * static_cast<double>(part) / static_cast<double>(whole), 'f', 1)
                           + QLatin1String(" %")
                     : QStringLiteral("–");
}

// 1,234 / 56.7 k / 8.90 M: token counts as people read them.
QString compact(qint64 count)
{
    const QLocale locale;
    if (count < 10'000)
        return locale.toString(count);
    if (count < 1'000'000)
        return locale.toString(static_cast<double>(count) / 1e3, 'f', 1) + QLatin1String(" k");
    return locale.toString(static_cast<double>(count) / 1e6, 'f', 2) + QLatin1String(" M");
}

QTableWidget *makeTable(const QStringList &headers)
{
    auto *table = new QTableWidget(0, static_cast<int>(headers.size()));
    table->setHorizontalHeaderLabels(headers);
    table->verticalHeader()->hide();
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table->setSelectionMode(QAbstractItemView::NoSelection);
    table->setAlternatingRowColors(true);
    table->setShowGrid(false);
    table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    table->horizontalHeader()->setStretchLastSection(true);
    return table;
}

void setCell(QTableWidget *table, int row, int column, const QString &text, bool number)
{
    auto *item = new QTableWidgetItem(text);
    item->setTextAlignment(number ? (Qt::AlignRight | Qt::AlignVCenter) : (Qt::AlignLeft | Qt::AlignVCenter));
    table->setItem(row, column, item);
}

QLabel *sectionTitle(const QString &text)
{
    auto *label = new QLabel(text);
    QFont font = label->font();
    font.setBold(true);
    label->setFont(font);
    return label;
}

} // namespace

OverviewTotals::OverviewTotals(QWidget *parent)
    : QWidget(parent)
    , m_models(makeTable({ tr("Model"), tr("Calls"), tr("Failed"), tr("Input tokens"), tr("Output tokens"), tr("Cost") }))
    , m_failures(makeTable({ tr("Failure category"), tr("Calls"), tr("Share of calls") }))
{
    setObjectName(QStringLiteral("overviewTotals"));
    auto *tiles = new QGridLayout;
    tiles->setHorizontalSpacing(12);
    m_calls = addTile(tiles, 0, tr("Calls"));
    m_cost = addTile(tiles, 1, tr("Cost"));
    m_failed = addTile(tiles, 2, tr("Failed"));
    m_tokens = addTile(tiles, 3, tr("Tokens in / out"));

    auto *tables = new QHBoxLayout;
    tables->setSpacing(16);
    auto *models = new QVBoxLayout;
    models->addWidget(sectionTitle(tr("By model")));
    models->addWidget(m_models);
    auto *failures = new QVBoxLayout;
    failures->addWidget(sectionTitle(tr("Failures by category")));
    failures->addWidget(m_failures);
    tables->addLayout(models, 3);
    tables->addLayout(failures, 2);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(14);
    layout->addLayout(tiles);
    layout->addLayout(tables, 1);
}

QLabel *OverviewTotals::addTile(QGridLayout *grid, int column, const QString &caption)
{
    auto *tile = new QFrame;
    tile->setFrameShape(QFrame::StyledPanel);
    tile->setBackgroundRole(QPalette::Base);
    tile->setAutoFillBackground(true);
    auto *captionLabel = new QLabel(caption);
    captionLabel->setForegroundRole(QPalette::PlaceholderText);
    auto *value = new QLabel(QStringLiteral("–"));
    value->setObjectName(QStringLiteral("tileValue"));
    QFont font = value->font();
    font.setPointSizeF(font.pointSizeF() * 1.7);
    font.setBold(true);
    value->setFont(font);
    auto *layout = new QVBoxLayout(tile);
    layout->setContentsMargins(14, 10, 14, 10);
    layout->addWidget(captionLabel);
    layout->addWidget(value);
    grid->addWidget(tile, 0, column);
    return value;
}

void OverviewTotals::setTotals(const core::analytics::WorkspaceTotals &totals)
{
    const QLocale locale;
    m_calls->setText(locale.toString(totals.all.calls));
    m_cost->setText(usd(totals.all.costMicros));
    m_failed->setText(tr("%1  (%2)").arg(locale.toString(totals.all.failed), percent(totals.all.failed, totals.all.calls)));
    m_tokens->setText(tr("%1 / %2").arg(compact(totals.all.inputTokens), compact(totals.all.outputTokens)));

    m_models->setRowCount(static_cast<int>(totals.byModel.size()));
    int row = 0;
    for (const auto &[model, sums] : totals.byModel) {
        setCell(m_models, row, 0, model, false);
        setCell(m_models, row, 1, locale.toString(sums.calls), true);
        setCell(m_models, row, 2, percent(sums.failed, sums.calls), true);
        setCell(m_models, row, 3, locale.toString(sums.inputTokens), true);
        setCell(m_models, row, 4, locale.toString(sums.outputTokens), true);
        setCell(m_models, row, 5, usd(sums.costMicros), true);
        ++row;
    }

    m_failures->setRowCount(static_cast<int>(totals.byFailure.size()));
    row = 0;
    for (const auto &[category, count] : totals.byFailure) {
        const auto known = core::failureCategoryFromString(category);
        setCell(m_failures, row, 0, known ? core::displayName(*known) : category, false);
        setCell(m_failures, row, 1, locale.toString(count), true);
        setCell(m_failures, row, 2, percent(count, totals.all.calls), true);
        ++row;
    }
}

} // namespace switchboard::ui
