//! The Usage tab's view of the usage being billed (inline sessions,
//! profiles or an import): one cycle's daily peaks (R-K4) as a chart per
//! org, and the user-hour (R-H3) and billable-user reports as paged tables.

use std::rc::Rc;

use billsim_core::panel::{List, UsageReports as Sent};
use yew::prelude::*;

use crate::coord::n;

use super::remote_table::{held, whole, RemoteTable};
use super::why::{ask, fetcher};
use crate::context::{BridgeHandle, Store};
use crate::drilldown::{Answer, Request, Rows as Page};
use billsim_core::reports::CycleReports as Reports;

/// What reports are asked for: the cycle (none: the first) and the bill's request id.
type Key = (Option<u32>, u64);

/// A cycle's reports as shown: the rows moved out of the answer once, so a
/// redraw of the page (every edit draws the App) never copies them. The
/// long tables came as their first page; the worker holds the rest.
struct Shown {
    /// The cycle, its days and the cycles to choose from (its tables' rows are below).
    r: Reports,
    peaks: Rc<Page>,
    hours: Rc<Page>,
    users: Rc<Page>,
}

impl Shown {
    fn of(mut u: Sent) -> Shown {
        Shown {
            peaks: whole(std::mem::take(&mut u.reports.daily_peaks.rows)),
            r: u.reports,
            hours: Rc::new(u.hours),
            users: Rc::new(u.users),
        }
    }
}

#[component]
pub fn UsageReports() -> Html {
    let narrow = crate::window_event::use_narrow();
    let store = use_context::<Store>();
    let bridge = use_context::<Option<BridgeHandle>>().flatten();
    let cycle = use_state(|| None::<u32>);
    // The reports shown, with what they were asked for (see `key`).
    let reports = use_state(|| None::<(Key, Result<Rc<Shown>, String>)>);
    let asked = use_mut_ref(|| 0u64);
    // The bill the reports are of: every change of what is billed (the
    // text, or the import set aside) asks for a new one. The reports are
    // asked once it is in: the worker answers in turn, so the invoices
    // come first (after a large import the reports measure the sessions
    // again, 200 ms that were spent before the invoices).
    let (bill, billed) = store
        .as_ref()
        .map_or((0, false), |s| (s.pending, s.answered));
    let key = (*cycle, bill);
    // Until the latest question's answer is in, the reports shown are
    // marked busy (and dimmed), not passed off as current.
    let busy = reports.as_ref().map(|r| r.0) != Some(key);
    {
        let (store, reports, asked, bridge) = (
            store.clone(),
            reports.clone(),
            asked.clone(),
            bridge.clone(),
        );
        use_effect_with((key, billed), move |&(key, billed)| {
            if !billed {
                return;
            }
            let cycle = &key.0;
            *asked.borrow_mut() += 1;
            let me = *asked.borrow();
            if let Some(store) = &store {
                let req = Request {
                    cycle: *cycle,
                    reports: true,
                    ..Request::default()
                };
                ask(
                    store,
                    bridge.as_ref(),
                    req,
                    Callback::from(move |a: Result<Answer, String>| {
                        // Only the answer to the latest question is shown.
                        if *asked.borrow() == me {
                            reports.set(Some((
                                key,
                                a.and_then(|a| match a {
                                    Answer::Reports(r) => Ok(Rc::new(Shown::of(*r))),
                                    _ => Err("unexpected answer".to_owned()),
                                }),
                            )));
                        }
                    }),
                );
            }
        });
    }
    let pick = {
        let cycle = cycle.clone();
        Callback::from(move |e: Event| {
            let s: web_sys::HtmlSelectElement = e.target_unchecked_into();
            cycle.set(s.value().parse().ok());
        })
    };
    let body = match reports.as_ref().map(|r| &r.1) {
        None => html! { <p role="status">{"Measuring the usage…"}</p> },
        Some(Err(e)) => html! { <p class="error" role="alert">{ format!("No reports: {e}") }</p> },
        Some(Ok(shown)) if shown.users.total == 0 => {
            let r = &shown.r;
            html! { <p id="usage-none">{ format!("No logins in cycle {} ({} – {}).", r.cycle, r.start, r.end) }</p> }
        }
        Some(Ok(shown)) => {
            let r = &shown.r;
            let fetch = fetcher(
                store.clone(),
                bridge.clone(),
                Some(r.cycle),
                String::new(),
                true,
            );
            let more = |n: usize| {
                (n > 0).then(|| html! { <p class="hint">{ format!("{} more rows are not shown here; the command line's billsim simulate --reports lists them all.", crate::money::count(n)) }</p> })
            };
            let orgs: Vec<String> = {
                let mut o: Vec<String> =
                    shown.peaks.rows.iter().map(|row| row[1].clone()).collect();
                o.dedup();
                o
            };
            html! {
                <>
                { for orgs.iter().map(|org| peaks_chart(r, &shown.peaks.rows, org, narrow)) }
                { held("daily-peaks", format!("Daily peaks, cycle {} (R-K4)", r.cycle), vec!["Date", "Org", "Peak", "Minutes at peak"], shown.peaks.clone(), format!("daily-peaks-cycle{}", r.cycle), vec![2, 3]) }
                <RemoteTable id="user-hours" caption={format!("User-hours per user per day, cycle {} (R-H3)", r.cycle)} headers={vec!["User", "Org", "Date", "Duration (HH:MM:SS:mmm)"]} list={Some(List::UserHours)} first={Some((Some(List::UserHours), shown.hours.clone()))} fetch={fetch.clone()} file={format!("user-hours-cycle{}", r.cycle)} searchable=true />
                { more(r.left_out.0).unwrap_or_default() }
                <RemoteTable id="billable-users" caption={format!("Billable users, cycle {}", r.cycle)} headers={vec!["Cycle", "User", "Org", "Product", "Tier", "First billable login"]} list={Some(List::BillableUsers)} first={Some((Some(List::BillableUsers), shown.users.clone()))} {fetch} file={format!("billable-users-cycle{}", r.cycle)} searchable=true />
                { more(r.left_out.1).unwrap_or_default() }
                </>
            }
        }
    };
    let choices = match reports.as_ref().map(|r| &r.1) {
        Some(Ok(shown)) if shown.r.cycles.len() > 1 => html! {
            <label>{"Cycle "}
                <select id="usage-cycle" onchange={pick}>{ for shown.r.cycles.iter().map(|c| html! {
                    <option value={c.to_string()} selected={*c == shown.r.cycle}>{ c.to_string() }</option>
                }) }</select>
            </label>
        },
        _ => html! {},
    };
    html! {
        <section class="usage-reports" id="usage-reports" aria-labelledby="usage-reports-title" aria-busy={busy.then_some("true")}>
            <h2 id="usage-reports-title">{"Usage reports"}</h2>
            { choices }
            { body }
        </section>
    }
}

