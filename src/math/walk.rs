//! Walking a formula's tree: every node's kind, depth first, in reading order.

use super::{Kind, Node};

/// Calls `f` on the kind of every node of `nodes` and of the lists inside them, each node
/// before its children.
pub fn visit_mut(nodes: &mut [Node], f: &mut dyn FnMut(&mut Kind)) {
    for node in nodes {
        f(&mut node.kind);
        match &mut node.kind {
            Kind::Group(l) | Kind::Accent { body: l, .. } | Kind::Fenced { body: l, .. } => {
                visit_mut(l, f)
            }
            Kind::Scripts { base, sub, sup } => {
                visit_mut(std::slice::from_mut(base), f);
                for l in [sub, sup].into_iter().flatten() {
                    visit_mut(l, f);
                }
            }
            Kind::Fraction { num, den, .. } => {
                visit_mut(num, f);
                visit_mut(den, f);
            }
            Kind::Radical { index, body } => {
                if let Some(i) = index {
                    visit_mut(i, f);
                }
                visit_mut(body, f);
            }
            Kind::Table { rows, .. } => {
                for cell in rows.iter_mut().flatten() {
                    visit_mut(cell, f);
                }
            }
            Kind::Symbol { .. }
            | Kind::Number(_)
            | Kind::Text { .. }
            | Kind::Operator { .. }
            | Kind::Middle(_)
            | Kind::SizedDelim { .. }
            | Kind::Space(_)
            | Kind::Ref { .. } => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn visits_every_node() {
        let mut f = crate::math::parse(r"\frac{a_1}{\sqrt{b}} + \left( c \right)").unwrap();
        let mut n = 0;
        visit_mut(&mut f.nodes, &mut |_| n += 1);
        // frac, a_1 (scripts, a, 1), sqrt, b, +, fence, c
        assert_eq!(n, 9);
    }
}
