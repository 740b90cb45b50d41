//! A reconciliation as the "Check a bill" tab shows it, written in the
//! worker: sentences and amounts in words, and the invoices' tables as
//! escaped HTML. The page holds no reader of the reconciliation and no
//! billing knowledge; a typed view of every line cost the page a sixtieth
//! of its 400 KB budget (e2e/budget.test.mjs), markup costs it nothing.
//! Every text from a vendor file is escaped ([`escape`]).

use billsim_core::reconcile::report::{Cause, CauseShare, LinePair, Reconciliation, WouldMatch};
use rust_decimal::Decimal;

use billsim_web::money::{grouped, money};

/// What opens "Why N?" for a line: cycle, org, product and N.
type WhyKey = (u32, String, String, String, String);

/// One cause of a line's difference: its label ("Peak rule +1,518.00"),
/// its sentence, and the license quantity it is about, for "Why N?".
type CauseView = (String, String, Option<WhyKey>);

/// One line pair: the charge as printed (or as simulated), where the
/// vendor's line is (`bill.csv:4`), the vendor's "20 × 115.00 = 2,300.00"
/// (or "not billed"), the simulation's, the difference ("+138.00", or "0"
/// when it matches), and the causes. Tuples, not structs: the page reads
/// them.
type LineView = (
    String,
    Option<String>,
    String,
    String,
    String,
    Vec<CauseView>,
);

/// A setting the vendor's numbers imply: "Peak rule: sustained 10
/// minutes", the verdict, the scenario field, and its value as JSON text
/// (`None` when not tried).
type SettingView = (String, String, String, Option<String>);

/// Text made safe inside HTML elements and quoted attributes.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

fn line_html(out: &mut String, l: &LineView) {
    use std::fmt::Write;
    let (name, source, vendor, simulated, difference, causes) = l;
    let differs = difference != "0";
    let _ = write!(
        out,
        // The labels head each cell where a narrow screen stacks them (style.css).
        "<tr{}><td>{}{}</td><td data-label=\"Vendor\">{}</td><td data-label=\"Simulated\">{}</td><td class=\"num\" data-label=\"Difference\">{}</td><td class=\"causes\">",
        if differs { " class=\"differs\"" } else { "" },
        escape(name),
        source
            .as_ref()
            .map(|s| format!("<span class=\"source\"> ({})</span>", escape(s)))
            .unwrap_or_default(),
        escape(vendor),
        escape(simulated),
        escape(difference)
    );
    if !differs {
        out.push_str("Matches");
    }
    for (label, says, why) in causes {
        let _ = write!(
            out,
            "<p class=\"cause\"><strong>{}: </strong>{}",
            escape(label),
            escape(says)
        );
        if let Some((cycle, org, product, n, kind)) = why {
            let _ = write!(
                out,
                " <button type=\"button\" class=\"why-open\" data-why=\"{}\" aria-label=\"{}\">Why {}?</button>",
                escape(&format!("{cycle}|{org}|{product}|{n}|{kind}")),
                escape(&format!("Why {n}? {product} in {org}, cycle {cycle}")),
                escape(n)
            );
        }
        out.push_str("</p>");
    }
    out.push_str("</td></tr>");
}

fn signed(d: &Decimal) -> String {
    billsim_core::reconcile::signed(*d)
}

fn side(q: Option<(&Decimal, &Decimal, &Decimal)>) -> String {
    match q {
        Some((q, r, a)) => format!("{} × {} = {}", q.normalize(), grouped(r), grouped(a)),
        None => "not billed".into(),
    }
}

fn why_of(l: &LinePair, c: &CauseShare) -> Option<WhyKey> {
    let s = l.simulated.as_ref()?;
    let license = ["prepay", "overage", "actual", "hourly"].contains(&s.kind.as_str());
    if !license || !matches!(c.cause, Cause::Usage | Cause::PeakRule) {
        return None;
    }
    Some((
        s.cycle,
        s.org.clone()?,
        s.product.clone()?,
        s.quantity.normalize().to_string(),
        s.kind.clone(),
    ))
}

