#include "evals/datasetfile.h"

#include "evals/assertion.h"

#include <QFile>
#include <QFileInfo>

namespace switchboard::core::evals {
namespace {

using nlohmann::json;

Result<json> assertionsOf(const json &list, const QString &where)
{
    if (!list.is_array())
        return fail(ErrorCode::InvalidArgument, QStringLiteral("%1: \"assert\" is a list of assertions.").arg(where));
    for (const json &entry : list) {
        if (auto parsed = parseAssertion(entry); !parsed)
            return fail(ErrorCode::InvalidArgument, where + QStringLiteral(": ") + parsed.error().message);
    }
    return list;
}

// The records of a CSV text, each a list of fields; RFC 4180: quoted fields may hold commas, newlines and "" for ".
std::vector<std::vector<QString>> csvRecords(const QString &text, QString *problem)
{
    std::vector<std::vector<QString>> records(1);
    QString field;
    bool quoted = false;
    bool fieldStarted = false;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (quoted) {
            if (c == u'"' && i + 1 < text.size() && text.at(i + 1) == u'"') {
                field += u'"';
                ++i;
            } else if (c == u'"') {
                quoted = false;
            } else {
                field += c;
            }
            continue;
        }
        if (c == u'"' && !fieldStarted) {
            quoted = true;
            fieldStarted = true;
        } else if (c == u',') {
            records.back().push_back(field);
            field.clear();
            fieldStarted = false;
        } else if (c == u'\n' || c == u'\r') {
            if (c == u'\r' && i + 1 < text.size() && text.at(i + 1) == u'\n')
                ++i;
            records.back().push_back(field);
            field.clear();
            fieldStarted = false;
            records.emplace_back();
        } else {
            field += c;
            fieldStarted = true;
        }
    }
    if (quoted)
        *problem = QStringLiteral("a quoted field is not closed: a \" is missing");
    if (fieldStarted || !records.back().empty())
        records.back().push_back(field);
    std::erase_if(records, [](const std::vector<QString> &r) { return r.empty() || (r.size() == 1 && r.front().isEmpty()); });
    return records;
}

// "contains: refund" as an assertion; plain text is equals.
Result<json> expectedAssertion(const QString &cell)
{
    const qsizetype colon = cell.indexOf(u':');
    const QString head = colon > 0 ? cell.left(colon).trimmed() : cell.trimmed();
    const QString name = head.startsWith(QLatin1String("not-")) ? head.mid(4) : head;
    static const QStringList known { QStringLiteral("equals"), QStringLiteral("contains"), QStringLiteral("icontains"),
                                     QStringLiteral("regex"), QStringLiteral("is-json"), QStringLiteral("similar"),
                                     QStringLiteral("latency"), QStringLiteral("cost"), QStringLiteral("max-output-tokens") };
    json assertion;
    if (!known.contains(name)) {
        assertion = { { "type", "equals" }, { "value", cell.toStdString() } };
    } else {
        assertion = { { "type", head.toStdString() } };
        const QString value = colon > 0 ? cell.mid(colon + 1).trimmed() : QString();
        bool isNumber = false;
        const double numeric = value.toDouble(&isNumber);
        if (name == QLatin1String("latency") || name == QLatin1String("cost") || name == QLatin1String("max-output-tokens")
            || name == QLatin1String("similar")) {
            if (isNumber)
                assertion["threshold"] = numeric;
        } else if (!value.isEmpty()) {
            assertion["value"] = value.toStdString();
        }
    }
    if (auto parsed = parseAssertion(assertion); !parsed)
        return std::unexpected(parsed.error());
    return assertion;
}

} // namespace

Result<DatasetItem> parseDatasetItem(const json &object, const QString &where)
{
    DatasetItem item;
    const json &vars = object.contains("vars") ? object["vars"] : object.value("variables", json());
    if (vars.is_object()) {
        item.input = { { "variables", vars } };
    } else if (object.contains("messages") && object["messages"].is_array() && !object["messages"].empty()) {
        item.input = { { "messages", object["messages"] } };
    } else {
        return fail(ErrorCode::InvalidArgument, where + QStringLiteral(": give the item \"vars\" (an object of the prompt's "
                                                                       "variables) or \"messages\" (a list)."));
    }
    for (const char *key : { "expected", "reference", "reference_output" }) {
        if (object.contains(key) && object[key].is_string())
            item.referenceOutput = QString::fromStdString(object[key].get<std::string>());
    }
    if (object.contains("assert")) {
        auto assertions = assertionsOf(object["assert"], where);
        if (!assertions)
            return std::unexpected(assertions.error());
        item.assertions = *assertions;
    }
    return item;
}

