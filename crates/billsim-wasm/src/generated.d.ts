// Generated from billsim-core's types (tests/typescript.rs): do not edit.

/** A decimal number written as a string ("115.00"): money never passes through a float. */
export type Decimal = string;
/** A day, `YYYY-MM-DD`. */
export type DateString = string;
/** An instant, RFC 3339 UTC (`2026-10-21T08:00:00Z`), to the millisecond. */
export type Instant = string;

/**
 * A contract plus the usage it is billed for.
 */
export interface Scenario {
    /**
     * The JSON Schema an editor checks the file against, e.g.
     * `"./scenario.schema.json"`; the engine ignores it and writes it back.
     */
    $schema?: string;
    /**
     * Format version; must be 1.
     */
    billsim: 1;
    /**
     * A label for people.
     */
    name?: string;
    /**
     * Who the quote is for, who prepared it, until when it holds; the
     * `name` is the quote's name.
     */
    quote?: Quote;
    /**
     * ISO 4217 code.
     */
    currency: string;
    /**
     * What was signed.
     */
    contract: Contract;
    /**
     * Orgs and their regions (R-K1). Defaults to one org `main`.
     */
    orgs?: Org[];
    /**
     * What was used.
     */
    usage?: Usage;
}
/**
 * One org, living in exactly one region.
 */
export interface Org {
    /**
     * Referenced by usage rows.
     */
    id: string;
    /**
     * Where it runs.
     */
    region: string;
    /**
     * The names or ids under which the vendor's files name the org (R-R2).
     */
    vendor_names?: string[];
}
/**
 * The contract.
 */
export interface Contract {
    /**
     * Effective date; anchors every cycle (R-C1).
     */
    activation: DateString;
    /**
     * The license model.
     */
    model: Model;
    /**
     * The ramp.
     */
    ramp?: Ramp;
    /**
     * Term length in cycles.
     */
    term_cycles: number;
    /**
     * Cycles billed after the term (R-M6).
     */
    after_term_cycles?: number;
    /**
     * Monthly or annual upfront.
     */
    billing?: Billing;
    /**
     * Concurrent peak rule.
     */
    peak_rule?: PeakRule;
    /**
     * Products by id.
     */
    products: Record<string, Product>;
    /**
     * Commitment schedule.
     */
    commitments?: Commitment[];
    /**
     * Add-ons.
     */
    addons?: Addon[];
    /**
     * Resource rates.
     */
    resources?: Partial<Record<ResourceKind, ResourceRate>>;
    /**
     * Telco pricing.
     */
    telco?: Telco;
    /**
     * Devices.
     */
    devices?: Device[];
    /**
     * Non-recurring charges.
     */
    one_time?: OneTime[];
    /**
     * Taxes.
     */
    taxes?: Tax[];
    /**
     * AI Experience tokens (R-AI1..R-AI4); absent: the defaults.
     */
    ai?: AiContract;
    /**
     * Free allocations per org: wallboards, rule decisions, cases (R-F1).
     */
    allocations?: Partial<Record<AllocationItem, FreeAllocation>>;
}
/**
 * License model of a contract (exactly one, R-L1).
 */
export type Model = "named" | "concurrent" | "hourly";
/**
 * The ramp before the term (R-M1).
 */
export interface Ramp {
    /**
     * Number of ramp cycles, 0 for none.
     */
    cycles?: number;
    /**
     * License policy in the ramp.
     */
    licenses?: RampLicenses;
}
/**
 * License charges during the ramp (R-M2).
 */
export type RampLicenses = "waived" | "actual_in_arrears";
/**
 * When commitments are invoiced (R-M7).
 */
export type Billing = "monthly" | "annual_upfront";
/**
 * The peak rule and its threshold.
 */
export interface PeakRule {
    /**
     * Which rule.
     */
    kind?: PeakKind;
    /**
     * Threshold in minutes (default 30).
     */
    minutes?: number;
}
/**
 * How the billable concurrent peak is found (R-K2).
 */
export type PeakKind = "sustained" | "cumulative" | "cumulative_exact";
/**
 * A licensed product (Cloud CX 1..4) and its rates.
 */
export interface Product {
    /**
     * 1..4; orders products for R-L2 and picks the allowance row.
     */
    tier: 1 | 2 | 3 | 4;
    /**
     * Invoice label; default "Cloud CX {tier}".
     */
    name?: string;
    /**
     * Per committed unit per cycle.
     */
    prepay?: Decimal;
    /**
     * Per unit above the commitment.
     */
    overage?: Decimal;
    /**
     * Per unit after the term (R-M6).
     */
    list?: Decimal;
    /**
     * Per user-hour (hourly model).
     */
    hourly?: Decimal;
    /**
     * A product's own model; must equal the contract's (R-L1). Absent: the contract's.
     */
    model?: Model;
    /**
     * Per-user (or per-hour) fair-use allowances overriding the built-in table (R-S1).
     */
    allowances?: Partial<Record<ResourceKind, Decimal>>;
    /**
     * Its rates under the concurrent model, which the vendor prices above
     * named: under `model: concurrent` they replace `prepay`, `overage` and
     * `list` (R-O3). Absent: the plain rates apply under every model.
     */
    concurrent?: Rates;
    /**
     * The vendor's part numbers for the product (R-R2), e.g. `PC-170-NV-USR2C`.
     */
    skus?: string[];
}
/**
 * A product's per-user rates under one model.
 */
