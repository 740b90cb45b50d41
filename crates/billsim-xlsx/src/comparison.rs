//! The Comparison sheet: the same usage billed under each license model
//! (`billsim compare`), per model over the contract, then per cycle.

use rust_xlsxwriter::{Worksheet, XlsxError};

use billsim_core::compare::Comparison;

use crate::cells::{Formats, Value};
use crate::rows::Rows;

/// Writes the sheet.
pub fn write(ws: &mut Worksheet, f: &Formats, c: &Comparison) -> Result<(), XlsxError> {
    let mut w = Rows::new(ws, f);
    w.header(&[
        "Model",
        "Subtotal before tax",
        "Total",
        "Cheapest",
        "License subtotal",
        "License units",
        "Why not available, or what differs",
    ])?;
    for m in &c.models {
        let money = |d| {
            if m.available {
                Value::Money(d)
            } else {
                Value::Empty
            }
        };
        let why = [m.reason.as_str(), m.note.as_str()]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(" ");
        w.values(&[
            Value::from(m.model.as_str()),
            money(m.subtotal),
            money(m.total),
            Value::from(if m.cheapest { "yes" } else { "" }),
            money(m.license_subtotal),
            if m.available {
                Value::Number(m.license_units)
            } else {
                Value::Empty
            },
            Value::Text(why),
        ])?;
    }

    let available: Vec<_> = c.models.iter().filter(|m| m.available).collect();
    if !available.is_empty() {
        w.blank();
        let mut titles = vec!["Cycle"];
        titles.extend(available.iter().map(|m| m.model.as_str()));
        w.header(&titles)?;
        for (i, cycle) in c.cycles.iter().enumerate() {
            let mut row = vec![Value::Int((*cycle).into())];
            row.extend(available.iter().map(|m| {
                m.per_cycle
                    .get(i)
                    .map_or(Value::Empty, |d| Value::Money(*d))
            }));
            w.values(&row)?;
        }
    }
    ws.set_column_width(0, 14)?;
    for col in 1..6 {
        ws.set_column_width(col, 18)?;
    }
    ws.set_column_width(6, 60)?;
    Ok(())
}
