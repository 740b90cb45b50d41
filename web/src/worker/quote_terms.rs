//! The printed quote's terms and its totals per contract year, written in
//! the worker as HTML with each bill: the terms are read from the scenario
//! the engine parsed (so they are the ones the invoices beside them
//! follow, even while a field on screen holds an error), and the page
//! carries no reader of them. Every text from the scenario is escaped.

use std::fmt::Write;

use billsim_core::result::SimResult;
use billsim_core::scenario::{Billing, Profile, RampLicenses};
use billsim_core::years::years;
use billsim_core::Scenario;
use rust_decimal::Decimal;

use billsim_web::money::{count, grouped, money};
use billsim_web::protocol::QuoteHtml;

use crate::check_view::escape;

/// The quote's terms (before the invoices) and its totals per contract
/// year (after them).
pub fn quote_html(s: &Scenario, r: &SimResult) -> QuoteHtml {
    QuoteHtml {
        terms: terms(s),
        years: by_year(r),
    }
}

/// A captioned table of escaped cells; nothing without rows. The first
/// column is words, the others are numbers unless `words` says otherwise.
fn table(out: &mut String, caption: &str, headers: &[&str], words: &[usize], rows: &[Vec<String>]) {
    if rows.is_empty() {
        return;
    }
    let class = |i: usize| {
        if i == 0 || words.contains(&i) {
            ""
        } else {
            " class=\"n\""
        }
    };
    let _ = write!(
        out,
        "<table><caption>{}</caption><thead><tr>",
        escape(caption)
    );
    for (i, h) in headers.iter().enumerate() {
        let _ = write!(out, "<th scope=\"col\"{}>{}</th>", class(i), escape(h));
    }
    out.push_str("</tr></thead><tbody>");
    for r in rows {
        out.push_str("<tr>");
        for (i, c) in r.iter().enumerate() {
            let _ = write!(out, "<td{}>{}</td>", class(i), escape(c));
        }
        out.push_str("</tr>");
    }
    out.push_str("</tbody></table>");
}

/// A rate, or a dash where the contract sets none.
fn rate(d: Option<Decimal>) -> String {
    d.map_or_else(|| "—".to_owned(), |d| grouped(&d))
}

/// A share as a percent: `0.05` is `5 %`.
fn percent(d: Decimal) -> String {
    format!("{} %", (d * Decimal::ONE_HUNDRED).normalize())
}