export interface Rates {
    /**
     * Per committed unit per cycle.
     */
    prepay?: Decimal;
    /**
     * Per unit above the commitment.
     */
    overage?: Decimal;
    /**
     * Per unit after the term (R-M6).
     */
    list?: Decimal;
}
/**
 * A fair-use resource (R-S1, R-S3).
 */
export type ResourceKind = "ivr_minutes" | "storage_gb" | "api_requests" | "byoc_minutes" | "sms";
/**
 * One step of a commitment schedule.
 */
export interface Commitment {
    /**
     * Product id.
     */
    product: string;
    /**
     * From this cycle index on (until the next step).
     */
    from_cycle: number;
    /**
     * Committed units (users, or hours in the hourly model).
     */
    quantity: Decimal;
    /**
     * The org the commitment belongs to; absent: the first org.
     */
    org?: string;
}
/**
 * An add-on bought for some CX1/CX2 users (R-A1).
 */
export interface Addon {
    /**
     * Id, used as `product` in usage quantities.
     */
    id: string;
    /**
     * Invoice label; default the id.
     */
    name?: string;
    /**
     * The base product (tier 1 or 2).
     */
    base: string;
    /**
     * Per committed user.
     */
    prepay: Decimal;
    /**
     * Per user above the commitment.
     */
    overage: Decimal;
    /**
     * Commitment steps.
     */
    commitments?: AddonStep[];
    /**
     * The org; absent: the first org.
     */
    org?: string;
}
/**
 * A step of an add-on's commitment schedule.
 */
export interface AddonStep {
    /**
     * From this cycle index on.
     */
    from_cycle: number;
    /**
     * Committed users of the add-on.
     */
    quantity: Decimal;
}
/**
 * A resource's overage rate.
 */
export interface ResourceRate {
    /**
     * Per unit above the allowance (per message for SMS).
     */
    rate: Decimal;
}
/**
 * Telco usage pricing (R-T1..R-T3).
 */
export interface Telco {
    /**
     * Calls are rounded up to this many seconds (default 6).
     */
    increment_seconds?: number;
    /**
     * Per-minute rates for US calls.
     */
    rates?: CallRates;
    /**
     * Per-minute rates for international calls (the international breakout).
     */
    international_rates?: CallRates;
    /**
     * Short-duration surcharge, if the contract has one.
     */
    short_call?: ShortCall;
    /**
     * Phone numbers.
     */
    numbers?: Numbers;
}
/**
 * Per-minute rates of each call type.
 */
export interface CallRates {
    /**
     * Inbound calling service.
     */
    inbound?: Decimal;
    /**
     * Outbound calling service.
     */
    outbound?: Decimal;
    /**
     * Extended outbound calling service.
     */
    extended_outbound?: Decimal;
    /**
     * Toll-free calling service.
     */
    toll_free?: Decimal;
}
/**
 * The short-duration call surcharge (R-T3).
 */
export interface ShortCall {
    /**
     * Calls of at most this many seconds are short.
     */
    max_seconds?: number;
    /**
     * The surcharge needs at least this many outbound calls in the cycle.
     */
    min_calls?: number;
    /**
     * ... and short calls making up at least this share of them.
     */
    share?: Decimal;
    /**
     * Charged per short call.
     */
    surcharge: Decimal;
}
/**
 * Phone numbers: setup once, monthly in advance.
 */
export interface Numbers {
    /**
     * One-time per number.
     */
    setup: Decimal;
    /**
     * Per number per cycle.
     */
    monthly: Decimal;
    /**
     * How many numbers.
     */
    count: number;
}
/**
 * A device: monthly in advance and/or one-time on its ship date (R-D1).
 */
export interface Device {
    /**
     * Label.
     */
    name: string;
    /**
     * How many.
     */
    quantity: number;
    /**
     * Per device per cycle, in advance.
     */
    monthly?: Decimal;
    /**
     * Per device, once.
     */
    one_time?: Decimal;
    /**
     * When the hardware ships; absent: activation.
     */
    ship_date?: DateString;
}
/**
 * Who the quote is for and how long it holds.
 */
export interface Quote {
    /**
     * The customer it is made out to.
     */
    customer?: string;
    /**
     * Who prepared it.
     */
    prepared_by?: string;
    /**
     * The last day the quoted prices hold.
     */
    valid_until?: DateString;
}
/**
 * A non-recurring charge (R-M8).
 */
export interface OneTime {
    /**
     * Label.
     */
    name: string;
    /**
     * Amount.
     */
    amount: Decimal;
    /**
     * Order date.
     */
    date: DateString;
}
/**
 * A tax on some categories (R-X1).
 */
export interface Tax {
    /**
     * Label.
     */
    name: string;
    /**
     * Fraction, e.g. "0.0825".
     */
    rate: Decimal;
    /**
     * Categories taxed.
     */
    applies_to: Category[];
}
/**
 * Invoice categories.
 */
export type Category = "license" | "resource" | "ai" | "device" | "telco" | "one_time";
/**
 * `contract.ai`: rates, allocation and the token commitment.
 */
export interface AiContract {
    /**
     * Free tokens per org per cycle; default 250 named, 350 concurrent (R-AI3).
     */
    allocation?: Decimal;
    /**
     * Per token above the commitment; default the currency's price (R-AI4).
     */
    rate?: Decimal;
    /**
     * Tokens committed per cycle, all orgs together (a step schedule).
     */
    commitments?: AddonStep[];
    /**
     * Per committed token; default `rate`.
     */
    prepay_rate?: Decimal;
    /**
     * Rate overrides as units for one token.
     */
    units_per_token?: Partial<Record<AiFeature, Decimal>>;
    /**
     * Rate overrides as tokens for one unit.
     */
    tokens_per_unit?: Partial<Record<AiFeature, Decimal>>;
}
/**
 * A feature, measured in its own unit (R-AI1).
 */
