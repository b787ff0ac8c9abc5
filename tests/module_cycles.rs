//! No import cycles between modules, in the shell or the core, and the
//! shell's layers importing down only: every file
//! is parsed (syn), every path it names (`use` trees with their groups,
//! and paths in code) is followed through the `pub use` re-exports to the
//! module that defines it, and the graph of modules must have no cycle.
//!
//! Each file is a node. A file naming its own folder's module (`super::`),
//! or a folder's module naming its files, draws no edge: a child and its
//! parent are one unit. Test code (`#[cfg(test)]` items and modules) is left
//! out.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use syn::visit::Visit;

/// A module path, `crate` of the shell as `[]`, the core's under `core`.
type Module = Vec<String>;

/// What one file names and re-exports.
#[derive(Default)]
struct FileUses {
    /// Every path named, made absolute (`crate::`, `super::`, `self::`
    /// resolved; `mokuhyo_core::` as `core::`).
    named: Vec<Vec<String>>,
    /// `pub use` aliases: name → target path (`*` for a glob).
    reexports: Vec<(String, Vec<String>)>,
}

/// The module of each source file below `root` (its `src`), under `prefix`.
fn modules_of(root: &Path, prefix: &[&str]) -> Vec<(Module, PathBuf)> {
    let mut files = Vec::new();
    crate::common::rust_sources(root, &mut files);
    files
        .into_iter()
        .filter_map(|file| {
            let relative = file.strip_prefix(root).ok()?.with_extension("");
            let mut parts: Vec<String> = prefix.iter().map(|s| s.to_string()).collect();
            parts.extend(
                relative
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned()),
            );
            let last = parts.last()?.clone();
            if last == "mod" || last == "lib" || last == "main" {
                parts.pop();
            }
            if last == "main" || last == "tests" || last == "fixtures" || last == "sample" {
                return None;
            }
            Some((parts, file))
        })
        .collect()
}

/// Whether `attrs` hold `#[cfg(test)]` (or a `cfg(any(test, …))`).
fn is_test(attrs: &[syn::Attribute]) -> bool {
    attrs.iter().any(|a| match &a.meta {
        syn::Meta::List(list) if a.path().is_ident("cfg") => {
            list.tokens.to_string().contains("test")
        }
        _ => false,
    })
}

/// Walks a file, skipping test items.
struct Walker<'a> {
    module: &'a Module,
    core: bool,
    uses: FileUses,
}

impl Walker<'_> {
    /// `path` (as written) made absolute.
    fn absolute(&self, segments: &[String]) -> Option<Vec<String>> {
        let (first, rest) = segments.split_first()?;
        let mut base: Vec<String> = match first.as_str() {
            "crate" if self.core => vec!["core".to_string()],
            "crate" => Vec::new(),
            "mokuhyo_core" => vec!["core".to_string()],
            "mokuhyo" => Vec::new(),
            "self" => self.module.clone(),
            "super" => {
                let mut parent = self.module.clone();
                parent.pop();
                parent
            }
            _ => return None,
        };
        let mut rest = rest;
        while let Some((s, tail)) = rest.split_first() {
            if s != "super" {
                break;
            }
            base.pop();
            rest = tail;
        }
        base.extend(rest.iter().cloned());
        Some(base)
    }

    fn use_tree(&mut self, prefix: &mut Vec<String>, tree: &syn::UseTree, public: bool) {
        match tree {
            syn::UseTree::Path(p) => {
                prefix.push(p.ident.to_string());
                self.use_tree(prefix, &p.tree, public);
                prefix.pop();
            }
            syn::UseTree::Name(n) => {
                let mut full = prefix.clone();
                full.push(n.ident.to_string());
                self.named_use(full, n.ident.to_string(), public);
            }
            syn::UseTree::Rename(r) => {
                let mut full = prefix.clone();
                full.push(r.ident.to_string());
                self.named_use(full, r.rename.to_string(), public);
            }
            syn::UseTree::Glob(_) => self.named_use(prefix.clone(), "*".to_string(), public),
            syn::UseTree::Group(g) => {
                for item in &g.items {
                    self.use_tree(prefix, item, public);
                }
            }
        }
    }

    fn named_use(&mut self, written: Vec<String>, alias: String, public: bool) {
        // `use super::x` in a file of module m names m's parent; a bare first
        // segment (`use chrono::…`) is another crate, or a child module.
        let absolute = self.absolute(&written).or_else(|| {
            let mut child = self.module.clone();
            child.extend(written.iter().cloned());
            (written.len() > 1).then_some(child)
        });
        if let Some(path) = absolute {
            if public {
                self.uses.reexports.push((alias, path.clone()));
            }
            self.uses.named.push(path);
        }
    }
}

