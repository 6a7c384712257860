//! The crate's layering (src/lib.rs, "Architecture" in README.md): each module imports only from
//! its own layer or below, no two source files import each other even through others, and the
//! renderers see only result types. Read from the `use` lines and paths of `src/`, outside test
//! modules, as a maintainer would check it by eye.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Layers, bottom to top, by top-level module.
const LAYERS: &[(&str, &[&str])] = &[
    (
        "leaves",
        &[
            "units", "money", "suggest", "codes", "diag", "error", "vocab",
        ],
    ),
    ("catalog", &["catalog"]),
    ("request", &["workload", "plan_file", "metrics"]),
    ("answer", &["answer"]),
    ("sizing", &["sizing"]),
    (
        "compute",
        &[
            "engine",
            "compare",
            "diff",
            "query",
            "plan",
            "import",
            "rightsize",
        ],
    ),
    ("render", &["render"]),
    ("binary", &["main", "cli", "commands", "exit"]),
];

/// What the renderers may import: result types and the leaves.
const RENDER_MAY_USE: &[&str] = &[
    "answer", "render", "units", "money", "codes", "diag", "error", "vocab", "suggest",
];

/// One source file: its module path (`catalog::validate`) and its text without comments and
/// without its `#[cfg(test)]` module.
struct Source {
    module: Vec<String>,
    text: String,
}

/// Every `.rs` file under `src/`, sorted.
fn rust_files() -> Vec<std::path::PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                walk(&p, out);
            } else if p.extension().is_some_and(|e| e == "rs") {
                out.push(p);
            }
        }
    }
    let mut files = Vec::new();
    walk(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
        &mut files,
    );
    files.sort();
    files
}

fn sources() -> Vec<Source> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    rust_files()
        .into_iter()
        .filter_map(|p| {
            let rel = p.strip_prefix(&root).unwrap().with_extension("");
            let mut module: Vec<String> = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            if module.last().is_some_and(|m| m == "mod") {
                module.pop();
            }
            if module == ["lib"] {
                return None;
            }
            let raw = std::fs::read_to_string(&p).unwrap();
            let code = match raw.find("#[cfg(test)]\nmod tests") {
                Some(i) => &raw[..i],
                None => &raw[..],
            };
            let text = code
                .lines()
                .map(|l| match l.find("//") {
                    Some(i) if !l[..i].contains('"') => &l[..i],
                    _ => l,
                })
                .collect::<Vec<_>>()
                .join("\n");
            Some(Source { module, text })
        })
        .collect()
}

