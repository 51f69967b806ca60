// The explorer at `/`: reads the public API (/v1/...) and draws the cards, the visit timeline,
// the money chart and the record table. No framework, no build step, no request off this host.
"use strict";

const SVG_NS = "http://www.w3.org/2000/svg";

// Resources fetched with a related record embedded (the money chart names a figure's project).
const INCLUDES = { investments: "include=project" };

// ---------------------------------------------------------------- small DOM helpers

function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  setAttributes(node, attributes);
  node.append(...children.flat().filter((child) => child !== null && child !== undefined));
  return node;
}

function svg(tag, attributes = {}, ...children) {
  const node = document.createElementNS(SVG_NS, tag);
  setAttributes(node, attributes);
  node.append(...children.flat().filter((child) => child !== null && child !== undefined));
  return node;
}

function setAttributes(node, attributes) {
  for (const [name, value] of Object.entries(attributes)) {
    if (value !== null && value !== undefined && value !== false) node.setAttribute(name, value);
  }
}

// ---------------------------------------------------------------- the API

// The article's dataset is small; a database filled with synthetic rows for benchmarks is not, so
// the page reads at most MAX_ROWS of each kind and says when it stopped early.
const MAX_ROWS = 2000;
const truncated = [];

async function getAll(resource, params = "") {
  const rows = [];
  let url = `/v1/${resource}?limit=500${params ? "&" + params : ""}`;
  while (url) {
    if (rows.length >= MAX_ROWS) {
      truncated.push(resource);
      break;
    }
    const page = await getJson(url);
    rows.push(...page.data);
    url = page.links && page.links.next; // root-relative: the next page on this origin
  }
  return rows;
}

async function getJson(url) {
  const response = await fetch(url, { headers: { Accept: "application/json" } });
  if (!response.ok) throw new Error(`${url} answered ${response.status}`);
  return response.json();
}

// Every resource /v1/meta lists (the API's registry), each read whole.
async function loadDataset() {
  const meta = await getJson("/v1/meta");
  const kinds = Object.keys(meta.records);
  const lists = await Promise.all(kinds.map((kind) => getAll(kind, INCLUDES[kind])));
  const rows = Object.fromEntries(kinds.map((kind, index) => [kind, lists[index]]));
  const countries = rows.countries || [];
  const names = Object.fromEntries(countries.map((c) => [c.code, c.name]));
  names[KOREA] = "Korea"; // short enough for "Korea → Uzbekistan"; /v1/countries/KR has the full name
  const republics = countries
    .filter((c) => c.central_asia)
    .sort((a, b) => a.name.localeCompare(b.name));
  const byId = Object.fromEntries(
    kinds.map((kind) => [kind, new Map(rows[kind].map((r) => [r.id ?? r.code, r]))]));
  // The kinds whose records carry a citation; countries, people and sources are the frame.
  const recordKinds = kinds.filter((kind) => rows[kind].some((r) => r.citation));
  return {
    meta, kinds, recordKinds, rows, byId, names, republics,
    summits: rows.summits || [], visits: rows.visits || [], investments: rows.investments || [],
    diaspora: rows.diaspora || [],
  };
}

// ---------------------------------------------------------------- citations

function citationTarget(record) {
  const source = record.source || record.citation.source;
  return source.url || `/v1/sources/${source.id}`;
}

// A fact from a page beyond the article, and the day its report stands as of.
function external(record) {
  return record.citation.source.origin === "external";
}

function asOf(record) {
  return record.as_of ? `as of ${record.as_of}` : "";
}

function citationText(record) {
  const { paragraph, locator, section, source } = record.citation;
  const where = paragraph ? `paragraph ${paragraph}` : locator || "no locator";
  const from = external(record)
    ? `${source.title} (an external page${record.as_of ? `; ${asOf(record)}` : ""})`
    : source.footnote ? `footnote ${source.footnote}, ${source.title}` : "the article";
  return `${where}${section ? ` (${section})` : ""}; ${from}`;
}

