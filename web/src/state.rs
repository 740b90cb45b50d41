//! The app's state: the scenario text being edited, the last scenario that
//! parsed, and its result. A bad edit never throws away the last good result.

use std::rc::Rc;

use billsim_core::compare::Comparison;
use billsim_core::{Options, Scenario, SimResult};
use yew::Reducible;

/// Built-in scenarios, first one shown at first load.
pub const EXAMPLES: &[(&str, &str)] = &[
    (
        "3-shift contact center (concurrent CX2, ramp, stepped commitment)",
        include_str!("../../examples/contact-center.json"),
    ),
    (
        "FAQ: committed 20, used 10",
        include_str!("../../examples/committed-20-used-10.json"),
    ),
    (
        "FAQ: 25 CX2 users beside 10 prepay",
        include_str!("../../examples/prepay-and-overage.json"),
    ),
];

/// Everything the page shows.
#[derive(Debug, Clone, PartialEq)]
pub struct State {
    /// The editor's text.
    pub text: String,
    /// The last scenario that parsed and simulated.
    pub scenario: Option<Scenario>,
    /// Its result.
    pub result: Option<Rc<SimResult>>,
    /// The same usage under each model.
    pub comparison: Option<Rc<Comparison>>,
    /// The engine's message for the current text, if it is bad.
    pub error: Option<String>,
    /// Selected invoice number.
    pub selected: u32,
}

/// What can happen.
pub enum Action {
    /// New editor text (typed, loaded or restored).
    SetText(String),
    /// A commitment step's quantity edited in the form.
    SetCommitment(usize, String),
    /// An invoice picked in the timeline.
    Select(u32),
}

impl State {
    /// State for some scenario text, simulated.
    pub fn from_text(text: String) -> State {
        let mut s = State {
            text: String::new(),
            scenario: None,
            result: None,
            comparison: None,
            error: None,
            selected: 1,
        };
        s.apply_text(text);
        s
    }

    fn apply_text(&mut self, text: String) {
        self.text = text;
        match Scenario::from_json(&self.text)
            .and_then(|sc| billsim_core::simulate(&sc, None, &Options::default()).map(|r| (sc, r)))
        {
            Ok((sc, r)) => {
                self.comparison = billsim_core::compare::compare(&sc, None).ok().map(Rc::new);
                if !r.invoices.iter().any(|i| i.number == self.selected) {
                    self.selected = 1;
                }
                self.scenario = Some(sc);
                self.result = Some(Rc::new(r));
                self.error = None;
            }
            Err(e) => self.error = Some(e.to_string()),
        }
    }
}

impl Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut s = (*self).clone();
        match action {
            Action::SetText(t) => s.apply_text(t),
            Action::SetCommitment(i, q) => {
                let Some(mut sc) = s.scenario.clone() else {
                    return self;
                };
                match q.trim().parse() {
                    Ok(d) if i < sc.contract.commitments.len() => {
                        sc.contract.commitments[i].quantity = d;
                        s.apply_text(sc.to_json());
                    }
                    _ => {
                        s.error = Some(format!(
                            "contract.commitments[{i}].quantity: \"{q}\" is not a decimal number"
                        ))
                    }
                }
            }
            Action::Select(n) => s.selected = n,
        }
        Rc::new(s)
    }
}