fn line(l: &LinePair) -> LineView {
    let differs = !l.amount_difference.is_zero() || !l.quantity_difference.is_zero();
    let mut causes: Vec<CauseView> = l
        .causes
        .iter()
        .map(|c| {
            (
                format!("{} {}", c.cause.label(), signed(&c.amount)),
                c.says.clone(),
                why_of(l, c),
            )
        })
        .collect();
    if !l.unexplained.is_zero() {
        causes.push((
            format!("Unexplained {}", signed(&l.unexplained)),
            "No cause of the rule book explains this part.".into(),
            None,
        ));
    }
    (
        l.vendor
            .as_ref()
            .map(|v| v.description.clone())
            .or_else(|| l.simulated.as_ref().map(|s| s.description.clone()))
            .unwrap_or_default(),
        l.vendor.as_ref().map(|v| v.source.clone()),
        side(l.vendor.as_ref().map(|v| (&v.quantity, &v.rate, &v.amount))),
        side(
            l.simulated
                .as_ref()
                .map(|s| (&s.quantity, &s.rate, &s.amount)),
        ),
        if differs {
            signed(&l.amount_difference)
        } else {
            "0".into()
        },
        causes,
    )
}

fn setting_words(w: &WouldMatch) -> String {
    let v = &w.value;
    match w.setting.as_str() {
        // A setting not tried has no value to show (no "null" on screen).
        "contract.peak_rule" => match (v["kind"].as_str(), v["minutes"].as_u64()) {
            (Some(kind), Some(minutes)) => {
                format!("Peak rule: {} {minutes} minutes", kind.replace('_', " "))
            }
            _ => "Peak rule".into(),
        },
        "contract.activation" => match v.as_str() {
            Some(day) => format!("Activation: {day}"),
            None => "Activation".into(),
        },
        "contract.ramp" => match v["cycles"].as_u64() {
            Some(cycles) => format!(
                "Ramp: {cycles} cycles, licenses {}",
                v["licenses"].as_str().unwrap_or("waived").replace('_', " ")
            ),
            None => "Ramp".into(),
        },
        "contract.commitments" => "Commitments as the vendor's prepaid lines say".into(),
        "all" => "All of these together".into(),
        other => other.to_owned(),
    }
}