// A short link after a figure: "¶ 9" for the article, "¶ 8 · fn 1" for a footnote's source,
// "external · as of 2024-06-07" for a page beyond the article.
function citeLink(record) {
  const { paragraph, source } = record.citation;
  const label = external(record)
    ? ["external", asOf(record)].filter(Boolean).join(" · ")
    : `¶ ${paragraph ?? "–"}${source.footnote ? ` · fn ${source.footnote}` : ""}`;
  return el(
    "a",
    { class: "cite", href: citationTarget(record), title: `Cited from ${citationText(record)}` },
    label,
  );
}

// The figure itself as a link to its source.
function figureLink(record, text) {
  return el(
    "a",
    { class: "figure-link", href: citationTarget(record), title: citationText(record) },
    text,
  );
}

// ---------------------------------------------------------------- country cards

// Kinds the card sums up above (counts, a chart); of the others, these are listed openly and the
// rest behind "more records".
const CARD_SUMMARY_KINDS = ["summits", "visits", "investments", "diaspora"];
const CARD_OPEN_KINDS = ["relations", "agreements", "indicators"];

function renderCards(data) {
  const box = document.getElementById("cards");
  const ctx = describeContext(data);
  for (const country of data.republics) {
    const code = country.code;
    const summit = data.summits.find((s) => s.country_code === code);
    const outbound = data.visits.filter((v) => v.from_country === KOREA && v.to_country === code);
    const inbound = data.visits.filter((v) => v.from_country === code && v.to_country === KOREA);
    const figures = data.investments.filter((i) => i.to_country === code || i.from_country === code);
    const community = data.diaspora.find((d) => d.scope === "country" && d.country_code === code);

    const list = el("dl", { class: "facts" });
    const fact = (term, ...value) => list.append(el("dt", {}, term), el("dd", {}, ...value));
    fact(
      "Summits with Korea",
      summit
        ? [el("strong", { class: "big" }, figureLink(summit, String(summit.count))),
           ` since ${summit.since_year} `, citeLink(summit)]
        : el("span", { class: "muted" }, "none recorded"),
    );
    fact(
      "Koryo-saram",
      community
        ? [el("strong", { class: "big" }, figureLink(community,
             qualified(community.qualifier, community.population.toLocaleString("en-US")))),
           " people ", citeLink(community)]
        : el("span", { class: "muted" }, "no figure"),
    );
    fact(
      "Visits",
      el("span", { class: "visit-count", "data-direction": "from-korea" },
        el("strong", {}, String(outbound.length)), " from Korea"),
      el("span", { class: "visit-count", "data-direction": "to-korea" },
        el("strong", {}, String(inbound.length)), " to Korea"),
    );
    fact(
      "Money figures",
      figures.length
        ? el("ul", { class: "money-list" }, figures.map((f) =>
            el("li", {},
              `${moneyTitle(f)}${period(f) ? `, ${period(f)}` : ""}: `,
              figureLink(f, qualified(f.qualifier, money(f.amount_usd))),
              el("span", { class: "nature" }, ` (${moneyNature(f)})`), " ", citeLink(f))))
        : el("span", { class: "muted" }, "none in the dataset"),
    );
    const more = el("dl", { class: "facts" });
    let hidden = 0;
    for (const kind of data.recordKinds) {
      if (CARD_SUMMARY_KINDS.includes(kind)) continue;
      const records = data.rows[kind].filter((r) => countriesOf(r).includes(code));
      if (!records.length) continue;
      const target = CARD_OPEN_KINDS.includes(kind) ? list : more;
      if (target === more) hidden += records.length;
      target.append(
        el("dt", {}, capitalized(humanize(kind))),
        el("dd", {}, el("ul", { class: "kind-list", "data-kind": kind }, records.map((r) => {
          const date = when(r);
          return el("li", { "data-id": r.id },
            figureLink(r, describe(kind, r, ctx)), date ? `, ${date}` : "", " ", citeLink(r));
        }))));
    }

    box.append(
      el("article", { class: `card c-${code}`, "data-country": code, "aria-labelledby": `card-${code}` },
        el("h3", { id: `card-${code}` }, country.name),
        el("p", { class: "capital" }, `Capital: ${country.capital}`),
        list,
        hidden ? el("details", { class: "more" },
          el("summary", {}, `${hidden} more records`), more) : null,
        el("p", { class: "all-records" },
          el("a", { href: `?country=${code}#records` }, `Every record on ${country.name}`))),
    );
  }
}

