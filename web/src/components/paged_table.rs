//! A long list shown a page at a time (a window can name thousands of
//! users), optionally searchable, and downloadable as CSV (the rows
//! the search found).

use std::rc::Rc;

use yew::prelude::*;

use crate::drilldown::PAGE;

#[derive(Properties, PartialEq)]
pub struct PagedTableProps {
    /// Element id (tests and the CSV button's label use it).
    pub id: AttrValue,
    /// The table's caption, also its accessible name.
    pub caption: AttrValue,
    pub headers: Vec<&'static str>,
    pub rows: Rc<Vec<Vec<String>>>,
    /// Download file name (without `.csv`).
    pub file: AttrValue,
    #[prop_or_default]
    pub searchable: bool,
    /// Columns aligned right (numbers).
    #[prop_or_default]
    pub numeric: Vec<usize>,
    /// Rows a page.
    #[prop_or(PAGE)]
    pub page_size: usize,
}

#[component]
pub fn PagedTable(p: &PagedTableProps) -> Html {
    let page = use_state(|| 0usize);
    let query = use_state(String::new);
    {
        // New rows (another window, another order): back to the first page.
        let page = page.clone();
        use_effect_with(p.rows.clone(), move |_| page.set(0));
    }
    let needle = query.to_lowercase();
    let shown: Vec<&Vec<String>> = p
        .rows
        .iter()
        .filter(|r| super::table_view::matches(r, &needle))
        .collect();
    let size = p.page_size.max(1);
    let at = (*page).min(shown.len().div_ceil(size).max(1) - 1);
    let from = at * size;
    let to = (from + size).min(shown.len());
    let on_search = {
        let (query, page) = (query.clone(), page.clone());
        Callback::from(move |e: InputEvent| {
            let i: web_sys::HtmlInputElement = e.target_unchecked_into();
            query.set(i.value());
            page.set(0);
        })
    };
    let go = |to: usize| {
        let page = page.clone();
        Callback::from(move |_| page.set(to))
    };
    let download = {
        let (headers, rows, file) = (p.headers.clone(), p.rows.clone(), p.file.clone());
        let needle = needle.clone();
        Callback::from(move |_| {
            // The rows the search found (all of them without a search).
            let found: Vec<Vec<String>> = rows
                .iter()
                .filter(|r| super::table_view::matches(r, &needle))
                .cloned()
                .collect();
            let text = billsim_core::table::csv(&headers, &found);
            // A failed download leaves the list on screen; nothing else to do.
            let _ = crate::download::save(&format!("{file}.csv"), "text/csv", &text);
        })
    };
    let nav = super::table_view::nav((from, size), to - from, shown.len(), go);
    super::table_view::view(
        p,
        ((*query).clone(), on_search),
        download,
        &shown[from..to],
        nav,
    )
}

impl super::table_view::Head for PagedTableProps {
    fn head(&self) -> (&AttrValue, &AttrValue, &[&'static str], &[usize], bool) {
        (
            &self.id,
            &self.caption,
            &self.headers,
            &self.numeric,
            self.searchable,
        )
    }
}
