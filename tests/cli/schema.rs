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
    assert_eq!(any_of.len(), 12);
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

/// Each document type pins its `schema_version` and `command`, and is named after its command
/// (`RecommendDocument`, not `Doc2`): a recommend body labelled `compare`, or version 2, does not
/// validate. Every golden JSON document's command has its own definition.
#[test]
fn each_document_pins_its_version_and_command() {
    let schema: serde_json::Value = serde_json::from_str(&advisor::render::json_schema()).unwrap();
    let defs = schema["$defs"].as_object().unwrap();
    assert!(
        !defs.keys().any(|k| k.starts_with("Doc")),
        "{:?}",
        defs.keys().collect::<Vec<_>>()
    );
    let mut commands = std::collections::BTreeMap::new();
    for doc in schema["anyOf"].as_array().unwrap() {
        let name = doc["$ref"].as_str().unwrap().trim_start_matches("#/$defs/");
        let props = &defs[name]["properties"];
        assert_eq!(props["schema_version"]["const"], 1, "{name}");
        if name != "ErrorDocument" {
            let command = props["command"]["const"]
                .as_str()
                .unwrap_or_else(|| panic!("{name}"));
            commands.insert(command.to_string(), name.to_string());
        }
    }
    assert_eq!(commands["recommend"], "RecommendDocument");
    assert_eq!(commands["catalog list"], "CatalogListDocument");
    for entry in std::fs::read_dir("tests/cmd").unwrap() {
        let path = entry.unwrap().path();
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        let Ok(doc) = serde_json::from_str::<serde_json::Value>(&text) else {
            continue;
        };
        if doc.get("error").is_some() {
            continue;
        }
        let command = doc["command"].as_str().unwrap();
        assert!(
            commands.contains_key(command),
            "{}: {command}",
            path.display()
        );
    }
}
