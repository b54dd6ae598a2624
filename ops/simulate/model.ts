/**
 * The load model of the year simulation: how much a city does in a day, derived from published figures,
 * and scaled down by a factor so a run fits this machine. docs/scale.md explains every number.
 *
 * 粤省事 (Guangdong's citizen app) reports 5 M+ transactions a day for 126 M residents: 0.04 a person a day.
 * A 10 M-person city therefore sees ~400 k transactions a day. Most are reads (progress, e-licenses,
 * lookups); we assume one in twenty files a case (20 k cases a day, 7.3 M a year, 0.73 per resident a year),
 * three cross-department data lookups per case (60 k exchange calls a day), and 100 k audited sign-ins.
 * 12345 hotline: Beijing's 21.9 M calls in 2023 for 21.8 M people are 2.75 calls per 1000 people a day;
 * about a third become work orders: 9 k requests a day for 10 M people.
 */
export interface CityModel {
  people: number;
  /** Registered citizen accounts (70 % of residents). */
  citizens: number;
  enterprises: number;
  /** Staff accounts per department. */
  staffPerDepartment: number;
  casesPerDay: number;
  exchangeCallsPerCase: number;
  hotlinePerDay: number;
  /** Share of delivered cases whose applicant leaves a 好差评 evaluation (every one gets an invitation). */
  evaluationShare: number;
  loginsPerDay: number;
  /** Published service items in the catalog (a city lists 2–3 k; it does not grow with the population). */
  catalogItems: number;
}

export const CITY: CityModel = {
  people: 10_000_000,
  citizens: 7_000_000,
  enterprises: 600_000,
  staffPerDepartment: 100,
  casesPerDay: 20_000,
  exchangeCallsPerCase: 3,
  hotlinePerDay: 9_000,
  evaluationShare: 0.3,
  loginsPerDay: 100_000,
  catalogItems: 3_000,
};

/** Named scales: the fraction of the city simulated, and how many days. */
export const SCALES = {
  /** The test's: seconds. */
  tiny: { factor: 0.0005, days: 30 },
  /** The default: a year at 1 % of the city (200 cases a day), a few minutes here. */
  small: { factor: 0.01, days: 365 },
  /** A year at 5 % of the city (1 000 cases a day). */
  medium: { factor: 0.05, days: 365 },
  /** The whole city: 7.3 M cases; hours and ~100 GB, not for this machine. */
  city: { factor: 1, days: 365 },
} as const;
export type ScaleName = keyof typeof SCALES;

export interface Volumes extends CityModel {
  factor: number;
  days: number;
  /** The first simulated day (UTC midnight). */
  start: Date;
}

/** The city model times `factor`; counts stay at least 1 so every table gets rows at the tiniest scale. */
export function volumes(factor: number, days: number, start = new Date("2026-01-01T00:00:00Z")): Volumes {
  const n = (x: number, min = 1) => Math.max(min, Math.round(x * factor));
  return {
    factor,
    days,
    start,
    people: n(CITY.people),
    citizens: n(CITY.citizens, 50),
    enterprises: n(CITY.enterprises, 10),
    staffPerDepartment: n(CITY.staffPerDepartment, 2),
    casesPerDay: n(CITY.casesPerDay, 5),
    exchangeCallsPerCase: CITY.exchangeCallsPerCase,
    hotlinePerDay: n(CITY.hotlinePerDay, 2),
    evaluationShare: CITY.evaluationShare,
    loginsPerDay: n(CITY.loginsPerDay, 5),
    catalogItems: Math.min(CITY.catalogItems, Math.max(100, Math.round(CITY.catalogItems * factor * 20))),
  };
}

/** 粤省事: 5 M+ transactions a day for 126 M people. */
export const GUANGDONG = { transactionsPerDay: 5_000_000, people: 126_000_000 };
/** Real-name users of the national platform. */
export const NATIONAL_USERS = 1_080_000_000;
/** Transactions a day per person, and the city's and the nation's days (Guangdong's rate for every user). */
export const TX_PER_PERSON_DAY = GUANGDONG.transactionsPerDay / GUANGDONG.people;
export const CITY_TX_PER_DAY = TX_PER_PERSON_DAY * CITY.people;
export const NATIONAL_TX_PER_DAY = TX_PER_PERSON_DAY * NATIONAL_USERS;

/** Tables that grow with the population (accounts), not with the days' activity. */
const BY_POPULATION = new Set(["accounts", "enterprises", "staff_roles"]);
/** Tables the simulation fills with the year's activity; every other table is reference data of a fixed size. */
const BY_ACTIVITY = new Set([
  "cases",
  "case_tasks",
  "case_actions",
  "case_materials",
  "pii_access_log",
  "exchange_calls",
  "hotline_requests",
  "hotline_actions",
  "evaluation_invitations",
  "evaluations",
  "indicator_case_facts",
  // bounded by days × departments × items × channels: linear growth is its upper bound
  "indicator_case_rollups",
  "audit_entries",
  "audit_nodes",
]);

/**
 * Multipliers from a simulated run to a city-year and a nation-year for a table: activity tables by the
 * transactions (city: 1 / factor × 365 / days; nation: × NATIONAL_TX_PER_DAY / CITY_TX_PER_DAY), account
 * tables by the registered users, reference tables not at all.
 */
export function growthMultipliers(
  table: string,
  v: Pick<Volumes, "factor" | "days">,
): { city: number; nation: number } {
  if (BY_POPULATION.has(table)) return { city: 1 / v.factor, nation: NATIONAL_USERS / (CITY.citizens * v.factor) };
  if (!BY_ACTIVITY.has(table)) return { city: 1, nation: 1 };
  const city = (1 / v.factor) * (365 / v.days);
  return { city, nation: city * (NATIONAL_TX_PER_DAY / CITY_TX_PER_DAY) };
}
