//! The markup a long-list table ([`super::remote_table`]) draws: search
//! box, CSV button, the table and its paging line.

use yew::prelude::*;

/// What both tables' properties say about their look: id (tests and the
/// CSV button's label use it), caption (also the accessible name), headers,
/// the columns aligned right (numbers), and whether there is a search box.
pub trait Head {
    fn head(&self) -> (&AttrValue, &AttrValue, &[&'static str], &[usize], bool);
}

/// Whether a row holds the search (lower case; empty: every row).
pub fn matches(row: &[String], needle: &str) -> bool {
    needle.is_empty() || row.iter().any(|c| crate::case::lower(c).contains(needle))
}

/// The "Rows 1–100 of 2,000" line with Previous and Next when there are
/// pages of `size` rows.
pub fn nav(
    (from, size): (usize, usize),
    shown: usize,
    total: usize,
    go: impl Fn(usize) -> Callback<MouseEvent>,
) -> Html {
    let (at, pages) = (from / size, total.div_ceil(size).max(1));
    html! { <>
        { if total == 0 { "No rows".to_owned() } else { format!("Rows {}–{} of {}", from + 1, from + shown, total) } }
        if pages > 1 {
            {" "}
            <button type="button" class="prev" disabled={at == 0} onclick={go(at.saturating_sub(1))}>{"Previous page"}</button>
            <button type="button" class="next" disabled={at + 1 >= pages} onclick={go(at + 1)}>{"Next page"}</button>
        }
    </> }
}

/// Draws a table of `p`'s look: the search box showing `query`, the CSV
/// button, this page's `rows` and the paging line `nav`.
pub fn view(
    p: &impl Head,
    query: (String, Callback<InputEvent>),
    download: Callback<MouseEvent>,
    rows: &[&Vec<String>],
    nav: Html,
) -> Html {
    let (id, caption, headers, numeric_cols, searchable) = p.head();
    let numeric = |i: usize| classes!(numeric_cols.contains(&i).then_some("n"));
    let (query, on_search) = query;
    html! {
        <div class="paged" id={id.clone()}>
            <div class="paged-tools">
                if searchable {
                    <label>{"Search "}
                        <input type="search" class="paged-search" aria-label={format!("Search {caption}")} aria-controls={format!("{id}-table")} value={query} oninput={on_search} />
                    </label>
                }
                <button type="button" class="csv" onclick={download} aria-label={format!("Download CSV: {caption}")}>{"Download CSV"}</button>
            </div>
            // The table scrolls inside itself on a phone, not the tab around it
            // (tester: scrolling to a cell slid the whole panel sideways). Its
            // title stays above the box, not scrolled away with the cells; the
            // caption still names the table for a screen reader.
            <p class="paged-caption" aria-hidden="true">{ caption.clone() }</p>
            <div class="scroll-x" role="region" aria-label={caption.clone()} tabindex="0">
            <table id={format!("{id}-table")}>
                <caption class="visually-hidden">{ caption.clone() }</caption>
                <thead><tr>{ for headers.iter().enumerate().map(|(i, h)| html! {
                    <th scope="col" class={numeric(i)}>{ *h }</th>
                }) }</tr></thead>
                <tbody>
                { for rows.iter().map(|r| html! {
                    <tr>{ for r.iter().enumerate().map(|(i, c)| html! {
                        <td class={numeric(i)}>{ c.clone() }</td>
                    }) }</tr>
                }) }
                </tbody>
            </table>
            </div>
            <p class="paged-nav" role="status">{ nav }</p>
        </div>
    }
}