export type AiFeature = "voice_bot_minutes" | "digital_bot_sessions" | "virtual_agent_interactions" | "agentic_virtual_agent_interactions" | "copilot_users" | "ai_scoring_evaluations" | "ai_translations" | "ai_summaries" | "messaging_messages";
/**
 * What an org receives a free amount of (R-F1).
 */
export type AllocationItem = "wallboards" | "rule_decisions" | "cases";
/**
 * `contract.allocations.<item>`: overrides of the free amount and the rate.
 */
export interface FreeAllocation {
    /**
     * Free per org per cycle.
     */
    free?: number;
    /**
     * Per unit above the free amount (per account per month for wallboards).
     */
    rate?: Decimal;
}
/**
 * What was used.
 */
export interface Usage {
    /**
     * Logins.
     */
    sessions?: LoginSession[];
    /**
     * Forecast quantities.
     */
    quantities?: Quantity[];
    /**
     * Workforce profiles, expanded into sessions.
     */
    profiles?: Profile[];
    /**
     * Daily resource use.
     */
    resources?: ResourceUse[];
    /**
     * Call detail records.
     */
    calls?: Call[];
    /**
     * User-hour report rows (hourly contracts).
     */
    hours?: HoursRow[];
    /**
     * AI feature usage per cycle and org (R-AI1).
     */
    ai?: AiUse[];
    /**
     * Interactions with bots and virtual agents (R-AI2).
     */
    interactions?: Interaction[];
    /**
     * Wallboards, rule decisions and cases in use per cycle and org (R-F1).
     */
    allocations?: AllocationUse[];
}
/**
 * A login session, half-open [login, logout) (R-L3).
 */
export interface LoginSession {
    /**
     * User id (e-mail).
     */
    user: string;
    /**
     * Org id.
     */
    org: string;
    /**
     * Product id assigned during the session.
     */
    product: string;
    /**
     * Start, UTC.
     */
    login: Instant;
    /**
     * End, UTC, after `login`.
     */
    logout: Instant;
}
/**
 * A forecast quantity for one cycle (R-N2).
 */
export interface Quantity {
    /**
     * Cycle index.
     */
    cycle: number;
    /**
     * Org id; absent: the first org.
     */
    org?: string;
    /**
     * Product (or add-on) id.
     */
    product: string;
    /**
     * Users (peak users, or hours in the hourly model).
     */
    quantity: Decimal;
}
/**
 * A workforce description.
 */
export interface Profile {
    /**
     * Prefix of generated user ids.
     */
    id: string;
    /**
     * Org of every agent; absent: the first org.
     */
    org?: string;
    /**
     * Product id -> share of agents ("0.8"); shares must sum to 1.
     */
    mix: Record<string, Decimal>;
    /**
     * The shifts.
     */
    shifts: Shift[];
    /**
     * Minutes each agent stays logged in after the shift ends.
     */
    handover_minutes?: number;
    /**
     * Working weekdays: `mon` .. `sun`. Default Monday to Friday.
     */
    days?: string[];
    /**
     * Share of agent-days absent, "0.05".
     */
    absence?: Decimal;
    /**
     * Growth of every shift per cycle, "0.02" for +2 %.
     */
    growth?: Decimal;
    /**
     * Seed for absences.
     */
    seed?: number;
    /**
     * First cycle the profile covers.
     */
    from_cycle?: number;
    /**
     * Number of cycles covered; absent: to the contract's end.
     */
    cycles?: number;
}
/**
 * One shift of a profile.
 */
export interface Shift {
    /**
     * Start time, UTC, `HH:MM`.
     */
    start: string;
    /**
     * Length in minutes, before the handover.
     */
    minutes: number;
    /**
     * Agents in the shift in the first cycle.
     */
    agents: number;
}
/**
 * One day's use of a resource.
 */
export interface ResourceUse {
    /**
     * The day (UTC).
     */
    date: DateString;
    /**
     * Org id.
     */
    org: string;
    /**
     * Which resource.
     */
    resource: ResourceKind;
    /**
     * Units used that day (for storage: GB held that day).
     */
    quantity: Decimal;
}
/**
 * A call detail record.
 */
export interface Call {
    /**
     * Org id.
     */
    org: string;
    /**
     * Call type.
     */
    type: CallType;
    /**
     * Start, UTC.
     */
    start: Instant;
    /**
     * Duration in seconds.
     */
    seconds: number;
    /**
     * International breakout.
     */
    international?: boolean;
}
/**
 * A call type (R-T1).
 */
export type CallType = "inbound" | "outbound" | "extended_outbound" | "toll_free";
/**
 * One row of a user-hour report (R-H3) used as input.
 */
export interface HoursRow {
    /**
     * User id.
     */
    user: string;
    /**
     * Org id.
     */
    org: string;
    /**
     * Product id.
     */
    product: string;
    /**
     * The UTC day.
     */
    date: DateString;
    /**
     * Logged-in time, `HH:MM:SS:mmm`.
     */
    duration: string;
}
/**
 * `usage.ai[]`: one feature's units in one cycle and org.
 */
export interface AiUse {
    /**
     * Cycle index.
     */
    cycle: number;
    /**
     * Org id.
     */
    org: string;
    /**
     * Which feature.
     */
    feature: AiFeature;
    /**
     * Units of the feature (minutes, sessions, users, ...).
     */
    quantity: Decimal;
}
/**
 * `usage.interactions[]`: one customer interaction with bots (R-AI2).
 */
