//! The workbook read back with a real reader (calamine), every amount
//! checked against the result it was written from: the line amounts, the
//! sums' cached values and formulas, the summary's totals, the comparison.
//! Cells are read as doubles and compared as decimals rounded to the
//! currency's minor unit (R-$1).

use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};
use rust_decimal::Decimal;
use serde_json::Value as Json;

use billsim_core::compare::Comparison;
use billsim_core::money::Currency;
mod common;

use billsim_core::session::Usage;
use billsim_core::{Scenario, SimResult};

type Book = Xlsx<Cursor<Vec<u8>>>;

/// The scenario billed and compared, and the workbook of both.
fn bill(s: &Scenario) -> (SimResult, Comparison, Vec<u8>) {
    let (_, r, c) = common::billed(s.clone(), Usage::None);
    let bytes = billsim_xlsx::quote_workbook(s, &r, Some(&c)).unwrap_or_else(|e| panic!("{e}"));
    (r, c, bytes)
}

fn open(bytes: Vec<u8>) -> Book {
    Xlsx::new(Cursor::new(bytes)).unwrap_or_else(|e| panic!("not a workbook calamine reads: {e}"))
}

fn example() -> Scenario {
    Scenario::from_json(include_str!("../../../examples/contact-center.json"))
        .unwrap_or_else(|e| panic!("{e}"))
}

/// The JPY golden case's scenario in `currency`, with a quote.
fn small(currency: &str) -> Scenario {
    let case: Json = serde_json::from_str(include_str!(
        "../../billsim-core/tests/golden/jpy-zero-decimal-currency.json"
    ))
    .unwrap_or_else(|e| panic!("{e}"));
    let mut s = case["scenario"].clone();
    s["currency"] = currency.into();
    s["name"] = "Acme renewal".into();
    s["quote"] = serde_json::json!({"customer": "Acme KK", "prepared_by": "J. Doe", "valid_until": "2026-11-30"});
    // Digits past every minor unit: the rounding shows (R-$1).
    s["contract"]["products"]["cx2"]["prepay"] = "1234.5678".into();
    Scenario::from_json(&s.to_string()).unwrap_or_else(|e| panic!("{e}"))
}

/// A numeric cell as an amount: the double read as the shortest decimal
/// that is that double, rounded to the minor unit.
fn money(cell: Option<&Data>, currency: Currency, at: &str) -> Decimal {
    currency.round(number(cell, at))
}

/// A numeric cell as a decimal; anything else (text, empty) fails.
fn number(cell: Option<&Data>, at: &str) -> Decimal {
    match cell {
        Some(Data::Float(x)) => x
            .to_string()
            .parse()
            .unwrap_or_else(|e| panic!("{at}: {x}: {e}")),
        Some(Data::Int(n)) => Decimal::from(*n),
        other => panic!("{at}: not a number cell: {other:?}"),
    }
}

fn text(cell: Option<&Data>) -> String {
    match cell {
        Some(Data::String(s)) => s.clone(),
        Some(Data::Empty) | None => String::new(),
        other => panic!("not a text cell: {other:?}"),
    }
}

