#include "routing/ruleseteditor.h"

#include "common/treewidgets.h"
#include "routing/ruledescription.h"

#include <QFontDatabase>
#include <QLabel>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QRegularExpression>
#include <QStyle>
#include <QSplitter>
#include <QTextBlock>
#include <QTimer>
#include <QTreeWidget>
#include <QVBoxLayout>

#include <nlohmann/json.hpp>

namespace switchboard::ui {

using core::routing::RuleProblem;
using core::routing::RuleSet;

namespace {

QString prettyJson(const RuleSet &rules)
{
    return QString::fromStdString(core::routing::toJson(rules).dump(2));
}

// "rules[3].then.split[1]" -> 3
int ruleIndexOf(const QString &path)
{
    static const QRegularExpression pattern(QStringLiteral("^rules\\[(\\d+)\\]"));
    const auto match = pattern.match(path);
    return match.hasMatch() ? match.captured(1).toInt() : -1;
}

// A JSON syntax error as "line 4, column 12: ...", from the byte offset nlohmann reports.
RuleProblem syntaxProblem(const QByteArray &text, const nlohmann::json::parse_error &error)
{
    const qsizetype upTo = qMin<qsizetype>(qsizetype(error.byte) - 1, text.size());
    const QByteArray before = text.left(qMax<qsizetype>(upTo, 0));
    const qsizetype line = before.count('\n') + 1;
    const qsizetype column = before.size() - (before.lastIndexOf('\n') + 1) + 1;
    QString message = QString::fromUtf8(error.what());
    if (const qsizetype colon = message.lastIndexOf(QLatin1String(": ")); colon >= 0)
        message = message.mid(colon + 2);
    return { QStringLiteral("line %1, column %2").arg(line).arg(column), message };
}

} // namespace

RuleSetEditor::RuleSetEditor(QWidget *parent)
    : QWidget(parent),
      m_overview(makeTable({ tr("#"), tr("On"), tr("Rule"), tr("When"), tr("Then") }, QStringLiteral("rule-overview"))),
      m_text(new QPlainTextEdit), m_verdict(new QLabel), m_problemList(new QListWidget), m_debounce(new QTimer(this))
{
    m_text->setObjectName(QStringLiteral("rules-text"));
    m_text->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_text->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_text->setTabChangesFocus(false);
    m_verdict->setObjectName(QStringLiteral("rules-verdict"));
    m_verdict->setWordWrap(true);
    m_problemList->setObjectName(QStringLiteral("rule-problems"));
    m_overview->setToolTip(tr("The rules in the order they are tried: the first enabled rule whose conditions all hold decides"));

    auto *overviewBox = new QWidget;
    auto *overviewLayout = new QVBoxLayout(overviewBox);
    overviewLayout->setContentsMargins(0, 0, 0, 0);
    overviewLayout->addWidget(new QLabel(tr("<b>Rules, in the order they are tried</b>")));
    overviewLayout->addWidget(m_overview);

    auto *problemsBox = new QWidget;
    auto *problemsLayout = new QVBoxLayout(problemsBox);
    problemsLayout->setContentsMargins(0, 0, 0, 0);
    problemsLayout->addWidget(m_verdict);
    problemsLayout->addWidget(m_problemList);

    auto *split = new QSplitter(Qt::Vertical);
    split->addWidget(overviewBox);
    split->addWidget(m_text);
    split->addWidget(problemsBox);
    split->setStretchFactor(0, 2);
    split->setStretchFactor(1, 4);
    split->setStretchFactor(2, 1);
    split->setChildrenCollapsible(false);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(split);

    m_debounce->setSingleShot(true);
    m_debounce->setInterval(150);
    connect(m_debounce, &QTimer::timeout, this, &RuleSetEditor::check);
    connect(m_text, &QPlainTextEdit::textChanged, m_debounce, qOverload<>(&QTimer::start));
    connect(m_overview, &QTreeWidget::itemActivated, this,
            [this](QTreeWidgetItem *item) { goToRule(item->data(0, Qt::UserRole).toInt()); });
    connect(m_overview, &QTreeWidget::itemClicked, this,
            [this](QTreeWidgetItem *item) { goToRule(item->data(0, Qt::UserRole).toInt()); });
    connect(m_problemList, &QListWidget::itemClicked, this,
            [this](QListWidgetItem *item) { goToRule(item->data(Qt::UserRole).toInt()); });
    load({}, 0);
}

void RuleSetEditor::load(const RuleSet &rules, qint64 fromVersion)
{
    m_baseVersion = fromVersion;
    m_loadedText = prettyJson(rules);
    m_text->setPlainText(m_loadedText);
    check();
}

void RuleSetEditor::setKnownTargets(const QStringList &targets)
{
    m_knownTargets = targets;
    m_haveTargets = true;
    check();
}

bool RuleSetEditor::isModified() const
{
    return m_text->toPlainText() != m_loadedText;
}

std::optional<RuleSet> RuleSetEditor::validRules() const
{
    if (m_debounce->isActive())
        const_cast<RuleSetEditor *>(this)->check();
    return m_problems.empty() ? m_parsed : std::nullopt;
}

void RuleSetEditor::check()
{
    m_debounce->stop();
    m_parsed.reset();
    m_problems.clear();
    const QByteArray text = m_text->toPlainText().toUtf8();
    try {
        const nlohmann::json json = nlohmann::json::parse(text.begin(), text.end());
        m_parsed = core::routing::ruleSetFromJson(json, m_problems);
    } catch (const nlohmann::json::parse_error &error) {
        m_problems.push_back(syntaxProblem(text, error));
    }
    if (m_parsed) {
        m_problems = core::routing::validate(*m_parsed, m_haveTargets ? std::optional(m_knownTargets) : std::nullopt);
        showOverview(*m_parsed);
    }
    showProblems();
    Q_EMIT changed();
}

void RuleSetEditor::showOverview(const RuleSet &rules)
{
    m_overview->clear();
    for (std::size_t i = 0; i < rules.rules.size(); ++i) {
        const auto &rule = rules.rules[i];
        auto *item = new QTreeWidgetItem({ QString::number(i + 1), rule.enabled ? tr("on") : tr("off"), rule.name,
                                           core::routing::describeConditions(rule.when),
                                           core::routing::describePlan(rule.then) });
        item->setData(0, Qt::UserRole, int(i));
        item->setToolTip(2, rule.description);
        if (!rule.enabled) {
            for (int column = 0; column < item->columnCount(); ++column)
                item->setForeground(column, palette().color(QPalette::Disabled, QPalette::Text));
        }
        m_overview->addTopLevelItem(item);
    }
    fitColumns(m_overview);
}

void RuleSetEditor::showProblems()
{
    m_problemList->clear();
    for (const RuleProblem &problem : m_problems) {
        auto *item = new QListWidgetItem(problem.path.isEmpty() ? problem.message : problem.path + QLatin1String(": ") + problem.message);
        item->setData(Qt::UserRole, ruleIndexOf(problem.path));
        item->setIcon(style()->standardIcon(QStyle::SP_MessageBoxWarning));
        m_problemList->addItem(item);
    }
    m_problemList->setVisible(!m_problems.empty());
    if (m_problems.empty()) {
        const qsizetype count = m_parsed ? qsizetype(m_parsed->rules.size()) : 0;
        const QString rules = count == 0 ? tr("no rules: every call goes to the model it asks for")
                              : count == 1 ? tr("1 rule")
                                           : tr("%1 rules").arg(count);
        m_verdict->setText(tr("<span style='color:#1b7f3b'>✓</span> Valid: %1%2.")
                               .arg(rules, m_haveTargets && count > 0 ? tr(", every target exists") : QString()));
    } else {
        m_verdict->setText(m_problems.size() == 1
                ? tr("<span style='color:#b3261e'>✗</span> One problem to fix before this can be saved. Click it to go to its rule.")
                : tr("<span style='color:#b3261e'>✗</span> %1 problems to fix before this can be saved. Click one to go to its "
                     "rule.").arg(m_problems.size()));
    }
}

void RuleSetEditor::goToRule(int index)
{
    if (index < 0 || !m_parsed || std::size_t(index) >= m_parsed->rules.size())
        return;
    const QString needle = QStringLiteral("\"name\": ") + QString::fromStdString(nlohmann::json(m_parsed->rules[std::size_t(index)].name.toStdString()).dump());
    const QTextCursor found = m_text->document()->find(needle);
    if (found.isNull())
        return;
    m_text->setTextCursor(found);
    m_text->centerCursor();
    m_text->setFocus();
}

} // namespace switchboard::ui
