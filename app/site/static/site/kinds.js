// How the explorer words one record of each kind: a label for the kind, the dates with their
// precision, the republic it concerns and a one-line text. The kinds themselves come from the
// API (/v1/meta lists every registered resource); a kind without a wording of its own here is
// still shown, by its name or title and its description.
"use strict";

const KOREA = "KR";
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

// Singular labels where "Forum sessions" → "Forum session" is not enough.
const KIND_LABELS = {
  summits: "Summit count",
  investments: "Money figure",
  diaspora: "Diaspora",
  terms: "Term in office",
  person_facts: "Fact about a person",
};
const MONEY_KINDS = {
  grant_aid: "Grant aid",
  trade_turnover: "Trade turnover",
  investment_stock: "Investment stock",
  credit_line: "Credit line",
  fez_portfolio: "Economic-zone portfolio",
  agreements_signed: "Agreements signed",
  project_funding: "Project funding",
  gdp_forecast: "GDP forecast",
  debt_repayment: "Debt repayment",
};
const DIRECTIONS = {
  one_way: "one way",
  two_way: "both ways",
  unstated: "direction not stated",
  none: "no direction",
};
const QUALIFIERS = { exact: "", more_than: "more than ", about: "about ", up_to: "up to " };
const OFFICES = { president: "president", prime_minister: "prime minister" };

// "agreement_package" → "agreement package"; "forum_sessions" → "Forum sessions".
function humanize(value) {
  return String(value).replaceAll("_", " ");
}