/// Expand a `use` tree (`a::{b, c::{d, e}}`) into full paths.
fn expand(tree: &str) -> Vec<String> {
    let tree = tree.trim();
    let Some(open) = tree.find('{') else {
        let path = tree.split(" as ").next().unwrap_or_default().trim();
        return vec![path.to_string()];
    };
    let prefix = tree[..open].trim_end_matches("::").trim();
    let inner = &tree[open + 1..tree.rfind('}').unwrap_or(tree.len())];
    let mut parts = Vec::new();
    let (mut depth, mut start) = (0, 0);
    for (i, c) in inner.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                parts.push(&inner[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&inner[start..]);
    parts
        .into_iter()
        .filter(|p| !p.trim().is_empty())
        .flat_map(expand)
        .map(|p| {
            if p == "self" {
                prefix.to_string()
            } else {
                format!("{prefix}::{p}")
            }
        })
        .collect()
}

/// Every path a file names: `use` trees, `crate::…`/`super::…` paths, and paths through its
/// own child modules (`validate::build`), each made absolute.
fn references(src: &Source, modules: &BTreeSet<Vec<String>>) -> BTreeSet<Vec<String>> {
    let children: BTreeSet<&str> = src
        .text
        .lines()
        .filter_map(|l| {
            let l = l.trim();
            let rest = l
                .strip_prefix("pub mod ")
                .or_else(|| l.strip_prefix("pub(crate) mod "))
                .or_else(|| l.strip_prefix("pub(super) mod "))
                .or_else(|| l.strip_prefix("mod "))?;
            rest.strip_suffix(';')
        })
        .collect();
    let is_dir_module = modules
        .iter()
        .any(|m| m.len() > src.module.len() && m[..src.module.len()] == src.module[..]);
    // the module `super` and `self` name, from this file
    let here: Vec<String> = if is_dir_module {
        src.module.clone()
    } else {
        src.module[..src.module.len() - 1].to_vec()
    };
    let absolute = |path: &str| -> Option<Vec<String>> {
        let mut segs: Vec<&str> = path.split("::").map(str::trim).collect();
        let binary = LAYERS
            .last()
            .is_some_and(|(_, ms)| ms.contains(&src.module[0].as_str()));
        let mut base: Vec<String> = match segs.first()? {
            // the binary names the library `advisor`
            &"advisor" if binary => {
                segs.remove(0);
                Vec::new()
            }
            &"crate" => {
                segs.remove(0);
                Vec::new()
            }
            &"super" => {
                let mut b = here.clone();
                while segs.first() == Some(&"super") {
                    segs.remove(0);
                    b.pop();
                }
                // `super` from a file module is its directory's module: one step less
                if !is_dir_module {
                    b = here.clone();
                    let supers = path.matches("super").count();
                    for _ in 1..supers {
                        b.pop();
                    }
                }
                b
            }
            &"self" => {
                segs.remove(0);
                src.module.clone()
            }
            // main.rs is the binary's root: its children are top-level modules
            first if children.contains(first) && src.module == ["main"] => Vec::new(),
            first if children.contains(first) => src.module.clone(),
            _ => return None,
        };
        base.extend(segs.iter().map(|s| s.to_string()));
        Some(base)
    };
    let mut out = BTreeSet::new();
    let text = &src.text;
    // use statements
    let mut rest = &text[..];
    while let Some(i) = rest.find("use ") {
        // a statement starts its line, or follows a visibility (`pub`, `pub(crate)`): not
        // "use" in a string or a word ending in it
        let line = rest[..i].rsplit('\n').next().unwrap_or_default().trim();
        rest = &rest[i + 4..];
        if !(line.is_empty() || line.starts_with("pub")) {
            continue;
        }
        let Some(end) = rest.find(';') else { break };
        for p in expand(&rest[..end]) {
            if let Some(abs) = absolute(&p) {
                out.insert(abs);
            }
        }
    }
    // inline paths
    let bytes = text.as_bytes();
    let starts: Vec<&str> = ["crate::", "super::", "advisor::"]
        .into_iter()
        .chain(children.iter().copied())
        .collect();
    for start in starts {
        let needle = if start.ends_with("::") {
            start.to_string()
        } else {
            format!("{start}::")
        };
        for (i, _) in text.match_indices(&needle) {
            if i > 0 {
                let b = bytes[i - 1];
                if b.is_ascii_alphanumeric() || b == b'_' || b == b':' {
                    continue;
                }
            }
            let end = text[i..]
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == ':'))
                .map_or(text.len(), |e| i + e);
            if let Some(abs) = absolute(text[i..end].trim_end_matches(':')) {
                out.insert(abs);
            }
        }
    }
    out
}

/// The longest module that is a prefix of `path`.
fn owner(path: &[String], modules: &BTreeSet<Vec<String>>) -> Option<Vec<String>> {
    (1..=path.len())
        .rev()
        .map(|n| path[..n].to_vec())
        .find(|m| modules.contains(m))
}

fn layer_of(module: &[String]) -> Option<usize> {
    LAYERS
        .iter()
        .position(|(_, ms)| ms.contains(&module[0].as_str()))
}

fn name(m: &[String]) -> String {
    m.join("::")
}

/// Module → the modules it imports.
fn graph() -> BTreeMap<Vec<String>, BTreeSet<Vec<String>>> {
    let sources = sources();
    let modules: BTreeSet<Vec<String>> = sources.iter().map(|s| s.module.clone()).collect();
    sources
        .iter()
        .map(|s| {
            let deps = references(s, &modules)
                .iter()
                .filter_map(|p| owner(p, &modules))
                .filter(|m| *m != s.module)
                .collect();
            (s.module.clone(), deps)
        })
        .collect()
}

#[test]
fn every_module_belongs_to_a_layer_and_imports_only_from_its_layer_or_below() {
    let mut problems = Vec::new();
    for (m, deps) in graph() {
        let Some(mine) = layer_of(&m) else {
            problems.push(format!("{}: in no layer (add it to LAYERS)", name(&m)));
            continue;
        };
        for d in deps {
            let theirs = layer_of(&d).unwrap_or(usize::MAX);
            if theirs > mine {
                problems.push(format!(
                    "{} ({}) imports {} ({}), a higher layer",
                    name(&m),
                    LAYERS[mine].0,
                    name(&d),
                    LAYERS.get(theirs).map_or("none", |l| l.0)
                ));
            }
            if m[0] == "render" && !RENDER_MAY_USE.contains(&d[0].as_str()) {
                problems.push(format!(
                    "{} renders, and imports {}: renderers see only result types",
                    name(&m),
                    name(&d)
                ));
            }
        }
    }
    assert!(problems.is_empty(), "\n{}", problems.join("\n"));
}