/// The contract terms, the rates, the steps, devices, taxes and the
/// workforce the usage assumes.
fn terms(s: &Scenario) -> String {
    let c = &s.contract;
    let mut out =
        String::from("<section class=\"quote-contract\"><h2>Contract terms</h2><table><tbody>");
    let ramp = match c.ramp.licenses {
        RampLicenses::Waived => "waived",
        RampLicenses::ActualInArrears => "billed in arrears at the prepay rate",
    };
    let billing = match c.billing {
        Billing::Monthly => "each cycle's commitment on its own invoice",
        Billing::AnnualUpfront => "a contract year's commitments on its first invoice",
    };
    let peak_kind = serde_json::to_value(c.peak_rule.kind)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default();
    let rows: [(&str, String); 8] = [
        ("Activation", c.activation.to_string()),
        ("License model", c.model.as_str().to_owned()),
        ("Ramp cycles", c.ramp.cycles.to_string()),
        ("Ramp licenses", ramp.to_owned()),
        ("Term cycles", c.term_cycles.to_string()),
        ("After-term cycles", c.after_term_cycles.to_string()),
        (
            "Peak rule",
            format!("{peak_kind}, {} minutes", c.peak_rule.minutes),
        ),
        ("Billing", billing.to_owned()),
    ];
    for (k, v) in rows {
        let _ = write!(
            out,
            "<tr><th scope=\"row\">{k}</th><td>{}</td></tr>",
            escape(&v)
        );
    }
    out.push_str("</tbody></table>");
    let products: Vec<Vec<String>> = c
        .products
        .iter()
        .map(|(id, p)| {
            let name = p
                .name
                .as_ref()
                .map_or_else(|| id.clone(), |n| format!("{n} ({id})"));
            vec![
                name,
                rate(p.prepay),
                rate(p.overage),
                rate(p.list),
                rate(p.hourly),
            ]
        })
        .collect();
    table(
        &mut out,
        &format!("Products and rates ({})", s.currency),
        &[
            "Product",
            "Prepay",
            "Overage",
            "List (after term)",
            "Hourly",
        ],
        &[],
        &products,
    );
    let steps: Vec<Vec<String>> = c
        .commitments
        .iter()
        .map(|m| {
            vec![
                m.product.clone(),
                m.org.clone().unwrap_or_else(|| "every org".into()),
                m.from_cycle.to_string(),
                grouped(&m.quantity),
            ]
        })
        .collect();
    table(
        &mut out,
        "Commitment steps",
        &["Product", "Org", "From cycle", "Quantity"],
        &[1],
        &steps,
    );
    let devices: Vec<Vec<String>> = c
        .devices
        .iter()
        .map(|d| {
            vec![
                d.name.clone(),
                count(d.quantity),
                rate(d.monthly),
                rate(d.one_time),
            ]
        })
        .collect();
    table(
        &mut out,
        "Devices",
        &["Device", "Quantity", "Monthly", "One-time"],
        &[],
        &devices,
    );
    // Everything else the invoices charge for (tester: the onboarding fee
    // on invoice 1 was in no term of the printed quote).
    let one_time: Vec<Vec<String>> = c
        .one_time
        .iter()
        .map(|o| vec![o.name.clone(), o.date.to_string(), grouped(&o.amount)])
        .collect();
    table(
        &mut out,
        "One-time charges",
        &["Charge", "Date", "Amount"],
        &[1],
        &one_time,
    );
    let resources: Vec<Vec<String>> = c
        .resources
        .iter()
        .map(|(kind, r)| vec![kind.as_str().to_owned(), grouped(&r.rate)])
        .collect();
    table(
        &mut out,
        "Resources above the allowance",
        &["Resource", "Rate a unit"],
        &[],
        &resources,
    );
    if let Some(t) = &c.telco {
        let calls = |r: &billsim_core::scenario::CallRates| {
            [
                ("Inbound", r.inbound),
                ("Outbound", r.outbound),
                ("Extended outbound", r.extended_outbound),
                ("Toll-free", r.toll_free),
            ]
        };
        let abroad = t.international_rates.as_ref().map(calls);
        let rows: Vec<Vec<String>> = calls(&t.rates)
            .into_iter()
            .enumerate()
            .map(|(i, (kind, us))| {
                vec![kind.to_owned(), rate(us), rate(abroad.and_then(|a| a[i].1))]
            })
            .collect();
        table(
            &mut out,
            &format!(
                "Calls: rates a minute, each call rounded up to {} seconds",
                t.increment_seconds
            ),
            &["Call type", "US", "International"],
            &[],
            &rows,
        );
        if let Some(n) = &t.numbers {
            table(
                &mut out,
                "Phone numbers",
                &["Numbers", "Setup each", "Monthly each"],
                &[],
                &[vec![
                    count(u64::from(n.count)),
                    grouped(&n.setup),
                    grouped(&n.monthly),
                ]],
            );
        }
    }
    let taxes: Vec<Vec<String>> = c
        .taxes
        .iter()
        .map(|t| {
            let on: Vec<&str> = t.applies_to.iter().map(|a| a.as_str()).collect();
            // As the invoices write it (a fraction), and as a percent.
            vec![
                t.name.clone(),
                format!("{} ({})", t.rate.normalize(), percent(t.rate)),
                on.join(", "),
            ]
        })
        .collect();
    table(
        &mut out,
        "Taxes",
        &["Tax", "Rate", "Applies to"],
        &[2],
        &taxes,
    );
    let first_org = s.orgs.first().map(|o| o.id.as_str()).unwrap_or_default();
    let workforce: Vec<Vec<String>> = s
        .usage
        .profiles
        .iter()
        .map(|p| profile(p, first_org))
        .collect();
    table(
        &mut out,
        "Workforce assumptions (the usage the invoices bill)",
        &[
            "Profile",
            "Org",
            "Days",
            "Shifts (UTC)",
            "Handover",
            "Product mix",
            "Absence",
            "Growth a cycle",
            "Cycles",
        ],
        &[1, 2, 3, 5, 8],
        &workforce,
    );
    out.push_str("</section>");
    out
}

