//! The chain picture (issue #20, item 6): cases and contacts as boxes, exposures as lines, laid
//! out by generation (who was exposed by whom) and drawn as SVG text the device shows and
//! prints. Each box says its person's name and status in words; the status's colour is a class
//! (`tone-…`) the stylesheet gives, never the only sign of it. Text is escaped: a name is typed
//! by a person and may hold `<`.

use std::fmt::Write;

/// How a box is coloured: the stylesheet's class `tone-{code}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    Confirmed,
    Probable,
    Suspect,
    /// A close contact still followed.
    Contact,
    /// Discarded, or isolation or quarantine over.
    Closed,
    Died,
}

impl Tone {
    pub fn code(self) -> &'static str {
        match self {
            Tone::Confirmed => "confirmed",
            Tone::Probable => "probable",
            Tone::Suspect => "suspect",
            Tone::Contact => "contact",
            Tone::Closed => "closed",
            Tone::Died => "died",
        }
    }
}

impl Tone {
    /// A case's colour by its status: confirmed, probable and suspect each their own; over
    /// (discarded, isolation done) closed; died its own.
    pub fn of_case(status: crate::case_rules::CaseStatus) -> Tone {
        use crate::case_rules::CaseStatus;
        match status {
            CaseStatus::ConfirmedSymptomatic | CaseStatus::ConfirmedAsymptomatic => Tone::Confirmed,
            CaseStatus::Probable => Tone::Probable,
            CaseStatus::Suspect => Tone::Suspect,
            CaseStatus::Discarded | CaseStatus::IsolationDone => Tone::Closed,
            CaseStatus::Died => Tone::Died,
        }
    }
}

/// One person in the picture, with the words to show (already in the reader's language).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Node<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub status: &'a str,
    pub tone: Tone,
}

/// `from` exposed `to` (a case and its close contact, or a case made from a contact).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Edge<'a> {
    pub from: &'a str,
    pub to: &'a str,
}

/// Where each node goes: its generation (0 for a person nobody in the picture exposed), the
/// line it is drawn on (a generation of more than `LINE_BOXES` people takes several lines, one
/// under the other) and its place on that line, by the nodes' order in the input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Layout {
    pub generation: Vec<u32>,
    pub line: Vec<u32>,
    pub slot: Vec<u32>,
    /// The widest line's number of boxes, and the number of lines.
    pub columns: u32,
    pub rows: u32,
}

/// At most this many boxes side by side: a case's household, co-workers and a meeting run to
/// 24 contacts of one generation (the demo's first case), 4,000 px in one line; wrapped at six
/// they are four lines of about 1,000 px, a phone scrolling sideways a little rather than far.
pub const LINE_BOXES: u32 = 6;

/// A box's size and the gaps between boxes, in SVG units (CSS pixels at 100%): two lines of
/// text at 13 px fit a box 150 wide, so a phone of 360 px shows two boxes side by side and
/// scrolls sideways for more.
pub const BOX_WIDTH: u32 = 150;
pub const BOX_HEIGHT: u32 = 44;
pub const GAP_X: u32 = 16;
pub const GAP_Y: u32 = 36;
/// A name longer than this is cut, with "…", so it fits its box.
const NAME_CHARS: usize = 20;

/// Lays the picture out: the people nobody in it exposed in the first row; everyone else one
/// row below the earliest row of whoever exposed them (an exposure both ways, or around a
/// circle, counts once); within a row, people in the order of those who exposed them, so lines
/// cross little. Edges naming someone not in `nodes` are left out. Time grows with the nodes
/// and edges (and a sort per row).
pub fn layout(nodes: &[Node], edges: &[Edge]) -> Layout {
    let find = finder(nodes);
    let mut children: Vec<Vec<usize>> = vec![Vec::new(); nodes.len()];
    let mut has_parent = vec![false; nodes.len()];
    for edge in edges {
        if let (Some(from), Some(to)) = (find(edge.from), find(edge.to)) {
            if from != to && !children[from].contains(&to) {
                children[from].push(to);
                has_parent[to] = true;
            }
        }
    }
    let mut generation: Vec<Option<u32>> = vec![None; nodes.len()];
    let mut rows: Vec<Vec<usize>> = Vec::new();
    let roots: Vec<usize> = (0..nodes.len()).filter(|&i| !has_parent[i]).collect();
    place(roots, &children, &mut generation, &mut rows);
    // Someone only a circle of exposures reaches has no first person: the first of them in the
    // input goes in the top row, and whoever it reaches below it.
    let mut cursor = 0;
    while let Some(start) = (cursor..nodes.len()).find(|&i| generation[i].is_none()) {
        place(vec![start], &children, &mut generation, &mut rows);
        cursor = start + 1;
    }
    let (mut slot, mut line) = (vec![0; nodes.len()], vec![0; nodes.len()]);
    let mut lines = 0;
    for row in &rows {
        for (at, &i) in row.iter().enumerate() {
            slot[i] = at as u32 % LINE_BOXES;
            line[i] = lines + at as u32 / LINE_BOXES;
        }
        lines += (row.len() as u32).div_ceil(LINE_BOXES);
    }
    Layout {
        columns: rows.iter().map(|r| (r.len() as u32).min(LINE_BOXES)).max().unwrap_or(0),
        rows: lines,
        generation: generation.into_iter().map(|g| g.unwrap_or(0)).collect(),
        line,
        slot,
    }
}