function capitalized(text) {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function kindLabel(kind) {
  return KIND_LABELS[kind] || capitalized(humanize(kind)).replace(/s$/, "");
}

// ---------------------------------------------------------------- numbers

function money(amount) {
  const units = [
    [1e12, "trillion"],
    [1e9, "billion"],
    [1e6, "million"],
  ];
  for (const [size, word] of units) {
    if (amount >= size) return `$${Number((amount / size).toFixed(3))} ${word}`;
  }
  return `$${amount.toLocaleString("en-US")}`;
}

function qualified(qualifier, text) {
  return (QUALIFIERS[qualifier] || "") + text;
}

function moneyKind(figure) {
  return MONEY_KINDS[figure.kind] || capitalized(humanize(figure.kind));
}

// "Economic-zone portfolio (Angren FEZ)": the project tells apart figures of the same kind.
function moneyTitle(figure) {
  return figure.project ? `${moneyKind(figure)} (${figure.project.name})` : moneyKind(figure);
}

// What a money figure measures and which way it goes: "stock, one way".
function moneyNature(figure) {
  return [figure.nature && humanize(figure.nature), DIRECTIONS[figure.direction]]
    .filter(Boolean)
    .join(", ");
}

// An indicator's value in its unit: "No. 3", "in the top 5", "about 30%", "about 12,000 people".
function indicatorValue(indicator) {
  const { value, unit, qualifier } = indicator;
  if (unit === "rank") return qualifier === "up_to" ? `in the top ${value}` : `No. ${value}`;
  const number = Number(value).toLocaleString("en-US");
  return qualified(qualifier, unit === "percent" ? `${number}%` : `${number} ${humanize(unit)}`);
}

// ---------------------------------------------------------------- dates

// A stored date shown to the precision the article gives: "24 Sep 2021", "Aug 2021", "2021".
function preciseDate(iso, precision) {
  const [year, month, day] = iso.split("-").map(Number);
  if (precision === "day") return `${day} ${MONTHS[month - 1]} ${year}`;
  if (precision === "month") return `${MONTHS[month - 1]} ${year}`;
  return String(year);
}

function span(first, last) {
  if (first && last) return first === last ? String(first) : `${first}–${last}`;
  if (first) return `${first}–`;
  if (last) return `–${last}`;
  return "";
}

// A money figure's years, with the months a part-year figure covers: "Jan–Apr 2024".
function period(record) {
  const years = span(record.year_from, record.year_to);
  if (!record.months || !years) return years;
  const months = record.months === 1 ? MONTHS[0] : `${MONTHS[0]}–${MONTHS[record.months - 1]}`;
  return `${months} ${years}`;
}

// When a record happened, from whichever date fields it has: a dated range with its precision,
// else a span of years, else one year.
function when(record) {
  if (record.date_start && record.date_precision) {
    const start = preciseDate(record.date_start, record.date_precision);
    if (!record.date_end) return start;
    const end = preciseDate(record.date_end, record.date_precision);
    const sameYear = record.date_start.slice(0, 4) === record.date_end.slice(0, 4);
    return sameYear && record.date_precision !== "year"
      ? `${start.replace(/ \d{4}$/, "")} – ${end}`
      : `${start} – ${end}`;
  }
  if (record.since_year) return `since ${record.since_year}`;
  if (record.year_from || record.year_to) return period(record);
  return record.year ? String(record.year) : "";
}

// A key that sorts records by when they began ("2013-10-01", "2019"); empty when undated.
function sortKey(record) {
  if (record.date_start) return record.date_start;
  const year = record.since_year || record.year_from || record.year || record.year_to;
  return year ? String(year) : "";
}

// ---------------------------------------------------------------- countries

// Every country a record names, from its fields that hold a country code.
function countriesOf(record) {
  return Object.entries(record)
    .filter(([name, value]) => /(^|_)country(_|$)/.test(name) && typeof value === "string")
    .map(([, value]) => value);
}

// The side of a record that is a Central Asian republic (Korea is usually the other one).
function republicOf(record, republicCodes) {
  return countriesOf(record).find((code) => republicCodes.has(code)) || null;
}

// ---------------------------------------------------------------- one line per record

// Each returns the record's text; `ctx` has `names` (code → country name) and `byId`
// (kind → id → record) for records that point at others.
const WORDINGS = {
  summits: (s) => `${s.count} summits with Korea`,
  visits: (v, { names }) => {
    const who = v.person_name || "Head of state, not named";
    const city = v.city ? `, ${v.city}` : "";
    return `${who} (${OFFICES[v.office] || humanize(v.office)}), ` +
      `${names[v.from_country]} → ${names[v.to_country]}${city}`;
  },
  investments: (f) => `${moneyTitle(f)}: ${qualified(f.qualifier, money(f.amount_usd))}`,
  projects: (p) => {
    const extras = [
      p.city,
      p.value_usd ? qualified(p.value_qualifier, money(p.value_usd)) : null,
      p.sub_projects ? `${p.sub_projects} sub-projects` : null,
    ].filter(Boolean);
    return `${p.name}${extras.length ? ` (${extras.join(", ")})` : ""}`;
  },
  missions: (m, { names }) => {
    const status = m.status === "open" ? "" : ` (${humanize(m.status)})`;
    return `${capitalized(humanize(m.kind))} of ${names[m.sending_country]} in ${m.city}${status}`;
  },
  diaspora: (d) => {
    const scope = { central_asia: " across Central Asia", worldwide: " worldwide" }[d.scope] || "";
    return `${qualified(d.qualifier, d.population.toLocaleString("en-US"))} people${scope}`;
  },
  initiatives: (i) => i.name,
  // An agreement across several republics has no second party: name only the one it has.
  agreements: (a, { names }) =>
    `${a.name}: ${humanize(a.status)}, ${[a.country_a, a.country_b].filter(Boolean).map((c) => names[c]).join(" and ")}`,
  organisations: (o) => (o.acronym ? `${o.name} (${o.acronym})` : o.name),
  forum_sessions: (s, { byId }) => {
    const forum = byId.organisations && byId.organisations.get(s.organisation_id);
    return `Session ${s.number} of the ${forum ? forum.name : "forum"}`;
  },
  indicators: (i, { names }) => {
    const partner = i.partner_country ? ` (${names[i.subject_country]} – ${names[i.partner_country]})`
      : ` (${names[i.subject_country]})`;
    return `${capitalized(humanize(i.measure))}${partner}: ${indicatorValue(i)}`;
  },
  relations: (r, { names }) =>
    `${capitalized(humanize(r.kind))}: ${names[r.from_country]} → ${names[r.to_country]}`,
  terms: (t, { names }) => `${t.person_name}, ${humanize(t.office)} of ${names[t.country_code]}`,
  person_facts: (f) => {
    const figure = f.figure !== null && f.figure !== undefined ? ` (${f.figure} ${humanize(f.unit || "")})` : "";
    return `${f.person_name}: ${humanize(f.kind)}${figure}`;
  },
};

function describe(kind, record, ctx) {
  const wording = WORDINGS[kind];
  if (wording) return wording(record, ctx);
  return record.name || record.title || record.person_name || `${kindLabel(kind)} ${record.id}`;
}

// Short facts beside the text that the one line leaves out: what a money figure measures, the
// printed amount when it reads differently, who proposed an initiative, a term without years.
function facets(kind, record, ctx) {
  const out = [];
  if (kind === "investments") {
    out.push(moneyNature(record));
    if (record.note) out.push(record.note);
  }
  if (kind === "initiatives" || kind === "organisations") {
    out.push(humanize(record.kind));
    if (record.country_code) out.push(ctx.names[record.country_code] || record.country_code);
  }
  if (kind === "organisations" && record.started_year) {
    const scope = record.started_scope === "worldwide" ? "worldwide" : "in the region";
    out.push(`working ${scope} since ${record.started_year}`);
  }
  if (record.person_name && !["visits", "terms", "person_facts"].includes(kind)) {
    out.push(`by ${record.person_name}`);
  }
  if (record.documents) out.push(`${record.documents} documents`);
  if (kind === "terms" && !record.year_from && !record.year_to) out.push("years not given");
  return out.filter(Boolean);
}
