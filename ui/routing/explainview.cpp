#include "routing/explainview.h"

#include "common/treewidgets.h"
#include "gateway/requestroute.h"

#include <QComboBox>
#include <QFontDatabase>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRandomGenerator>
#include <QSpinBox>
#include <QSplitter>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace switchboard::ui {

using core::routing::RouteInput;

namespace {

enum Source { DraftRules, ActiveRules };

QLineEdit *field(const QString &placeholder)
{
    auto *edit = new QLineEdit;
    edit->setPlaceholderText(placeholder);
    edit->setClearButtonEnabled(true);
    return edit;
}

} // namespace

ExplainView::ExplainView(QWidget *parent)
    : QWidget(parent), m_request(new QPlainTextEdit), m_readStatus(new QLabel), m_key(new QComboBox),
      m_tenant(field(tr("from the key"))), m_feature(field(tr("e.g. support-chat"))), m_user(field(tr("for sticky splits"))),
      m_tier(field(tr("e.g. free, pro"))), m_prompt(field(tr("e.g. support/answer"))), m_label(field(tr("e.g. production"))),
      m_model(new QComboBox), m_tags(field(tr("comma-separated"))), m_tokens(new QSpinBox), m_source(new QComboBox),
      m_verdicts(makeTable({ tr("#"), tr("Rule"), tr("Result"), tr("Why") }, QStringLiteral("verdicts"))), m_plan(new QLabel)
{
    auto *split = new QSplitter(Qt::Horizontal);
    split->addWidget(buildRequest());
    split->addWidget(buildResult());
    split->setStretchFactor(0, 2);
    split->setStretchFactor(1, 3);
    split->setChildrenCollapsible(false);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(split);
    explain();
}

QWidget *ExplainView::buildRequest()
{
    m_request->setObjectName(QStringLiteral("explain-request"));
    m_request->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_request->setPlaceholderText(tr("Paste a request body as a caller sends it, OpenAI or Anthropic format, e.g.\n"
                                     "{\"model\": \"chat-fast\", \"user\": \"u-42\",\n"
                                     " \"messages\": [{\"role\": \"user\", \"content\": \"…\"}],\n"
                                     " \"switchboard\": {\"feature\": \"support-chat\"}}"));
    m_readStatus->setWordWrap(true);
    // Room for its longest message: the text box above takes every pixel it is not denied.
    m_readStatus->setMinimumHeight(m_readStatus->fontMetrics().lineSpacing() * 3);
    m_readStatus->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    m_readStatus->setObjectName(QStringLiteral("explain-read-status"));
    auto *read = new QPushButton(tr("Read Request"));
    read->setToolTip(tr("Fill the fields below from the pasted body"));
    connect(read, &QPushButton::clicked, this, [this] { readRequest(m_request->toPlainText()); });

    m_tenant->setObjectName(QStringLiteral("explain-tenant"));
    m_key->setEditable(true);
    m_model->setEditable(true);
    for (QComboBox *combo : { m_key, m_model }) {
        combo->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
        combo->setMinimumContentsLength(12);
    }
    m_tokens->setRange(0, 10'000'000);
    m_tokens->setGroupSeparatorShown(true);
    m_tokens->setToolTip(tr("Estimated input tokens: what rules with token bounds look at"));

    auto *box = new QGroupBox(tr("Request"));
    auto *form = new QFormLayout;
    form->setLabelAlignment(Qt::AlignRight);
    form->addRow(tr("Gateway key"), m_key);
    form->addRow(tr("Tenant"), m_tenant);
    form->addRow(tr("Model asked for"), m_model);
    form->addRow(tr("Feature"), m_feature);
    form->addRow(tr("User"), m_user);
    form->addRow(tr("User tier"), m_tier);
    form->addRow(tr("Prompt"), m_prompt);
    form->addRow(tr("Prompt label"), m_label);
    form->addRow(tr("Tags"), m_tags);
    form->addRow(tr("Input tokens"), m_tokens);
    auto *layout = new QVBoxLayout(box);
    layout->addWidget(m_request, 1);
    auto *readRow = new QHBoxLayout;
    readRow->addStretch(1);
    readRow->addWidget(read);
    layout->addLayout(readRow);
    layout->addWidget(m_readStatus);
    layout->addLayout(form);

    connect(m_key, &QComboBox::currentTextChanged, this, [this](const QString &key) {
        if (m_tenantByKey.contains(key))
            m_tenant->setText(m_tenantByKey.value(key));
        explain();
    });
    connect(m_model, &QComboBox::currentTextChanged, this, &ExplainView::explain);
    for (QLineEdit *edit : { m_tenant, m_feature, m_user, m_tier, m_prompt, m_label, m_tags })
        connect(edit, &QLineEdit::textChanged, this, &ExplainView::explain);
    connect(m_tokens, &QSpinBox::valueChanged, this, &ExplainView::explain);
    return box;
}

QWidget *ExplainView::buildResult()
{
    m_source->setObjectName(QStringLiteral("explain-source"));
    m_source->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_source->setMinimumContentsLength(16);
    connect(m_source, &QComboBox::currentIndexChanged, this, &ExplainView::explain);
    m_plan->setObjectName(QStringLiteral("explain-plan"));
    m_plan->setWordWrap(true);
    m_plan->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_plan->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    m_plan->setMinimumHeight(m_plan->fontMetrics().lineSpacing() * 6);

    auto *sourceRow = new QHBoxLayout;
    sourceRow->addWidget(new QLabel(tr("Route with")));
    sourceRow->addWidget(m_source, 1);

    auto *box = new QGroupBox(tr("Decision"));
    auto *layout = new QVBoxLayout(box);
    layout->addLayout(sourceRow);
    auto *verdictsTitle = new QLabel(tr("<b>Rules looked at</b>, in order, up to the first that matched"));
    verdictsTitle->setWordWrap(true);
    layout->addWidget(verdictsTitle);
    layout->addWidget(m_verdicts, 1);
    layout->addWidget(new QLabel(tr("<b>Plan</b>")));
    layout->addWidget(m_plan);
    return box;
}