// ---------------------------------------------------------------- the visit timeline

function direction(visit) {
  return visit.from_country === KOREA ? "from-korea" : "to-korea";
}

function visitLabel(visit, names) {
  const who = visit.person_name || "an unnamed head of state";
  const where = visit.city ? ` (${visit.city})` : "";
  return `${visit.year}: ${who}, ${OFFICES[visit.office] || visit.office}, ` +
    `${names[visit.from_country]} → ${names[visit.to_country]}${where}`;
}

function renderTimeline(data, republicCodes) {
  const visits = data.visits
    .filter((v) => v.year && (republicCodes.has(v.from_country) || republicCodes.has(v.to_country)))
    .sort((a, b) => a.year - b.year || a.id - b.id);
  if (!visits.length) {
    document.getElementById("timeline").append(el("p", { class: "muted" }, "No dated visits."));
    return;
  }
  const years = visits.map((v) => v.year);
  const first = Math.floor((Math.min(...years) - 1) / 5) * 5;
  const last = Math.ceil((Math.max(...years) + 1) / 5) * 5;
  const width = 960, height = 300, left = 150, right = 20, axis = 150, step = 19, radius = 7.5;
  const x = (year) => left + ((year - first) / (last - first)) * (width - left - right);

  const chart = svg("svg", {
    viewBox: `0 0 ${width} ${height}`, class: "timeline", role: "group",
    "aria-labelledby": "timeline-title timeline-desc",
  });
  chart.append(
    svg("title", { id: "timeline-title" }, "Visits by year and direction"),
    svg("desc", { id: "timeline-desc" },
      `${visits.filter((v) => direction(v) === "from-korea").length} visits from Korea to a ` +
      `republic and ${visits.filter((v) => direction(v) === "to-korea").length} from a ` +
      `republic to Korea, ${first} to ${last}.`),
  );
  chart.append(
    svg("rect", { x: left, y: 8, width: width - left - right, height: axis - 8, class: "lane lane-out" }),
    svg("rect", { x: left, y: axis, width: width - left - right, height: height - 28 - axis, class: "lane lane-in" }),
    svg("text", { x: left - 12, y: axis - 40, class: "lane-label", "text-anchor": "end" }, "Korea →"),
    svg("text", { x: left - 12, y: axis - 22, class: "lane-label", "text-anchor": "end" }, "republic"),
    svg("text", { x: left - 12, y: axis + 32, class: "lane-label", "text-anchor": "end" }, "Republic →"),
    svg("text", { x: left - 12, y: axis + 50, class: "lane-label", "text-anchor": "end" }, "Korea"),
  );
  for (let year = first; year <= last; year += 1) {
    const major = year % 5 === 0;
    chart.append(svg("line", {
      x1: x(year), x2: x(year), y1: major ? 8 : axis - 4, y2: major ? height - 28 : axis + 4,
      class: major ? "grid major" : "grid",
    }));
    if (major) {
      chart.append(svg("text", { x: x(year), y: height - 10, class: "tick", "text-anchor": "middle" }, String(year)));
    }
  }
  chart.append(svg("line", { x1: left, x2: width - right, y1: axis, y2: axis, class: "axis" }));

  const stacks = {};
  for (const visit of visits) {
    const dir = direction(visit);
    const key = `${visit.year}-${dir}`;
    const level = (stacks[key] = (stacks[key] || 0) + 1);
    const cy = dir === "from-korea" ? axis - 4 - level * step + radius / 2 : axis + 4 + level * step - radius / 2;
    const republic = republicOf(visit, republicCodes);
    const label = visitLabel(visit, data.names);
    chart.append(
      svg("g", {
        class: `visit c-${republic}`, tabindex: 0, role: "img", "aria-label": label,
        "data-year": visit.year, "data-direction": dir, "data-country": republic, "data-id": visit.id,
      },
        svg("title", {}, label),
        svg("circle", {
          cx: x(visit.year), cy, r: radius,
          class: visit.office === "president" ? "mark" : "mark ring",
        })),
    );
  }
  document.getElementById("timeline").append(chart);
  renderLegend(document.getElementById("timeline-legend"), data.republics, [
    ["mark", "head of state"],
    ["mark ring", "prime minister"],
  ]);
  renderVisitTable(visits, data.names);
}