/// The check as the tab shows it, escaped HTML: the one-line answer
/// (`#recon-says`), the
/// totals, the download and print buttons (`data-action`), the invoices'
/// tables ("Why N?" buttons with `data-why`, "cycle|org|product|N|kind"), the
/// settings that would match (`data-apply`, `data-value`) and the notes.
/// The files read are listed by the page, which holds their names.
pub fn of(r: &Reconciliation, currency: &str) -> String {
    let invoices: Vec<(String, Vec<LineView>)> = r
        .invoices
        .iter()
        .map(|inv| {
            (
                format!(
                    "Invoice {}: vendor {}, simulated {}, difference {}",
                    inv.date,
                    grouped(&inv.vendor_total),
                    grouped(&inv.simulated_total),
                    signed(&inv.difference)
                ),
                inv.lines.iter().map(line).collect(),
            )
        })
        .collect();
    let mut notes: Vec<String> = r
        .figures
        .iter()
        .map(|f| {
            let why = if f.causes.is_empty() {
                "matches".to_owned()
            } else {
                f.causes
                    .iter()
                    .map(|c| format!("{}: {}", c.cause.label(), c.says))
                    .collect::<Vec<_>>()
                    .join(" ")
            };
            format!(
                "Figure, cycle {}, {} {}: vendor {}, simulated {}; {why}",
                f.cycle,
                f.product,
                f.field.replace('_', " "),
                f.vendor.normalize(),
                f.simulated
                    .map_or("-".into(), |s| s.normalize().to_string()),
            )
        })
        .collect();
    if let Some(c) = &r.calls {
        notes.push(format!(
            "Cloud Voice report: {} calls, the report's total {} against {} at the contract's rates; {} calls differ.",
            billsim_web::money::count(c.calls),
            billsim_web::money::grouped(&c.vendor_total.normalize()),
            billsim_web::money::grouped(&c.rated_total.normalize()),
            billsim_web::money::count(c.differing)
        ));
        notes.extend(
            c.examples
                .iter()
                .map(|d| format!("Call {} ({}): {}", d.call_id, d.source, d.says)),
        );
    }
    let settings: Vec<SettingView> = r
        .would_match
        .iter()
        .map(|w| {
            (
                setting_words(w),
                match (&w.conflict, w.matches, w.resolves) {
                    (Some(c), _, _) => format!("not tried: {c}"),
                    (None, true, _) => "the whole bill then matches".into(),
                    (None, false, true) => "its lines then match".into(),
                    (None, false, false) => "the bill still differs".into(),
                },
                w.setting.clone(),
                w.conflict.is_none().then(|| w.value.to_string()),
            )
        })
        .collect();
    if !r.out_of_scope.is_empty() {
        notes.push(format!(
            "{} simulated invoice(s) no vendor file covers are left out of the check.",
            r.out_of_scope.len()
        ));
    }
    notes.extend(r.notes.iter().cloned());
    let says = r.says.clone();
    let totals = format!(
        "Vendor {}, simulated {}, difference {}",
        money(&r.vendor_total, currency),
        money(&r.simulated_total, currency),
        signed(&r.difference)
    );
    let mut html = String::new();
    html.push_str(&format!(
        "<p id=\"recon-says\" role=\"status\" class=\"recon-says {}\">{}</p><p>{}</p>\
         <p class=\"actions\"><button type=\"button\" data-action=\"csv\">Download the check (CSV)</button> \
         <button type=\"button\" data-action=\"print\">Print the check</button></p>",
        if r.matches { "matches" } else { "differs" },
        escape(&says),
        escape(&totals)
    ));
    for (title, lines) in &invoices {
        html.push_str("<section class=\"recon-invoice\"><h3>");
        html.push_str(&escape(title));
        html.push_str("</h3><table class=\"recon\"><thead><tr><th>Line</th><th>Vendor</th><th>Simulated</th><th>Difference</th><th>Why</th></tr></thead><tbody>");
        for l in lines {
            line_html(&mut html, l);
        }
        html.push_str("</tbody></table></section>");
    }
    if !settings.is_empty() {
        html.push_str("<section class=\"recon-would-match\"><h3>What would match</h3><ul>");
        for (words, verdict, setting, value) in &settings {
            html.push_str(&format!("<li>{}: {}. ", escape(words), escape(verdict)));
            if let Some(v) = value {
                html.push_str(&format!(
                    "<button type=\"button\" data-apply=\"{}\" data-value=\"{}\">Apply: {}</button>",
                    escape(setting),
                    escape(v),
                    escape(words)
                ));
            }
            html.push_str("</li>");
        }
        html.push_str("</ul></section>");
    }
    for n in &notes {
        html.push_str(&format!("<p class=\"hint\">{}</p>", escape(n)));
    }
    html
}

/// A refused vendor file (or scenario) as the tab shows it: the message and
/// the bad rows by line and column, escaped HTML.
pub fn refusal(why: &billsim_web::protocol::Rejected) -> String {
    let mut out = format!(
        "<div class=\"error\" id=\"vendor-errors\" role=\"alert\"><p>{}</p>",
        escape(&why.message)
    );
    if !why.problems.is_empty() {
        out.push_str("<table><thead><tr><th>Line</th><th>Column</th><th>Field</th><th>Problem</th></tr></thead><tbody>");
        for p in &why.problems {
            out.push_str(&format!(
                "<tr class=\"bad-row\"><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                p.line,
                // Column 0 is the whole row at fault (a header, a missing field).
                if p.column == 0 {
                    "whole row".to_owned()
                } else {
                    p.column.to_string()
                },
                escape(&p.field),
                escape(&p.message)
            ));
        }
        out.push_str("</tbody></table>");
    }
    if why.more > 0 {
        out.push_str(&format!("<p>... and {} more</p>", why.more));
    }
    out.push_str("</div>");
    out
}

/// The check's markup after `alert`, when something of the files waits
/// (figures without dates, until their cycle is chosen).
pub fn with_alert(alert: Option<&str>, html: String) -> String {
    match alert {
        Some(a) => format!("<p class=\"error\" role=\"alert\">{}</p>{html}", escape(a)),
        None => html,
    }
}

