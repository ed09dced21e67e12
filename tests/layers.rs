//! The layers hold, and the docs point at real files: which crate may use which is fixed by the Cargo.toml files (the compiler refuses the
//! rest), and inside each crate no two modules use each other, even through a third.
//!
//! A module's uses are the `crate::<module>` paths in its code (comments left out: a doc link is not a
//! use). A module is a file of `src/`, or a directory of `src/` with everything under it.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The workspace's crates, each with the workspace crates it may depend on.
const CRATES: [(&str, &[&str]); 4] = [
    ("core", &[]),
    ("origin", &[]),
    ("lab", &["catfetch-core", "catfetch-origin"]),
    (".", &["catfetch-core", "catfetch-lab", "catfetch-origin"]),
];

#[test]
fn each_crate_depends_only_on_the_layers_below_it() {
    for (dir, allowed) in CRATES {
        let manifest = std::fs::read_to_string(root().join(dir).join("Cargo.toml")).unwrap();
        let [normal, ..] = dependency_sections(&manifest);
        for name in workspace_crates_named(&normal) {
            assert!(allowed.contains(&name.as_str()), "{dir}/Cargo.toml depends on {name}");
        }
    }
    // The core names no other part of catfetch, in any section, tests included.
    let core = std::fs::read_to_string(root().join("core/Cargo.toml")).unwrap();
    assert_eq!(workspace_crates_named(&core), ["catfetch-core"], "only its own [package] name");
}

#[test]
fn no_two_modules_of_a_crate_use_each_other_even_through_a_third() {
    for (dir, _) in CRATES {
        let graph = uses(&root().join(dir).join("src"));
        assert!(graph.len() >= 3, "{dir}: modules found: {graph:?}");
        if let Some(cycle) = find_cycle(&graph) {
            panic!("{dir}/src: modules that use each other: {}", cycle.join(" -> "));
        }
    }
}

#[test]
fn the_cycle_finder_finds_a_cycle_through_a_third_module() {
    let graph: BTreeMap<String, BTreeSet<String>> = [("a", "b"), ("b", "c"), ("c", "a"), ("d", "a")]
        .into_iter()
        .map(|(from, to)| (from.to_owned(), BTreeSet::from([to.to_owned()])))
        .collect();
    assert_eq!(find_cycle(&graph).unwrap(), ["a", "b", "c", "a"]);
    let acyclic: BTreeMap<String, BTreeSet<String>> =
        graph.into_iter().filter(|(from, _)| from != "c").collect();
    assert_eq!(find_cycle(&acyclic), None);
}

#[test]
fn a_use_is_found_in_code_and_not_in_comments() {
    let code =
        "use crate::{disk::Temp, text};\n/// See [`crate::html`].\nfn f() { crate::gather::gather(); }";
    let found: BTreeSet<String> = crate_paths(code).collect();
    assert_eq!(found, BTreeSet::from(["disk".into(), "gather".into(), "text".into()]));
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The text of `[dependencies]`, `[dev-dependencies]` and `[build-dependencies]`, in that order.
fn dependency_sections(manifest: &str) -> [String; 3] {
    let mut sections = [String::new(), String::new(), String::new()];
    let mut current = None;
    for line in manifest.lines() {
        if line.starts_with('[') {
            current = ["[dependencies]", "[dev-dependencies]", "[build-dependencies]"]
                .iter()
                .position(|header| line.trim() == *header);
        } else if let Some(section) = current {
            sections[section].push_str(line);
            sections[section].push('\n');
        }
    }
    sections
}

/// Every `catfetch-*` name in `text`, outside comments.
fn workspace_crates_named(text: &str) -> Vec<String> {
    let mut names = Vec::new();
    for line in text.lines().map(|line| line.split('#').next().unwrap_or("")) {
        let mut rest = line;
        while let Some(at) = rest.find("catfetch-") {
            let name: String =
                rest[at..].chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '-').collect();
            rest = &rest[at + name.len()..];
            names.push(name);
        }
    }
    names
}