#[test]
fn no_two_modules_import_each_other_even_through_others() {
    let g = graph();
    // Tarjan's strongly connected components
    struct T<'g> {
        g: &'g BTreeMap<Vec<String>, BTreeSet<Vec<String>>>,
        index: BTreeMap<&'g Vec<String>, usize>,
        low: BTreeMap<&'g Vec<String>, usize>,
        stack: Vec<&'g Vec<String>>,
        on: BTreeSet<&'g Vec<String>>,
        cycles: Vec<Vec<String>>,
    }
    fn visit<'g>(t: &mut T<'g>, v: &'g Vec<String>) {
        let n = t.index.len();
        t.index.insert(v, n);
        t.low.insert(v, n);
        t.stack.push(v);
        t.on.insert(v);
        let g = t.g;
        for w in g.get(v).into_iter().flatten() {
            let Some((w, _)) = g.get_key_value(w) else {
                continue;
            };
            if !t.index.contains_key(w) {
                visit(t, w);
                let lw = t.low[w];
                let lv = t.low.get_mut(v).unwrap();
                *lv = (*lv).min(lw);
            } else if t.on.contains(w) {
                let iw = t.index[w];
                let lv = t.low.get_mut(v).unwrap();
                *lv = (*lv).min(iw);
            }
        }
        if t.low[v] == t.index[v] {
            let mut c = Vec::new();
            while let Some(w) = t.stack.pop() {
                t.on.remove(w);
                c.push(name(w));
                if w == v {
                    break;
                }
            }
            if c.len() > 1 {
                c.sort();
                t.cycles.push(c);
            }
        }
    }
    let mut t = T {
        g: &g,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on: BTreeSet::new(),
        cycles: Vec::new(),
    };
    for v in g.keys() {
        if !t.index.contains_key(v) {
            visit(&mut t, v);
        }
    }
    let cycles: Vec<String> = t.cycles.iter().map(|c| c.join(" <-> ")).collect();
    assert!(cycles.is_empty(), "import cycles:\n{}", cycles.join("\n"));
}

#[test]
fn the_checker_sees_use_trees_paths_and_child_modules() {
    assert_eq!(
        expand("crate::catalog::{self, Category, raw::{RawA, RawB as B}}"),
        [
            "crate::catalog",
            "crate::catalog::Category",
            "crate::catalog::raw::RawA",
            "crate::catalog::raw::RawB"
        ]
    );
    let g = graph();
    let m = |s: &str| s.split("::").map(String::from).collect::<Vec<_>>();
    // main.rs is the binary: it declares cli and commands and uses them
    assert!(
        g[&m("main")].contains(&m("commands")),
        "{:?}",
        g[&m("main")]
    );
    assert!(g[&m("commands")].iter().any(|d| d[0] == "cli"));
}

/// The longest a function in `src/` may be, from its `fn` line to its closing brace: a longer
/// one is split into named steps (README, "Architecture").
const MAX_FUNCTION_LINES: usize = 125;

#[test]
fn no_function_in_src_is_longer_than_the_limit() {
    let mut long = Vec::new();
    for file in rust_files() {
        let text = std::fs::read_to_string(&file).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        for (i, line) in lines.iter().enumerate() {
            let trimmed = line.trim_start();
            let indent = &line[..line.len() - trimmed.len()];
            let is_fn = [
                "fn ",
                "pub fn ",
                "pub(crate) fn ",
                "pub(super) fn ",
                "const fn ",
            ]
            .iter()
            .any(|p| trimmed.starts_with(p));
            if !is_fn || trimmed.ends_with(';') {
                continue;
            }
            let close = format!("{indent}}}");
            if let Some(end) = lines[i + 1..].iter().position(|l| *l == close) {
                let n = end + 2;
                if n > MAX_FUNCTION_LINES {
                    long.push(format!("{}:{} {n} lines", file.display(), i + 1));
                }
            }
        }
    }
    assert!(
        long.is_empty(),
        "split these functions:\n{}",
        long.join("\n")
    );
}