export interface Interaction {
    /**
     * The interaction's id (for people; not checked for uniqueness).
     */
    id: string;
    /**
     * Org id.
     */
    org: string;
    /**
     * When it started; its cycle is the one containing this instant.
     */
    start: Instant;
    /**
     * `bot_flow`, `virtual_agent`, `agentic_virtual_agent`: at least one.
     */
    resources?: BotResource[];
    /**
     * Bot flow minutes (voice bot).
     */
    bot_minutes?: Decimal;
    /**
     * Bot flow sessions (digital bot).
     */
    bot_sessions?: Decimal;
}
/**
 * A resource an interaction used (R-AI2).
 */
export type BotResource = "bot_flow" | "virtual_agent" | "agentic_virtual_agent";
/**
 * `usage.allocations[]`: how many of an item one org used in one cycle.
 */
export interface AllocationUse {
    /**
     * Cycle index.
     */
    cycle: number;
    /**
     * Org id.
     */
    org: string;
    /**
     * Which item.
     */
    item: AllocationItem;
    /**
     * Accounts in use, decisions made or cases opened.
     */
    quantity: Decimal;
}
/**
 * The whole simulation.
 */
export interface SimResult {
    /**
     * Format version (1).
     */
    billsim: number;
    /**
     * Currency code.
     */
    currency: string;
    /**
     * The license model billed.
     */
    model?: Model;
    /**
     * Every cycle.
     */
    cycles: CycleResult[];
    /**
     * Every invoice with lines (issued ones only, with an as-of date).
     */
    invoices: Invoice[];
    /**
     * Sums over `invoices`.
     */
    totals: Totals;
    /**
     * Bill to date, when asked for with an as-of date.
     */
    preview?: Preview;
    /**
     * The usage reports, when asked for.
     */
    reports?: ReportTables;
    /**
     * Things the user should know (ignored rows, ...).
     */
    notes?: string[];
}
/**
 * One cycle: dates, phase and what was measured.
 */
export interface CycleResult {
    /**
     * 0 from activation.
     */
    index: number;
    /**
     * First day.
     */
    start: DateString;
    /**
     * Last day, inclusive.
     */
    end: DateString;
    /**
     * Ramp, term or after the term.
     */
    phase: Phase;
    /**
     * Per org and product.
     */
    usage: UsageRow[];
    /**
     * Concurrent contracts: peaks per org.
     */
    peaks?: PeakRow[];
    /**
     * Resources used against allowances.
     */
    resources?: ResourceRow[];
    /**
     * Telco reconciliation.
     */
    telco?: TelcoRecon;
    /**
     * AI Experience tokens (R-AI1..R-AI4).
     */
    ai?: AiSummary;
    /**
     * Free allocations used per org (R-F1).
     */
    allocations?: AllocationRow[];
}
/**
 * Which part of the contract a cycle belongs to (R-M1).
 */
export type Phase = "ramp" | "term" | "after_term";
/**
 * Measured, committed and billed quantity of one product in one cycle.
 */
export interface UsageRow {
    /**
     * Org.
     */
    org: string;
    /**
     * Product or add-on id.
     */
    product: string;
    /**
     * Measured: users, peak users, or hours.
     */
    actual: Decimal;
    /**
     * Committed in this cycle.
     */
    committed: Decimal;
    /**
     * Charged for this cycle in total.
     */
    billed: Decimal;
}
/**
 * The concurrent peaks of one org in one cycle under every rule (R-K2).
 */
export interface PeakRow {
    /**
     * Org.
     */
    org: string;
    /**
     * Region.
     */
    region: string;
    /**
     * Highest instantaneous count.
     */
    raw: number;
    /**
     * `sustained` rule.
     */
    sustained: number;
    /**
     * `cumulative` rule.
     */
    cumulative: number;
    /**
     * `cumulative_exact` rule.
     */
    cumulative_exact: number;
    /**
     * What the contract's rule bills.
     */
    billed: number;
}
/**
 * A resource's use against its allowance in one cycle (R-S1).
 */
export interface ResourceRow {
    /**
     * Which resource (`ivr_minutes`, ...).
     */
    resource: ResourceKind;
    /**
     * Used.
     */
    used: Decimal;
    /**
     * Pooled allowance.
     */
    allowance: Decimal;
    /**
     * max(0, used - allowance).
     */
    overage: Decimal;
}
/**
 * Call records against invoice rows (R-T2).
 */
export interface TelcoRecon {
    /**
     * Calls rated.
     */
    calls: number;
    /**
     * Sum of the per-call costs, 4 decimals: the CDR's Total Cost.
     */
    cdr_total: Decimal;
    /**
     * Short calls surcharged (R-T3).
     */
    surcharged_calls: number;
}
/**
 * The tokens of all orgs in one cycle against the commitment (R-AI4).
 */
export interface AiSummary {
    /**
     * Tokens committed for the cycle (term cycles only).
     */
    committed: Decimal;
    /**
     * Billable tokens of all orgs.
     */
    billable: Decimal;
    /**
     * max(0, billable - committed), billed in arrears.
     */
    overage: Decimal;
    /**
     * Per org.
     */
    orgs: AiOrgRow[];
}
/**
 * One org's AI Experience tokens in one cycle.
 */