function renderLegend(box, republics, shapes) {
  const items = republics.map((c) =>
    el("li", {},
      svg("svg", { viewBox: "0 0 12 12", width: 12, height: 12, "aria-hidden": "true", class: `c-${c.code}` },
        svg("circle", { cx: 6, cy: 6, r: 5, class: "mark" })),
      ` ${c.name}`));
  for (const [shape, text] of shapes) {
    items.push(el("li", {},
      svg("svg", { viewBox: "0 0 12 12", width: 12, height: 12, "aria-hidden": "true", class: "c-none" },
        svg("circle", { cx: 6, cy: 6, r: 4.5, class: shape })),
      ` ${text}`));
  }
  box.append(el("ul", {}, items));
}

function renderVisitTable(visits, names) {
  const rows = visits.map((v) =>
    el("tr", {},
      el("td", {}, String(v.year)),
      el("td", {}, `${names[v.from_country]} → ${names[v.to_country]}`),
      el("td", {}, v.person_name || "not named"),
      el("td", {}, OFFICES[v.office] || v.office),
      el("td", {}, v.city || "—"),
      el("td", {}, citeLink(v))));
  document.getElementById("visit-table").append(
    el("table", { class: "plain" },
      el("caption", { class: "visually-hidden" }, "Visits, oldest first"),
      el("thead", {}, el("tr", {}, ["Year", "Direction", "Visitor", "Office", "City", "Cited from"]
        .map((h) => el("th", { scope: "col" }, h)))),
      el("tbody", {}, rows)));
}

// ---------------------------------------------------------------- the money chart

