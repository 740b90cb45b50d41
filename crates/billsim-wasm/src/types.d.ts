/** A decimal number written as a string ("115.00"): money never passes through a float. */
export type Decimal = string;
/** A day, `YYYY-MM-DD`. */
export type DateString = string;
/** An instant, RFC 3339 UTC (`2026-10-21T08:00:00Z`). */
export type Instant = string;

export type Model = "named" | "concurrent" | "hourly";
export type ResourceKind = "ivr_minutes" | "storage_gb" | "api_requests" | "byoc_minutes" | "sms";
export type Category = "license" | "resource" | "ai" | "device" | "telco" | "one_time";
/** AI features, each measured in its own unit (R-AI1). */
export type AiFeature = "voice_bot_minutes" | "digital_bot_sessions" | "virtual_agent_interactions"
  | "agentic_virtual_agent_interactions" | "copilot_users" | "ai_scoring_evaluations" | "ai_translations"
  | "ai_summaries" | "messaging_messages";
export type BotResource = "bot_flow" | "virtual_agent" | "agentic_virtual_agent";
export type AllocationItem = "wallboards" | "rule_decisions" | "cases";
export type CallType = "inbound" | "outbound" | "extended_outbound" | "toll_free";

export interface Product {
  tier: 1 | 2 | 3 | 4;
  name?: string;
  prepay?: Decimal;
  overage?: Decimal;
  list?: Decimal;
  hourly?: Decimal;
  model?: Model;
  allowances?: Partial<Record<ResourceKind, Decimal>>;
  /** Rates under the concurrent model; there they replace prepay, overage and list. */
  concurrent?: { prepay?: Decimal; overage?: Decimal; list?: Decimal };
}
export interface Commitment { product: string; from_cycle: number; quantity: Decimal; org?: string }
export interface Addon {
  id: string; name?: string; base: string; prepay: Decimal; overage: Decimal;
  commitments?: { from_cycle: number; quantity: Decimal }[]; org?: string;
}
export interface CallRates { inbound?: Decimal; outbound?: Decimal; extended_outbound?: Decimal; toll_free?: Decimal }
export interface Telco {
  increment_seconds?: number;
  rates?: CallRates;
  international_rates?: CallRates;
  short_call?: { max_seconds?: number; min_calls?: number; share?: Decimal; surcharge: Decimal };
  numbers?: { setup: Decimal; monthly: Decimal; count: number };
}
export interface Contract {
  activation: DateString;
  model: Model;
  ramp?: { cycles?: number; licenses?: "waived" | "actual_in_arrears" };
  term_cycles: number;
  after_term_cycles?: number;
  billing?: "monthly" | "annual_upfront";
  peak_rule?: { kind?: "sustained" | "cumulative" | "cumulative_exact"; minutes?: number };
  products: Record<string, Product>;
  commitments?: Commitment[];
  addons?: Addon[];
  resources?: Partial<Record<ResourceKind, { rate: Decimal }>>;
  telco?: Telco;
  devices?: { name: string; quantity: number; monthly?: Decimal; one_time?: Decimal; ship_date?: DateString }[];
  one_time?: { name: string; amount: Decimal; date: DateString }[];
  taxes?: { name: string; rate: Decimal; applies_to: Category[] }[];
  /** AI Experience tokens (R-AI1..R-AI4). A feature's rate goes in one of the two maps, not both. */
  ai?: {
    allocation?: Decimal; rate?: Decimal; prepay_rate?: Decimal;
    commitments?: { from_cycle: number; quantity: Decimal }[];
    units_per_token?: Partial<Record<AiFeature, Decimal>>;
    tokens_per_unit?: Partial<Record<AiFeature, Decimal>>;
  };
  /** Free allocations per org (R-F1). */
  allocations?: Partial<Record<AllocationItem, { free?: number; rate?: Decimal }>>;
}
/** One interaction with bots and virtual agents (R-AI2). */
export interface Interaction {
  id: string; org: string; start: Instant; resources: BotResource[];
  bot_minutes?: Decimal; bot_sessions?: Decimal;
}
/** One login session (`scenario.usage.sessions`), as `parseSessionsCsv` reads it. */
export interface LoginSession { user: string; org: string; product: string; login: Instant; logout: Instant }
export interface Profile {
  id: string; org?: string; mix: Record<string, Decimal>;
  shifts: { start: string; minutes: number; agents: number }[];
  handover_minutes?: number; days?: ("mon" | "tue" | "wed" | "thu" | "fri" | "sat" | "sun")[];
  absence?: Decimal; growth?: Decimal; seed?: number; from_cycle?: number; cycles?: number;
}
export interface Usage {
  sessions?: LoginSession[];
  quantities?: { cycle: number; org?: string; product: string; quantity: Decimal }[];
  profiles?: Profile[];
  resources?: { date: DateString; org: string; resource: ResourceKind; quantity: Decimal }[];
  calls?: { org: string; type: CallType; start: Instant; seconds: number; international?: boolean }[];
  hours?: { user: string; org: string; product: string; date: DateString; duration: string }[];
  ai?: { cycle: number; org: string; feature: AiFeature; quantity: Decimal }[];
  interactions?: Interaction[];
  allocations?: { cycle: number; org: string; item: AllocationItem; quantity: Decimal }[];
}
/** The scenario format v1. */
export interface Scenario {
  billsim: 1;
  name?: string;
  /** The quote a customer signs; changes no amount. */
  quote?: { customer?: string; prepared_by?: string; valid_until?: string };
  currency: string;
  contract: Contract;
  orgs?: { id: string; region: string }[];
  usage?: Usage;
}