impl<'ast> Visit<'ast> for Walker<'_> {
    fn visit_item(&mut self, item: &'ast syn::Item) {
        let attrs: &[syn::Attribute] = match item {
            syn::Item::Mod(m) => &m.attrs,
            syn::Item::Fn(f) => &f.attrs,
            syn::Item::Impl(i) => &i.attrs,
            syn::Item::Use(u) => &u.attrs,
            syn::Item::Struct(s) => &s.attrs,
            syn::Item::Enum(e) => &e.attrs,
            syn::Item::Const(c) => &c.attrs,
            syn::Item::Static(s) => &s.attrs,
            syn::Item::Trait(t) => &t.attrs,
            syn::Item::Type(t) => &t.attrs,
            _ => &[],
        };
        if is_test(attrs) {
            return;
        }
        if let syn::Item::Use(u) = item {
            let public = matches!(u.vis, syn::Visibility::Public(_));
            self.use_tree(&mut Vec::new(), &u.tree, public);
            return;
        }
        syn::visit::visit_item(self, item);
    }

    fn visit_impl_item_fn(&mut self, f: &'ast syn::ImplItemFn) {
        if !is_test(&f.attrs) {
            syn::visit::visit_impl_item_fn(self, f);
        }
    }

    fn visit_path(&mut self, path: &'ast syn::Path) {
        let segments: Vec<String> = path.segments.iter().map(|s| s.ident.to_string()).collect();
        if let Some(absolute) = self.absolute(&segments) {
            self.uses.named.push(absolute);
        }
        syn::visit::visit_path(self, path);
    }
}

/// The module graph: module → modules it names.
struct Graph {
    modules: BTreeSet<Module>,
    reexports: BTreeMap<Module, Vec<(String, Vec<String>)>>,
    edges: BTreeMap<Module, BTreeSet<Module>>,
}

impl Graph {
    /// The graph with each path followed through the re-exports to the module
    /// that defines what it names.
    fn read() -> Graph {
        Graph::read_following(true)
    }

    /// The graph of the modules as each file names them (`follow` false), or
    /// through the re-exports to where the named thing is defined.
    fn read_following(follow: bool) -> Graph {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut files = modules_of(&root.join("src"), &[]);
        let core: Vec<(Module, PathBuf)> = modules_of(&root.join("crates/core/src"), &["core"]);
        let core_count = core.len();
        files.extend(core);
        assert!(
            core_count > 40 && files.len() > core_count + 40,
            "{files:?}"
        );
        let modules: BTreeSet<Module> = files.iter().map(|(m, _)| m.clone()).collect();
        let mut uses = BTreeMap::new();
        for (module, file) in &files {
            let text = std::fs::read_to_string(file).unwrap();
            let parsed = syn::parse_file(&text).unwrap();
            let mut walker = Walker {
                module,
                core: module.first().is_some_and(|m| m == "core"),
                uses: FileUses::default(),
            };
            walker.visit_file(&parsed);
            uses.insert(module.clone(), walker.uses);
        }
        let reexports = uses
            .iter()
            .map(|(m, u)| (m.clone(), u.reexports.clone()))
            .collect();
        let mut graph = Graph {
            modules,
            reexports,
            edges: BTreeMap::new(),
        };
        for (module, file_uses) in &uses {
            let targets: BTreeSet<Module> = file_uses
                .named
                .iter()
                .filter_map(|path| {
                    if follow {
                        graph.resolve(path, 0)
                    } else {
                        graph.module_of(path)
                    }
                })
                .filter(|target| !related(module, target))
                .collect();
            graph.edges.insert(module.clone(), targets);
        }
        graph
    }