export interface AiOrgRow {
    /**
     * Org.
     */
    org: string;
    /**
     * Tokens consumed, to 4 decimals for reading (billing keeps the exact fraction).
     */
    tokens: Decimal;
    /**
     * Free tokens of the org (R-AI3).
     */
    allocation: Decimal;
    /**
     * Tokens above the allocation, rounded up once (R-AI4).
     */
    billable: Decimal;
}
/**
 * One org's use of a free allocation in one cycle (R-F1).
 */
export interface AllocationRow {
    /**
     * Org.
     */
    org: string;
    /**
     * `wallboards`, `rule_decisions`, `cases`.
     */
    item: AllocationItem;
    /**
     * Used in the cycle.
     */
    used: Decimal;
    /**
     * Free per org.
     */
    free: Decimal;
    /**
     * max(0, used - free).
     */
    billed: Decimal;
}
/**
 * One invoice.
 */
export interface Invoice {
    /**
     * 1, 2, ... in date order.
     */
    number: number;
    /**
     * Issue date.
     */
    date: DateString;
    /**
     * Lines.
     */
    lines: Line[];
    /**
     * Sum of line amounts.
     */
    subtotal: Decimal;
    /**
     * Per-tax breakdown.
     */
    taxes?: TaxLine[];
    /**
     * Sum of taxes.
     */
    tax: Decimal;
    /**
     * subtotal + tax.
     */
    total: Decimal;
}
/**
 * One invoice line.
 */
export interface Line {
    /**
     * What it charges for.
     */
    kind: LineKind;
    /**
     * Invoice section.
     */
    category: Category;
    /**
     * Org, for per-org line groups (R-K1).
     */
    org?: string;
    /**
     * Product or add-on id.
     */
    product?: string;
    /**
     * Invoice text.
     */
    description: string;
    /**
     * Units.
     */
    quantity: Decimal;
    /**
     * Price per unit, at its given precision.
     */
    unit_price: Decimal;
    /**
     * Rounded to the currency's minor unit (R-$1).
     */
    amount: Decimal;
    /**
     * The period charged.
     */
    period: Period;
    /**
     * In advance, in arrears or one-time.
     */
    timing: Timing;
    /**
     * How the quantity and amount came about (R-E1).
     */
    explanation: string;
}
/**
 * What a line charges for (the spec's `kind`).
 */
export type LineKind = "prepay" | "overage" | "actual" | "hourly" | "addon_prepay" | "addon_overage" | "resource" | "sms" | "device_monthly" | "device_one_time" | "one_time" | "telco" | "telco_surcharge" | "number_setup" | "number_monthly" | "ai_prepay" | "ai_overage" | "allocation_monthly" | "allocation_overage";
/**
 * When a charge is billed relative to its period.
 */
export type Timing = "in_advance" | "in_arrears" | "one_time";
/**
 * An inclusive date range.
 */
export interface Period {
    /**
     * First day.
     */
    start: DateString;
    /**
     * Last day.
     */
    end: DateString;
}
/**
 * One tax on one invoice (R-X1).
 */
export interface TaxLine {
    /**
     * Tax name.
     */
    name: string;
    /**
     * Rate.
     */
    rate: Decimal;
    /**
     * Sum of the taxed lines.
     */
    base: Decimal;
    /**
     * base x rate, rounded to the minor unit.
     */
    amount: Decimal;
}
/**
 * Sums over all invoices.
 */
export interface Totals {
    /**
     * Sum of subtotals.
     */
    subtotal: Decimal;
    /**
     * Sum of taxes.
     */
    tax: Decimal;
    /**
     * Sum of totals.
     */
    total: Decimal;
}
/**
 * What the open cycle has incurred so far (R-C3).
 */
export interface Preview {
    /**
     * The as-of date D; usage through D-1 counts.
     */
    as_of: DateString;
    /**
     * The open cycle (the one containing D-1).
     */
    cycle: number;
    /**
     * In-arrears lines incurred so far, as they would appear on the cycle's closing invoice.
     */
    lines: Line[];
    /**
     * Sum of lines.
     */
    subtotal: Decimal;
    /**
     * Taxes on them.
     */
    tax: Decimal;
    /**
     * subtotal + tax.
     */
    total: Decimal;
}
/**
 * The three reports, as carried in a result.
 */
export interface ReportTables {
    /**
     * R-K4: date, org, peak, minutes_at_peak.
     */
    daily_peaks: Table;
    /**
     * R-H3: user, org, date, duration.
     */
    user_hours: Table;
    /**
     * cycle, user, org, product, tier, first_billable_login.
     */
    billable_users: Table;
}
/**
 * A rectangular report.
 */
export interface Table {
    /**
     * Column names.
     */
    headers: string[];
    /**
     * Rows of cells.
     */
    rows: string[][];
}
/**
 * All three models side by side.
 */
export interface Comparison {
    /**
     * Currency code.
     */
    currency: string;
    /**
     * Cycle indices, matching `per_cycle`.
     */
    cycles: number[];
    /**
     * One entry per model.
     */
    models: ModelBill[];
}
/**
 * One model's bill.
 */
