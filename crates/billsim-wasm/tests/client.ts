// An example client, type-checked (tsc --noEmit) against the generated declarations.
import init, { simulate, compare, advise, why as attribution, parseSessionsCsv, parseInteractionsCsv, version, Session, type CycleReports, type LoginSession, type Scenario, type SimResult, type BillsimError, type Interaction } from "../pkg/billsim_wasm.js";

const scenario: Scenario = {
  billsim: 1,
  currency: "USD",
  contract: {
    activation: "2026-10-21",
    model: "named",
    term_cycles: 3,
    products: { cx2: { tier: 2, prepay: "115.00", overage: "138.00" } },
    commitments: [{ product: "cx2", from_cycle: 0, quantity: "20" }],
  },
  usage: { quantities: [{ cycle: 0, product: "cx2", quantity: "10" }] },
};

const withAi: Scenario = {
  ...scenario,
  contract: {
    ...scenario.contract,
    ai: { allocation: "250", commitments: [{ from_cycle: 1, quantity: "500" }], units_per_token: { voice_bot_minutes: "17" } },
    allocations: { rule_decisions: { free: 50000, rate: "0.0010" } },
    taxes: [{ name: "Tax", rate: "0.08", applies_to: ["license", "ai"] }],
  },
  usage: {
    ai: [{ cycle: 0, org: "main", feature: "copilot_users", quantity: "12" }],
    allocations: [{ cycle: 0, org: "main", item: "wallboards", quantity: "2" }],
  },
};

export async function main(): Promise<string> {
  await init();
  const result: SimResult = simulate(scenario, { asOf: "2026-12-01", reports: true });
  const firstLine = result.invoices[0]?.lines[0];
  const why: string = firstLine ? `${firstLine.kind} ${firstLine.amount}: ${firstLine.explanation}` : "";
  const cheapest = compare(scenario).models.find((m) => m.cheapest)?.model;
  const best: string | undefined = advise(scenario, { seeds: 10, percentile: 90, onProgress: (done, total) => void (done / total) }).products[0]?.best;
  const firstUser: string | undefined = attribution(scenario, { cycle: 0, briefMinutes: 30 }).attribution[0]?.users[0]?.user;
  const sessions: LoginSession[] = parseSessionsCsv("user,org,product,login,logout\n");
  // One session, many questions: read once, each model measured once.
  const session = new Session(scenario, { sessions: new Uint8Array() });
  // A sessions CSV given as a stream of pieces (issue 24).
  function* pieces(): Generator<string | Uint8Array> { yield "user,org,product,login,logout\n"; yield new Uint8Array(); }
  new Session(scenario, { sessions: pieces() }).free();
  const named: SimResult = session.simulate({ model: "named" });
  const reports: CycleReports = session.reportsFor(0);
  const measured: number = session.work().measurements + reports.daily_peaks.rows.length + named.invoices.length + session.headlines({ cycle: 0 }).length;
  session.free();
  const interactions: Interaction[] = parseInteractionsCsv("id,org,start,resources\n");
  const tokens = simulate({ ...withAi, usage: { ...withAi.usage, interactions } }).cycles[0]?.ai?.orgs[0]?.billable;
  try {
    simulate({ ...scenario, currency: "XYZ" });
  } catch (e) {
    const err = e as BillsimError;
    return `${version()} ${why} ${cheapest} ${best ?? ""} ${firstUser ?? ""} ${sessions.length} ${measured} ${tokens ?? ""} ${err.path ?? ""}`;
  }
  return why;
}