    /// The module a path names as written: its longest prefix that is a module.
    fn module_of(&self, path: &[String]) -> Option<Module> {
        let split = (0..=path.len())
            .rev()
            .find(|&n| self.modules.contains(&path[..n]))?;
        Some(path[..split].to_vec())
    }

    /// The module that defines what `path` names, following re-exports.
    fn resolve(&self, path: &[String], depth: usize) -> Option<Module> {
        if depth > 16 {
            return None;
        }
        let split = (0..=path.len())
            .rev()
            .find(|&n| self.modules.contains(&path[..n]))?;
        let module = path[..split].to_vec();
        let Some(name) = path.get(split) else {
            return Some(module);
        };
        for (alias, target) in self.reexports.get(&module).into_iter().flatten() {
            if alias == name {
                let mut next = target.clone();
                next.extend(path[split + 1..].iter().cloned());
                return self.resolve(&next, depth + 1).or(Some(module));
            }
        }
        for (alias, target) in self.reexports.get(&module).into_iter().flatten() {
            if alias == "*" && target != &module {
                let mut next = target.clone();
                next.extend(path[split..].iter().cloned());
                if let Some(found) = self.resolve(&next, depth + 1)
                    && found != *target
                {
                    return Some(found);
                }
            }
        }
        Some(module)
    }

    /// The cycles: each strongly connected set of more than one module.
    fn cycles(&self) -> Vec<Vec<Module>> {
        let nodes: Vec<&Module> = self.modules.iter().collect();
        let index: BTreeMap<&Module, usize> =
            nodes.iter().enumerate().map(|(i, m)| (*m, i)).collect();
        let reach = |from: usize| -> BTreeSet<usize> {
            let mut seen = BTreeSet::from([from]);
            let mut stack = vec![from];
            while let Some(n) = stack.pop() {
                for next in self.edges.get(nodes[n]).into_iter().flatten() {
                    let i = index[next];
                    if seen.insert(i) {
                        stack.push(i);
                    }
                }
            }
            seen
        };
        let reaches: Vec<BTreeSet<usize>> = (0..nodes.len()).map(reach).collect();
        let mut placed = BTreeSet::new();
        let mut cycles = Vec::new();
        for a in 0..nodes.len() {
            if placed.contains(&a) {
                continue;
            }
            let set: Vec<usize> = (0..nodes.len())
                .filter(|&b| reaches[a].contains(&b) && reaches[b].contains(&a))
                .collect();
            if set.len() > 1 {
                placed.extend(set.iter().copied());
                cycles.push(set.iter().map(|&i| nodes[i].clone()).collect());
            }
        }
        cycles
    }
}

/// Whether one module holds the other (or they are the same).
fn related(a: &Module, b: &Module) -> bool {
    a.starts_with(b) || b.starts_with(a)
}

fn show(module: &Module) -> String {
    if module.is_empty() {
        "crate".to_string()
    } else {
        module.join("::")
    }
}

/// Each cycle of `graph`, with its members and the edges between them.
fn cycles_of(graph: &Graph) -> Vec<String> {
    graph
        .cycles()
        .iter()
        .map(|set| {
            let members: Vec<String> = set.iter().map(show).collect();
            let edges: Vec<String> = set
                .iter()
                .flat_map(|from| {
                    graph.edges[from]
                        .iter()
                        .filter(|to| set.contains(to))
                        .map(move |to| format!("{} → {}", show(from), show(to)))
                })
                .collect();
            format!("{{{}}}: {}", members.join(", "), edges.join("; "))
        })
        .collect()
}

#[test]
fn no_module_names_one_that_names_it_back() {
    let cycles = cycles_of(&Graph::read());
    assert!(cycles.is_empty(), "import cycles:\n{}", cycles.join("\n"));
}

/// A cycle hidden behind a re-export is one as written too: `a` names
/// `b::X`, `b` re-exports `a`'s `X` and names another of `a`'s things.
#[test]
fn no_module_names_one_that_names_it_back_as_written() {
    let cycles = cycles_of(&Graph::read_following(false));
    assert!(
        cycles.is_empty(),
        "import cycles as the files write them:\n{}",
        cycles.join("\n")
    );
}