export interface ModelBill {
    /**
     * `named`, `concurrent`, `hourly`.
     */
    model: string;
    /**
     * Whether it could be billed; else `reason` says why.
     */
    available: boolean;
    /**
     * Why not, when not available.
     */
    reason?: string;
    /**
     * Cost attributed to each cycle (its in-advance and in-arrears lines), before tax.
     */
    per_cycle: Decimal[];
    /**
     * Contract total before tax.
     */
    subtotal: Decimal;
    /**
     * Contract total with tax.
     */
    total: Decimal;
    /**
     * License lines only, before tax.
     */
    license_subtotal: Decimal;
    /**
     * License units billed over the contract (user-cycles, or hours).
     */
    license_units: Decimal;
    /**
     * Cheapest total of the available models.
     */
    cheapest: boolean;
    /**
     * Whether the model was priced at its own rates (false: another
     * model's, R-O3). Only said when the scenario carries per-model rates
     * (a product's `concurrent`): without them every license model is
     * priced at the one set of rates given, as it always was.
     */
    own_rates?: boolean;
    /**
     * What differs from the contract when this model is priced: the
     * contract's license commitments count users, an hourly one counts
     * hours, so a model of the other kind is priced without them.
     */
    note?: string;
}
/**
 * The whole advice: per product, its cost curve and best commitment
 * (R-O1, R-O2); the models ranked (R-O3).
 */
export interface Advice {
    /**
     * Format version (1).
     */
    billsim: number;
    /**
     * One entry per licensed product with a rate to commit at.
     */
    products: ProductAdvice[];
    /**
     * Named, concurrent and hourly, cheapest first, not comparable last.
     */
    models: ModelRank[];
}
/**
 * One product's cost curve and the commitment that minimizes it (R-O1).
 */
export interface ProductAdvice {
    /**
     * Product id.
     */
    product: string;
    /**
     * The org the commitment is for, when the scenario has several orgs
     * (a commitment belongs to one org's licenses).
     */
    org?: string;
    /**
     * Commitment of the first term cycle.
     */
    current: Decimal;
    /**
     * The commitment, held over the whole term, with the lowest total (or
     * percentile, R-O2); the smallest on a tie.
     */
    best: Decimal;
    /**
     * The scenario's own total (`totals.total` of simulate).
     */
    total_at_current: Decimal;
    /**
     * The curve's total at `best`.
     */
    total_at_best: Decimal;
    /**
     * Best quantity per step span, only when the product has several steps.
     */
    steps?: StepAdvice[];
    /**
     * Every integer commitment from 0 to twice the highest quantity
     * measured in a term cycle (at least 1), in order. Past 20,001 points
     * (more than 10,000 users) the curve is sampled: commitments a step
     * of its end / 1,000 (rounded up) apart, both ends included, and every integer commitment
     * between the two samples either side of the lowest one, where the
     * best is searched exactly. That finds the exact best when the curve
     * falls then rises, as license costs do (R-O1).
     */
    curve: CurvePoint[];
}
/**
 * The best quantity of one step of a stepped commitment, the other steps
 * kept as they are (R-O1).
 */
export interface StepAdvice {
    /**
     * The cycle the step starts at.
     */
    from_cycle: number;
    /**
     * Its quantity in the scenario.
     */
    current: Decimal;
    /**
     * Its best quantity (smallest on a tie).
     */
    best: Decimal;
    /**
     * The total with the step at `best`.
     */
    total_at_best: Decimal;
}
/**
 * The contract total at one commitment.
 */
export interface CurvePoint {
    /**
     * Committed quantity, held over the term.
     */
    committed: Decimal;
    /**
     * Total with tax, for the scenario's own usage (its own seeds).
     */
    total: Decimal;
    /**
     * 10th percentile over the seeds (R-O2); null without profiles.
     */
    p10: Decimal | null;
    /**
     * 50th percentile over the seeds.
     */
    p50: Decimal | null;
    /**
     * 90th percentile over the seeds.
     */
    p90: Decimal | null;
}
/**
 * One model at its own best commitments (R-O3).
 */
export interface ModelRank {
    /**
     * `named`, `concurrent` or `hourly`.
     */
    model: string;
    /**
     * Total with tax; null when not comparable.
     */
    total: Decimal | null;
    /**
     * Whether the usage can be billed under this model.
     */
    comparable: boolean;
    /**
     * The next model's total minus this one's; null for the last and
     * wherever either side is not comparable.
     */
    margin: Decimal | null;
    /**
     * False when priced with another model's rates.
     */
    own_rates: boolean;
    /**
     * Why not comparable (empty, and left out, when comparable).
     */
    reason?: string;
    /**
     * The row's note, in words: what a comparable model is priced at
     * (its commitments per product, and whether the rates are another
     * model's), or "not comparable: " and the reason.
     */
    note?: string;
}
/**
 * Every entry, as `billsim why --json` prints it.
 */
export interface Attribution {
    /**
     * Format version (1).
     */
    billsim: number;
    /**
     * One entry per cycle and org with billed users, cycle order then org order.
     */
    attribution: WhyEntry[];
}
/**
 * Who and when made one cycle's licenses in one org.
 */
export interface WhyEntry {
    /**
     * Cycle number.
     */
    cycle: number;
    /**
     * Org id.
     */
    org: string;
    /**
     * `named`, `concurrent` or `hourly`.
     */
    model: string;
    /**
     * Concurrent: the peak billed under the contract's rule (R-K2); else none.
     */
    billed_peak: Decimal | null;
    /**
     * Committed quantity of the org's products in the cycle (0 outside the term).
     */
    committed: Decimal;
    /**
     * Concurrent: where the billed peak was held (R-W2).
     */
    windows?: WhyWindow[];
    /**
     * Concurrent: runs above the billed peak that the rule did not bill (R-W2).
     */
    disregarded?: Disregarded[];
    /**
     * Users per billed product (concurrent: R-K3; hourly: with hours, R-W4).
     */
    tiers: Tier[];
    /**
     * Concurrent: what each level above the commitment costs (R-W3).
     */
    ladder?: Rung[];
    /**
     * Named: what the brief users cost (R-W1); else none.
     */
    brief_cost: Decimal | null;
    /**
     * Every billed user, sorted by id.
     */
    users: UserLine[];
}
/**
 * A stretch where a level was held under the peak rule.
 */
