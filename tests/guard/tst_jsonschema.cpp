// JSON Schema as structured outputs use it: each keyword passing and failing, with where the
// value breaks the schema and how.
#include "guard/jsonschema.h"

#include <QTest>

using namespace switchboard::core::guard;
using nlohmann::json;

namespace {

// An order: a sku like A-7, an optional short note, a priority, and items of 1 to 99.
json order()
{
    const json item { { "type", "object" },
                      { "required", { "qty" } },
                      { "properties", { { "qty", { { "type", "integer" }, { "minimum", 1 }, { "exclusiveMaximum", 100 } } } } } };
    return { { "type", "object" },
             { "required", { "sku", "items" } },
             { "additionalProperties", false },
             { "properties",
               { { "sku", { { "type", "string" }, { "pattern", "^[A-Z]-\\d+$" } } },
                 { "note", { { "type", { "string", "null" } }, { "maxLength", 10 } } },
                 { "priority", { { "enum", { "low", "high" } } } },
                 { "items", { { "type", "array" }, { "minItems", 1 }, { "items", { { "$ref", "#/$defs/item" } } } } } } },
             { "$defs", { { "item", item } } } };
}

const json kOrder = order();

QString violation(const char *value, const json &schema = kOrder)
{
    return schemaViolation(json::parse(value), schema).value_or(QString());
}

} // namespace

class TestJsonSchema final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void conformingValuesPass()
    {
        QCOMPARE(violation("{\"sku\": \"A-7\", \"items\": [{\"qty\": 2}], \"note\": null, \"priority\": \"high\"}"), QString());
        QCOMPARE(violation("{\"sku\": \"B-12\", \"items\": [{\"qty\": 99.0}], \"note\": \"rush\"}"), QString());
    }

    void eachKeywordSaysWhereAndWhat()
    {
        QCOMPARE(violation("{\"items\": [{\"qty\": 1}]}"), QStringLiteral("$: \"sku\" is required and missing"));
        QCOMPARE(violation("{\"sku\": \"a7\", \"items\": [{\"qty\": 1}]}"), QStringLiteral("$.sku: \"a7\" does not match /^[A-Z]-\\d+$/"));
        QCOMPARE(violation("{\"sku\": 7, \"items\": [{\"qty\": 1}]}"), QStringLiteral("$.sku: integer where the schema wants string"));
        QCOMPARE(violation("{\"sku\": \"A-7\", \"items\": []}"), QStringLiteral("$.items: 0 items, fewer than 1"));
        QCOMPARE(violation("{\"sku\": \"A-7\", \"items\": [{\"qty\": 1}, {\"qty\": 0}]}"), QStringLiteral("$.items[1].qty: 0 is below the minimum 1"));
        QCOMPARE(violation("{\"sku\": \"A-7\", \"items\": [{\"qty\": 100}]}"), QStringLiteral("$.items[0].qty: 100 is not below 100"));
        QCOMPARE(violation("{\"sku\": \"A-7\", \"items\": [{\"qty\": 1.5}]}"), QStringLiteral("$.items[0].qty: number where the schema wants integer"));
        QCOMPARE(violation("{\"sku\": \"A-7\", \"items\": [{}]}"), QStringLiteral("$.items[0]: \"qty\" is required and missing"));
        QCOMPARE(violation("{\"sku\": \"A-7\", \"items\": [{\"qty\": 1}], \"priority\": \"urgent\"}"),
                 QStringLiteral("$.priority: \"urgent\" is not one of [\"low\",\"high\"]"));
        QCOMPARE(violation("{\"sku\": \"A-7\", \"items\": [{\"qty\": 1}], \"note\": \"much too long\"}"), QStringLiteral("$.note: 13 characters, more than 10"));
        QCOMPARE(violation("{\"sku\": \"A-7\", \"items\": [{\"qty\": 1}], \"colour\": \"red\"}"),
                 QStringLiteral("$: \"colour\" is not a property the schema allows"));
    }

    void combinationsAndReferences()
    {
        const json either = json::parse("{\"oneOf\": [{\"type\": \"string\"}, {\"type\": \"integer\", \"minimum\": 0}]}");
        QCOMPARE(violation("\"yes\"", either), QString());
        QCOMPARE(violation("3", either), QString());
        QVERIFY(violation("-3", either).startsWith(QLatin1String("$: matches none of the oneOf choices")));
        const json both = json::parse("{\"oneOf\": [{\"type\": \"number\"}, {\"type\": \"integer\"}]}");
        QCOMPARE(violation("3", both), QStringLiteral("$: matches 2 of the oneOf choices, where exactly one must"));
        const json loop = json::parse("{\"$ref\": \"#\"}");
        QVERIFY(violation("1", loop).contains(QLatin1String("too deeply")));
        const json missing = json::parse("{\"$ref\": \"#/$defs/none\"}");
        QVERIFY(violation("1", missing).contains(QLatin1String("cannot be followed")));
        QCOMPARE(violation("1", json(false)), QStringLiteral("$: no value is allowed here"));
        QCOMPARE(violation("1", json::object()), QString());
    }
};

QTEST_GUILESS_MAIN(TestJsonSchema)
#include "tst_jsonschema.moc"
