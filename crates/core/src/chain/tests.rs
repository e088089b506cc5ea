//! The chain picture's layout as tables (who goes in which row and place), and its SVG read as
//! a reader and an attacker would: every person's name and status in words, nothing typed
//! turned into markup.

use super::*;

fn node(id: &str) -> Node<'_> {
    Node {
        id,
        name: id,
        status: "Konfirmasi",
        tone: Tone::Confirmed,
    }
}

fn edge<'a>(from: &'a str, to: &'a str) -> Edge<'a> {
    Edge { from, to }
}

/// Each id's (row, place) after laying out `ids` with `edges`.
fn placed<'a>(ids: &[&'a str], edges: &[(&'a str, &'a str)]) -> Vec<(&'a str, u32, u32)> {
    let nodes: Vec<Node> = ids.iter().map(|id| node(id)).collect();
    let edges: Vec<Edge> = edges.iter().map(|(f, t)| edge(f, t)).collect();
    let layout = layout(&nodes, &edges);
    ids.iter()
        .enumerate()
        .map(|(i, id)| (*id, layout.generation[i], layout.slot[i]))
        .collect()
}

#[test]
fn layout_table() {
    #[rustfmt::skip]
    let cases: &[(&[&str], &[(&str, &str)], &[(&str, u32, u32)])] = &[
        // one case, no contacts
        (&["a"], &[], &[("a", 0, 0)]),
        // a case and its three contacts below it, in the order listed
        (&["a", "b", "c", "d"], &[("a", "b"), ("a", "c"), ("a", "d")],
            &[("a", 0, 0), ("b", 1, 0), ("c", 1, 1), ("d", 1, 2)]),
        // listed out of order: the index case still on top
        (&["c", "b", "a"], &[("a", "b"), ("b", "c")], &[("c", 2, 0), ("b", 1, 0), ("a", 0, 0)]),
        // a contact of two cases sits one row below the earlier of them
        (&["a", "b", "c"], &[("a", "b"), ("b", "c"), ("a", "c")], &[("a", 0, 0), ("b", 1, 0), ("c", 1, 1)]),
        // two chains side by side; contacts in the order of whoever exposed them
        (&["a", "x", "a1", "x1", "a2"], &[("x", "x1"), ("a", "a1"), ("a", "a2")],
            &[("a", 0, 0), ("x", 0, 1), ("a1", 1, 0), ("x1", 1, 2), ("a2", 1, 1)]),
        // exposure both ways: counted once, the first listed on top
        (&["a", "b"], &[("a", "b"), ("b", "a")], &[("a", 0, 0), ("b", 1, 0)]),
        // a circle of three with nobody outside it
        (&["a", "b", "c"], &[("a", "b"), ("b", "c"), ("c", "a")], &[("a", 0, 0), ("b", 1, 0), ("c", 2, 0)]),
        // an exposure to oneself, twice listed, or to someone not in the picture: left out
        (&["a", "b"], &[("a", "a"), ("a", "b"), ("a", "b"), ("a", "zz"), ("zz", "b")], &[("a", 0, 0), ("b", 1, 0)]),
    ];
    for (ids, edges, expected) in cases {
        assert_eq!(placed(ids, edges), expected.to_vec(), "{ids:?} {edges:?}");
    }
}

#[test]
fn no_two_people_share_a_place() {
    // A cluster of 200: 20 cases, each with 9 contacts, and some contacts made cases with
    // contacts of their own, exposures across chains too.
    let ids: Vec<String> = (0..200).map(|i| format!("p{i:03}")).collect();
    let mut pairs = Vec::new();
    for case in 0..20 {
        for k in 1..10 {
            pairs.push((case * 10, case * 10 + k));
        }
        if case > 0 {
            pairs.push((case * 10 - 1, case * 10));
        }
    }
    pairs.push((55, 3));
    let nodes: Vec<Node> = ids.iter().map(|id| node(id)).collect();
    let edges: Vec<Edge> = pairs.iter().map(|&(f, t)| edge(&ids[f], &ids[t])).collect();
    let layout = layout(&nodes, &edges);
    let mut places: Vec<(u32, u32)> = (0..nodes.len()).map(|i| (layout.line[i], layout.slot[i])).collect();
    places.sort();
    places.dedup();
    assert_eq!(places.len(), 200);
    assert!(places
        .iter()
        .all(|&(row, slot)| row < layout.rows && slot < layout.columns));
    // Nobody is more than one row below whoever exposed them.
    let row = |id: &str| layout.generation[ids.iter().position(|i| i == id).unwrap()];
    assert!(edges.iter().all(|e| row(e.to) <= row(e.from) + 1));
    assert_eq!(row("p000"), 0);
    // Case 19 is down a chain of 19 contacts made cases: two generations per link.
    assert_eq!(row("p190"), 38);
    assert_eq!(layout.generation.iter().max(), Some(&39));
    // Each generation of nine contacts takes two lines of six and three; no line is wider.
    assert_eq!(layout.columns, LINE_BOXES);
    let line = |id: &str| layout.line[ids.iter().position(|i| i == id).unwrap()];
    assert_eq!((line("p001"), line("p006"), line("p007"), line("p009")), (1, 1, 2, 2));
    assert!(edges
        .iter()
        .all(|e| line(e.to) > line(e.from) || row(e.to) <= row(e.from)));
}

