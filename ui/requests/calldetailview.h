#pragma once

#include "replay/callsnippet.h"
#include "store/callrepository.h"
#include "store/recordedcall.h"

#include <QWidget>

class QLabel;
class QPlainTextEdit;
class QPushButton;
class QToolButton;
class QTabWidget;
class QTextBrowser;
class QTreeWidget;

namespace switchboard::ui {

class CallTimeline;
class StoreClient;

// Everything the log keeps of one call: who made it and how it went (route and fallbacks,
// tokens, cost, timing, failure with the provider's message); the conversation as chat
// bubbles; a timeline of its attempts and the stream's chunk arrivals (stalls shaded); the
// request and answer as stored (already redacted by the workspace's policy); its attempts;
// and the calls around it (its source, replays and shadow twin, the same user's other calls
// that hour), which open on a double click. Loaded on a worker thread.
class CallDetailView final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CallDetailView)

public:
    explicit CallDetailView(StoreClient &store, QWidget *parent = nullptr);

    // Shows the call with this id (empty: nothing).
    void showCall(const QString &id);
    const QString &callId() const { return m_callId; }

    QLabel *summary() const { return m_summary; }
    QPlainTextEdit *request() const { return m_request; }
    QPlainTextEdit *response() const { return m_response; }
    QTreeWidget *attempts() const { return m_attempts; }
    QTextBrowser *conversation() const { return m_conversation; }
    CallTimeline *timeline() const { return m_timeline; }
    QTreeWidget *related() const { return m_related; }
    QPushButton *replayButton() const { return m_replay; }
    QToolButton *copyButton() const { return m_copy; }
    QPushButton *triageButton() const { return m_triage; }
    // The shown call as code for the gateway at `gatewayUrl`, put on the clipboard.
    bool copyAs(core::replay::SnippetLanguage language, const QString &gatewayUrl);

Q_SIGNALS:
    void loaded(const QString &id);
    void replayRequested(const QString &id);
    // The user's (or, without one, the tenant's) calls around this one.
    void triageRequested(const QString &userId, const QString &tenant, qint64 atMs);
    void copied(const QString &message);

private:
    void present(const core::store::RecordedCall &call);
    void presentRelated(const std::vector<core::store::CallRepository::Related> &related);

    StoreClient &m_store;
    QString m_callId;
    QLabel *m_summary;
    QPushButton *m_replay;
    QToolButton *m_copy;
    QPushButton *m_triage;
    std::optional<core::store::RecordedCall> m_call;
    QTabWidget *m_tabs;
    QTextBrowser *m_conversation;
    CallTimeline *m_timeline;
    QPlainTextEdit *m_request;
    QPlainTextEdit *m_response;
    QTreeWidget *m_attempts;
    QTreeWidget *m_related;
};

} // namespace switchboard::ui
