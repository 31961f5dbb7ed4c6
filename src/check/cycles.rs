//! Cycles: metrics defined in terms of themselves, and the dependency order
//! the others are computed in.

use std::collections::HashMap;

/// Kahn's algorithm; returns the order and the flags of metrics left in cycles.
pub(super) fn topo_order(deps: &[Vec<usize>], live: &[bool]) -> (Vec<usize>, Vec<bool>) {
    let n = deps.len();
    let mut users: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut pending = vec![0usize; n];
    for (i, ds) in deps.iter().enumerate() {
        for &d in ds {
            users[d].push(i);
            pending[i] += 1;
        }
    }
    let mut ready: Vec<usize> = (0..n).filter(|&i| pending[i] == 0).collect();
    ready.reverse();
    let mut order = Vec::with_capacity(n);
    while let Some(i) = ready.pop() {
        order.push(i);
        for &u in &users[i] {
            pending[u] -= 1;
            if pending[u] == 0 {
                ready.push(u);
            }
        }
    }
    let cyclic: Vec<bool> = (0..n).map(|i| pending[i] > 0).collect();
    let order = order.into_iter().filter(|&i| live[i]).collect();
    (order, cyclic)
}

/// One cycle per strongly tangled group, found by walking dependencies.
pub(super) fn cycles(deps: &[Vec<usize>], cyclic: &[bool]) -> Vec<Vec<usize>> {
    let mut reported = vec![false; deps.len()];
    let mut out = Vec::new();
    for start in 0..deps.len() {
        if !cyclic[start] || reported[start] {
            continue;
        }
        // walk along cyclic dependencies until a node repeats
        let mut pos: HashMap<usize, usize> = HashMap::new();
        let mut path = Vec::new();
        let mut cur = start;
        loop {
            if let Some(&p) = pos.get(&cur) {
                let cycle: Vec<usize> = path[p..].to_vec();
                if cycle.iter().all(|&i| !reported[i]) {
                    out.push(cycle.clone());
                }
                for &i in &path {
                    reported[i] = true;
                }
                break;
            }
            pos.insert(cur, path.len());
            path.push(cur);
            match deps[cur].iter().find(|&&d| cyclic[d]) {
                Some(&next) => cur = next,
                None => {
                    for &i in &path {
                        reported[i] = true;
                    }
                    break;
                }
            }
        }
    }
    out
}