/// Every line amount, tax, subtotal and total of the Invoices sheet against
/// the result, row by row; the sums are formulas with the amounts cached.
fn check_invoices(book: &mut Book, r: &SimResult) {
    let currency = Currency::from_code(&r.currency).unwrap_or_else(|e| panic!("{e}"));
    let cells = book
        .worksheet_range("Invoices")
        .unwrap_or_else(|e| panic!("{e}"));
    let formulas = book
        .worksheet_formula("Invoices")
        .unwrap_or_else(|e| panic!("{e}"));
    let at = |row: u32, col: u32| cells.get_value((row, col));
    let formula = |row: u32| formulas.get_value((row, 12)).cloned().unwrap_or_default();
    assert_eq!(text(at(0, 12)), "Amount");
    assert_eq!(text(at(0, 7)), "Period start");
    let mut row = 1;
    for inv in &r.invoices {
        let mut sum = Decimal::ZERO;
        for (i, l) in inv.lines.iter().enumerate() {
            let here = format!("invoice {} line {i} (row {})", inv.number, row + 1);
            assert_eq!(
                number(at(row, 0), &here),
                Decimal::from(inv.number),
                "{here}"
            );
            assert!(
                matches!(at(row, 1), Some(Data::DateTime(_))),
                "{here}: the date is a date cell"
            );
            assert!(
                matches!(at(row, 7), Some(Data::DateTime(_))),
                "{here}: the period start is a date cell"
            );
            // Words a finance reader knows, never the CSV's codes.
            assert_eq!(text(at(row, 2)), l.kind.words(), "{here}");
            assert_eq!(text(at(row, 3)), l.category.words(), "{here}");
            assert_eq!(text(at(row, 9)), l.timing.words(), "{here}");
            let description = text(at(row, 6));
            if l.description.encode_utf16().count() <= 32_767 {
                assert_eq!(description, l.description, "{here}");
            } else {
                let kept = description.strip_suffix('…').unwrap_or_default();
                assert!(
                    l.description.starts_with(kept) && !kept.is_empty(),
                    "{here}: cut, marked"
                );
            }
            assert_eq!(
                number(at(row, 10), &here),
                l.quantity.normalize(),
                "{here}: quantity"
            );
            assert_eq!(
                number(at(row, 11), &here),
                l.unit_price.normalize(),
                "{here}: unit price"
            );
            let amount = money(at(row, 12), currency, &here);
            assert_eq!(amount, l.amount, "{here}: amount");
            sum += amount;
            row += 1;
        }
        let here = format!("invoice {} subtotal (row {})", inv.number, row + 1);
        assert_eq!(text(at(row, 6)), "Subtotal", "{here}");
        assert_eq!(money(at(row, 12), currency, &here), inv.subtotal, "{here}");
        assert_eq!(sum, inv.subtotal, "{here}: the lines add up to it");
        if !inv.lines.is_empty() {
            assert!(
                formula(row).starts_with("SUM(M"),
                "{here}: {:?}",
                formula(row)
            );
        }
        row += 1;
        for t in &inv.taxes {
            let here = format!("invoice {} tax {} (row {})", inv.number, t.name, row + 1);
            assert!(
                text(at(row, 6)).starts_with(&format!("Tax: {}", t.name)),
                "{here}"
            );
            assert_eq!(money(at(row, 10), currency, &here), t.base, "{here}: base");
            assert_eq!(
                number(at(row, 11), &here),
                t.rate.normalize(),
                "{here}: rate"
            );
            assert_eq!(money(at(row, 12), currency, &here), t.amount, "{here}");
            row += 1;
        }
        if !inv.taxes.is_empty() {
            let here = format!("invoice {} tax (row {})", inv.number, row + 1);
            assert_eq!(text(at(row, 6)), "Tax", "{here}");
            assert_eq!(money(at(row, 12), currency, &here), inv.tax, "{here}");
            assert!(
                formula(row).starts_with("SUM(M"),
                "{here}: {:?}",
                formula(row)
            );
            row += 1;
        }
        let here = format!("invoice {} total (row {})", inv.number, row + 1);
        assert_eq!(text(at(row, 6)), "Total", "{here}");
        assert_eq!(money(at(row, 12), currency, &here), inv.total, "{here}");
        assert!(formula(row).starts_with('M'), "{here}: {:?}", formula(row));
        row += 2;
    }
    assert_eq!(
        cells.end().map(|(r, _)| r + 2),
        Some(row),
        "no rows after the last invoice"
    );
}

/// The Summary's label/value rows, by label.
fn summary(book: &mut Book) -> Vec<(String, Option<Data>)> {
    let cells = book
        .worksheet_range("Summary")
        .unwrap_or_else(|e| panic!("{e}"));
    cells
        .rows()
        .map(|row| (text(row.first()), row.get(1).cloned()))
        .collect()
}

fn value<'a>(rows: &'a [(String, Option<Data>)], label: &str) -> Option<&'a Data> {
    rows.iter()
        .find(|(l, _)| l == label)
        .unwrap_or_else(|| panic!("no row {label}"))
        .1
        .as_ref()
}

fn check_summary(book: &mut Book, s: &Scenario, r: &SimResult) {
    let currency = Currency::from_code(&r.currency).unwrap_or_else(|e| panic!("{e}"));
    let rows = summary(book);
    assert_eq!(text(value(&rows, "Quote")), s.name);
    assert_eq!(text(value(&rows, "Currency")), r.currency);
    assert_eq!(
        number(value(&rows, "Invoices"), "invoices"),
        Decimal::from(r.invoices.len() as u64)
    );
    assert_eq!(
        money(value(&rows, "Subtotal before tax"), currency, "subtotal"),
        r.totals.subtotal
    );
    assert_eq!(money(value(&rows, "Tax"), currency, "tax"), r.totals.tax);
    assert_eq!(
        money(value(&rows, "Total of all invoices"), currency, "total"),
        r.totals.total
    );
    // The contract years hold every invoice once.
    let first = rows
        .iter()
        .position(|(l, _)| l == "Contract year")
        .unwrap_or_else(|| panic!("no years"));
    let years: Vec<_> = rows[first + 1..]
        .iter()
        .take_while(|(l, _)| l == "Ramp" || l.starts_with("Year ") || l == "After the term")
        .collect();
    assert!(!years.is_empty());
    let total: Decimal = years
        .iter()
        .map(|(l, v)| money(v.as_ref(), currency, l))
        .sum();
    assert_eq!(total, r.totals.total, "the years add up to the total");
    assert!(
        rows.iter()
            .any(|(l, _)| l.contains("not the vendor's invoice")),
        "the disclaimer"
    );
}

