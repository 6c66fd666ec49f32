#include "prompts/modelconfigform.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFontDatabase>
#include <QFormLayout>
#include <QIntValidator>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QSpinBox>

namespace switchboard::ui {

using core::ResponseFormat;
using core::ToolDefinition;
using core::prompts::ModelConfig;
using nlohmann::json;

namespace {

constexpr double kUnset = -0.01; // a spin box at its minimum shows "not set"

QDoubleSpinBox *optionalNumber(double maximum, double step)
{
    auto *box = new QDoubleSpinBox;
    box->setRange(kUnset, maximum);
    box->setDecimals(2);
    box->setSingleStep(step);
    box->setSpecialValueText(QObject::tr("not set"));
    box->setValue(kUnset);
    return box;
}

std::optional<double> valueOf(const QDoubleSpinBox *box)
{
    return box->value() <= kUnset + 1e-9 ? std::nullopt : std::optional<double>(box->value());
}

json parsed(const QPlainTextEdit *edit)
{
    const QString text = edit->toPlainText().trimmed();
    return text.isEmpty() ? json() : json::parse(text.toStdString(), nullptr, false);
}

QPlainTextEdit *jsonEdit(const QString &placeholder)
{
    auto *edit = new QPlainTextEdit;
    edit->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    edit->setPlaceholderText(placeholder);
    edit->setMaximumHeight(110);
    edit->setTabChangesFocus(true);
    return edit;
}

} // namespace

ModelConfigForm::ModelConfigForm(QWidget *parent)
    : QWidget(parent), m_target(new QComboBox), m_temperature(optionalNumber(2, 0.1)), m_topP(optionalNumber(1, 0.05)),
      m_maxTokens(new QSpinBox), m_seed(new QLineEdit), m_stop(new QLineEdit), m_format(new QComboBox),
      m_schemaName(new QLineEdit), m_strict(new QCheckBox(tr("Strict"))),
      m_schema(jsonEdit(tr("{\"type\": \"object\", \"properties\": {…}}"))),
      m_tools(jsonEdit(tr("[{\"type\": \"function\", \"function\": {\"name\": \"…\", \"parameters\": {…}}}]")))
{
    m_target->setEditable(true);
    m_target->setToolTip(tr("A pinned alias (recommended: the pin decides the snapshot), or provider/model."));
    m_target->setObjectName(QStringLiteral("target"));
    m_maxTokens->setRange(0, 1'000'000);
    m_maxTokens->setSpecialValueText(tr("not set"));
    m_seed->setValidator(new QIntValidator(this));
    m_seed->setPlaceholderText(tr("not set"));
    m_stop->setPlaceholderText(tr("comma-separated"));
    m_format->addItem(tr("Text"), int(ResponseFormat::Kind::Text));
    m_format->addItem(tr("JSON object"), int(ResponseFormat::Kind::JsonObject));
    m_format->addItem(tr("JSON schema"), int(ResponseFormat::Kind::JsonSchema));
    m_schemaName->setPlaceholderText(tr("schema name"));

    auto *form = new QFormLayout(this);
    form->setContentsMargins(0, 0, 0, 0);
    form->addRow(tr("Model"), m_target);
    form->addRow(tr("Temperature"), m_temperature);
    form->addRow(tr("Top p"), m_topP);
    form->addRow(tr("Max output tokens"), m_maxTokens);
    form->addRow(tr("Seed"), m_seed);
    form->addRow(tr("Stop"), m_stop);
    form->addRow(tr("Response format"), m_format);
    form->addRow(QString(), m_schemaName);
    form->addRow(QString(), m_strict);
    form->addRow(QString(), m_schema);
    form->addRow(tr("Tools"), m_tools);
    const auto showSchema = [this] {
        const bool schema = m_format->currentData().toInt() == int(ResponseFormat::Kind::JsonSchema);
        m_schemaName->setVisible(schema);
        m_strict->setVisible(schema);
        m_schema->setVisible(schema);
    };
    showSchema();
    connect(m_format, &QComboBox::currentIndexChanged, this, showSchema);

    connect(m_target, &QComboBox::currentTextChanged, this, &ModelConfigForm::changed);
    connect(m_temperature, &QDoubleSpinBox::valueChanged, this, &ModelConfigForm::changed);
    connect(m_topP, &QDoubleSpinBox::valueChanged, this, &ModelConfigForm::changed);
    connect(m_maxTokens, &QSpinBox::valueChanged, this, &ModelConfigForm::changed);
    connect(m_seed, &QLineEdit::textChanged, this, &ModelConfigForm::changed);
    connect(m_stop, &QLineEdit::textChanged, this, &ModelConfigForm::changed);
    connect(m_format, &QComboBox::currentIndexChanged, this, &ModelConfigForm::changed);
    connect(m_schemaName, &QLineEdit::textChanged, this, &ModelConfigForm::changed);
    connect(m_strict, &QCheckBox::toggled, this, &ModelConfigForm::changed);
    connect(m_schema, &QPlainTextEdit::textChanged, this, &ModelConfigForm::changed);
    connect(m_tools, &QPlainTextEdit::textChanged, this, &ModelConfigForm::changed);
}

void ModelConfigForm::setAliases(const QStringList &aliases)
{
    const QString current = m_target->currentText();
    const QSignalBlocker block(m_target);
    m_target->clear();
    m_target->addItems(aliases);
    m_target->setCurrentText(current);
}

void ModelConfigForm::setConfig(const ModelConfig &config)
{
    const QSignalBlocker blocks[] { QSignalBlocker(m_target), QSignalBlocker(m_temperature), QSignalBlocker(m_topP),
                                    QSignalBlocker(m_maxTokens), QSignalBlocker(m_seed), QSignalBlocker(m_stop),
                                    QSignalBlocker(m_format), QSignalBlocker(m_schemaName), QSignalBlocker(m_strict),
                                    QSignalBlocker(m_schema), QSignalBlocker(m_tools) };
    m_target->setCurrentText(config.target());
    m_temperature->setValue(config.temperature.value_or(kUnset));
    m_topP->setValue(config.topP.value_or(kUnset));
    m_maxTokens->setValue(int(config.maxOutputTokens.value_or(0)));
    m_seed->setText(config.seed ? QString::number(*config.seed) : QString());
    m_stop->setText(config.stop.join(QStringLiteral(", ")));
    m_format->setCurrentIndex(m_format->findData(int(config.responseFormat.kind)));
    m_schemaName->setText(config.responseFormat.schemaName);
    m_strict->setChecked(config.responseFormat.strict);
    m_schema->setPlainText(config.responseFormat.schema.is_null() ? QString()
                                                                   : QString::fromStdString(config.responseFormat.schema.dump(2)));
    ModelConfig toolsOnly;
    toolsOnly.tools = config.tools;
    json tools = core::prompts::toJson(toolsOnly).value("tools", json());
    m_tools->setPlainText(tools.is_null() ? QString() : QString::fromStdString(tools.dump(2)));
    Q_EMIT m_format->currentIndexChanged(m_format->currentIndex()); // shows or hides the schema
}

ModelConfig ModelConfigForm::config() const
{
    ModelConfig out;
    const QString target = m_target->currentText().trimmed();
    if (const qsizetype slash = target.indexOf(u'/'); slash > 0) {
        out.provider = target.left(slash);
        out.model = target.mid(slash + 1);
    } else {
        out.alias = target;
    }
    out.temperature = valueOf(m_temperature);
    out.topP = valueOf(m_topP);
    if (m_maxTokens->value() > 0)
        out.maxOutputTokens = m_maxTokens->value();
    if (!m_seed->text().isEmpty())
        out.seed = m_seed->text().toLongLong();
    for (const QString &stop : m_stop->text().split(u',', Qt::SkipEmptyParts))
        out.stop.push_back(stop.trimmed());
    out.responseFormat.kind = static_cast<ResponseFormat::Kind>(m_format->currentData().toInt());
    if (out.responseFormat.kind == ResponseFormat::Kind::JsonSchema) {
        out.responseFormat.schemaName = m_schemaName->text().trimmed();
        out.responseFormat.strict = m_strict->isChecked();
        if (json schema = parsed(m_schema); schema.is_object())
            out.responseFormat.schema = std::move(schema);
    }
    QStringList ignored;
    if (json tools = parsed(m_tools); tools.is_array()) {
        if (auto read = core::prompts::contentFromJson(json { { "messages", { { { "role", "user" }, { "template", "" } } } },
                                                              { "model", { { "tools", tools } } } },
                                                       QString(), ignored))
            out.tools = read->model.tools;
    }
    return out;
}

QStringList ModelConfigForm::problems() const
{
    QStringList out;
    if (m_format->currentData().toInt() == int(ResponseFormat::Kind::JsonSchema)) {
        if (!parsed(m_schema).is_object())
            out.push_back(tr("Response format: the JSON schema is not a JSON object."));
        if (m_schemaName->text().trimmed().isEmpty())
            out.push_back(tr("Response format: a JSON schema needs a name."));
    }
    if (const json tools = parsed(m_tools); !tools.is_null() && !tools.is_array())
        out.push_back(tr("Tools: not a JSON list of tools."));
    if (m_target->currentText().trimmed().isEmpty())
        out.push_back(tr("Model: choose a pinned alias or type provider/model."));
    return out;
}

} // namespace switchboard::ui
