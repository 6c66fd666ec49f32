#pragma once

#include "store/pinrepository.h"

#include <QWidget>
#include <vector>

class QLabel;
class QTreeWidget;

namespace switchboard::ui {

// Every binding an alias has had, newest first: version, provider and model, why it was
// (re)pinned, by whom and when.
class PinHistoryView final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PinHistoryView)

public:
    explicit PinHistoryView(QWidget *parent = nullptr);

    void setHistory(const QString &alias, const std::vector<core::store::PinChange> &changes);
    // Empties the view; the message says why (default: nothing is selected).
    void clear(const QString &message = {});
    QString alias() const { return m_alias; }
    QTreeWidget *changes() const { return m_changes; }

private:
    QString m_alias;
    QLabel *m_title;
    QTreeWidget *m_changes;
};

} // namespace switchboard::ui