/// The shell names the core as `mokuhyo_core::` where it uses it: no module
/// of the shell passes the core's on under a name of its own.
#[test]
fn the_shell_re_exports_nothing_of_the_core() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut found = Vec::new();
    for (module, file) in modules_of(&root.join("src"), &[]) {
        let text = std::fs::read_to_string(&file).unwrap();
        let parsed = syn::parse_file(&text).unwrap();
        for item in &parsed.items {
            if let syn::Item::Use(u) = item
                && !matches!(u.vis, syn::Visibility::Inherited)
                && names_core(&u.tree)
            {
                found.push(format!("{} ({})", show(&module), file.display()));
            }
        }
    }
    assert!(
        found.is_empty(),
        "re-exports of the core:\n{}",
        found.join("\n")
    );
}

/// Whether a `use` tree starts at the core crate.
fn names_core(tree: &syn::UseTree) -> bool {
    match tree {
        syn::UseTree::Path(p) => p.ident == "mokuhyo_core",
        syn::UseTree::Name(n) => n.ident == "mokuhyo_core",
        syn::UseTree::Rename(r) => r.ident == "mokuhyo_core",
        syn::UseTree::Group(g) => g.items.iter().any(names_core),
        _ => false,
    }
}

#[test]
fn the_graph_follows_groups_reexports_and_super() {
    let graph = Graph::read();
    let edges = |m: &[&str]| -> BTreeSet<String> {
        let module: Module = m.iter().map(|s| s.to_string()).collect();
        graph.edges[&module].iter().map(show).collect()
    };
    // `crate::state::Fact` is `state::tables::daemon_state`'s, through
    // `state`'s `pub use`.
    assert!(
        edges(&["daemon", "state"]).contains("state::tables::daemon_state"),
        "{:?}",
        edges(&["daemon", "state"])
    );
    // A path of the core lands in the core.
    assert!(
        edges(&["mail", "run"])
            .iter()
            .any(|e| e.starts_with("core::remind"))
    );
    // A core file's `crate::` is the core's.
    assert!(
        edges(&["core", "remind", "plan"])
            .iter()
            .any(|e| e.starts_with("core::calendar"))
    );
    // Nothing of the core names the shell.
    for (from, to) in &graph.edges {
        if from.first().is_some_and(|m| m == "core") {
            assert!(
                to.iter().all(|t| t.first().is_some_and(|m| m == "core")),
                "{from:?} → {to:?}"
            );
        }
    }
}

/// The shell's layers, lowest first: a module may name those of its own
/// layer and below. `main`/`lib` and `cli` sit on top.
const LAYERS: &[&[&str]] = &[
    &["clock", "i18n", "logging"],
    &["io"],
    &["state"],
    &["mail"],
    &["config"],
    &["pipeline"],
    &["daemon", "commands"],
    &["", "cli"],
];

/// The layer of a module of the shell (the core is below them all).
fn layer_of(module: &Module) -> Option<usize> {
    let top = module.first().map_or("", String::as_str);
    if top == "core" {
        return Some(0);
    }
    LAYERS.iter().position(|layer| layer.contains(&top))
}

/// Every folder of the shell is a layer, and imports point down: a module
/// names no module of a higher layer, as written (a re-export does not hide
/// an import).
#[test]
fn the_shell_s_layers_import_down() {
    let graph = Graph::read_following(false);
    let mut unlayered = Vec::new();
    let mut upward = Vec::new();
    for (from, to) in &graph.edges {
        let Some(from_layer) = layer_of(from) else {
            unlayered.push(show(from));
            continue;
        };
        for target in to {
            let Some(to_layer) = layer_of(target) else {
                continue;
            };
            if to_layer > from_layer {
                upward.push(format!("{} → {}", show(from), show(target)));
            }
        }
    }
    assert!(unlayered.is_empty(), "modules in no layer: {unlayered:?}");
    assert!(
        upward.is_empty(),
        "imports pointing up a layer:\n{}",
        upward.join("\n")
    );
}
