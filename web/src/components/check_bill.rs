//! "Check a bill": the vendor's files, dropped or chosen, reconciled in the
//! worker against the scenario on screen (R-R1..R-R6). Each invoice's
//! lines side by side with their differences and causes in words; a usage
//! difference opens "Why N?"; a setting the vendor implies can be applied
//! and undone; print and CSV. The files stay in this browser.

use std::cell::RefCell;
use std::rc::Rc;

use billsim_core::reconcile::report::{Cause, CauseShare, LinePair, Reconciliation, WouldMatch};
use rust_decimal::Decimal;
use wasm_bindgen_futures::JsFuture;
use yew::prelude::*;

use super::why::WhyPanel;
use crate::protocol::{NamedText, Reconciled, Rejected, VendorRefused};
use crate::state::Action;
use crate::Store;

/// Where the vendor's files are kept between visits (small ones only).
const KEY: &str = "billsim.vendor-files.v1";
/// The most text kept in this browser's storage: a year of invoices is a
/// few hundred KB; a call report of a million rows is not kept (it stays
/// while the page is open).
const KEPT_CHARS: usize = 2_000_000;

thread_local! {
    /// The files loaded, kept while the page is open (tabs come and go).
    static FILES: RefCell<Option<Vec<NamedText>>> = const { RefCell::new(None) };
}

fn load() -> Vec<NamedText> {
    if let Some(f) = FILES.with(|f| f.borrow().clone()) {
        return f;
    }
    web_sys::window()
        .and_then(|w| w.local_storage().ok().flatten())
        .and_then(|s| s.get_item(KEY).ok().flatten())
        .and_then(|t| serde_json::from_str(&t).ok())
        .unwrap_or_default()
}

/// Keeps the list for this page and, when small enough, for the next visit.
/// Returns whether the browser's storage holds it.
fn keep(files: &[NamedText]) -> bool {
    FILES.with(|f| *f.borrow_mut() = Some(files.to_vec()));
    let Some(s) = web_sys::window().and_then(|w| w.local_storage().ok().flatten()) else {
        return false;
    };
    let size: usize = files.iter().map(|f| f.text.len() + f.name.len()).sum();
    if size > KEPT_CHARS {
        let _ = s.remove_item(KEY);
        return false;
    }
    let text = serde_json::to_string(files).unwrap_or_default();
    s.set_item(KEY, &text).is_ok()
}

fn cause_name(c: Cause) -> &'static str {
    match c {
        Cause::Rate => "Rate",
        Cause::Period => "Period",
        Cause::Ramp => "Ramp",
        Cause::Commitment => "Commitment",
        Cause::Split => "Split between orgs",
        Cause::PeakRule => "Peak rule",
        Cause::Tier => "Tier",
        Cause::Usage => "Usage",
        Cause::Tax => "Tax",
        Cause::Rounding => "Rounding",
        Cause::NotInSimulation => "Not in the simulation",
        Cause::MissingFromVendor => "Not on the vendor's bill",
    }
}

fn signed(d: &Decimal) -> String {
    if d.is_sign_positive() && !d.is_zero() {
        format!("+{}", crate::money::grouped(d))
    } else {
        crate::money::grouped(d)
    }
}

/// A setting the vendor implies, as a person reads it.
fn setting_words(w: &WouldMatch) -> String {
    let v = &w.value;
    match w.setting.as_str() {
        "contract.peak_rule" => format!(
            "Peak rule: {} {} minutes",
            v["kind"].as_str().unwrap_or("?"),
            v["minutes"]
        ),
        "contract.activation" => format!("Activation: {}", v.as_str().unwrap_or("?")),
        "contract.ramp" => format!(
            "Ramp: {} cycles, licenses {}",
            v["cycles"],
            v["licenses"].as_str().unwrap_or("waived")
        ),
        "contract.commitments" => "Commitments as the vendor's prepaid lines say".into(),
        "all" => "All of the above together".into(),
        other => other.to_owned(),
    }
}

