// An example client, type-checked (tsc --noEmit) against the generated declarations.
import init, { simulate, compare, parseSessionsCsv, version, type Scenario, type SimResult, type BillsimError } from "../pkg/billsim_wasm.js";

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

export async function main(): Promise<string> {
  await init();
  const result: SimResult = simulate(scenario, { asOf: "2026-12-01", reports: true });
  const firstLine = result.invoices[0]?.lines[0];
  const why: string = firstLine ? `${firstLine.kind} ${firstLine.amount}: ${firstLine.explanation}` : "";
  const cheapest = compare(scenario).models.find((m) => m.cheapest)?.model;
  const sessions = parseSessionsCsv("user,org,product,login,logout\n");
  try {
    simulate({ ...scenario, currency: "XYZ" });
  } catch (e) {
    const err = e as BillsimError;
    return `${version()} ${why} ${cheapest} ${sessions.length} ${err.path ?? ""}`;
  }
  return why;
}
