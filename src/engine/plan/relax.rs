//! The fractional relaxation behind the search's upper bound: undecided lines (each a cost that
//! may be split across the columns it reaches) shared out over columns (a frame's part, paying
//! `rate` per yen for at most `room` yen). Its optimum is a weighted polymatroid's: greedy by rate,
//! each prefix of columns filled to its rank (max-flow = min-cut over subsets).

/// A column of the relaxation; columns are given in decreasing rate.
#[derive(Debug, Clone, Copy)]
pub struct Column {
    pub rate: f64,
    pub room: f64,
}

/// Up to this many columns the ranks come from every subset; beyond, from augmenting paths.
const EXACT_COLUMNS: usize = 6;

/// max Σ rate × flow over fractional assignments of `lines` (mask of reachable columns, cost) to
/// `columns` (at most 64, in decreasing rate).
pub fn relaxation(lines: &[(u64, f64)], columns: &[Column]) -> f64 {
    if columns.is_empty() || lines.is_empty() {
        return 0.0;
    }
    if columns.len() > EXACT_COLUMNS {
        return by_flow(lines, columns);
    }
    by_subsets(lines, columns)
}

fn by_subsets(lines: &[(u64, f64)], columns: &[Column]) -> f64 {
    let m = columns.len();
    let full = (1usize << m) - 1;
    // g[x] = cost of lines whose columns all lie in x.
    let mut g = vec![0.0f64; 1 << m];
    let mut total = 0.0;
    for (mask, c) in lines {
        g[*mask as usize & full] += c;
        total += c;
    }
    for bit in 0..m {
        for x in 0..=full {
            if x & (1 << bit) != 0 {
                g[x] += g[x ^ (1 << bit)];
            }
        }
    }
    let mut caps = vec![0.0f64; 1 << m];
    for x in 1..=full {
        let low = x.trailing_zeros() as usize;
        caps[x] = caps[x & (x - 1)] + columns[low].room;
    }
    let mut value = 0.0;
    let mut prev = 0.0;
    for (j, col) in columns.iter().enumerate() {
        let s = (1usize << (j + 1)) - 1;
        // rank(S) = min over W ⊆ S of room(S \ W) + cost of lines touching W.
        let mut rank = f64::INFINITY;
        let mut w = s;
        loop {
            let v = caps[s & !w] + (total - g[full & !w]);
            if v < rank {
                rank = v;
            }
            if w == 0 {
                break;
            }
            w = (w - 1) & s;
        }
        value += col.rate * (rank - prev).max(0.0);
        prev = rank.max(prev);
    }
    value
}

/// Columns in decreasing rate, each filled by augmenting paths that may reroute lines already
/// placed (incremental max-flow keeps earlier inflows).
fn by_flow(lines: &[(u64, f64)], columns: &[Column]) -> f64 {
    const EPS: f64 = 1e-9;
    let m = columns.len().min(64);
    let n = lines.len();
    let mut supply: Vec<f64> = lines.iter().map(|l| l.1).collect();
    let mut x = vec![0.0f64; n * m];
    let on = |l: usize, f: usize| lines[l].0 & (1 << f) != 0;
    let mut value = 0.0;
    let mut line_to = vec![usize::MAX; n];
    let mut frame_from = vec![usize::MAX; m];
    let mut seen = vec![false; m];
    let mut queue: Vec<usize> = Vec::with_capacity(m);
    for k in 0..m {
        let mut inflow = 0.0;
        loop {
            let room = columns[k].room - inflow;
            if room <= EPS {
                break;
            }
            // Backward search from column k: lines that can send to a column, columns whose
            // senders can be rerouted.
            line_to.fill(usize::MAX);
            frame_from.fill(usize::MAX);
            seen.fill(false);
            seen[k] = true;
            queue.clear();
            queue.push(k);
            let mut found = None;
            let mut head = 0;
            while head < queue.len() && found.is_none() {
                let f = queue[head];
                head += 1;
                for l in 0..n {
                    if line_to[l] != usize::MAX || !on(l, f) {
                        continue;
                    }
                    line_to[l] = f;
                    if supply[l] > EPS {
                        found = Some(l);
                        break;
                    }
                    for g in 0..=k {
                        if !seen[g] && x[l * m + g] > EPS {
                            seen[g] = true;
                            frame_from[g] = l;
                            queue.push(g);
                        }
                    }
                }
            }
            let Some(start) = found else { break };
            let mut delta = room.min(supply[start]);
            let mut f = line_to[start];
            while f != k {
                let back = frame_from[f];
                delta = delta.min(x[back * m + f]);
                f = line_to[back];
            }
            let (mut l, mut f) = (start, line_to[start]);
            supply[start] -= delta;
            loop {
                x[l * m + f] += delta;
                if f == k {
                    break;
                }
                let back = frame_from[f];
                x[back * m + f] -= delta;
                l = back;
                f = line_to[l];
            }
            inflow += delta;
        }
        value += columns[k].rate * inflow;
    }
    value
}

#[cfg(test)]
mod tests {
    use super::*;

    fn col(rate: f64, room: f64) -> Column {
        Column { rate, room }
    }

    #[test]
    fn both_methods_agree() {
        // Lines reaching overlapping columns; the best share fills the dear column from the line
        // that has nowhere else to go.
        let lines = [(0b011, 100.0), (0b001, 50.0), (0b110, 80.0), (0b100, 10.0)];
        let columns = [col(1.0, 120.0), col(0.8, 60.0), col(0.5, f64::INFINITY)];
        let a = by_subsets(&lines, &columns);
        let b = by_flow(&lines, &columns);
        assert!((a - b).abs() < 1e-6, "{a} vs {b}");
        // 120 at 1.0, 60 at 0.8, the remaining 60 at 0.5.
        assert!((a - (120.0 + 48.0 + 30.0)).abs() < 1e-6, "{a}");
    }
}
