#pragma once

#include "common/noticeline.h"
#include "common/page.h"
#include "evals/dataset.h"
#include "evals/evalrun.h"
#include "store/labelgaterepository.h"

#include <map>
#include <vector>

class QProgressBar;
class QStackedWidget;
class QTabWidget;
class QTableWidget;
class QTextBrowser;
class QToolButton;

namespace switchboard::core::evals {
class EvalRunner;
}

namespace switchboard::ui {

class EvalResultsView;
class StoreClient;

// Evidence before a prompt or model change ships: the eval runs (newest first) with their
// pass rates, cost and latency; one run's cases with every verdict and its reason; two runs
// compared, regressions first; the datasets and their items, and the gates on prompt labels.
// Runs go on a thread of their own with progress and cancel; a cancelled run resumes.
class EvalsPage final : public Page
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EvalsPage)

public:
    struct Contents
    {
        std::vector<core::evals::EvalRun> runs;
        std::vector<core::evals::DatasetSummary> datasets;
        std::vector<core::store::LabelGate> gates;
    };

    explicit EvalsPage(QWidget *parent = nullptr);
    ~EvalsPage() override;

    void setWorkspace(const core::store::WorkspaceSummary &summary) override;
    void clearWorkspace() override;

    void refresh();
    void startRun(const core::evals::EvalRunSpec &spec);
    void resumeSelected();
    void cancelRun();
    void importDataset(const QString &path, const QString &name);
    // Shows the cases of the run in the row, or compares the two runs selected.
    void showSelection();

    const Contents &contents() const { return m_contents; }
    QTableWidget *runTable() const { return m_runs; }
    QTableWidget *datasetTable() const { return m_datasets; }
    EvalResultsView *resultsView() const { return m_results; }
    QTextBrowser *comparisonView() const { return m_comparison; }
    QTabWidget *tabs() const { return m_tabs; }
    NoticeLine *notice() const { return m_notice; }
    QProgressBar *progress() const { return m_progress; }

Q_SIGNALS:
    void refreshed();
    void selectionShown();
    void runEnded(const core::evals::EvalRun &run);
    void failed(const QString &message);

protected:
    EmptyState::Content emptyContent() const override;

private:
    QWidget *buildContent();
    void showContents(const Contents &contents);
    void showRuns();
    void showDatasets();
    void showItems(int row);
    void askForRun();
    void askForImport();
    void updateButtons();
    std::vector<const core::evals::EvalRun *> selectedRuns() const;
    void showNotice(const QString &text, bool problem);

    StoreClient *m_store;
    core::evals::EvalRunner *m_runner = nullptr;
    int m_job = 0;
    QTabWidget *m_tabs;
    QTableWidget *m_runs;
    QStackedWidget *m_detail;
    EvalResultsView *m_results;
    QTextBrowser *m_comparison;
    QTableWidget *m_datasets;
    QTableWidget *m_items;
    NoticeLine *m_notice;
    QProgressBar *m_progress;
    QToolButton *m_resume = nullptr;
    QToolButton *m_cancel = nullptr;
    QToolButton *m_compare = nullptr;
    Contents m_contents;
};

} // namespace switchboard::ui
