#include "requests/calldetailview.h"

#include "common/storeclient.h"
#include "requests/callformat.h"
#include "requests/calltimeline.h"
#include "requests/conversationhtml.h"
#include "store/callrepository.h"

#include <QClipboard>
#include <QFontDatabase>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonDocument>
#include <QLabel>
#include <QMenu>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QSplitter>
#include <QSettings>
#include <QTabWidget>
#include <QTextBrowser>
#include <QToolButton>
#include <QToolTip>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace switchboard::ui {

using core::Result;
using core::store::RecordedCall;

namespace {

QPlainTextEdit *jsonView()
{
    auto *view = new QPlainTextEdit;
    view->setReadOnly(true);
    view->setLineWrapMode(QPlainTextEdit::NoWrap);
    view->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    return view;
}

// Indented when it is JSON; as stored when it is not (a body the provider sent broken).
QString pretty(const QByteArray &json, const QString &absent)
{
    if (json.isEmpty())
        return absent;
    const QJsonDocument document = QJsonDocument::fromJson(json);
    return document.isNull() ? QString::fromUtf8(json) : QString::fromUtf8(document.toJson(QJsonDocument::Indented));
}

QString row(const QString &label, const QString &value)
{
    return value.isEmpty() ? QString()
                           : QStringLiteral("<tr><td style='padding-right:12px'><b>%1</b></td><td>%2</td></tr>")
                                 .arg(label.toHtmlEscaped(), value.toHtmlEscaped());
}

using Related = core::store::CallRepository::Related;

constexpr qint64 kRelatedWindowMs = 60 * 60'000; // the same user's calls an hour either side

// What a selection reads on the worker thread.
struct Loaded
{
    RecordedCall call;
    std::vector<Related> related;
};

QString relationName(Related::Relation relation)
{
    switch (relation) {
    case Related::Relation::Source: return QObject::tr("its source");
    case Related::Relation::Replay: return QObject::tr("replay");
    case Related::Relation::Shadow: return QObject::tr("shadow twin");
    case Related::Relation::SameUser: return QObject::tr("same user");
    }
    return {};
}

// The targets the call moved through, when it moved: "a/x (Rate limited) → b/y".
QString fallbacks(const RecordedCall &call)
{
    QStringList targets;
    QString last;
    for (const core::store::AttemptRow &attempt : call.attempts) {
        const QString target = attempt.provider + u'/' + attempt.model;
        if (target == last) {
            if (attempt.failure)
                targets.back() = target + QStringLiteral(" (") + core::displayName(*attempt.failure) + u')';
            continue;
        }
        last = target;
        targets << (attempt.failure ? target + QStringLiteral(" (") + core::displayName(*attempt.failure) + u')' : target);
    }
    return targets.size() > 1 ? targets.join(QStringLiteral(" → ")) : QString();
}

} // namespace

