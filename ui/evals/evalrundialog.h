#pragma once

#include "evals/evalrun.h"

#include <QDialog>

#include <vector>

class QComboBox;
class QDialogButtonBox;
class QLabel;
class QSpinBox;

namespace switchboard::ui {

// Asks what to evaluate: a prompt version, the model to run it on, the dataset, how many times
// each item is asked and how many calls run at once, and the model that grades rubrics.
class EvalRunDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EvalRunDialog)

public:
    struct PromptChoice
    {
        QString name;
        std::vector<std::pair<qint64, QString>> versions; // number, and its labels ("production")
    };
    struct Choices
    {
        std::vector<PromptChoice> prompts;
        QStringList aliases;
        QStringList datasets;
    };

    EvalRunDialog(const Choices &choices, const core::evals::EvalRunSpec &suggested, QWidget *parent = nullptr);

    core::evals::EvalRunSpec spec() const;

private:
    void fillVersions();
    void check();

    Choices m_choices;
    QComboBox *m_prompt;
    QComboBox *m_version;
    QComboBox *m_model;
    QComboBox *m_dataset;
    QSpinBox *m_repeats;
    QSpinBox *m_concurrency;
    QComboBox *m_judge;
    QLabel *m_problem;
    QDialogButtonBox *m_buttons;
};

} // namespace switchboard::ui
