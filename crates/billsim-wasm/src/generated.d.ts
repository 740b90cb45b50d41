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
    allocations?: Partial<Record<Item, FreeAllocation>>;
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
    units_per_token?: Partial<Record<Feature, Decimal>>;
    /**
     * Rate overrides as tokens for one unit.
     */
    tokens_per_unit?: Partial<Record<Feature, Decimal>>;
}
/**
 * A feature, measured in its own unit (R-AI1).
 */
export type Feature = "voice_bot_minutes" | "digital_bot_sessions" | "virtual_agent_interactions" | "agentic_virtual_agent_interactions" | "copilot_users" | "ai_scoring_evaluations" | "ai_translations" | "ai_summaries" | "messaging_messages";
/**
 * What an org receives a free amount of (R-F1).
 */
export type Item = "wallboards" | "rule_decisions" | "cases";
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
    feature: Feature;
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
    item: Item;
    /**
     * Accounts in use, decisions made or cases opened.
     */
    quantity: Decimal;
}