export interface WhyWindow {
    /**
     * Start, ms since the epoch (an instant in JSON).
     */
    start: Instant;
    /**
     * End (exclusive), ms.
     */
    end: Instant;
    /**
     * The level held (the billed peak).
     */
    level: Decimal;
    /**
     * Users logged in at `start`, sorted, ids as in the input.
     */
    users: string[];
}
/**
 * A run above the billed peak the rule disregarded.
 */
export interface Disregarded {
    /**
     * Start, ms since the epoch.
     */
    start: Instant;
    /**
     * End (exclusive), ms.
     */
    end: Instant;
    /**
     * The highest level reached in the run.
     */
    level: Decimal;
}
/**
 * The users (and, hourly, the hours) of one billed product.
 */
export interface Tier {
    /**
     * Product id.
     */
    product: string;
    /**
     * Users counted at this product, sorted.
     */
    users: string[];
    /**
     * Hourly: the users' minutes together.
     */
    minutes?: Decimal;
    /**
     * Hourly: the whole hours billed (R-H1).
     */
    hours_billed?: Decimal;
    /**
     * Hourly: minutes of the last billed hour nobody used.
     */
    unused_minutes?: Decimal;
}
/**
 * One level of the savings ladder (R-W3).
 */
export interface Rung {
    /**
     * The level L.
     */
    level: Decimal;
    /**
     * How many windows hold L under the rule.
     */
    windows: number;
    /**
     * Their minutes together.
     */
    minutes: Decimal;
    /**
     * The cycle's license amount now minus the amount at a peak of L - 1.
     */
    saving: Decimal;
}
/**
 * One billed user.
 */
export interface UserLine {
    /**
     * User id as in the input.
     */
    user: string;
    /**
     * The product the user counts at (R-L2 tier).
     */
    product: string;
    /**
     * First instant logged in within the cycle (clamped at its start).
     */
    first_login: Instant;
    /**
     * First instant at the billed tier, when later than `first_login`.
     */
    raised_at: Instant | null;
    /**
     * Merged logged-in minutes in the cycle.
     */
    minutes: Decimal;
    /**
     * Named: under the brief threshold (R-W1).
     */
    brief: boolean;
}
/**
 * The format's envelope: `{ "billsim": 1, "reconciliation": ... }`.
 */
export interface ReconciliationDocument {
    /**
     * Format version.
     */
    billsim: number;
    /**
     * The reconciliation.
     */
    reconciliation: Reconciliation;
}
/**
 * The whole reconciliation.
 */
export interface Reconciliation {
    /**
     * Every line and figure matches to the minor unit (R-R5).
     */
    matches: boolean;
    /**
     * The one-line answer.
     */
    says: string;
    /**
     * Sum over invoices in scope.
     */
    vendor_total: Decimal;
    /**
     * Sum over invoices in scope.
     */
    simulated_total: Decimal;
    /**
     * Vendor minus simulated.
     */
    difference: Decimal;
    /**
     * Per cause, over all invoices.
     */
    by_cause: CauseTotal[];
    /**
     * What no cause explains.
     */
    unexplained: Decimal;
    /**
     * Dates of simulated invoices no vendor file covers.
     */
    out_of_scope: DateString[];
    /**
     * Invoices in scope.
     */
    invoices: InvoiceRecon[];
    /**
     * Figures.
     */
    figures: FigureRecon[];
    /**
     * Settings that would match.
     */
    would_match: WouldMatch[];
    /**
     * The Cloud Voice usage report's calls, when one was given.
     */
    calls?: CallsRecon;
    /**
     * Things to know: total rows that do not add up, sources compared, calls read.
     */
    notes?: string[];
}
/**
 * A cause's money over an invoice or the whole bill.
 */
export interface CauseTotal {
    /**
     * Which cause.
     */
    cause: Cause;
    /**
     * Its money.
     */
    amount: Decimal;
}
/**
 * A cause of a difference (R-R4), in the order they are offered.
 */
export type Cause = "rate" | "period" | "ramp" | "commitment" | "split" | "peak_rule" | "tier" | "usage" | "tax" | "rounding" | "not_in_simulation" | "missing_from_vendor";
/**
 * One invoice in scope.
 */
export interface InvoiceRecon {
    /**
     * The simulated invoice's date.
     */
    date: DateString;
    /**
     * The vendor's lines, taxes included when the vendor lists any.
     */
    vendor_total: Decimal;
    /**
     * The simulated lines in scope, taxes when the vendor lists any.
     */
    simulated_total: Decimal;
    /**
     * Vendor minus simulated.
     */
    difference: Decimal;
    /**
     * Per cause.
     */
    by_cause: CauseTotal[];
    /**
     * What no cause explains.
     */
    unexplained: Decimal;
    /**
     * The pairs, in the simulated invoice's line order, then the vendor's.
     */
    lines: LinePair[];
}
/**
 * A vendor line and the simulated line it pairs with.
 */