export type LineKind = "prepay" | "overage" | "actual" | "hourly" | "addon_prepay" | "addon_overage" | "resource" | "sms"
  | "device_monthly" | "device_one_time" | "one_time" | "telco" | "telco_surcharge" | "number_setup" | "number_monthly"
  | "ai_prepay" | "ai_overage" | "allocation_monthly" | "allocation_overage";
export interface Line {
  kind: LineKind; category: Category; org?: string; product?: string; description: string;
  quantity: Decimal; unit_price: Decimal; amount: Decimal;
  period: { start: DateString; end: DateString };
  timing: "in_advance" | "in_arrears" | "one_time";
  explanation: string;
}
export interface Invoice {
  number: number; date: DateString; lines: Line[]; subtotal: Decimal;
  taxes: { name: string; rate: Decimal; base: Decimal; amount: Decimal }[];
  tax: Decimal; total: Decimal;
}
export interface Table { headers: string[]; rows: string[][] }
export interface CycleResult {
  index: number; start: DateString; end: DateString; phase: "ramp" | "term" | "after_term";
  usage: { org: string; product: string; actual: Decimal; committed: Decimal; billed: Decimal }[];
  peaks?: { org: string; region: string; raw: number; sustained: number; cumulative: number; cumulative_exact: number; billed: number }[];
  resources?: { resource: ResourceKind; used: Decimal; allowance: Decimal; overage: Decimal }[];
  telco?: { calls: number; cdr_total: Decimal; surcharged_calls: number };
  /** Tokens per org (to 4 decimals for reading), the commitment and the overage (R-AI4). */
  ai?: { committed: Decimal; billable: Decimal; overage: Decimal;
         orgs: { org: string; tokens: Decimal; allocation: Decimal; billable: Decimal }[] };
  allocations?: { org: string; item: AllocationItem; used: Decimal; free: Decimal; billed: Decimal }[];
}
/** The result format v1. */
export interface SimResult {
  billsim: 1;
  currency: string;
  model?: Model;
  cycles: CycleResult[];
  invoices: Invoice[];
  totals: { subtotal: Decimal; tax: Decimal; total: Decimal };
  preview?: { as_of: DateString; cycle: number; lines: Line[]; subtotal: Decimal; tax: Decimal; total: Decimal };
  reports?: { daily_peaks: Table; user_hours: Table; billable_users: Table };
  notes?: string[];
}
export interface SimulateOptions {
  /** Bill to date: invoices before this day and what the open cycle has incurred (R-C3). */
  asOf?: DateString;
  /** Bill under another model than the contract's. */
  model?: Model;
  /** Include the usage reports: at most 100,000 rows of each, a note in `notes` naming the rows left out. */
  reports?: boolean;
}
export interface Comparison {
  currency: string;
  cycles: number[];
  models: { model: Model; available: boolean; reason?: string; per_cycle: Decimal[]; subtotal: Decimal; total: Decimal; cheapest: boolean;
    /** Set only when a product carries per-model rates: false when priced at another model's rates. */
    own_rates?: boolean }[];
}
export interface AdviseOptions {
  /** Seeds simulated when usage comes from workforce profiles (R-O2): 1 to 1000, default 50. */
  seeds?: number;
  /** The percentile the best commitment minimizes over the seeds: 50 (default) or 90. */
  percentile?: 50 | 90;
  /** Called after every step (a seed measured, a seed priced, the models ranked). */
  onProgress?: (done: number, total: number) => void;
}
/** One commitment's total; `p10`..`p90` over the seeds when usage has profiles, else null. */
export interface CurvePoint { committed: Decimal; total: Decimal; p10: Decimal | null; p50: Decimal | null; p90: Decimal | null }
export interface Advice {
  billsim: 1;
  products: {
    product: string;
    /** Set when the scenario has several orgs: the org the commitment is for. */
    org?: string;
    current: Decimal; best: Decimal; total_at_current: Decimal; total_at_best: Decimal;
    /** Only when the product has several commitment steps. */
    steps?: { from_cycle: number; current: Decimal; best: Decimal; total_at_best: Decimal }[];
    curve: CurvePoint[];
  }[];
  /** Cheapest first, not comparable last. */
  models: { model: Model; total: Decimal | null; comparable: boolean; margin: Decimal | null; own_rates: boolean; reason?: string }[];
}
export interface WhyOptions {
  /** Only this cycle (its number). */
  cycle?: number;
  /** Only this org (its id). */
  org?: string;
  /** Users logged in for less than this many minutes in a cycle are brief (default 60). */
  briefMinutes?: number;
}
/** A stretch of the curve, `end` exclusive. */
export interface WhyWindow { start: Instant; end: Instant; level: Decimal; users: string[] }
/** Who and when made one cycle's licenses in one org (R-W1..R-W4). */
export interface WhyEntry {
  cycle: number;
  org: string;
  model: Model;
  /** Concurrent: the peak billed under the contract's rule; else null. */
  billed_peak: Decimal | null;
  committed: Decimal;
  /** Concurrent only: where the billed peak was held, with the users logged in at each start. */
  windows?: WhyWindow[];
  /** Concurrent only: runs above the billed peak the rule did not bill, `level` the highest reached. */
  disregarded?: { start: Instant; end: Instant; level: Decimal }[];
  /** Users per product; hourly also minutes, whole hours billed and unused minutes of the last hour. */
  tiers: { product: string; users: string[]; minutes?: Decimal; hours_billed?: Decimal; unused_minutes?: Decimal }[];
  /** Concurrent only: per level L down to the commitment, the windows holding it and the saving at L - 1. */
  ladder?: { level: Decimal; windows: number; minutes: Decimal; saving: Decimal }[];
  /** Named: what the brief users cost; else null. */
  brief_cost: Decimal | null;
  users: { user: string; product: string; first_login: Instant; raised_at: Instant | null; minutes: Decimal; brief: boolean }[];
}
/** The attribution format (`billsim why --json`). */
export interface Attribution { billsim: 1; attribution: WhyEntry[] }
/** Errors thrown by the API are `Error`s carrying where the input is wrong. */
export interface BillsimError extends Error {
  /** `argument`: a call with the wrong kind of value (`path` names the argument or option). */
  kind: "json" | "invalid" | "csv" | "overflow" | "argument";
  /** JSON path, e.g. `contract.commitments[1].quantity`, or the argument (`options.asOf`). */
  path?: string;
  /** CSV: first bad row's line and column (1-based). */
  line?: number;
  column?: number;
  problems?: { line: number; column: number; field: string; message: string }[];
  more?: number;
  /** A rule violation's facts, when the engine has them: `rule` names it
   * (`negative`, `unknown_org`, `unknown_product`, `logout_before_login`,
   * `unknown_currency`, `missing_rate`, `addon_above_base`,
   * `calls_without_telco`, `after_last_invoice`), the other keys its facts
   * (for example `id` and `known` for an unknown org). */
  facts?: { rule: string; [fact: string]: unknown };
}