#[test]
fn r_dollar1_the_example_reads_back_amount_by_amount() {
    let s = example();
    let (r, c, bytes) = bill(&s);
    let mut book = open(bytes);
    assert_eq!(
        book.sheet_names(),
        ["Summary", "Contract", "Invoices", "Comparison"]
    );
    check_invoices(&mut book, &r);
    check_summary(&mut book, &s, &r);
    let rows = summary(&mut book);
    let years: Vec<&str> = rows
        .iter()
        .map(|(l, _)| l.as_str())
        .filter(|l| *l == "Ramp" || l.starts_with("Year "))
        .collect();
    assert_eq!(
        years,
        ["Ramp", "Year 1"],
        "3 ramp cycles and a 12-cycle term"
    );

    // Each model's totals.
    let currency = Currency::from_code("USD").unwrap_or_else(|e| panic!("{e}"));
    let cells = book
        .worksheet_range("Comparison")
        .unwrap_or_else(|e| panic!("{e}"));
    for m in c.models.iter().filter(|m| m.available) {
        let row = cells
            .rows()
            .find(|row| text(row.first()) == m.model)
            .unwrap_or_else(|| panic!("no row {}", m.model));
        assert_eq!(money(row.get(1), currency, &m.model), m.subtotal);
        assert_eq!(money(row.get(2), currency, &m.model), m.total);
    }

    // The contract and the workforce it assumes, numbers as numbers.
    let cells = book
        .worksheet_range("Contract")
        .unwrap_or_else(|e| panic!("{e}"));
    let find = |label: &str| {
        cells
            .rows()
            .find(|row| text(row.first()) == label)
            .and_then(|row| row.get(1).cloned())
            .unwrap_or_else(|| panic!("no row {label}"))
    };
    assert_eq!(text(Some(&find("model"))), "concurrent");
    assert_eq!(
        number(Some(&find("term cycles")), "term"),
        Decimal::from(12)
    );
    assert_eq!(
        number(Some(&find("products › cx2 › prepay")), "prepay"),
        Decimal::from(115)
    );
    assert_eq!(
        number(Some(&find("commitments #2 › quantity")), "step"),
        Decimal::from(30)
    );
    assert!(matches!(find("activation"), Data::DateTime(_)));
    let profile = &s.usage.profiles[0];
    assert_eq!(
        number(Some(&find("profile #1 › shifts #1 › agents")), "agents"),
        Decimal::from(profile.shifts[0].agents)
    );
}

#[test]
fn r_dollar1_jpy_and_bhd_read_back_at_their_minor_units() {
    for (code, total) in [("JPY", "4074"), ("BHD", "4074.073")] {
        let s = small(code);
        let (r, _, bytes) = bill(&s);
        // 3 x 1234.5678 = 3703.7034: JPY 3704, tax 370; BHD 3703.703, tax 370.370.
        assert_eq!(r.totals.total.to_string(), total, "{code}");
        let mut book = open(bytes);
        check_invoices(&mut book, &r);
        check_summary(&mut book, &s, &r);
        let rows = summary(&mut book);
        assert_eq!(text(value(&rows, "Customer")), "Acme KK");
        assert_eq!(text(value(&rows, "Prepared by")), "J. Doe");
        assert!(matches!(
            value(&rows, "Valid until"),
            Some(Data::DateTime(_))
        ));
    }
}

/// Without a comparison there is no Comparison sheet; without a quote the
/// quote's rows are there, empty.
#[test]
fn the_comparison_sheet_only_when_given() {
    let s = example();
    let (r, _, _) = bill(&s);
    let bytes = billsim_xlsx::quote_workbook(&s, &r, None).unwrap_or_else(|e| panic!("{e}"));
    let mut book = open(bytes);
    assert_eq!(book.sheet_names(), ["Summary", "Contract", "Invoices"]);
    let rows = summary(&mut book);
    assert_eq!(text(value(&rows, "Customer")), "");
    assert!(matches!(
        value(&rows, "Valid until"),
        None | Some(Data::Empty)
    ));
}

/// R-V1: a name longer than a cell holds is cut, not a failed workbook.
#[test]
fn r_v1_a_70000_character_product_name_is_cut_to_a_cell() {
    let mut s = small("USD");
    if let Some(p) = s.contract.products.get_mut("cx2") {
        p.name = Some("x".repeat(70_000));
    }
    let (r, _, bytes) = bill(&s);
    let mut book = open(bytes);
    check_invoices(&mut book, &r);
    let cells = book
        .worksheet_range("Contract")
        .unwrap_or_else(|e| panic!("{e}"));
    let name = cells
        .rows()
        .find(|row| text(row.first()) == "products › cx2 › name")
        .map(|row| text(row.get(1)))
        .unwrap_or_default();
    assert_eq!(name.chars().count(), 32_767);
    assert!(name.ends_with("x…"), "the cut is marked");
}