/// Each module of the crate in `src` and the other modules it uses.
fn uses(src: &Path) -> BTreeMap<String, BTreeSet<String>> {
    let mut files: BTreeMap<String, Vec<PathBuf>> = BTreeMap::new();
    for entry in std::fs::read_dir(src).unwrap().flatten() {
        let path = entry.path();
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        if path.is_dir() {
            files.entry(name).or_default().extend(rust_files_under(&path));
        } else if path.extension().is_some_and(|e| e == "rs") && name != "lib" && name != "main" {
            files.entry(name).or_default().push(path);
        }
    }
    files
        .iter()
        .map(|(module, paths)| {
            let used = paths
                .iter()
                .flat_map(|path| crate_paths(&std::fs::read_to_string(path).unwrap()).collect::<Vec<_>>())
                .filter(|used| used != module && files.contains_key(used))
                .collect();
            (module.clone(), used)
        })
        .collect()
}

fn rust_files_under(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            found.extend(rust_files_under(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            found.push(path);
        }
    }
    found
}

/// The first name after each `crate::` in `code`'s code (not its comments), and each name of a
/// `crate::{a, b::c}` group.
fn crate_paths(code: &str) -> impl Iterator<Item = String> + '_ {
    code.lines().map(|line| line.split("//").next().unwrap_or("")).flat_map(|line| {
        let mut names = Vec::new();
        for (at, _) in line.match_indices("crate::") {
            let rest = &line[at + "crate::".len()..];
            if let Some(group) = rest.strip_prefix('{') {
                let group = group.split('}').next().unwrap_or("");
                names.extend(group.split(',').filter_map(|item| first_name(item.trim())));
            } else {
                names.extend(first_name(rest));
            }
        }
        names
    })
}

fn first_name(path: &str) -> Option<String> {
    let name: String = path.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
    (!name.is_empty()).then_some(name)
}

/// A cycle in `graph`, as the modules along it with the first repeated at the end; `None` if acyclic.
fn find_cycle(graph: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    fn visit<'a>(
        module: &'a str,
        graph: &'a BTreeMap<String, BTreeSet<String>>,
        path: &mut Vec<&'a str>,
        done: &mut BTreeSet<&'a str>,
    ) -> Option<Vec<String>> {
        if let Some(at) = path.iter().position(|m| *m == module) {
            let mut cycle: Vec<String> = path[at..].iter().map(|m| (*m).to_owned()).collect();
            cycle.push(module.to_owned());
            return Some(cycle);
        }
        if !done.insert(module) {
            return None;
        }
        path.push(module);
        for used in graph.get(module).into_iter().flatten() {
            if let Some(cycle) = visit(used, graph, path, done) {
                return Some(cycle);
            }
        }
        path.pop();
        None
    }
    let mut done = BTreeSet::new();
    graph.keys().find_map(|module| visit(module, graph, &mut Vec::new(), &mut done))
}

#[test]
fn every_file_the_docs_link_to_exists() {
    let mut docs = vec![root().join("README.md"), root().join("bench/README.md")];
    for entry in std::fs::read_dir(root().join("docs")).unwrap().flatten() {
        if entry.path().extension().is_some_and(|e| e == "md") {
            docs.push(entry.path());
        }
    }
    let mut checked = 0;
    for doc in docs {
        let text = std::fs::read_to_string(&doc).unwrap();
        for target in text.split("](").skip(1).filter_map(|rest| rest.split(')').next()) {
            let path = target.split('#').next().unwrap_or("");
            if path.is_empty() || path.contains("://") || path.starts_with("mailto:") {
                continue;
            }
            let file = doc.parent().unwrap().join(path);
            assert!(file.exists(), "{} links to {target}, which does not exist", doc.display());
            checked += 1;
        }
    }
    assert!(checked > 20, "only {checked} links found: is the parser still right?");
}