/// One org's daily peaks as bars; the table below says the same in words.
/// On a phone it is drawn 320 units across, so its text stays readable.
fn peaks_chart(r: &Reports, peaks: &[Vec<String>], org: &str, narrow: bool) -> Html {
    let days: Vec<&Vec<String>> = peaks.iter().filter(|row| row[1] == org).collect();
    let max = days
        .iter()
        .filter_map(|d| d[2].parse::<u64>().ok())
        .fold(1, u64::max);
    // Left: the room for the axis's labels.
    let (w, h, left) = (if narrow { 320.0 } else { 600.0 }, 120.0, 40.0);
    let span = (r.end - r.start).num_days() as f64 + 1.0;
    let bw = (w - left) / span;
    html! {
        <figure class="daily-peaks" data-org={org.to_owned()}>
            <svg viewBox={format!("0 0 {} {}", n(w), n(h + 16.0))} font-size="11" role="img" aria-label={format!("Daily peaks of {org}, cycle {}: highest {max}; the table below lists each day", r.cycle)}>
                { for days.iter().filter_map(|d| {
                    let date: chrono::NaiveDate = d[0].parse().ok()?;
                    let peak = d[2].parse::<u64>().ok()? as f64;
                    let x = left + (date - r.start).num_days() as f64 * bw;
                    let bh = peak / max as f64 * h;
                    Some(html! { <rect x={n(x)} y={n(h - bh)} width={n((bw - 1.0).max(1.0))} height={n(bh)}><title>{ format!("{}: peak {}", d[0], d[2]) }</title></rect> })
                }) }
                <text x={n(left - 4.0)} y="10" text-anchor="end">{ max.to_string() }</text>
                <text x={n(left - 4.0)} y={n(h + 14.0)} text-anchor="end">{"users"}</text>
                <text x={n(left - 4.0)} y={n(h)} text-anchor="end">{"0"}</text>
                <text x={n(left)} y={n(h + 14.0)}>{ r.start.to_string() }</text>
                <text x={n(w)} y={n(h + 14.0)} text-anchor="end">{ r.end.to_string() }</text>
            </svg>
            <figcaption>{ format!("Daily peak of users logged in at once, {org}, {} – {} (UTC days)", r.start, r.end) }</figcaption>
        </figure>
    }
}
