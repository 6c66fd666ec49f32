#pragma once

#include "prompts/promptcontent.h"

#include <QWidget>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLineEdit;
class QPlainTextEdit;
class QSpinBox;

namespace switchboard::ui {

// The model configuration of a version: a pinned alias or provider/model, sampling
// parameters (each can be left unset), stop sequences, response format and tools.
class ModelConfigForm final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ModelConfigForm)

public:
    explicit ModelConfigForm(QWidget *parent = nullptr);

    void setAliases(const QStringList &aliases);
    void setConfig(const core::prompts::ModelConfig &config);
    core::prompts::ModelConfig config() const;
    // What cannot be read as typed (a schema or tools that are not JSON), by field.
    QStringList problems() const;

Q_SIGNALS:
    void changed();

private:
    QComboBox *m_target;
    QDoubleSpinBox *m_temperature;
    QDoubleSpinBox *m_topP;
    QSpinBox *m_maxTokens;
    QLineEdit *m_seed;
    QLineEdit *m_stop;
    QComboBox *m_format;
    QLineEdit *m_schemaName;
    QCheckBox *m_strict;
    QPlainTextEdit *m_schema;
    QPlainTextEdit *m_tools;
};

} // namespace switchboard::ui