export interface LinePair {
    /**
     * The vendor's line; null when the vendor did not bill it.
     */
    vendor: VendorSide | null;
    /**
     * The simulated line; null when the simulation has none.
     */
    simulated: SimulatedSide | null;
    /**
     * Vendor minus simulated.
     */
    quantity_difference: Decimal;
    /**
     * Vendor rate minus simulated rate.
     */
    rate_difference: Decimal;
    /**
     * Vendor amount minus simulated amount.
     */
    amount_difference: Decimal;
    /**
     * (vendor rate - simulated rate) x vendor quantity, rounded (R-R3).
     */
    price_part: Decimal;
    /**
     * simulated rate x (vendor quantity - simulated quantity), rounded (R-R3).
     */
    quantity_part: Decimal;
    /**
     * What explains the difference; they sum to it, less `unexplained`.
     */
    causes: CauseShare[];
    /**
     * What no cause explains.
     */
    unexplained: Decimal;
}
/**
 * The vendor's side of a pair.
 */
export interface VendorSide {
    /**
     * As printed.
     */
    description: string;
    /**
     * Service period, when the file gives one.
     */
    period?: Period;
    /**
     * Part number.
     */
    sku?: string;
    /**
     * Org as the vendor names it.
     */
    org?: string;
    /**
     * Units.
     */
    quantity: Decimal;
    /**
     * Unit price.
     */
    rate: Decimal;
    /**
     * Money.
     */
    amount: Decimal;
    /**
     * File and line, or file and JSON path.
     */
    source: string;
}
/**
 * The simulation's side of a pair (one line, or the sum over orgs).
 */
export interface SimulatedSide {
    /**
     * Line kind.
     */
    kind: string;
    /**
     * Product, resource, call type or device.
     */
    product?: string;
    /**
     * Org; absent for a sum over orgs.
     */
    org?: string;
    /**
     * The simulated invoice text.
     */
    description: string;
    /**
     * Units.
     */
    quantity: Decimal;
    /**
     * Unit price.
     */
    rate: Decimal;
    /**
     * Money.
     */
    amount: Decimal;
    /**
     * The cycle it charges.
     */
    cycle: number;
}
/**
 * One cause's share of a difference.
 */
export interface CauseShare {
    /**
     * Which cause.
     */
    cause: Cause;
    /**
     * Its money, signed like the difference.
     */
    amount: Decimal;
    /**
     * The facts that make it this cause (format: facts per cause).
     */
    facts: Record<string, unknown>;
    /**
     * The cause in a sentence.
     */
    says: string;
}
/**
 * A vendor figure against the simulation (R-R5).
 */
export interface FigureRecon {
    /**
     * Cycle index.
     */
    cycle: number;
    /**
     * Product (or resource) id; the vendor's name when unmatched.
     */
    product: string;
    /**
     * Org, when known.
     */
    org?: string;
    /**
     * `prepaid`, `actual`, `overage`, `fair_use`, `overage_rate`, `overage_charge`.
     */
    field: string;
    /**
     * The vendor's figure.
     */
    vendor: Decimal;
    /**
     * The simulation's.
     */
    simulated?: Decimal | null;
    /**
     * Vendor minus simulated.
     */
    difference?: Decimal | null;
    /**
     * Why they differ (figures carry no money: amounts are 0).
     */
    causes: CauseShare[];
    /**
     * Where the figure came from.
     */
    source: string;
}
/**
 * A setting that the vendor's numbers imply, billed again (R-R6).
 */
export interface WouldMatch {
    /**
     * The scenario field (`contract.peak_rule`, ...), or `all` for every candidate together.
     */
    setting: string;
    /**
     * The value to put there (for `all`: an object of setting to value).
     */
    value: unknown;
    /**
     * The cause it comes from.
     */
    cause?: Cause;
    /**
     * Whether the whole bill then matches.
     */
    matches: boolean;
    /**
     * Whether the lines of its cause then match.
     */
    resolves: boolean;
    /**
     * Why it was not tried (cycles imply conflicting values).
     */
    conflict?: string;
}
/**
 * The calls of the report, checked.
 */
export interface CallsRecon {
    /**
     * Calls read.
     */
    calls: number;
    /**
     * Sum of Total cost.
     */
    vendor_total: Decimal;
    /**
     * Sum of the contract's ratings.
     */
    rated_total: Decimal;
    /**
     * Calls whose cost differs.
     */
    differing: number;
    /**
     * Of the difference, what rates per minute explain.
     */
    rate: Decimal;
    /**
     * Of the difference, what rated seconds (increments) explain.
     */
    usage: Decimal;
    /**
     * The first differing calls.
     */
    examples: CallDifference[];
    /**
     * Per cycle against the invoice (R-T2).
     */
    cycles: CycleCalls[];
}
/**
 * The report against one cycle's invoice rows (R-T2).
 */
export interface CycleCalls {
    /**
     * Cycle index.
     */
    cycle: number;
    /**
     * Sum of the report's Total cost for calls started in the cycle.
     */
    report_total: Decimal;
    /**
     * The vendor's Inbound + Outbound + Extended Outbound rows; null when the bill has none.
     */
    invoice_rows?: Decimal | null;
    /**
     * Invoice rows minus the report, rounded to the minor unit.
     */
    difference?: Decimal | null;
}
/**
 * One call whose cost differs.
 */
export interface CallDifference {
    /**
     * File and line.
     */
    source: string;
    /**
     * The vendor's call id.
     */
    call_id: string;
    /**
     * The vendor's Total cost.
     */
    vendor_cost: Decimal;
    /**
     * The contract's rating (R-T1).
     */
    rated_cost: Decimal;
    /**
     * `rate` (the rate per minute differs) or `usage` (the rated seconds differ).
     */
    cause: Cause;
    /**
     * In a sentence.
     */
    says: string;
}
