// The parts of the JS API's declarations that are not derived from the
// engine's types: functions, the session class, their options (optional
// fields the caller leaves out) and the errors. The scenario, result and
// answer types they name are in generated.d.ts (tests/typescript.rs in
// billsim-core), which comes first in billsim_wasm.d.ts.

export interface SimulateOptions {
  /** Bill to date: invoices before this day and what the open cycle has incurred (R-C3). */
  asOf?: DateString;
  /** Bill under another model than the contract's. */
  model?: Model;
  /** Include the usage reports: at most 100,000 rows of each, a note in `notes` naming the rows left out. */
  reports?: boolean;
}
export interface AdviseOptions {
  /** Seeds simulated when usage comes from workforce profiles (R-O2): 1 to 1000, default 50. */
  seeds?: number;
  /** The percentile the best commitment minimizes over the seeds: 50 (default) or 90. */
  percentile?: 50 | 90;
  /** Called after every step (a seed measured, a seed priced, the models ranked). */
  onProgress?: (done: number, total: number) => void;
}
export interface WhyOptions {
  /** Only this cycle (its number). */
  cycle?: number;
  /** Only this org (its id). */
  org?: string;
  /** Users logged in for less than this many minutes in a cycle are brief (default 60). */
  briefMinutes?: number;
}
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
 * any column order), as text or bytes, or any iterable of its pieces (a generator reading a file a
 * piece at a time: a stream, never joined into one copy); at most 2 GiB of CSV (about 30 million
 * sessions). Its orgs and products are checked against the scenario. */
export interface SessionImports { sessions?: string | Uint8Array | ArrayBuffer | Iterable<string | Uint8Array | ArrayBuffer> }
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