/** Simulates a scenario (format v1); throws a {@link BillsimError} on bad input. */
export function simulate(scenario: Scenario, options?: SimulateOptions): SimResult;
/** The commitment and the model to quote (R-O1..R-O3); throws a {@link BillsimError} on bad input or options. */
export function advise(scenario: Scenario, options?: AdviseOptions): Advice;
/** Who and when made each license quantity (R-W1..R-W5); throws a {@link BillsimError} on bad input. */
export function why(scenario: Scenario, options?: WhyOptions): Attribution;
/** A vendor file for {@link reconcile}: its name (named in errors and sources) and its text or bytes. */
export interface VendorFile { name: string; text: string | Uint8Array | ArrayBuffer }
/** What {@link reconcile} reads beside the files. */
export interface ReconcileOptions {
  /** Bill to date (R-C3): an open cycle's figures are compared with it. */
  asOf?: DateString;
  /** The first day of the cycle a figures file without a period covers. */
  period?: DateString;
  /** Descriptions or part numbers mapped to what they charge for; they override every guess (R-R2). */
  map?: Record<string, { kind: string; product?: string; resource?: string; call_type?: string; org?: string }>;
}
/** A cause of a difference (R-R4) with its money, facts and sentence. */
export interface CauseShare { cause: string; amount: string; facts: Record<string, unknown>; says: string }
/** A vendor line and the simulated line it pairs with (either may be null). */
export interface LinePair {
  vendor: { description: string; period?: { start: DateString; end: DateString }; sku?: string; org?: string; quantity: string; rate: string; amount: string; source: string } | null;
  simulated: { kind: string; product?: string; org?: string; description: string; quantity: string; rate: string; amount: string; cycle: number } | null;
  quantity_difference: string; rate_difference: string; amount_difference: string;
  price_part: string; quantity_part: string; causes: CauseShare[]; unexplained: string;
}
/** The vendor's bill against the simulation (R-R1..R-R6), as `billsim reconcile --json` prints it. */
export interface ReconciliationDocument {
  billsim: 1;
  reconciliation: {
    matches: boolean; says: string;
    vendor_total: string; simulated_total: string; difference: string;
    by_cause: { cause: string; amount: string }[]; unexplained: string;
    out_of_scope: DateString[];
    invoices: { date: DateString; vendor_total: string; simulated_total: string; difference: string;
      by_cause: { cause: string; amount: string }[]; unexplained: string; lines: LinePair[] }[];
    figures: { cycle: number; product: string; org?: string; field: string; vendor: string; simulated: string | null;
      difference: string | null; causes: CauseShare[]; source: string }[];
    would_match: { setting: string; value: unknown; cause?: string; matches: boolean; resolves: boolean; conflict?: string }[];
    calls?: unknown;
    notes?: string[];
  };
}
/** Reconciles the vendor's bill (invoice CSV, invoice lines JSON, subscription overview, billing-period
 * charges, Cloud Voice report) against the scenario; throws a {@link BillsimError} naming the file and
 * the line:column or JSON path of a bad vendor file. */
