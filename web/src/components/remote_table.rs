//! A long list shown a page at a time, searchable and downloadable as CSV
//! (the rows the search found). Its rows stay where they were computed
//! (the background worker, for a large import): the page holds one page of
//! it at a time and asks for another page, a search or every row found
//! when the reader does. A short list comes whole and is paged, searched
//! and downloaded here; a list the page made itself is held whole too
//! ([`held`]).

use std::rc::Rc;

use yew::prelude::*;

use crate::drilldown::{List, Rows, RowsQuery, PAGE};

/// Asks for a page of a list; the reply gets it, or why not.
pub type Fetch = Callback<(RowsQuery, Callback<Result<Rows, String>>)>;

#[derive(Properties, PartialEq)]
pub struct RemoteTableProps {
    /// Element id (tests and the CSV button's label use it).
    pub id: AttrValue,
    /// The table's caption, also its accessible name.
    pub caption: AttrValue,
    pub headers: Vec<&'static str>,
    /// The list shown; another list starts again at its first page.
    /// `None`: the page's own rows, whole in `first`.
    pub list: Option<List>,
    /// The first page of `first.0`, sent with the panel (no question needed).
    pub first: Option<(Option<List>, Rc<Rows>)>,
    pub fetch: Fetch,
    /// Download file name (without `.csv`).
    pub file: AttrValue,
    #[prop_or_default]
    pub searchable: bool,
    /// Columns aligned right (numbers).
    #[prop_or_default]
    pub numeric: Vec<usize>,
}

#[component]
pub fn RemoteTable(p: &RemoteTableProps) -> Html {
    let first = p
        .first
        .as_ref()
        .filter(|(l, _)| *l == p.list)
        .map(|(_, r)| Ok(r.clone()));
    // The page shown, as it came (a whole list is paged and searched here).
    let held = use_state(|| first);
    let query = use_state(String::new);
    // The page shown of a whole list.
    let local_page = use_state(|| 0usize);
    // Only the answer to the latest question is shown.
    let asked = use_mut_ref(|| 0u64);
    let ask = {
        let (fetch, held, asked, list) = (p.fetch.clone(), held.clone(), asked.clone(), p.list);
        Rc::new(move |page: usize, query: String| {
            let Some(list) = list else { return };
            *asked.borrow_mut() += 1;
            let me = *asked.borrow();
            let (held, asked) = (held.clone(), asked.clone());
            fetch.emit((
                RowsQuery {
                    list,
                    page,
                    query,
                    all: false,
                },
                Callback::from(move |r: Result<Rows, String>| {
                    if *asked.borrow() == me {
                        held.set(Some(r.map(Rc::new)));
                    }
                }),
            ));
        })
    };
    {
        // A new list (or a new first page of it): start from its first page.
        let (ask, held, query, asked, local_page) = (
            ask.clone(),
            held.clone(),
            query.clone(),
            asked.clone(),
            local_page.clone(),
        );
        use_effect_with((p.list, p.first.clone()), move |(list, first)| {
            query.set(String::new());
            local_page.set(0);
            match first {
                Some((l, rows)) if l == list => {
                    *asked.borrow_mut() += 1;
                    held.set(Some(Ok(rows.clone())));
                }
                _ => ask(0, String::new()),
            }
        });
    }
    let whole = matches!(&*held, Some(Ok(r)) if r.whole);
    let on_search = {
        let (ask, query, local_page) = (ask.clone(), query.clone(), local_page.clone());
        Callback::from(move |e: InputEvent| {
            let i: web_sys::HtmlInputElement = e.target_unchecked_into();
            query.set(i.value());
            local_page.set(0);
            if !whole {
                ask(0, i.value());
            }
        })
    };
    let go = |page: usize| {
        let (ask, query, local_page) = (ask.clone(), query.clone(), local_page.clone());
        Callback::from(move |_| {
            if whole {
                local_page.set(page);
            } else {
                ask(page, (*query).clone());
            }
        })
    };
    let download = {
        let (fetch, list, query, held) = (p.fetch.clone(), p.list, query.clone(), held.clone());
        let (headers, file) = (p.headers.clone(), p.file.clone());
        Callback::from(move |_| {
            let (headers, file) = (headers.clone(), file.clone());
            let save = move |rows: &[Vec<String>]| {
                let text = billsim_core::table::csv(&headers, rows);
                // A failed download leaves the list on screen; nothing else to do.
                let _ = crate::download::save(&format!("{file}.csv"), "text/csv", &text);
            };
            // The rows the search found (all of them without a search).
            match (&*held, list) {
                (Some(Ok(r)), _) if r.whole => {
                    let needle = crate::case::lower(&query);
                    let found: Vec<Vec<String>> = r
                        .rows
                        .iter()
                        .filter(|r| super::table_view::matches(r, &needle))
                        .cloned()
                        .collect();
                    save(&found);
                }
                (_, Some(list)) => fetch.emit((
                    RowsQuery {
                        list,
                        page: 0,
                        query: (*query).clone(),
                        all: true,
                    },
                    Callback::from(move |r: Result<Rows, String>| {
                        if let Ok(r) = r {
                            save(&r.rows);
                        }
                    }),
                )),
                _ => {}
            }
        })
    };
    let size = p.list.map_or(PAGE, List::page_size);
    // What is on screen: (rows, first row's position, rows matching).
    let (rows, from, total): (Vec<&Vec<String>>, usize, usize) = match &*held {
        Some(Ok(r)) if r.whole => {
            let needle = crate::case::lower(&query);
            let shown: Vec<&Vec<String>> = r
                .rows
                .iter()
                .filter(|r| super::table_view::matches(r, &needle))
                .collect();
            let total = shown.len();
            let from = (*local_page).min(total.div_ceil(size).saturating_sub(1)) * size;
            (
                shown.into_iter().skip(from).take(size).collect(),
                from,
                total,
            )
        }
        Some(Ok(r)) => (r.rows.iter().collect(), r.from, r.total),
        _ => (Vec::new(), 0, 0),
    };
    let nav = match &*held {
        None => html! { {"Working…"} },
        Some(Err(e)) => html! { <span class="error">{ format!("No rows: {e}") }</span> },
        Some(Ok(_)) => super::table_view::nav((from, size), rows.len(), total, go),
    };
    super::table_view::view(p, ((*query).clone(), on_search), download, &rows, nav)
}

impl super::table_view::Head for RemoteTableProps {
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

/// A table of rows the page made (a few hundred at most), paged here.
pub fn held(
    id: &'static str,
    caption: String,
    headers: Vec<&'static str>,
    rows: Rc<Rows>,
    file: String,
    numeric: Vec<usize>,
) -> Html {
    html! { <RemoteTable {id} caption={caption} {headers} list={None::<List>} first={Some((None, rows))} fetch={Callback::noop()} {file} {numeric} /> }
}

/// `rows`, every one, as a list held whole.
pub fn whole(rows: Vec<Vec<String>>) -> Rc<Rows> {
    Rc::new(Rows {
        total: rows.len(),
        from: 0,
        rows,
        whole: true,
    })
}