Result<std::vector<DatasetItem>> parseDatasetJsonLines(QByteArrayView bytes)
{
    std::vector<DatasetItem> items;
    int lineNumber = 0;
    for (const QByteArrayView line : QByteArray(bytes.data(), bytes.size()).split('\n')) {
        ++lineNumber;
        if (line.trimmed().isEmpty())
            continue;
        const QString where = QStringLiteral("Line %1").arg(lineNumber);
        const json object = json::parse(line.begin(), line.end(), nullptr, false);
        if (object.is_discarded() || !object.is_object())
            return fail(ErrorCode::InvalidArgument, where + QStringLiteral(": not a JSON object. Each line is one item, e.g. "
                                                                           "{\"vars\": {\"question\": \"...\"}, \"expected\": \"...\"}."));
        auto item = parseDatasetItem(object, where);
        if (!item)
            return std::unexpected(item.error());
        items.push_back(std::move(*item));
    }
    if (items.empty())
        return fail(ErrorCode::InvalidArgument, QStringLiteral("The file has no items: write one JSON object per line."));
    return items;
}

Result<std::vector<DatasetItem>> parseDatasetCsv(QByteArrayView bytes)
{
    QString problem;
    const auto records = csvRecords(QString::fromUtf8(bytes.data(), bytes.size()), &problem);
    if (!problem.isEmpty())
        return fail(ErrorCode::InvalidArgument, QStringLiteral("The CSV cannot be read: %1.").arg(problem));
    if (records.size() < 2)
        return fail(ErrorCode::InvalidArgument, QStringLiteral("The CSV needs a header line (the variables' names) and at least one item."));
    const std::vector<QString> &header = records.front();
    for (const QString &column : header) {
        if (column.startsWith(QLatin1String("__")) && !column.startsWith(QLatin1String("__expected"))
            && column != QLatin1String("__reference") && column != QLatin1String("__description") && column != QLatin1String("__metric"))
            return fail(ErrorCode::InvalidArgument, QStringLiteral("The column %1 is not one this import reads (__expected, __reference, "
                                                                   "__description): rename or remove it.").arg(column));
    }
    std::vector<DatasetItem> items;
    for (std::size_t r = 1; r < records.size(); ++r) {
        const QString where = QStringLiteral("Row %1").arg(r + 1);
        if (records[r].size() != header.size())
            return fail(ErrorCode::InvalidArgument, where + QStringLiteral(": %1 fields where the header has %2; quote fields "
                                                                           "that hold commas.").arg(records[r].size()).arg(header.size()));
        DatasetItem item;
        json variables = json::object();
        for (std::size_t c = 0; c < header.size(); ++c) {
            const QString &column = header[c];
            const QString &cell = records[r][c];
            if (column.startsWith(QLatin1String("__expected"))) {
                if (cell.trimmed().isEmpty())
                    continue;
                auto assertion = expectedAssertion(cell);
                if (!assertion)
                    return fail(ErrorCode::InvalidArgument, where + QStringLiteral(", ") + column + QStringLiteral(": ") + assertion.error().message);
                item.assertions.push_back(*assertion);
            } else if (column == QLatin1String("__reference")) {
                item.referenceOutput = cell;
            } else if (!column.startsWith(QLatin1String("__"))) {
                variables[column.toStdString()] = cell.toStdString();
            }
        }
        item.input = { { "variables", variables } };
        items.push_back(std::move(item));
    }
    return items;
}

Result<std::vector<DatasetItem>> readDatasetFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return fail(ErrorCode::Io, QStringLiteral("%1 cannot be read: %2.").arg(path, file.errorString()));
    const QByteArray bytes = file.readAll();
    const QString suffix = QFileInfo(path).suffix().toLower();
    if (suffix == QLatin1String("jsonl") || suffix == QLatin1String("ndjson"))
        return parseDatasetJsonLines(bytes);
    if (suffix == QLatin1String("csv"))
        return parseDatasetCsv(bytes);
    if (suffix == QLatin1String("yaml") || suffix == QLatin1String("yml"))
        return parseDatasetYaml(bytes);
    return fail(ErrorCode::Unsupported, QStringLiteral("%1: import reads .jsonl, .csv and promptfoo .yaml files.").arg(QFileInfo(path).fileName()));
}

} // namespace switchboard::core::evals