function renderMoney(data, republicCodes) {
  const rows = data.investments
    .map((f) => ({ figure: f, republic: republicOf(f, republicCodes) }))
    .filter((r) => r.republic && r.figure.amount_usd)
    .sort((a, b) =>
      data.names[a.republic].localeCompare(data.names[b.republic]) ||
      b.figure.amount_usd - a.figure.amount_usd);
  if (!rows.length) {
    document.getElementById("money-chart").append(el("p", { class: "muted" }, "No money figures."));
    return;
  }
  const amounts = rows.map((r) => r.figure.amount_usd);
  const low = Math.floor(Math.log10(Math.min(...amounts))) - 1; // the smallest bar stays visible
  const high = Math.ceil(Math.log10(Math.max(...amounts)));
  const groups = [...new Set(rows.map((r) => r.republic))];
  const width = 960, left = 300, right = 180, top = 30, bar = 24, gap = 12, header = 30;
  const height = top + rows.length * (bar + gap) + groups.length * header + 10;
  const x = (amount) => left + ((Math.log10(amount) - low) / (high - low)) * (width - left - right);

  const chart = svg("svg", {
    viewBox: `0 0 ${width} ${height}`, class: "money", role: "group",
    "aria-labelledby": "money-chart-title money-chart-desc",
  },
    svg("title", { id: "money-chart-title" }, "Money figures by republic and kind"),
    svg("desc", { id: "money-chart-desc" },
      `${rows.length} figures on a logarithmic scale from ${money(10 ** low)} to ${money(10 ** high)}.`));
  for (let power = low; power <= high; power += 1) {
    chart.append(
      svg("line", { x1: x(10 ** power), x2: x(10 ** power), y1: top - 8, y2: height - 4, class: "grid major" }),
      svg("text", { x: x(10 ** power), y: top - 14, class: "tick", "text-anchor": "middle" },
        money(10 ** power).replace(" million", "M").replace(" billion", "B").replace(" trillion", "T")));
  }
  let y = top;
  let current = null;
  for (const { figure, republic } of rows) {
    if (republic !== current) {
      current = republic;
      chart.append(svg("text", { x: 8, y: y + header - 10, class: "group-label" }, data.names[republic]));
      y += header;
    }
    const kind = moneyKind(figure);
    const years = period(figure);
    const amount = qualified(figure.qualifier, money(figure.amount_usd));
    const label = `${data.names[republic]}, ${moneyTitle(figure)}${years ? ` ${years}` : ""}: ${amount}`;
    const end = x(figure.amount_usd);
    const parts = [
      svg("title", {}, `${label} (${moneyNature(figure)}). Cited from ${citationText(figure)}.`),
      svg("text", { x: 24, y: y + bar / 2 - 1, class: "row-label" }, kind),
      svg("text", { x: 24, y: y + bar / 2 + 12, class: "row-years" },
        [years, figure.project && figure.project.name].filter(Boolean).join(" · ") || "no years given"),
      svg("rect", { x: left, y, width: Math.max(end - left, 2), height: bar, rx: 3, class: `bar k-${figure.kind} q-${figure.qualifier} n-${figure.nature}` }),
    ];
    if (figure.qualifier === "more_than") {
      parts.push(svg("path", { d: `M${end + 2},${y} l10,${bar / 2} l-10,${bar / 2} z`, class: `open-end k-${figure.kind}` }));
    }
    const link = svg("a", { href: citationTarget(figure), class: "bar-value" },
      svg("text", { x: end + (figure.qualifier === "more_than" ? 18 : 8), y: y + bar / 2 + 5 }, amount));
    parts.push(link);
    chart.append(svg("g", {
      class: "money-row", "data-country": republic, "data-kind": figure.kind,
      "data-qualifier": figure.qualifier, "data-amount": figure.amount_usd,
    }, parts));
    y += bar + gap;
  }
  document.getElementById("money-chart").append(chart);

  const kinds = [...new Set(rows.map((r) => r.figure.kind))];
  const legend = kinds.map((kind) =>
    el("li", {}, svg("svg", { viewBox: "0 0 14 10", width: 14, height: 10, "aria-hidden": "true" },
      svg("rect", { width: 14, height: 10, rx: 2, class: `bar k-${kind} q-exact` })), ` ${moneyKind({ kind })}`));
  legend.push(
    el("li", {}, svg("svg", { viewBox: "0 0 22 10", width: 22, height: 10, "aria-hidden": "true" },
      svg("rect", { width: 14, height: 10, rx: 2, class: "bar k-none q-exact" }),
      svg("path", { d: "M15,0 l6,5 l-6,5 z", class: "open-end k-none" })), " more than (lower bound)"),
    el("li", {}, svg("svg", { viewBox: "0 0 14 10", width: 14, height: 10, "aria-hidden": "true" },
      svg("rect", { x: 0.5, y: 0.5, width: 13, height: 9, rx: 2, class: "bar k-none n-ceiling" })), " a ceiling, or up to"),
  );
  const others = data.investments.filter((f) => !rows.some((r) => r.figure === f));
  const box = document.getElementById("money-legend");
  box.append(el("ul", {}, legend));
  if (others.length) {
    box.append(el("p", { class: "muted" },
      `Not drawn: ${others.length} figures that are not about one republic (` +
      others.map(moneyKind).join(", ").toLowerCase() +
      "); they are in the table below."));
  }
}

// ---------------------------------------------------------------- the record table

function describeContext(data) {
  return { names: data.names, byId: data.byId };
}

// One row per cited record of every kind, in the registry's order of kinds.
function buildRecords(data, republicCodes) {
  const ctx = describeContext(data);
  const records = [];
  for (const kind of data.recordKinds) {
    for (const record of data.rows[kind]) {
      records.push({
        kind, record, country: republicOf(record, republicCodes), year: when(record), key: sortKey(record),
        text: describe(kind, record, ctx), facets: facets(kind, record, ctx),
        note: record.description,
      });
    }
  }
  const order = Object.fromEntries(data.recordKinds.map((kind, index) => [kind, index]));
  const nameOf = (code) => (code ? data.names[code] || code : "~");
  return records.sort((a, b) =>
    order[a.kind] - order[b.kind] ||
    nameOf(a.country).localeCompare(nameOf(b.country)) ||
    a.key.localeCompare(b.key) || String(a.record.id).localeCompare(String(b.record.id), "en", { numeric: true }));
}