#[test]
fn a_generation_wider_than_a_line_wraps_in_order() {
    let ids: Vec<String> = (0..15).map(|i| format!("c{i:02}")).collect();
    let nodes: Vec<Node> = ids.iter().map(|id| node(id)).collect();
    let edges: Vec<Edge> = ids[1..].iter().map(|to| edge(&ids[0], to)).collect();
    let layout = layout(&nodes, &edges);
    let places: Vec<(u32, u32, u32)> = (0..15)
        .map(|i| (layout.generation[i], layout.line[i], layout.slot[i]))
        .collect();
    #[rustfmt::skip]
    assert_eq!(places, [
        (0, 0, 0),
        (1, 1, 0), (1, 1, 1), (1, 1, 2), (1, 1, 3), (1, 1, 4), (1, 1, 5),
        (1, 2, 0), (1, 2, 1), (1, 2, 2), (1, 2, 3), (1, 2, 4), (1, 2, 5),
        (1, 3, 0), (1, 3, 1),
    ]);
    assert_eq!((layout.columns, layout.rows), (LINE_BOXES, 4));
}

#[test]
fn svg_says_each_person_and_status_in_words() {
    let nodes = [
        Node {
            id: "a",
            name: "Siti Aminah",
            status: "Konfirmasi",
            tone: Tone::Confirmed,
        },
        Node {
            id: "b",
            name: "Budi Santoso",
            status: "Kontak erat",
            tone: Tone::Contact,
        },
    ];
    let picture = svg(&nodes, &[edge("a", "b")], "Rantai penularan klaster Kantor Bupati");
    assert!(picture.starts_with("<svg "), "{picture}");
    assert!(picture.ends_with("</svg>"));
    assert!(picture.contains(r#"role="img""#));
    assert!(picture.contains(r#"<title id="chain-title">Rantai penularan klaster Kantor Bupati</title>"#));
    assert!(picture.contains("<title>Siti Aminah: Konfirmasi</title>"));
    assert!(picture.contains(">Kontak erat</text>"));
    assert!(picture.contains(r#"class="person tone-confirmed""#));
    assert!(picture.contains(r#"class="person tone-contact""#));
    assert_eq!(picture.matches("<line ").count(), 1);
    assert_eq!(picture.matches("<g ").count(), 2);
    // Two boxes side by side fit a 360 px phone; one is no wider.
    assert!(picture.contains(r#"width="182""#), "{picture}");
}

#[test]
fn svg_turns_nothing_typed_into_markup() {
    let nodes = [Node {
        id: "a",
        name: r#"<script>alert(1)</script>" onload="x"#,
        status: "A & B's",
        tone: Tone::Suspect,
    }];
    let picture = svg(&nodes, &[], "<b>judul</b>");
    assert!(!picture.contains("<script"), "{picture}");
    assert!(!picture.contains("<b>"));
    assert!(!picture.contains(r#"" onload"#));
    assert!(picture.contains("&lt;script&gt;"));
    assert!(picture.contains("A &amp; B&#39;s"));
}

#[test]
fn a_long_name_is_cut_in_its_box_and_whole_in_its_title() {
    let name = "Raden Roro Siti Aminah Kusumawardhani";
    let nodes = [Node {
        id: "a",
        name,
        status: "Suspek",
        tone: Tone::Suspect,
    }];
    let picture = svg(&nodes, &[], "t");
    assert!(picture.contains(">Raden Roro Siti Ami…</text>"), "{picture}");
    assert!(picture.contains(&format!("<title>{name}: Suspek</title>")));
}

#[test]
fn an_empty_picture_is_still_a_picture() {
    let picture = svg(&[], &[], "Belum ada kasus");
    assert!(picture.starts_with("<svg ") && picture.ends_with("</svg>"));
    assert!(picture.contains("Belum ada kasus"));
}

#[test]
fn a_case_s_tone_by_its_status_table() {
    use crate::case_rules::CaseStatus;
    let cases = [
        (CaseStatus::Suspect, Tone::Suspect),
        (CaseStatus::Probable, Tone::Probable),
        (CaseStatus::ConfirmedSymptomatic, Tone::Confirmed),
        (CaseStatus::ConfirmedAsymptomatic, Tone::Confirmed),
        (CaseStatus::Discarded, Tone::Closed),
        (CaseStatus::IsolationDone, Tone::Closed),
        (CaseStatus::Died, Tone::Died),
    ];
    for (status, tone) in cases {
        assert_eq!(Tone::of_case(status), tone, "{status:?}");
    }
}