/// Places `starts` in the top row and, row by row, whoever they exposed who has no place yet.
fn place(starts: Vec<usize>, children: &[Vec<usize>], generation: &mut [Option<u32>], rows: &mut Vec<Vec<usize>>) {
    let mut frontier = starts;
    for &i in &frontier {
        generation[i] = Some(0);
    }
    let mut depth = 0;
    while !frontier.is_empty() {
        if rows.len() <= depth {
            rows.push(Vec::new());
        }
        rows[depth].extend(&frontier);
        let mut next = Vec::new();
        for &parent in &frontier {
            for &child in &children[parent] {
                if generation[child].is_none() {
                    generation[child] = Some(depth as u32 + 1);
                    next.push(child);
                }
            }
        }
        frontier = next;
        depth += 1;
    }
}

/// The position in `nodes` of a node by id, through a sorted list (not a scan per edge).
fn finder<'n>(nodes: &'n [Node]) -> impl Fn(&str) -> Option<usize> + 'n {
    let mut by_id: Vec<(&str, usize)> = nodes.iter().enumerate().map(|(i, n)| (n.id, i)).collect();
    by_id.sort();
    move |id| {
        by_id
            .binary_search_by(|(key, _)| key.cmp(&id))
            .ok()
            .map(|at| by_id[at].1)
    }
}

/// The picture as an SVG document: `title` names it for a screen reader (`<title>`, and the
/// `aria-labelledby` that points to it); each box is a group with its own `<title>` ("name:
/// status"); each exposure a line from the bottom of one box to the top of the other.
pub fn svg(nodes: &[Node], edges: &[Edge], title: &str) -> String {
    let layout = layout(nodes, edges);
    let width = (layout.columns.max(1) * (BOX_WIDTH + GAP_X) + GAP_X).max(BOX_WIDTH + 2 * GAP_X);
    let height = layout.rows.max(1) * (BOX_HEIGHT + GAP_Y) + GAP_Y - BOX_HEIGHT / 2;
    let x = |i: usize| GAP_X + layout.slot[i] * (BOX_WIDTH + GAP_X);
    let y = |i: usize| GAP_Y / 2 + layout.line[i] * (BOX_HEIGHT + GAP_Y);
    let mut out = String::with_capacity(200 + nodes.len() * 300);
    let _ = write!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" class="chain" role="img" aria-labelledby="chain-title" width="{width}" height="{height}" viewBox="0 0 {width} {height}"><title id="chain-title">{}</title>"#,
        escape(title)
    );
    let find = finder(nodes);
    for edge in edges {
        if let (Some(from), Some(to)) = (find(edge.from), find(edge.to)) {
            if from == to {
                continue;
            }
            let _ = write!(
                out,
                r#"<line class="exposure" x1="{}" y1="{}" x2="{}" y2="{}"/>"#,
                x(from) + BOX_WIDTH / 2,
                y(from) + BOX_HEIGHT,
                x(to) + BOX_WIDTH / 2,
                y(to)
            );
        }
    }
    for (i, node) in nodes.iter().enumerate() {
        let name = cut(node.name, NAME_CHARS);
        let _ = write!(
            out,
            r#"<g class="person tone-{}"><title>{}: {}</title><rect x="{}" y="{}" width="{BOX_WIDTH}" height="{BOX_HEIGHT}" rx="6"/><text x="{}" y="{}">{}</text><text class="status" x="{}" y="{}">{}</text></g>"#,
            node.tone.code(),
            escape(node.name),
            escape(node.status),
            x(i),
            y(i),
            x(i) + 8,
            y(i) + 18,
            escape(&name),
            x(i) + 8,
            y(i) + 36,
            escape(node.status)
        );
    }
    out.push_str("</svg>");
    out
}

/// At most `max` characters of `text`, the last one "…" when it was cut.
fn cut(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let mut out: String = text.chars().take(max - 1).collect();
    out.push('…');
    out
}

/// Text as it may stand in SVG's text and attributes.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests;