function renderRecords(data, republicCodes) {
  const records = buildRecords(data, republicCodes);
  const tbody = document.querySelector("#records-table tbody");
  for (const r of records) {
    tbody.append(el("tr", { "data-kind": r.kind, "data-country": r.country || "", id: `${r.kind}-${r.record.id}` },
      el("td", {}, kindLabel(r.kind)),
      el("td", {}, r.country ? data.names[r.country] : el("span", { class: "muted" }, "—")),
      el("td", { class: "num" }, r.year || el("span", { class: "muted" }, "—")),
      el("td", {},
        el("span", { class: "figure-main" }, figureLink(r.record, r.text)),
        r.facets.length ? el("span", { class: "facets" }, r.facets.join(" · ")) : null,
        r.note ? el("span", { class: "note" }, r.note) : null),
      el("td", { class: "cited" }, citationCell(r.record))));
  }

  const countrySelect = document.getElementById("filter-country");
  for (const c of data.republics) countrySelect.append(el("option", { value: c.code }, c.name));
  const kindSelect = document.getElementById("filter-kind");
  for (const kind of data.recordKinds) {
    kindSelect.append(el("option", { value: kind }, kindLabel(kind)));
  }

  const params = new URLSearchParams(window.location.search);
  if (republicCodes.has(params.get("country"))) countrySelect.value = params.get("country");
  if (data.recordKinds.includes(params.get("kind"))) kindSelect.value = params.get("kind");

  const apply = () => {
    const country = countrySelect.value, kind = kindSelect.value;
    let shown = 0;
    for (const row of tbody.rows) {
      const visible = (!country || row.dataset.country === country) && (!kind || row.dataset.kind === kind);
      row.hidden = !visible;
      if (visible) shown += 1;
    }
    document.getElementById("records-count").textContent =
      `Showing ${shown} of ${records.length} records.`;
    const query = new URLSearchParams();
    if (country) query.set("country", country);
    if (kind) query.set("kind", kind);
    const search = query.toString();
    history.replaceState(null, "", `${window.location.pathname}${search ? "?" + search : ""}${window.location.hash}`);
  };
  const form = document.getElementById("filters");
  form.addEventListener("change", apply);
  form.addEventListener("submit", (event) => { event.preventDefault(); apply(); });
  form.addEventListener("reset", () => setTimeout(apply, 0));
  apply();
}

function citationCell(record) {
  const { paragraph, locator, source } = record.citation;
  const where = paragraph ? `¶ ${paragraph}` : locator || "";
  const label = external(record)
    ? `external: ${source.title}${record.as_of ? ` (${asOf(record)})` : ""}`
    : source.footnote ? `fn ${source.footnote}: ${source.title}` : "the article";
  return [
    el("span", { class: "para" }, where),
    " ",
    el("a", { href: citationTarget(record), title: citationText(record) }, label),
  ];
}

// ---------------------------------------------------------------- start

async function main() {
  const status = document.getElementById("status");
  try {
    const data = await loadDataset();
    const republicCodes = new Set(data.republics.map((c) => c.code));
    renderCards(data);
    renderTimeline(data, republicCodes);
    renderMoney(data, republicCodes);
    renderPolicies(data);
    renderRecords(data, republicCodes);
    renderArticle(data);
    renderSources(data);
    renderPeople(data);
    if (truncated.length) {
      status.textContent = `Only the first ${MAX_ROWS.toLocaleString("en-US")} records of ` +
        `${truncated.join(", ")} are shown; the API has them all.`;
    } else {
      status.textContent = "";
      status.hidden = true;
    }
    document.body.dataset.ready = "true";
  } catch (error) {
    status.textContent = `The data could not be loaded: ${error.message}.`;
    status.classList.add("error");
    document.body.dataset.ready = "error";
  }
}

main();
