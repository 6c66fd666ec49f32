#pragma once

#include "evals/evalrun.h"

#include <QWidget>

#include <map>
#include <vector>

class QLabel;
class QTableWidget;
class QTextBrowser;

namespace switchboard::ui {

// One run's cases: how each kind of assertion fared, then each item and repeat, passed or why not, latency, cost and the answer; the
// selected case's answer in full beside every verdict and its reason.
class EvalResultsView final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EvalResultsView)

public:
    explicit EvalResultsView(QWidget *parent = nullptr);

    // `labels` names items by id.
    void setResults(const std::vector<core::evals::EvalCaseResult> &results, const std::map<qint64, QString> &labels);
    QTableWidget *table() const { return m_table; }
    QLabel *summary() const { return m_summary; }
    QTextBrowser *detail() const { return m_detail; }

private:
    void showCase(int row);

    QLabel *m_summary;
    QTableWidget *m_table;
    QTextBrowser *m_detail;
    std::vector<core::evals::EvalCaseResult> m_results;
};

// Why a case failed, in a line: the call's error, or its failed verdicts' reasons.
QString caseSummary(const core::evals::EvalCaseResult &result);

} // namespace switchboard::ui