#[component]
pub fn CheckBill() -> Html {
    let store = use_context::<Store>();
    let bridge = use_context::<Option<crate::BridgeHandle>>().flatten();
    let files = use_state(load);
    let kept = use_state(|| true);
    let period = use_state(String::new);
    let outcome = use_state(|| None::<Result<Rc<Reconciled>, Rejected>>);
    let refused = use_state(|| None::<Rejected>);
    let busy = use_state(|| false);
    let undo = use_state(|| None::<(String, String)>);
    let why_open = use_state(|| None::<(u32, String, String, String)>);
    let asked = use_mut_ref(|| 0u64);
    let text = store.as_ref().map(|s| s.text.clone()).unwrap_or_default();

    // Reconciled again whenever the files, the scenario or the period change.
    {
        let (files, outcome, refused, busy, asked) = (
            files.clone(),
            outcome.clone(),
            refused.clone(),
            busy.clone(),
            asked.clone(),
        );
        let bridge = bridge.clone();
        let period_day = period.parse::<chrono::NaiveDate>().ok();
        use_effect_with(
            ((*files).clone(), text.clone(), period_day),
            move |(list, text, day)| {
                if list.is_empty() {
                    outcome.set(None);
                } else if let Some(b) = &bridge {
                    *asked.borrow_mut() += 1;
                    let mine = *asked.borrow();
                    busy.set(true);
                    let reply = {
                        let (files, list) = (files.clone(), list.clone());
                        Callback::from(move |r: Result<Box<Reconciled>, VendorRefused>| {
                            if *asked.borrow() != mine {
                                return; // an older question
                            }
                            busy.set(false);
                            match r {
                                Ok(rc) => outcome.set(Some(Ok(Rc::new(*rc)))),
                                Err(VendorRefused {
                                    file: Some(name),
                                    why,
                                }) => {
                                    // The refused file goes; the others stay and are read again.
                                    let rest: Vec<NamedText> =
                                        list.iter().filter(|f| f.name != name).cloned().collect();
                                    keep(&rest);
                                    refused.set(Some(why));
                                    files.set(rest);
                                }
                                Err(VendorRefused { file: None, why }) => {
                                    outcome.set(Some(Err(why)))
                                }
                            }
                        })
                    };
                    b.0.reconcile(text, list.clone(), *day, reply);
                }
            },
        );
    }

    let add = {
        let (files, refused, kept) = (files.clone(), refused.clone(), kept.clone());
        Callback::from(move |picked: Vec<web_sys::File>| {
            let (files, refused, kept) = (files.clone(), refused.clone(), kept.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let mut list = (*files).clone();
                for f in picked {
                    let name = f.name();
                    let text = match JsFuture::from(f.text()).await {
                        Ok(t) => t.as_string().unwrap_or_default(),
                        Err(_) => {
                            refused.set(Some(Rejected::plain(format!(
                                "{name}: this browser could not read the file; the other files are kept"
                            ))));
                            continue;
                        }
                    };
                    // The same name again replaces the earlier copy.
                    list.retain(|x| x.name != name);
                    list.push(NamedText { name, text });
                }
                refused.set(None);
                kept.set(keep(&list));
                files.set(list);
            });
        })
    };
    let picked_of = |l: Option<web_sys::FileList>| -> Vec<web_sys::File> {
        let Some(l) = l else { return Vec::new() };
        (0..l.length()).filter_map(|i| l.get(i)).collect()
    };
    let onchange = {
        let add = add.clone();
        Callback::from(move |e: Event| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            add.emit(picked_of(input.files()));
            input.set_value("");
        })
    };
    let over = use_state(|| false);
    let ondrop = {
        let (add, over) = (add.clone(), over.clone());
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            over.set(false);
            add.emit(picked_of(e.data_transfer().and_then(|d| d.files())));
        })
    };
    let ondragover = {
        let over = over.clone();
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            over.set(true);
        })
    };
    let ondragleave = {
        let over = over.clone();
        Callback::from(move |_: DragEvent| over.set(false))
    };
    let remove = |name: String| {
        let (files, kept) = (files.clone(), kept.clone());
        Callback::from(move |_| {
            let rest: Vec<NamedText> = files.iter().filter(|f| f.name != name).cloned().collect();
            kept.set(keep(&rest));
            files.set(rest);
        })
    };
    let on_period = {
        let period = period.clone();
        Callback::from(move |e: Event| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            period.set(input.value());
        })
    };

    let Some(store) = store else {
        return html! {};
    };
    let currency = store
        .result
        .as_ref()
        .map(|r| r.currency.clone())
        .unwrap_or_default();
    let apply = |w: &WouldMatch| {
        let (store, undo) = (store.clone(), undo.clone());
        let (setting, value) = (w.setting.clone(), w.value.clone());
        Callback::from(move |_| {
            let Some(doc) = &store.doc else { return };
            let Some(d) = billsim_core::document::with_setting(doc, &setting, &value) else {
                return;
            };
            let after = serde_json::to_string_pretty(&d).unwrap_or_default();
            undo.set(Some((store.text.clone(), after.clone())));
            store.dispatch(Action::SetText(after));
        })
    };
    let on_undo = {
        let (store, undo) = (store.clone(), undo.clone());
        Callback::from(move |_| {
            if let Some((before, _)) = (*undo).clone() {
                undo.set(None);
                store.dispatch(Action::SetText(before));
            }
        })
    };
    let can_undo = undo.as_ref().is_some_and(|(_, after)| *after == store.text);
    let open_why = |cycle: u32, org: String, product: String, n: String| {
        let w = why_open.clone();
        Callback::from(move |_| w.set(Some((cycle, org.clone(), product.clone(), n.clone()))))
    };

    let line_row = |l: &LinePair| -> Html {
        let differs = !l.amount_difference.is_zero() || !l.quantity_difference.is_zero();
        let name = l
            .vendor
            .as_ref()
            .map(|v| v.description.clone())
            .or_else(|| l.simulated.as_ref().map(|s| s.description.clone()))
            .unwrap_or_default();
        let side = |q: Option<(&Decimal, &Decimal, &Decimal)>| match q {
            Some((q, r, a)) => format!(
                "{} × {} = {}",
                q.normalize(),
                crate::money::grouped(r),
                crate::money::grouped(a)
            ),
            None => "not billed".into(),
        };
        let vendor = side(l.vendor.as_ref().map(|v| (&v.quantity, &v.rate, &v.amount)));
        let simulated = side(
            l.simulated
                .as_ref()
                .map(|s| (&s.quantity, &s.rate, &s.amount)),
        );
        let why_button = |c: &CauseShare| -> Html {
            let Some(s) = &l.simulated else {
                return html! {};
            };
            let (Some(product), Some(org)) = (s.product.clone(), s.org.clone()) else {
                return html! {};
            };
            let license = ["prepay", "overage", "actual", "hourly"].contains(&s.kind.as_str());
            if c.cause != Cause::Usage && c.cause != Cause::PeakRule || !license {
                return html! {};
            }
            let n = s.quantity.normalize().to_string();
            let label = format!("Why {n}? {product} in {org}, cycle {}", s.cycle);
            html! { <button type="button" class="why-open" aria-label={label} onclick={open_why(s.cycle, org, product, n.clone())}>{ format!("Why {n}?") }</button> }
        };
        html! {
            <tr class={classes!(differs.then_some("differs"))}>
                <td>{ name }{ l.vendor.as_ref().map(|v| html! { <span class="source">{ format!(" ({})", v.source) }</span> }).unwrap_or_default() }</td>
                <td>{ vendor }</td>
                <td>{ simulated }</td>
                <td class="num">{ if differs { signed(&l.amount_difference) } else { "0".into() } }</td>
                <td class="causes">
                    if !differs { {"Matches"} }
                    { for l.causes.iter().map(|c| html! {
                        <p class="cause"><strong>{ format!("{} {}: ", cause_name(c.cause), signed(&c.amount)) }</strong>{ &c.says }{ why_button(c) }</p>
                    }) }
                    if !l.unexplained.is_zero() {
                        <p class="cause"><strong>{ format!("Unexplained {}", signed(&l.unexplained)) }</strong></p>
                    }
                </td>
            </tr>
        }
    };

    let result = match &*outcome {
        None if files.is_empty() => html! {},
        None => html! { <p class="hint" role="status">{"Checking the bill…"}</p> },
        Some(Err(why)) => html! { <div class="error" role="alert"><p>{ &why.message }</p></div> },
        Some(Ok(rc)) => {
            let r: &Reconciliation = &rc.reconciliation;
            let csv = rc.csv.clone();
            let download = Callback::from(move |_| {
                let _ = crate::download::save("reconciliation.csv", "text/csv", &csv);
            });
            let print = Callback::from(|_| {
                if let Some(w) = web_sys::window() {
                    let _ = w.print();
                }
            });
            html! {
                <>
                <p id="recon-says" role="status" class={classes!("recon-says", if r.matches { "matches" } else { "differs" })}>{ &r.says }</p>
                <p>{ format!("Vendor {}, simulated {}, difference {}",
                    crate::money::money(&r.vendor_total, &currency),
                    crate::money::money(&r.simulated_total, &currency),
                    signed(&r.difference)) }</p>
                <p class="actions">
                    <button type="button" onclick={download}>{"Download the check (CSV)"}</button>
                    <button type="button" onclick={print}>{"Print the check"}</button>
                </p>
                { for r.invoices.iter().map(|inv| html! {
                    <section class="recon-invoice">
                        <h3>{ format!("Invoice {}: vendor {}, simulated {}, difference {}", inv.date,
                            crate::money::grouped(&inv.vendor_total), crate::money::grouped(&inv.simulated_total), signed(&inv.difference)) }</h3>
                        <table class="recon">
                            <thead><tr><th>{"Line"}</th><th>{"Vendor"}</th><th>{"Simulated"}</th><th>{"Difference"}</th><th>{"Why"}</th></tr></thead>
                            <tbody>{ for inv.lines.iter().map(line_row) }</tbody>
                        </table>
                    </section>
                }) }
                if !r.figures.is_empty() {
                    <section class="recon-figures">
                        <h3>{"The vendor's figures"}</h3>
                        <table>
                            <thead><tr><th>{"Cycle"}</th><th>{"Product"}</th><th>{"Figure"}</th><th>{"Vendor"}</th><th>{"Simulated"}</th><th>{"Why"}</th></tr></thead>
                            <tbody>{ for r.figures.iter().map(|f| html! {
                                <tr>
                                    <td>{ f.cycle }</td><td>{ &f.product }</td><td>{ f.field.replace('_', " ") }</td>
                                    <td class="num">{ f.vendor.normalize().to_string() }</td>
                                    <td class="num">{ f.simulated.map_or("-".into(), |s| s.normalize().to_string()) }</td>
                                    <td>{ if f.causes.is_empty() { "Matches".to_owned() } else { f.causes.iter().map(|c| format!("{}: {}", cause_name(c.cause), c.says)).collect::<Vec<_>>().join(" ") } }</td>
                                </tr>
                            }) }</tbody>
                        </table>
                    </section>
                }
                if let Some(c) = &r.calls {
                    <section class="recon-calls">
                        <h3>{"Cloud Voice calls"}</h3>
                        <p>{ format!("{} calls: the report's total {} against {} at the contract's rates; {} calls differ.",
                            c.calls, c.vendor_total.normalize(), c.rated_total.normalize(), c.differing) }</p>
                        <ul>{ for c.examples.iter().map(|d| html! { <li>{ format!("{} ({}): {}", d.call_id, d.source, d.says) }</li> }) }</ul>
                    </section>
                }
                if !r.would_match.is_empty() {
                    <section class="recon-would-match">
                        <h3>{"What would match"}</h3>
                        <ul>{ for r.would_match.iter().map(|w| {
                            let verdict = match (&w.conflict, w.matches, w.resolves) {
                                (Some(c), _, _) => format!("not tried: {c}"),
                                (None, true, _) => "the whole bill then matches".into(),
                                (None, false, true) => "its lines then match".into(),
                                (None, false, false) => "the bill still differs".into(),
                            };
                            html! {
                                <li>
                                    { format!("{}: {verdict}. ", setting_words(w)) }
                                    if w.conflict.is_none() {
                                        <button type="button" onclick={apply(w)}>{ format!("Apply: {}", setting_words(w)) }</button>
                                    }
                                </li>
                            }
                        }) }</ul>
                        if can_undo {
                            <p role="status">{"The setting is applied. "}<button type="button" onclick={on_undo.clone()}>{"Undo the setting"}</button></p>
                        }
                    </section>
                }
                if !r.out_of_scope.is_empty() {
                    <p class="hint">{ format!("{} simulated invoice(s) no vendor file covers are left out of the check.", r.out_of_scope.len()) }</p>
                }
                { for r.notes.iter().map(|n| html! { <p class="hint">{ n }</p> }) }
                </>
            }
        }
    };

    html! {
        <section class="check-bill" aria-labelledby="check-title">
            <h2 id="check-title">{"Check a bill: the vendor's invoice against this scenario"}</h2>
            <p class="hint">{"Drop or choose the vendor's files: the invoice as CSV (typed or exported from the PDF), the invoice lines, subscription overview or billing-period charges JSON, or the Cloud Voice usage report. They are read in this browser; nothing is sent anywhere."}</p>
            <div class={classes!("drop", over.then_some("over"))} {ondrop} {ondragover} {ondragleave}>
                <label for="vendor-files">{"Vendor files: choose or drop here"}</label>
                <input id="vendor-files" type="file" multiple=true accept=".csv,.json,text/csv,application/json" {onchange} />
            </div>
            <label for="recon-period">{"First day of the period, for a subscription file without dates (optional)"}</label>
            <input id="recon-period" type="date" value={(*period).clone()} onchange={on_period} />
            if let Some(why) = &*refused {
                <div class="error" id="vendor-errors" role="alert">
                    <p>{ &why.message }</p>
                    if !why.problems.is_empty() {
                        <table>
                            <thead><tr><th>{"Line"}</th><th>{"Column"}</th><th>{"Field"}</th><th>{"Problem"}</th></tr></thead>
                            <tbody>{ for why.problems.iter().map(|p| html! { <tr class="bad-row"><td>{ p.line }</td><td>{ p.column }</td><td>{ &p.field }</td><td>{ &p.message }</td></tr> }) }</tbody>
                        </table>
                    }
                    if why.more > 0 { <p>{ format!("... and {} more", why.more) }</p> }
                </div>
            }
            if !files.is_empty() {
                <ul id="vendor-file-list">{ for files.iter().map(|f| html! {
                    <li>{ &f.name }{" "}<button type="button" aria-label={format!("Remove {}", f.name)} onclick={remove(f.name.clone())}>{"Remove"}</button></li>
                }) }</ul>
                if !*kept {
                    <p class="hint">{"These files are too large to keep in this browser: they stay while this page is open."}</p>
                }
            }
            if *busy { <p class="hint" role="status">{"Checking…"}</p> }
            { result }
            if let Some((cycle, org, product, n)) = (*why_open).clone() {
                <WhyPanel {cycle} {org} {product} {n} on_close={{ let w = why_open.clone(); Callback::from(move |_| w.set(None)) }} />
            }
        </section>
    }
}