export function reconcile(scenario: Scenario, bills: VendorFile[], options?: ReconcileOptions): ReconciliationDocument;
/** Simulates scenario JSON text; returns the result JSON text. Throws a {@link BillsimError} on bad input. */
export function simulateJson(text: string): string;
/** Parses an interactions CSV (`id,org,start,resources,bot_minutes,bot_sessions`, resources separated by `|`)
 * into interactions for `scenario.usage.interactions`; throws a {@link BillsimError} (kind "csv") naming each bad row. */
export function parseInteractionsCsv(input: string | Uint8Array | ArrayBuffer): Interaction[];

/** What a {@link Session} reads beside its scenario: a sessions CSV (`user,org,product,login,logout`,
 * any column order), as text or bytes; its orgs and products are checked against the scenario. */
export interface SessionImports { sessions?: string | Uint8Array | ArrayBuffer }
/** The work a {@link Session} has done: each question is answered from what is already measured and priced. */
export interface SessionWork { parses: number; preparations: number; presences: number; measurements: number; pricings: number }
/** The usage reports of one cycle (at most 20,000 rows of each). */
export interface CycleReports {
  cycle: number; start: DateString; end: DateString; cycles: number[];
  daily_peaks: Table; user_hours: Table; billable_users: Table;
  /** Rows left out past the limit: user-hours, billable users. */
  left_out: [number, number];
}
/** One engine session: the scenario and its imports read and prepared once, each model measured and
 * priced once, however many questions are asked. Call `free()` when done (a million sessions stay
 * in wasm memory until then). Every method throws a {@link BillsimError} on bad input or options. */
export class Session {
  constructor(scenario: Scenario | string, imports?: SessionImports);
  /** The bill, as {@link simulate}. */
  simulate(options?: SimulateOptions): SimResult;
  /** The models side by side, as {@link compare}. */
  compare(): Comparison;
  /** Who and when, as {@link why}. */
  why(options?: WhyOptions): Attribution;
  /** "Why N?" N first for every license quantity billed in the cycles and orgs asked: what made it, what would lower it. */
  headlines(options?: WhyOptions): { cycle: number; org: string; product: string; made: string; lower: string }[];
  /** The commitment and model to quote, as {@link advise}. */
  advise(options?: AdviseOptions): Advice;
  /** The vendor's bill against this session's scenario and imports, as {@link reconcile}. */
  reconcile(bills: VendorFile[], options?: ReconcileOptions): ReconciliationDocument;
  /** The usage reports of cycle number `cycle` (default: the first cycle with usage). */
  reportsFor(cycle?: number): CycleReports;
  /** The work done so far. */
  work(): SessionWork;
  /** Releases the session's memory. */
  free(): void;
}