/// One workforce profile in words.
fn profile(p: &Profile, first_org: &str) -> Vec<String> {
    let shifts: Vec<String> = p
        .shifts
        .iter()
        .map(|sh| {
            let (h, m) = sh.start.split_once(':').unwrap_or(("0", "0"));
            let start = h.parse::<u32>().unwrap_or(0) * 60 + m.parse::<u32>().unwrap_or(0);
            let end = (start + sh.minutes) % (24 * 60);
            format!(
                "{}–{:02}:{:02}, {} agents",
                sh.start,
                end / 60,
                end % 60,
                count(sh.agents)
            )
        })
        .collect();
    let mix: Vec<String> = p
        .mix
        .iter()
        .map(|(k, v)| format!("{k} {}", percent(*v)))
        .collect();
    let cycles = match p.cycles {
        Some(n) => format!("{} to {}", p.from_cycle, p.from_cycle + n.saturating_sub(1)),
        None => format!("from {} to the end", p.from_cycle),
    };
    vec![
        p.id.clone(),
        p.org.clone().unwrap_or_else(|| first_org.to_owned()),
        p.days.join(", "),
        shifts.join("; "),
        format!("{} min", p.handover_minutes),
        mix.join(", "),
        percent(p.absence),
        percent(p.growth),
        cycles,
    ]
}

/// What the customer pays in each contract year, and in all.
fn by_year(r: &SimResult) -> String {
    let Ok(years) = years(r) else {
        return String::new();
    };
    let mut rows: Vec<Vec<String>> = years
        .iter()
        .map(|y| {
            vec![
                y.label.clone(),
                count(y.invoices),
                money(&y.total, &r.currency),
            ]
        })
        .collect();
    rows.push(vec![
        "Contract total".into(),
        count(r.invoices.len() as u64),
        money(&r.totals.total, &r.currency),
    ]);
    // The table's caption is the section's title (a heading as well said it twice).
    let mut out = String::from("<section class=\"quote-years\">");
    table(
        &mut out,
        "Totals per contract year, taxes included",
        &["Contract year", "Invoices", "Total"],
        &[],
        &rows,
    );
    out.push_str("<p>An invoice counts in the contract year its date falls in; the closing invoice, dated after the last cycle, counts with the last cycle.</p></section>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_terms_name_each_setting_and_escape_the_scenario_s_words() {
        let text = include_str!("../../../examples/contact-center.json");
        let mut s: Scenario = serde_json::from_str(text).unwrap();
        s.contract.devices.push(billsim_core::scenario::Device {
            name: "<b>Headset</b>".into(),
            ..serde_json::from_str(r#"{"name":"x","quantity":2}"#).unwrap()
        });
        let h = terms(&s);
        assert!(
            h.contains("<tr><th scope=\"row\">Term cycles</th><td>12</td></tr>"),
            "{h}"
        );
        assert!(h.contains("<td>&lt;b&gt;Headset&lt;/b&gt;</td>"), "{h}");
        assert!(!h.contains("<b>"), "{h}");
        assert!(h.contains("<caption>Workforce assumptions"), "{h}");
    }
}
