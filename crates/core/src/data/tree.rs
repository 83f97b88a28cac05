//! A parent-linked list (units, cost types) as a tree, built once on open.
//!
//! Lookups by id, walks up and walks down are then linear in what they
//! return, not in the size of the list: a region has a thousand units and a
//! hostile snapshot may have a million. A snapshot may also contain cycles
//! or parents that do not exist (`tertial check` reports both); here a
//! missing parent makes a root, and the link that closes a cycle is cut, so
//! every walk ends. Depths are computed once, so no question about a node
//! walks its ancestors: a hostile file may nest 100 000 levels deep.

use std::collections::HashMap;

#[derive(Debug, Clone, Default)]
pub struct Tree {
    index: HashMap<String, usize>,
    parent: Vec<Option<usize>>,
    children: Vec<Vec<usize>>,
    roots: Vec<usize>,
    /// Each node's number of ancestors.
    depth: Vec<usize>,
}

impl Tree {
    /// A tree of `(id, parent id)` pairs, in the order given; children keep
    /// that order. A repeated id keeps its first position.
    pub fn new<'a>(items: impl IntoIterator<Item = (&'a str, Option<&'a str>)>) -> Tree {
        let items: Vec<(&str, Option<&str>)> = items.into_iter().collect();
        let mut index = HashMap::with_capacity(items.len());
        for (i, (id, _)) in items.iter().enumerate() {
            index.entry((*id).to_string()).or_insert(i);
        }
        let mut parent: Vec<Option<usize>> = items
            .iter()
            .enumerate()
            .map(|(i, (id, p))| {
                // A duplicate row is a root of its own: it is shown, not linked.
                if index.get(*id) != Some(&i) {
                    return None;
                }
                p.and_then(|p| index.get(p).copied())
            })
            .collect();
        cut_cycles(&mut parent);
        let mut children = vec![Vec::new(); items.len()];
        let mut roots = Vec::new();
        for (i, p) in parent.iter().enumerate() {
            match p {
                Some(p) => children[*p].push(i),
                None => roots.push(i),
            }
        }
        let mut tree = Tree {
            index,
            parent,
            children,
            roots,
            depth: Vec::new(),
        };
        tree.depth = tree.down_from_roots(|_, parent_depth| parent_depth.map_or(0, |d| d + 1));
        tree
    }

    /// A value for every node, computed from its parent's (None for a
    /// root) in one walk from the roots: O(n) whatever the depth.
    fn down_from_roots<T: Copy + Default>(&self, value: impl Fn(usize, Option<T>) -> T) -> Vec<T> {
        let mut out = vec![T::default(); self.len()];
        for i in self.preorder() {
            out[i] = value(i, self.parent(i).map(|p| out[p]));
        }
        out
    }

    /// How many ancestors `i` has (0 for a root or an unknown position).
    pub fn depth(&self, i: usize) -> usize {
        self.depth.get(i).copied().unwrap_or(0)
    }

    /// For each node, how many of its ancestors (not itself) are `marked`.
    pub fn marked_ancestors(&self, marked: &[bool]) -> Vec<usize> {
        let is = |i: usize| marked.get(i).copied().unwrap_or(false);
        // (marked ancestors, marked ancestors counting the node itself)
        self.down_from_roots(|i, parent: Option<(usize, usize)>| {
            let above = parent.map_or(0, |p| p.1);
            (above, above + usize::from(is(i)))
        })
        .into_iter()
        .map(|(above, _)| above)
        .collect()
    }

    /// `nodes` and all their ancestors, as marks by position. Each node is
    /// walked up from at most once: O(n) however many nodes share a chain.
    pub fn with_ancestors(&self, nodes: impl IntoIterator<Item = usize>) -> Vec<bool> {
        let mut marked = vec![false; self.len()];
        for start in nodes {
            let mut at = Some(start);
            while let Some(i) = at {
                if i >= marked.len() || marked[i] {
                    break;
                }
                marked[i] = true;
                at = self.parent(i);
            }
        }
        marked
    }

    pub fn len(&self) -> usize {
        self.parent.len()
    }

    pub fn is_empty(&self) -> bool {
        self.parent.is_empty()
    }

    /// Position of `id` in the list the tree was built from.
    pub fn position(&self, id: &str) -> Option<usize> {
        self.index.get(id).copied()
    }

    pub fn parent(&self, i: usize) -> Option<usize> {
        self.parent.get(i).copied().flatten()
    }

    pub fn children(&self, i: usize) -> &[usize] {
        self.children.get(i).map_or(&[], Vec::as_slice)
    }

    pub fn roots(&self) -> &[usize] {
        &self.roots
    }

    /// The ancestors of `i`, nearest first (not `i` itself).
    pub fn ancestors(&self, i: usize) -> impl Iterator<Item = usize> + '_ {
        std::iter::successors(self.parent(i), |&p| self.parent(p))
    }

    /// Every position, depth first, children in list order.
    pub fn preorder(&self) -> Vec<usize> {
        self.walk(self.roots.iter().rev().copied().collect())
    }

    /// `i` and everything below it, depth first.
    pub fn subtree(&self, i: usize) -> Vec<usize> {
        if i >= self.len() {
            return Vec::new();
        }
        self.walk(vec![i])
    }

    fn walk(&self, mut stack: Vec<usize>) -> Vec<usize> {
        let mut out = Vec::new();
        while let Some(i) = stack.pop() {
            out.push(i);
            stack.extend(self.children(i).iter().rev());
        }
        out
    }
}

