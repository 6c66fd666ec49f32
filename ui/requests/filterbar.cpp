#include "requests/filterbar.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QRegularExpression>
#include <QSignalBlocker>
#include <QToolButton>
#include <QVBoxLayout>

namespace switchboard::ui {

namespace {

constexpr qint64 kHourMs = 3'600'000;
// The presets' spans back from now; 0 is all time.
constexpr qint64 kPresetSpans[] = { kHourMs, 24 * kHourMs, 7 * 24 * kHourMs, 30 * 24 * kHourMs, 0 };

} // namespace

FilterBar::FilterBar(QWidget *parent)
    : QWidget(parent)
    , m_presets(new QComboBox)
    , m_query(new QLineEdit)
    , m_problem(new QLabel)
    , m_chips(new QHBoxLayout)
{
    m_presets->addItems({ tr("Last hour"), tr("Last 24 hours"), tr("Last 7 days"), tr("Last 30 days"), tr("All time") });
    m_presets->setCurrentIndex(4);
    m_presets->setToolTip(tr("The time range; since: and until: in the filter say the same"));
    m_query->setPlaceholderText(tr("Filter: feature:support failure:timeout latency>2s \"refund policy\"  (Enter applies)"));
    m_query->setClearButtonEnabled(true);
    m_query->setToolTip(tr("Filters: since, until, tenant, user, feature, key, prompt (name or name@version), alias, "
                           "provider, model, status, failure, origin, cache (hit or miss), latency> latency<, cost> cost< "
                           "(USD). Other words are searched for in requests and answers. Copy the line to share the view; "
                           "switchboard-cli log --filter takes the same."));
    m_problem->setWordWrap(true);
    m_problem->setStyleSheet(QStringLiteral("color: #c0392b;"));
    m_problem->hide();
    m_chips->setContentsMargins(0, 0, 0, 0);
    m_chips->setSpacing(4);
    m_chips->addStretch(1);

    auto *row = new QHBoxLayout;
    row->setContentsMargins(0, 0, 0, 0);
    row->addWidget(m_presets);
    row->addWidget(m_query, 1);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(4);
    layout->addLayout(row);
    layout->addWidget(m_problem);
    layout->addLayout(m_chips);

    connect(m_query, &QLineEdit::returnPressed, this, [this] { enter(m_query->text()); });
    connect(m_presets, &QComboBox::activated, this, &FilterBar::applyPreset);
}

void FilterBar::enter(const QString &text)
{
    static const QRegularExpression callId(QStringLiteral("^[0-9A-HJKMNP-TV-Z]{26}$"));
    if (callId.match(text.trimmed()).hasMatch()) {
        m_query->setText(m_filter.toQueryString());
        Q_EMIT callIdEntered(text.trimmed());
        return;
    }
    applyText(text);
}

QString FilterBar::problem() const
{
    return m_problem->isHidden() ? QString() : m_problem->text();
}

bool FilterBar::applyText(const QString &query)
{
    auto parsed = core::store::CallFilter::parse(query);
    if (!parsed) {
        m_problem->setText(parsed.error().message);
        m_problem->show();
        return false;
    }
    m_problem->hide();
    m_problem->clear();
    setFilter(*parsed);
    Q_EMIT filterChanged(m_filter);
    return true;
}

void FilterBar::setFilter(const core::store::CallFilter &filter)
{
    m_filter = filter;
    m_query->setText(filter.toQueryString());
    // The preset that says the same, if one does.
    int preset = -1;
    for (int i = 0; i < int(std::size(kPresetSpans)); ++i) {
        const bool allTime = kPresetSpans[i] == 0 && !filter.sinceAgoMs && !filter.sinceMs && !filter.untilMs;
        if (allTime || (filter.sinceAgoMs && *filter.sinceAgoMs == kPresetSpans[i] && !filter.sinceMs && !filter.untilMs))
            preset = i;
    }
    const QSignalBlocker blocker(m_presets);
    if (preset >= 0) {
        m_presets->setCurrentIndex(preset);
    } else {
        m_presets->setCurrentIndex(-1);
        m_presets->setPlaceholderText(tr("Custom range"));
    }
    showChips();
}

void FilterBar::applyPreset(int index)
{
    if (index < 0 || index >= int(std::size(kPresetSpans)))
        return;
    core::store::CallFilter filter = m_filter;
    filter.sinceMs.reset();
    filter.untilMs.reset();
    filter.sinceAgoMs.reset();
    if (kPresetSpans[index] > 0)
        filter.sinceAgoMs = kPresetSpans[index];
    m_problem->hide();
    setFilter(filter);
    Q_EMIT filterChanged(m_filter);
}

int FilterBar::chipCount() const
{
    return m_chips->count() - 1; // the stretch
}

void FilterBar::removeChip(int index)
{
    const auto chips = m_filter.chips();
    if (index < 0 || index >= int(chips.size()))
        return;
    setFilter(chips[std::size_t(index)].without);
    Q_EMIT filterChanged(m_filter);
}

void FilterBar::showChips()
{
    while (m_chips->count() > 1) {
        QLayoutItem *item = m_chips->takeAt(0);
        delete item->widget();
        delete item;
    }
    const auto chips = m_filter.chips();
    for (std::size_t i = 0; i < chips.size(); ++i) {
        auto *chip = new QToolButton;
        chip->setText(chips[i].label + QStringLiteral("  \u2715"));
        chip->setToolTip(tr("Remove this condition"));
        chip->setAutoRaise(false);
        chip->setStyleSheet(QStringLiteral("QToolButton { border: 1px solid palette(mid); border-radius: 10px; "
                                           "padding: 1px 8px; background: palette(alternate-base); }"));
        connect(chip, &QToolButton::clicked, this, [this, index = int(i)] { removeChip(index); });
        m_chips->insertWidget(int(i), chip);
    }
}

} // namespace switchboard::ui