CallDetailView::CallDetailView(StoreClient &store, QWidget *parent)
    : QWidget(parent)
    , m_store(store)
    , m_summary(new QLabel)
    , m_replay(new QPushButton(tr("Replay...")))
    , m_copy(new QToolButton)
    , m_triage(new QPushButton(tr("User's calls...")))
    , m_tabs(new QTabWidget)
    , m_conversation(new QTextBrowser)
    , m_timeline(new CallTimeline)
    , m_request(jsonView())
    , m_response(jsonView())
    , m_attempts(new QTreeWidget)
    , m_related(new QTreeWidget)
{
    m_summary->setTextFormat(Qt::RichText);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_summary->setWordWrap(true);
    m_summary->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    m_attempts->setRootIsDecorated(false);
    m_attempts->setHeaderLabels({ tr("#"), tr("Provider"), tr("Model"), tr("Latency"), tr("HTTP"), tr("Outcome") });
    m_attempts->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_conversation->setOpenLinks(false);
    m_related->setRootIsDecorated(false);
    m_related->setHeaderLabels({ tr("Relation"), tr("When"), tr("Outcome"), tr("Model"), tr("Call") });
    m_related->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_related->setToolTip(tr("Double-click a call to open it"));
    connect(m_related, &QTreeWidget::itemActivated, this, [this](QTreeWidgetItem *item) {
        if (item && !item->text(4).isEmpty())
            showCall(item->text(4));
    });
    auto *timing = new QScrollArea;
    timing->setWidget(m_timeline);
    timing->setWidgetResizable(true);
    timing->setFrameShape(QFrame::NoFrame);
    m_tabs->setDocumentMode(true); // slimmer tabs: six of them share a narrow pane
    m_tabs->addTab(m_conversation, tr("Chat"));
    m_tabs->addTab(timing, tr("Timing"));
    // Request above answer, as stored: one tab, so that the tabs fit a narrow pane.
    auto *raw = new QSplitter(Qt::Vertical);
    for (const auto &[title, view] : { std::pair { tr("Request"), m_request }, std::pair { tr("Answer"), m_response } }) {
        auto *part = new QWidget;
        auto *partLayout = new QVBoxLayout(part);
        partLayout->setContentsMargins(0, 4, 0, 0);
        partLayout->addWidget(new QLabel(QStringLiteral("<b>%1</b>").arg(title)));
        partLayout->addWidget(view, 1);
        raw->addWidget(part);
    }
    m_tabs->addTab(raw, tr("JSON"));
    m_tabs->addTab(m_attempts, tr("Attempts"));
    m_tabs->addTab(m_related, tr("Related"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    // The actions in a row under the summary, which keeps the pane's whole width.
    auto *actions = new QHBoxLayout;
    actions->addWidget(m_replay);
    actions->addWidget(m_copy);
    actions->addWidget(m_triage);
    actions->addStretch();
    layout->addWidget(m_summary);
    layout->addLayout(actions);
    layout->addWidget(m_tabs, 1);
    m_replay->setToolTip(tr("Run this call again, exactly or with one change, and compare the answers."));
    m_copy->setText(tr("Copy as"));
    m_copy->setToolTip(tr("The call as code that sends it through the gateway again; the key is read from $%1.")
                           .arg(QLatin1String(core::replay::kSnippetKeyVariable)));
    m_copy->setPopupMode(QToolButton::InstantPopup);
    m_copy->setToolButtonStyle(Qt::ToolButtonTextOnly);
    m_copy->setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Preferred); // as tall as the buttons beside it
    auto *copyMenu = new QMenu(m_copy);
    const auto addCopy = [this, copyMenu](const QString &text, core::replay::SnippetLanguage language) {
        copyMenu->addAction(text, this, [this, language] {
            copyAs(language, QStringLiteral("http://") + QSettings().value(QStringLiteral("gateway/listen"),
                                                                           QStringLiteral("127.0.0.1:8080")).toString());
        });
    };
    addCopy(tr("curl"), core::replay::SnippetLanguage::Curl);
    addCopy(tr("Python (OpenAI SDK)"), core::replay::SnippetLanguage::Python);
    addCopy(tr("TypeScript (OpenAI SDK)"), core::replay::SnippetLanguage::TypeScript);
    m_copy->setMenu(copyMenu);
    connect(this, &CallDetailView::copied, m_copy, [this](const QString &message) {
        QToolTip::showText(m_copy->mapToGlobal(QPoint(0, m_copy->height())), message, m_copy);
    });
    m_triage->setToolTip(tr("Support triage: this user's calls over the day around this one"));
    connect(m_triage, &QPushButton::clicked, this, [this] {
        if (m_call)
            Q_EMIT triageRequested(m_call->record.userId, m_call->record.tenant, m_call->record.startedMs);
    });
    connect(m_replay, &QPushButton::clicked, this, [this] {
        if (!m_callId.isEmpty())
            Q_EMIT replayRequested(m_callId);
    });
    showCall({});
}

void CallDetailView::showCall(const QString &id)
{
    m_callId = id;
    m_call.reset();
    m_replay->setEnabled(false);
    m_copy->setEnabled(false);
    m_triage->setEnabled(false);
    // Nothing of the call shown before stays under the new one while it loads.
    m_conversation->clear();
    m_timeline->clear();
    m_request->clear();
    m_response->clear();
    m_attempts->clear();
    m_related->clear();
    m_tabs->setTabText(m_tabs->indexOf(m_related), tr("Related"));
    if (id.isEmpty()) {
        m_summary->setText(tr("<p style='color:palette(placeholder-text)'>Select a call to see its route, timing, "
                              "tokens, cost, attempts, and the request and answer as stored.</p>"));
        return;
    }
    m_summary->setText(tr("<p style='color:palette(placeholder-text)'>Reading call %1\u2026</p>").arg(id.toHtmlEscaped()));
    // The call and the calls around it, in one task on one connection.
    m_store.submit<std::optional<Loaded>>(
        [id](core::store::Connection &connection) -> Result<std::optional<Loaded>> {
            core::store::CallRepository calls(connection);
            auto call = calls.load(id);
            if (!call)
                return std::unexpected(call.error());
            if (!*call)
                return std::optional<Loaded>();
            auto related = calls.related((*call)->record, kRelatedWindowMs);
            if (!related)
                return std::unexpected(related.error());
            return Loaded { std::move(**call), std::move(*related) };
        },
        this,
        [this, id](const Result<std::optional<Loaded>> &read) {
            if (id != m_callId)
                return; // another call was selected meanwhile
            if (!read || !*read) {
                m_summary->setText(read ? tr("The call %1 is not in this workspace.").arg(id)
                                        : tr("The call could not be read: %1").arg(read.error().message.toHtmlEscaped()));
                return;
            }
            const RecordedCall &call = (*read)->call;
            present(call);
            presentRelated((*read)->related);
            m_call = call;
            m_replay->setEnabled(true);
            m_copy->setEnabled(true);
            m_triage->setEnabled(!call.record.userId.isEmpty() || !call.record.tenant.isEmpty());
            Q_EMIT loaded(id);
        });
}

bool CallDetailView::copyAs(core::replay::SnippetLanguage language, const QString &gatewayUrl)
{
    if (!m_call)
        return false;
    const auto snippet = core::replay::callSnippet(*m_call, language, gatewayUrl);
    if (!snippet) {
        Q_EMIT copied(snippet.error().message);
        return false;
    }
    QGuiApplication::clipboard()->setText(*snippet);
    Q_EMIT copied(tr("Copied; it reads the gateway key from $%1.").arg(QLatin1String(core::replay::kSnippetKeyVariable)));
    return true;
}

void CallDetailView::present(const RecordedCall &call)
{
    const core::CallRecord &r = call.record;
    QString route = r.alias;
    if (!r.model.isEmpty())
        route += QStringLiteral(" \u2192 ") + r.provider + u'/' + r.model;
    QString rule;
    if (r.ruleSetVersion)
        rule = tr("rule set v%1, %2").arg(r.ruleSetVersion).arg(r.ruleName.isEmpty() ? tr("no rule matched") : r.ruleName);
    QString timing = duration(r.latencyUs);
    if (r.ttftUs)
        timing += tr(", first token after %1").arg(duration(*r.ttftUs));
    if (r.streamed && !call.chunkOffsetsMs.empty())
        timing += tr(", %1 chunks").arg(call.chunkOffsetsMs.size());
    QString who = r.tenant;
    if (!r.feature.isEmpty())
        who += QStringLiteral(" \u00b7 ") + r.feature;
    if (!r.userId.isEmpty())
        who += QStringLiteral(" \u00b7 ") + r.userId;
    QString html = QStringLiteral("<table>");
    html += row(tr("Call"), r.id + QStringLiteral("  (") + core::nameOf(r.origin) + u')');
    html += row(tr("When"), callTime(r.startedMs));
    html += row(tr("Outcome"), callOutcome(r) + (r.errorMessage.isEmpty() ? QString() : QStringLiteral(": ") + r.errorMessage));
    html += row(tr("Route"), route);
    html += row(tr("Rule"), rule);
    html += row(tr("Prompt"), r.promptName.isEmpty() ? QString() : r.promptName + QLatin1String(" v") + QString::number(r.promptVersion));
    html += row(tr("Caller"), who);
    html += row(tr("Time"), timing);
    html += row(tr("Tokens"), tokens(r) + (r.cachedInputTokens ? tr(" (%1 cached)").arg(r.cachedInputTokens) : QString()));
    html += row(tr("Cost"), usd(r.costMicros) + (r.cacheHit ? tr(" (answered from the cache)") : QString()));
    html += row(tr("Fallbacks"), fallbacks(call));
    html += row(r.origin == core::CallOrigin::Shadow ? tr("Shadow of") : tr("Replay of"), r.parentId);
    html += QStringLiteral("</table>");
    m_summary->setText(html);
    const QString redacted = call.redaction == QLatin1String("metadata") ? tr("(the workspace keeps metadata only)") : tr("(none)");
    m_conversation->setHtml(conversationHtml(call));
    m_timeline->setCall(call);
    m_request->setPlainText(pretty(call.requestJson, redacted));
    m_response->setPlainText(pretty(call.responseJson, redacted));
    m_attempts->clear();
    for (const core::store::AttemptRow &attempt : call.attempts) {
        auto *item = new QTreeWidgetItem(m_attempts);
        item->setText(0, QString::number(attempt.seq));
        item->setText(1, attempt.provider);
        item->setText(2, attempt.model);
        item->setText(3, duration(attempt.latencyUs));
        item->setText(4, attempt.httpStatus ? QString::number(attempt.httpStatus) : QStringLiteral("-"));
        item->setText(5, attempt.failure ? core::displayName(*attempt.failure) + QStringLiteral(": ") + attempt.message
                                         : tr("ok"));
    }
}

void CallDetailView::presentRelated(const std::vector<Related> &related)
{
    for (const Related &entry : related) {
        auto *item = new QTreeWidgetItem(m_related);
        item->setText(0, relationName(entry.relation));
        item->setText(1, callTimeShort(entry.call.startedMs));
        item->setText(2, callOutcome(entry.call));
        item->setText(3, entry.call.model);
        item->setText(4, entry.call.id);
    }
    m_tabs->setTabText(m_tabs->indexOf(m_related), related.empty() ? tr("Related") : tr("Related (%1)").arg(related.size()));
}

} // namespace switchboard::ui