/// Cuts the link that closes each cycle, in O(n): each node is followed up
/// once; a node met again on the path being followed closes a cycle.
fn cut_cycles(parent: &mut [Option<usize>]) {
    const NEW: u8 = 0;
    const ON_PATH: u8 = 1;
    const DONE: u8 = 2;
    let mut state = vec![NEW; parent.len()];
    let mut path = Vec::new();
    for start in 0..parent.len() {
        let mut at = Some(start);
        while let Some(i) = at {
            match state[i] {
                DONE => break,
                ON_PATH => {
                    // `i` is its own ancestor: the last node on the path
                    // links back to it. Make that node a root.
                    if let Some(&last) = path.last() {
                        parent[last] = None;
                    }
                    break;
                }
                _ => {
                    state[i] = ON_PATH;
                    path.push(i);
                    at = parent[i];
                }
            }
        }
        for i in path.drain(..) {
            state[i] = DONE;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tree(pairs: &[(&'static str, Option<&'static str>)]) -> Tree {
        Tree::new(pairs.iter().copied())
    }

    /// A region with a board, two frames under it, and another board.
    const REGION: &[(&str, Option<&str>)] = &[
        ("region", None),
        ("hsn", Some("region")),
        ("sjv", Some("hsn")),
        ("pv", Some("hsn")),
        ("ks", Some("region")),
    ];

    #[test]
    fn walks_up_and_down_in_list_order() {
        let t = tree(REGION);
        let id = |i: usize| ["region", "hsn", "sjv", "pv", "ks"][i];
        let sjv = t.position("sjv").unwrap();
        assert_eq!(
            t.ancestors(sjv).map(id).collect::<Vec<_>>(),
            ["hsn", "region"]
        );
        assert_eq!(
            t.preorder().into_iter().map(id).collect::<Vec<_>>(),
            ["region", "hsn", "sjv", "pv", "ks"]
        );
        let hsn = t.position("hsn").unwrap();
        assert_eq!(
            t.subtree(hsn).into_iter().map(id).collect::<Vec<_>>(),
            ["hsn", "sjv", "pv"]
        );
        assert_eq!(t.position("nowhere"), None);
        assert!(t.subtree(99).is_empty());
    }

    #[test]
    fn cycles_are_cut_and_missing_parents_make_roots() {
        let t = tree(&[
            ("a", Some("c")),
            ("b", Some("a")),
            ("c", Some("b")),
            ("self", Some("self")),
            ("orphan", Some("gone")),
        ]);
        for i in 0..t.len() {
            assert!(t.ancestors(i).count() < t.len(), "walk from {i} ends");
        }
        assert_eq!(t.preorder().len(), t.len(), "every node reached once");
        assert_eq!(t.parent(t.position("self").unwrap()), None);
        assert_eq!(t.parent(t.position("orphan").unwrap()), None);
    }

    #[test]
    fn a_duplicate_id_is_shown_but_not_linked_twice() {
        let t = tree(&[("a", None), ("a", Some("a")), ("b", Some("a"))]);
        assert_eq!(t.position("a"), Some(0));
        assert_eq!(t.children(0), &[2]);
        assert_eq!(t.preorder().len(), 3);
    }

    #[test]
    fn depths_and_marked_ancestors_are_known_without_a_walk() {
        let t = tree(&[REGION, &[("loop", Some("loop"))]].concat());
        assert_eq!(
            (0..t.len()).map(|i| t.depth(i)).collect::<Vec<_>>(),
            [0, 1, 2, 2, 1, 0]
        );
        assert_eq!(t.depth(99), 0);
        // Marked: region and sjv. Ancestors marked, per node.
        let marked = [true, false, true, false, false, false];
        assert_eq!(t.marked_ancestors(&marked), [0, 1, 1, 1, 1, 0]);
        let sjv = t.position("sjv").unwrap();
        assert_eq!(
            t.with_ancestors([sjv, 99]),
            [true, true, true, false, false, false]
        );
    }

    #[test]
    fn a_long_chain_is_linear() {
        // 200 000 nested units: a quadratic walk would take minutes.
        let ids: Vec<String> = (0..200_000).map(|i| format!("u{i}")).collect();
        let t = Tree::new(
            ids.iter()
                .enumerate()
                .map(|(i, id)| (id.as_str(), (i > 0).then(|| ids[i - 1].as_str()))),
        );
        assert_eq!(t.preorder().len(), ids.len());
        assert_eq!(t.ancestors(ids.len() - 1).count(), ids.len() - 1);
        assert_eq!(t.depth(ids.len() - 1), ids.len() - 1);
        // Every node marked: a quadratic count would take hours.
        let all = vec![true; ids.len()];
        let counts = t.marked_ancestors(&all);
        assert_eq!(counts[ids.len() - 1], ids.len() - 1);
        let marks = t.with_ancestors(0..ids.len());
        assert!(marks.iter().all(|&m| m));
    }
}
