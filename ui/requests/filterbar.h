#pragma once

#include "store/callfilter.h"

#include <QWidget>

class QComboBox;
class QHBoxLayout;
class QLabel;
class QLineEdit;

namespace switchboard::ui {

// The Requests page's filter: a time preset, the filter as a query string (the same string
// the CLI's log --filter takes, to paste between consoles and scripts), and one removable
// chip per condition. A string that does not parse keeps the previous filter and says why;
// a call id entered on its own asks for that call instead.
class FilterBar final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FilterBar)

public:
    explicit FilterBar(QWidget *parent = nullptr);

    const core::store::CallFilter &filter() const { return m_filter; }
    void setFilter(const core::store::CallFilter &filter);
    // Reads the query string as typed; false (and the reason shown) when it does not parse.
    bool applyText(const QString &query);
    // What Enter in the query line does: a call id opens the call, anything else filters.
    void enter(const QString &text);

    QLineEdit *queryEdit() const { return m_query; }
    QComboBox *presets() const { return m_presets; }
    QString problem() const;
    int chipCount() const;
    // Removes the chip at `index` as its close button does.
    void removeChip(int index);

Q_SIGNALS:
    void filterChanged(const core::store::CallFilter &filter);
    void callIdEntered(const QString &id);

private:
    void showChips();
    void applyPreset(int index);

    core::store::CallFilter m_filter;
    QComboBox *m_presets;
    QLineEdit *m_query;
    QLabel *m_problem;
    QHBoxLayout *m_chips;
};

} // namespace switchboard::ui