void ExplainView::setRules(const std::optional<core::routing::RuleSet> &draft,
                           const std::optional<core::routing::RuleSet> &active, std::optional<qint64> activeVersion)
{
    const int wanted = m_source->currentData().isValid() ? m_source->currentData().toInt() : int(DraftRules);
    m_draft = draft;
    m_active = active;
    const QSignalBlocker blocker(m_source);
    m_source->clear();
    m_source->addItem(draft ? tr("the draft in the editor") : tr("the draft in the editor (has problems: fix them first)"),
                      int(DraftRules));
    m_source->addItem(activeVersion ? tr("the live rules, v%1").arg(*activeVersion) : tr("the live rules (none active)"),
                      int(ActiveRules));
    m_source->setCurrentIndex(m_source->findData(wanted));
    explain();
}

void ExplainView::setCallers(const QHash<QString, QString> &tenantByKey, const QStringList &aliases)
{
    m_tenantByKey = tenantByKey;
    const QString key = m_key->currentText();
    const QString model = m_model->currentText();
    const QSignalBlocker keyBlocker(m_key);
    const QSignalBlocker modelBlocker(m_model);
    m_key->clear();
    m_key->addItem(QString());
    QStringList keys = tenantByKey.keys();
    keys.sort();
    m_key->addItems(keys);
    m_key->setCurrentText(key);
    m_model->clear();
    m_model->addItems(aliases);
    m_model->setCurrentText(model.isEmpty() ? aliases.value(0) : model);
    explain();
}

bool ExplainView::readRequest(const QString &body)
{
    const auto read = core::gateway::routeInputFromBody(body.toUtf8());
    if (!read) {
        m_readStatus->setText(QStringLiteral("<span style='color:#b3261e'>%1</span>").arg(read.error().message.toHtmlEscaped()));
        return false;
    }
    m_model->setCurrentText(read->model);
    m_feature->setText(read->feature);
    m_user->setText(read->userId);
    m_tier->setText(read->userTier);
    m_prompt->setText(read->promptName);
    m_label->setText(read->promptLabel);
    m_tags->setText(read->tags.join(QLatin1String(", ")));
    m_tokens->setValue(int(qMin<qint64>(read->estimatedInputTokens, m_tokens->maximum())));
    m_readStatus->setText(tr("Read, with about %1 input tokens. The key and tenant come from who calls, not the body: "
                             "pick them below.")
                              .arg(read->estimatedInputTokens));
    explain();
    return true;
}

RouteInput ExplainView::input() const
{
    RouteInput input;
    input.gatewayKey = m_key->currentText().trimmed();
    input.tenant = m_tenant->text().trimmed();
    input.feature = m_feature->text().trimmed();
    input.userId = m_user->text().trimmed();
    input.userTier = m_tier->text().trimmed();
    input.promptName = m_prompt->text().trimmed();
    input.promptLabel = m_label->text().trimmed();
    input.model = m_model->currentText().trimmed();
    for (const QString &tag : m_tags->text().split(u',', Qt::SkipEmptyParts))
        if (!tag.trimmed().isEmpty())
            input.tags << tag.trimmed();
    input.estimatedInputTokens = m_tokens->value();
    return input;
}

void ExplainView::explain()
{
    m_verdicts->clear();
    const bool draft = m_source->currentData().toInt() == DraftRules;
    const std::optional<core::routing::RuleSet> &rules = draft ? m_draft : m_active;
    if (!rules) {
        m_decision = {};
        m_plan->setText(draft ? tr("The draft has problems; fix them on the Rules tab, or route with the live rules.")
                              : tr("No rule set is active: every call goes to the model it asks for."));
        return;
    }
    // A split that is not sticky (or has no user) draws its arm; show one draw.
    m_decision = core::routing::route(*rules, input(), int(QRandomGenerator::global()->bounded(10000)));
    for (std::size_t i = 0; i < m_decision.verdicts.size(); ++i) {
        const auto &verdict = m_decision.verdicts[i];
        const QString result = verdict.matched ? tr("matched") : !verdict.enabled ? tr("disabled") : tr("no match");
        auto *item = new QTreeWidgetItem({ QString::number(i + 1), verdict.rule, result, verdict.reasons.join(QLatin1String("; ")) });
        item->setToolTip(3, verdict.reasons.join(u'\n'));
        if (verdict.matched) {
            QFont bold = item->font(2);
            bold.setBold(true);
            item->setFont(1, bold);
            item->setFont(2, bold);
            item->setForeground(2, QColor(0x1b, 0x7f, 0x3b));
        }
        m_verdicts->addTopLevelItem(item);
    }
    fitColumns(m_verdicts);
    const QStringList lines = core::routing::explain(*rules, m_decision);
    QStringList plan;
    for (qsizetype i = qsizetype(m_decision.verdicts.size()); i < lines.size(); ++i)
        plan << lines[i].toHtmlEscaped();
    m_plan->setText(plan.join(QLatin1String("<br>")));
}

} // namespace switchboard::ui
