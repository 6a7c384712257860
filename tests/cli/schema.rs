//! The committed JSON Schema matches the one generated from the report types.
//! After a deliberate change: `ADVISOR_BLESS=1 cargo test --test cli schema` rewrites it.

const PATH: &str = "docs/json-output.schema.json";

#[test]
fn the_committed_schema_is_current() {
    let generated = advisor::render::json_schema();
    if std::env::var_os("ADVISOR_BLESS").is_some() {
        std::fs::write(PATH, &generated).unwrap();
    }
    let committed = std::fs::read_to_string(PATH).unwrap_or_default();
    assert!(
        committed == generated,
        "{PATH} is out of date: run ADVISOR_BLESS=1 cargo test --test cli schema, then review \
         the diff and update docs/json-output.md and CHANGELOG.md"
    );
}

#[test]
fn the_schema_names_every_command_document() {
    let schema: serde_json::Value = serde_json::from_str(&advisor::render::json_schema()).unwrap();
    let any_of = schema["anyOf"].as_array().expect("anyOf of documents");
    assert_eq!(any_of.len(), 11);
    let text = schema.to_string();
    for field in [
        "schema_version",
        "recommendations",
        "savings",
        "workloads",
        "instances",
        "diagnostics",
        "changes",
    ] {
        assert!(text.contains(field), "{field}");
    }
}
