#include "overview/overviewcontrols.h"

#include <QComboBox>
#include <QDateTime>
#include <QDateTimeEdit>
#include <QHBoxLayout>

namespace switchboard::ui {
namespace {

constexpr qint64 kHourMs = 3'600'000;
constexpr qint64 kDayMs = 86'400'000;
constexpr qint64 kSpans[] = { kHourMs, kDayMs, 7 * kDayMs, 30 * kDayMs };

void fill(QComboBox *picker, const QString &all, const QStringList &values)
{
    const QString current = picker->currentData().toString();
    const QSignalBlocker quiet(picker);
    picker->clear();
    picker->addItem(all, QString());
    QStringList offered = values;
    if (!current.isEmpty() && !offered.contains(current))
        offered.prepend(current);
    for (const QString &value : offered)
        picker->addItem(value, value);
    picker->setCurrentIndex(std::max(0, picker->findData(current)));
}

} // namespace

OverviewControls::OverviewControls(QWidget *parent)
    : QWidget(parent), m_range(new QComboBox(this)), m_from(new QDateTimeEdit(this)), m_to(new QDateTimeEdit(this))
{
    m_range->addItems({ tr("Last hour"), tr("Last day"), tr("Last 7 days"), tr("Last 30 days"), tr("Custom…") });
    m_range->setCurrentIndex(LastDay);
    m_range->setToolTip(tr("The range the Overview shows; each figure is compared with the period before it"));
    const QDateTime now = QDateTime::currentDateTime();
    for (QDateTimeEdit *edit : { m_from, m_to }) {
        edit->setCalendarPopup(true);
        edit->setDisplayFormat(QStringLiteral("yyyy-MM-dd HH:mm"));
        edit->hide();
        connect(edit, &QDateTimeEdit::editingFinished, this, &OverviewControls::changed);
    }
    m_from->setDateTime(now.addDays(-7));
    m_to->setDateTime(now);

    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(6);
    layout->addWidget(m_range);
    layout->addWidget(m_from);
    layout->addWidget(m_to);
    const QStringList alls { tr("All tenants"), tr("All features"), tr("All models"), tr("All prompts") };
    for (const QString &all : alls) {
        auto *picker = new QComboBox(this);
        picker->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
        picker->setMinimumContentsLength(9);
        picker->addItem(all, QString());
        connect(picker, &QComboBox::currentIndexChanged, this, &OverviewControls::changed);
        layout->addWidget(picker);
        m_pickers.push_back(picker);
    }
    layout->addStretch(1);
    connect(m_range, &QComboBox::currentIndexChanged, this, [this](int index) {
        m_from->setVisible(index == Custom);
        m_to->setVisible(index == Custom);
        Q_EMIT changed();
    });
}

void OverviewControls::setRange(Range range)
{
    m_range->setCurrentIndex(range);
}

void OverviewControls::setCustomRange(qint64 fromMs, qint64 toMs)
{
    m_from->setDateTime(QDateTime::fromMSecsSinceEpoch(fromMs));
    m_to->setDateTime(QDateTime::fromMSecsSinceEpoch(toMs));
    m_range->setCurrentIndex(Custom);
}

OverviewControls::Range OverviewControls::range() const
{
    return static_cast<Range>(m_range->currentIndex());
}

core::analytics::OverviewQuery OverviewControls::query(qint64 nowMs) const
{
    core::analytics::OverviewQuery query;
    if (range() == Custom) {
        query.fromMs = m_from->dateTime().toMSecsSinceEpoch();
        query.toMs = m_to->dateTime().toMSecsSinceEpoch();
    } else {
        query.toMs = nowMs;
        query.fromMs = nowMs - kSpans[range()];
    }
    query.filter = filter();
    return query;
}

core::analytics::TrafficFilter OverviewControls::filter() const
{
    return { m_pickers[0]->currentData().toString(), m_pickers[1]->currentData().toString(),
             m_pickers[2]->currentData().toString(), m_pickers[3]->currentData().toString() };
}

void OverviewControls::setFilter(const core::analytics::TrafficFilter &filter)
{
    const QString values[] = { filter.tenant, filter.feature, filter.model, filter.prompt };
    for (std::size_t i = 0; i < m_pickers.size(); ++i) {
        QComboBox *picker = m_pickers[i];
        if (!values[i].isEmpty() && picker->findData(values[i]) < 0)
            picker->addItem(values[i], values[i]);
        picker->setCurrentIndex(std::max(0, picker->findData(values[i])));
    }
}

QString OverviewControls::periodName() const
{
    switch (range()) {
    case LastHour: return tr("hour");
    case LastDay: return tr("day");
    case LastWeek: return tr("7 days");
    case LastMonth: return tr("30 days");
    case Custom: break;
    }
    return tr("period");
}

void OverviewControls::setDimensions(const core::analytics::TrafficDimensions &dimensions)
{
    const QStringList *lists[] = { &dimensions.tenants, &dimensions.features, &dimensions.models, &dimensions.prompts };
    for (std::size_t i = 0; i < m_pickers.size(); ++i)
        fill(m_pickers[i], m_pickers[i]->itemText(0), *lists[i]);
}

QComboBox *OverviewControls::picker(int index) const
{
    return m_pickers.at(std::size_t(index));
}

} // namespace switchboard::ui
