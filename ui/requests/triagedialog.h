#pragma once

#include "replay/triage.h"

#include <QDialog>

#include <vector>

class QDateTimeEdit;
class QLabel;
class QLineEdit;
class QPushButton;
class QTreeWidget;

namespace switchboard::ui {

class CallActions;
class MessageBanner;
class StoreClient;

// Support's view of one user (or tenant) over a window: their calls oldest first, with the
// prompt version, route and fallbacks, cache hits and failures of each, summed up above, and
// exported as one redacted bundle (what was said taken out). Reads on a worker thread; a
// double click opens the call in the log.
class TriageDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TriageDialog)

public:
    TriageDialog(StoreClient &store, CallActions &actions, QWidget *parent = nullptr);

    // Fills in who and when (a day around atMs) and shows their calls.
    void lookInto(const QString &userId, const QString &tenant, qint64 atMs);
    void load();
    void exportTo(const QString &path);

    QTreeWidget *timeline() const { return m_timeline; }
    QLabel *summary() const { return m_summary; }
    MessageBanner *banner() const { return m_banner; }

Q_SIGNALS:
    void loaded(int calls);
    void callChosen(const QString &id);

private:
    void present(const std::vector<core::replay::TriageEntry> &timeline);

    StoreClient &m_store;
    CallActions &m_actions;
    QStringList m_ids; // the calls shown, in row order
    QLineEdit *m_user;
    QLineEdit *m_tenant;
    QDateTimeEdit *m_since;
    QDateTimeEdit *m_until;
    QPushButton *m_show;
    QPushButton *m_export;
    MessageBanner *m_banner;
    QLabel *m_summary;
    QTreeWidget *m_timeline;
};

} // namespace switchboard::ui