/// The engine's message in the app's words: it names the command line's
/// options, for which the Check a bill tab has fields.
pub fn in_the_apps_words(message: &str) -> String {
    message
        .replace(
            "say which cycle it is with --period YYYY-MM-DD (the cycle's first day)",
            "choose its cycle in \"Period of a file without dates\"",
        )
        .replace("--period", "Period of a file without dates")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_refusal_lists_its_rows_escaped() {
        let why = billsim_web::protocol::Rejected {
            message: "b<1>.csv: 1 problem".into(),
            problems: vec![billsim_core::error::CsvProblem {
                line: 2,
                column: 4,
                field: "rate".into(),
                message: "75,5: a decimal comma; write 75.5".into(),
            }],
            more: 3,
            path: None,
        };
        let h = refusal(&why);
        assert!(h.contains("b&lt;1&gt;.csv"), "{h}");
        assert!(
            h.contains("<tr class=\"bad-row\"><td>2</td><td>4</td><td>rate</td>"),
            "{h}"
        );
        assert!(h.contains("... and 3 more"), "{h}");
    }

    /// A figures file without dates asks for its cycle by the tab's field,
    /// not by the command line's option; so does a day that starts no cycle.
    #[test]
    fn the_period_asked_for_is_the_tabs_field() {
        use billsim_core::reconcile::{self, read, vendor::VendorBill};
        use billsim_core::session::{Session, Usage};
        let text = include_str!("../../../examples/contact-center.json");
        let mut session = Session::from_json(text, Usage::None).unwrap();
        let figures = r#"{"usages":[{"name":"Genesys Cloud CX 2 User","partNumber":"PC-170-NV-USR2C","grouping":"licenses","usageQuantity":"7","prepayQuantity":"5","overagePrice":"138.00"}]}"#;
        let mut bill = VendorBill::default();
        read::read("overview.json", figures.as_bytes(), "USD", &mut bill).unwrap();
        let mut asked = |period| {
            let o = reconcile::Options {
                period,
                ..Default::default()
            };
            let e = reconcile::reconcile(&mut session, &bill, &o).unwrap_err();
            in_the_apps_words(&e.to_string())
        };
        let none = asked(None);
        assert!(
            none.contains("choose its cycle in \"Period of a file without dates\""),
            "{none}"
        );
        let odd = asked(chrono::NaiveDate::from_ymd_opt(2031, 1, 2));
        assert!(
            odd.starts_with("Period of a file without dates: 2031-01-02 is not"),
            "{odd}"
        );
        assert!(!none.contains("--") && !odd.contains("--"), "{none} {odd}");
    }

    #[test]
    fn vendor_text_is_escaped_in_the_markup() {
        assert_eq!(
            escape("<img src=x onerror=\"alert(1)\"> & 'x'"),
            "&lt;img src=x onerror=&quot;alert(1)&quot;&gt; &amp; &#39;x&#39;"
        );
        let mut out = String::new();
        line_html(
            &mut out,
            &(
                "<b>AppFoundry</b>".into(),
                Some("bill.csv:2".into()),
                "1 × 125.00 = 125.00".into(),
                "not billed".into(),
                "+125.00".into(),
                vec![(
                    "Usage +1".into(),
                    "a \"quoted\" sentence".into(),
                    Some((4, "o\"1".into(), "cx2".into(), "3".into(), "overage".into())),
                )],
            ),
        );
        assert!(!out.contains("<b>"), "{out}");
        assert!(out.contains("&lt;b&gt;AppFoundry"), "{out}");
        assert!(
            out.contains("data-why=\"4|o&quot;1|cx2|3|overage\""),
            "{out}"
        );
        assert!(out.contains("class=\"differs\""), "{out}");
    }

    /// A setting the check could not try shows no raw value ("null", "?").
    #[test]
    fn a_setting_not_tried_is_named_without_its_value() {
        let w = |setting: &str, value: serde_json::Value| WouldMatch {
            setting: setting.into(),
            value,
            cause: None,
            matches: false,
            resolves: false,
            conflict: Some("the lines disagree".into()),
        };
        assert_eq!(
            setting_words(&w("contract.peak_rule", serde_json::Value::Null)),
            "Peak rule"
        );
        assert_eq!(
            setting_words(&w("contract.ramp", serde_json::Value::Null)),
            "Ramp"
        );
        assert_eq!(
            setting_words(&w(
                "contract.peak_rule",
                serde_json::json!({ "kind": "cumulative_exact", "minutes": 10 })
            )),
            "Peak rule: cumulative exact 10 minutes"
        );
    }
}
