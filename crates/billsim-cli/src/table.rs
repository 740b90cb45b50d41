//! Aligned text tables for people reading a terminal.

use billsim_core::advice::Advice;
use billsim_core::attribution::{instant_string, Attribution};
use billsim_core::compare::Comparison;
use billsim_core::SimResult;

/// Pads columns to their widest cell; numbers right-aligned.
pub fn align(rows: &[Vec<String>], right: &[usize]) -> String {
    let cols = rows.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> = (0..cols)
        .map(|c| {
            rows.iter()
                .filter_map(|r| r.get(c))
                .map(|s| s.chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = String::new();
    for r in rows {
        let cells: Vec<String> = r
            .iter()
            .enumerate()
            .map(|(c, s)| {
                // Padded by hand: `format!("{s:<w$}")` panics past a width of 65,535.
                let pad = " ".repeat(widths[c].saturating_sub(s.chars().count()));
                if right.contains(&c) {
                    pad + s
                } else {
                    s.clone() + &pad
                }
            })
            .collect();
        out.push_str(cells.join("  ").trim_end());
        out.push('\n');
    }
    out
}

pub fn result(r: &SimResult) -> String {
    let mut out = String::new();
    for inv in &r.invoices {
        out.push_str(&format!(
            "Invoice {} dated {}  ({})\n",
            inv.number, inv.date, r.currency
        ));
        let mut rows = vec![vec![
            "kind".into(),
            "description".into(),
            "period".into(),
            "timing".into(),
            "qty".into(),
            "unit".into(),
            "amount".into(),
        ]];
        let mut notes = Vec::new();
        for l in &inv.lines {
            rows.push(vec![
                l.kind.as_str().to_owned(),
                l.description.clone(),
                format!("{}..{}", l.period.start, l.period.end),
                l.timing.as_str().to_owned(),
                l.quantity.to_string(),
                l.unit_price.to_string(),
                l.amount.to_string(),
            ]);
            notes.push(format!("  - {}: {}", l.description, l.explanation));
        }
        rows.push(vec![
            String::new(),
            "Subtotal".into(),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
            inv.subtotal.to_string(),
        ]);
        for t in &inv.taxes {
            rows.push(vec![
                String::new(),
                format!("{} ({})", t.name, t.rate),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
                t.amount.to_string(),
            ]);
        }
        rows.push(vec![
            String::new(),
            "Total".into(),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
            inv.total.to_string(),
        ]);
        out.push_str(&indent(&align(&rows, &[4, 5, 6])));
        out.push_str("  Why:\n");
        for n in notes {
            out.push_str(&n);
            out.push('\n');
        }
        out.push('\n');
    }
    if let Some(p) = &r.preview {
        out.push_str(&format!(
            "Bill to date as of {} (cycle {}, usage through the day before):\n",
            p.as_of, p.cycle
        ));
        for l in &p.lines {
            out.push_str(&format!(
                "  {:<40} {:>12}  {}\n",
                l.description, l.amount, l.explanation
            ));
        }
        out.push_str(&format!(
            "  {:<40} {:>12}\n\n",
            "Total so far (with tax)", p.total
        ));
    }
    out.push_str(&format!(
        "Totals: subtotal {}  tax {}  total {} {}\n",
        r.totals.subtotal, r.totals.tax, r.totals.total, r.currency
    ));
    for n in &r.notes {
        out.push_str(&format!("note: {n}\n"));
    }
    out
}

fn indent(s: &str) -> String {
    s.lines().map(|l| format!("  {l}\n")).collect()
}

pub fn comparison(c: &Comparison) -> String {
    let mut header = vec!["cycle".to_owned()];
    header.extend(c.models.iter().map(|m| m.model.clone()));
    let mut rows = vec![header];
    for (i, k) in c.cycles.iter().enumerate() {
        let mut row = vec![k.to_string()];
        row.extend(c.models.iter().map(|m| {
            m.per_cycle
                .get(i)
                .map(|d| d.to_string())
                .unwrap_or_else(|| "-".into())
        }));
        rows.push(row);
    }
    let mut sub = vec!["subtotal".to_owned()];
    sub.extend(c.models.iter().map(|m| {
        if m.available {
            m.subtotal.to_string()
        } else {
            "-".into()
        }
    }));
    rows.push(sub);
    let mut tot = vec!["total".to_owned()];
    tot.extend(c.models.iter().map(|m| {
        if m.available {
            format!("{}{}", m.total, if m.cheapest { " *" } else { "" })
        } else {
            "n/a".into()
        }
    }));
    rows.push(tot);
    let right: Vec<usize> = (1..=c.models.len()).collect();
    let mut out = format!(
        "Same usage under each license model ({}; * cheapest):\n",
        c.currency
    );
    out.push_str(&align(&rows, &right));
    for m in c.models.iter().filter(|m| !m.available) {
        out.push_str(&format!("{}: not comparable: {}\n", m.model, m.reason));
    }
    for m in c.models.iter().filter(|m| !m.note.is_empty()) {
        out.push_str(&format!("{}: {}\n", m.model, m.note));
    }
    for m in c.models.iter().filter(|m| m.own_rates == Some(false)) {
        out.push_str(&format!(
            "{}: priced at another model's rates (a product has no {} rates)\n",
            m.model, m.model
        ));
    }
    out
}

/// Money a commitment change saves: positive when the advice is cheaper.
fn saving(a: &billsim_core::advice::ProductAdvice) -> String {
    a.total_at_current
        .checked_sub(a.total_at_best)
        .map_or_else(|| "-".into(), |d| d.to_string())
}

/// Advice for a person: per product the commitment now and the best one,
/// with their totals and the saving; per step when stepped; then the
/// models ranked (R-O1..R-O3). The whole curve is in `--json`.
pub fn advice(a: &Advice, currency: &str) -> String {
    let mut rows = vec![vec![
        "product".to_owned(),
        "current".into(),
        "best".into(),
        "total now".into(),
        "total at best".into(),
        "saving".into(),
    ]];
    for p in &a.products {
        let name = match &p.org {
            Some(o) => format!("{} ({o})", p.product),
            None => p.product.clone(),
        };
        rows.push(vec![
            name,
            p.current.to_string(),
            p.best.to_string(),
            p.total_at_current.to_string(),
            p.total_at_best.to_string(),
            saving(p),
        ]);
        for st in &p.steps {
            rows.push(vec![
                format!("  from cycle {}", st.from_cycle),
                st.current.to_string(),
                st.best.to_string(),
                String::new(),
                st.total_at_best.to_string(),
                p.total_at_current
                    .checked_sub(st.total_at_best)
                    .map_or_else(|| "-".into(), |d| d.to_string()),
            ]);
        }
    }
    let mut out = format!(
        "Commitment held over the term ({currency}, totals with tax; steps: that step alone):\n"
    );
    out.push_str(&align(&rows, &[1, 2, 3, 4, 5]));
    let seeded = a
        .products
        .iter()
        .flat_map(|p| p.curve.first())
        .any(|c| c.p50.is_some());
    if seeded {
        // The best is chosen by a percentile over the seeds, so the totals
        // above (the scenario's own seeds) may even rise: show the spread.
        out.push_str(
            "Over the seeds, p10 / p50 / p90 held at the current and at the best commitment:\n",
        );
        let show = |d: Option<rust_decimal::Decimal>| d.map_or("-".into(), |d| d.to_string());
        for p in &a.products {
            let at = |q| p.curve.iter().find(|c| c.committed == q);
            let spread = |q| {
                at(q).map_or_else(
                    || "-".to_owned(),
                    |c| format!("{} / {} / {}", show(c.p10), show(c.p50), show(c.p90)),
                )
            };
            out.push_str(&format!(
                "  {}: at {}: {}; at {}: {}\n",
                p.product,
                p.current,
                spread(p.current),
                p.best,
                spread(p.best)
            ));
        }
    }
    let mut rows = vec![vec![
        "model".to_owned(),
        "total".into(),
        "margin to next".into(),
        "rates".into(),
    ]];
    for m in &a.models {
        rows.push(vec![
            m.model.clone(),
            m.total
                .map_or_else(|| "not comparable".into(), |d| d.to_string()),
            m.margin.map_or_else(String::new, |d| d.to_string()),
            if m.own_rates { "own" } else { "borrowed" }.into(),
        ]);
    }
    out.push_str("\nModels, each at its own best commitments, cheapest first:\n");
    out.push_str(&align(&rows, &[1, 2]));
    for m in &a.models {
        out.push_str(&format!("{}: {}\n", m.model, m.note));
    }
    out
}

/// `billsim why --csv`.
pub fn why_csv(w: &Attribution) -> String {
    w.table().to_csv()
}

/// Who logged in, with names: lists longer than a screen line are cut with a count.
fn names(users: &[String]) -> String {
    const SHOWN: usize = 6;
    if users.len() <= SHOWN {
        users.join(", ")
    } else {
        format!("{}, ... ({} users)", users[..SHOWN].join(", "), users.len())
    }
}

/// Windows and runs shown per entry: a month of handovers is a hundred runs,
/// which --json and --csv give in full.
const SHOWN_ROWS: usize = 10;

fn more(n: usize) -> String {
    if n > SHOWN_ROWS {
        format!(
            "    ... and {} more (--json lists them all)\n",
            n - SHOWN_ROWS
        )
    } else {
        String::new()
    }
}

/// `billsim why`: each license quantity N first (`said`), then per cycle
/// and org who and when made it.
pub fn why(
    said: &[(u32, String, String, billsim_core::panel::Headline)],
    w: &Attribution,
) -> String {
    let mut out = String::new();
    for (cycle, org, product, h) in said {
        out.push_str(&format!(
            "Cycle {cycle}, org {org}, {product}: {} {}\n",
            h.made, h.lower
        ));
    }
    if !said.is_empty() {
        out.push('\n');
    }
    if w.attribution.is_empty() && !said.is_empty() {
        out.push_str("Nobody logged in: the quantities above are commitments or forecasts, not measured from sessions.\n");
    } else if w.attribution.is_empty() {
        out.push_str("No billed users in the cycles and orgs asked for.\n");
    }
    for e in &w.attribution {
        out.push_str(&format!(
            "Cycle {}, org {} ({}), committed {}",
            e.cycle, e.org, e.model, e.committed
        ));
        if let Some(p) = e.billed_peak {
            out.push_str(&format!(", billed peak {p}"));
        }
        if let Some(c) = e.brief_cost {
            out.push_str(&format!(", brief users cost {c}"));
        }
        out.push('\n');
        if let Some(ws) = &e.windows {
            out.push_str(&format!(
                "  Held at {} in {} window(s):\n",
                e.billed_peak.unwrap_or(0),
                ws.len()
            ));
            let mut rows = vec![vec!["start".into(), "end".into(), "users at start".into()]];
            for x in ws.iter().take(SHOWN_ROWS) {
                rows.push(vec![
                    instant_string(x.start),
                    instant_string(x.end),
                    names(&x.users),
                ]);
            }
            out.push_str(&indent(&align(&rows, &[])));
            out.push_str(&more(ws.len()));
        }
        if let Some(ds) = e.disregarded.as_ref().filter(|d| !d.is_empty()) {
            out.push_str(&format!(
                "  Disregarded by the peak rule ({} run(s)):\n",
                ds.len()
            ));
            let mut rows = vec![vec!["start".into(), "end".into(), "level".into()]];
            for x in ds.iter().take(SHOWN_ROWS) {
                rows.push(vec![
                    instant_string(x.start),
                    instant_string(x.end),
                    x.level.to_string(),
                ]);
            }
            out.push_str(&indent(&align(&rows, &[2])));
            out.push_str(&more(ds.len()));
        }
        if let Some(l) = e.ladder.as_ref().filter(|l| !l.is_empty()) {
            out.push_str("  Savings ladder (break every window of a level to bill one less):\n");
            let mut rows = vec![vec![
                "level".into(),
                "windows".into(),
                "minutes".into(),
                "saving".into(),
            ]];
            for r in l {
                rows.push(vec![
                    r.level.to_string(),
                    r.windows.to_string(),
                    r.minutes.to_string(),
                    r.saving.to_string(),
                ]);
            }
            out.push_str(&indent(&align(&rows, &[0, 1, 2, 3])));
        }
        if e.tiers.iter().any(|t| t.hours_billed.is_some()) {
            let mut rows = vec![vec![
                "product".into(),
                "minutes".into(),
                "hours billed".into(),
                "unused minutes".into(),
            ]];
            for t in &e.tiers {
                let d =
                    |x: Option<rust_decimal::Decimal>| x.map(|v| v.to_string()).unwrap_or_default();
                rows.push(vec![
                    t.product.clone(),
                    d(t.minutes),
                    d(t.hours_billed),
                    d(t.unused_minutes),
                ]);
            }
            out.push_str(&indent(&align(&rows, &[1, 2, 3])));
        }
        let mut rows = vec![vec![
            "user".into(),
            "product".into(),
            "first login".into(),
            "at this tier since".into(),
            "minutes".into(),
            "brief".into(),
        ]];
        for u in &e.users {
            rows.push(vec![
                u.user.clone(),
                u.product.clone(),
                instant_string(u.first_login),
                u.raised_at.map(instant_string).unwrap_or_default(),
                u.minutes.to_string(),
                if u.brief {
                    "brief".into()
                } else {
                    String::new()
                },
            ]);
        }
        out.push_str(&indent(&align(&rows, &[4])));
        out.push('\n');
    }
    out
}

/// `billsim reconcile`: the one-line answer, then per invoice in scope the
/// lines that differ, each with its causes in words.
pub fn reconciliation(
    r: &billsim_core::reconcile::report::Reconciliation,
    currency: &str,
) -> String {
    use billsim_core::error::Visible;
    let mut out = format!("{}\n", r.says);
    out.push_str(&format!(
        "Vendor {currency} {}, simulated {currency} {}, difference {}, over {} invoice(s)\n",
        r.vendor_total,
        r.simulated_total,
        r.difference,
        r.invoices.len()
    ));
    if r.matches {
        // A bill that matches is said in one line (R-R5).
        return out;
    }
    for inv in &r.invoices {
        out.push_str(&format!(
            "\nInvoice {}: vendor {}, simulated {}, difference {}\n",
            inv.date, inv.vendor_total, inv.simulated_total, inv.difference
        ));
        let mut rows = vec![vec![
            "line".to_owned(),
            "vendor".into(),
            "simulated".into(),
            "difference".into(),
        ]];
        let mut says = Vec::new();
        for l in &inv.lines {
            if l.amount_difference.is_zero() && l.quantity_difference.is_zero() {
                continue;
            }
            let name = l
                .vendor
                .as_ref()
                .map(|v| v.description.clone())
                .or_else(|| l.simulated.as_ref().map(|s| s.description.clone()))
                .unwrap_or_default();
            let side = |q: Option<(String, String, String)>| {
                q.map_or("-".to_owned(), |(q, r, a)| format!("{q} x {r} = {a}"))
            };
            rows.push(vec![
                Visible(&name).to_string(),
                side(l.vendor.as_ref().map(|v| {
                    (
                        v.quantity.to_string(),
                        v.rate.to_string(),
                        v.amount.to_string(),
                    )
                })),
                side(l.simulated.as_ref().map(|s| {
                    (
                        s.quantity.to_string(),
                        s.rate.to_string(),
                        s.amount.to_string(),
                    )
                })),
                l.amount_difference.to_string(),
            ]);
            for c in &l.causes {
                says.push(format!(
                    "  {} ({} {}): {}",
                    Visible(&name),
                    c.cause.as_str(),
                    c.amount,
                    c.says
                ));
            }
            if !l.unexplained.is_zero() {
                says.push(format!(
                    "  {} (unexplained {})",
                    Visible(&name),
                    l.unexplained
                ));
            }
        }
        if rows.len() > 1 {
            out.push_str(&align(&rows, &[3]));
            for s in says {
                out.push_str(&s);
                out.push('\n');
            }
        } else {
            out.push_str("Every line matches.\n");
        }
    }
    let figures: Vec<_> = r
        .figures
        .iter()
        .filter(|f| f.difference.is_none_or(|d| !d.is_zero()))
        .collect();
    if !figures.is_empty() {
        out.push_str("\nFigures that differ:\n");
        for f in figures {
            out.push_str(&format!(
                "  cycle {} {} {}: vendor {}, simulated {}",
                f.cycle,
                Visible(&f.product),
                f.field,
                f.vendor,
                f.simulated.map_or("-".into(), |s| s.to_string())
            ));
            for c in &f.causes {
                out.push_str(&format!(" ({}: {})", c.cause.as_str(), c.says));
            }
            out.push('\n');
        }
    }
    if !r.would_match.is_empty() {
        out.push_str("\nWhat would match:\n");
        for w in &r.would_match {
            let verdict = match (&w.conflict, w.matches, w.resolves) {
                (Some(c), _, _) => format!("not tried: {c}"),
                (None, true, _) => "the whole bill then matches".into(),
                (None, false, true) => "its lines then match".into(),
                (None, false, false) => "does not match".into(),
            };
            out.push_str(&format!("  {} = {}: {verdict}\n", w.setting, w.value));
        }
    }
    if !r.out_of_scope.is_empty() {
        out.push_str(&format!(
            "\n{} simulated invoice(s) no vendor file covers (left out).\n",
            r.out_of_scope.len()
        ));
    }
    for n in &r.notes {
        out.push_str(&format!("Note: {}\n", Visible(n)));
    }
    out
}
