// The initiatives and agreements section: the dated ones in order (each date to the precision the
// article gives), then every initiative under the one it belongs to, with what it competes with.
"use strict";

function initiativeAnchor(id) {
  return `initiative-${id}`;
}

// "part of New Economic Map" / "competes with New Northern Policy", each a link within the page;
// the tree shows what an initiative is part of by nesting it, so it asks only for rivals.
function initiativeLinks(initiative, byId, fields) {
  const links = [];
  const words = { parent_id: "part of", competes_with_id: "competes with" };
  for (const field of fields) {
    const other = initiative[field] && byId.get(initiative[field]);
    if (other) {
      links.push(el("span", { class: `link-${field}` }, `${words[field]} `,
        el("a", { href: `#${initiativeAnchor(other.id)}` }, other.name)));
    }
  }
  return links;
}

function policyItem(kind, record, ctx, inTree = false) {
  const date = when(record);
  const extra = facets(kind, record, ctx);
  const fields = inTree ? ["competes_with_id"] : ["parent_id", "competes_with_id"];
  const links = kind === "initiatives" ? initiativeLinks(record, ctx.byId.initiatives, fields) : [];
  const name = kind === "initiatives" && !inTree
    ? el("a", { href: `#${initiativeAnchor(record.id)}` }, describe(kind, record, ctx))
    : figureLink(record, describe(kind, record, ctx));
  return el("li", { "data-kind": kind, "data-id": record.id },
    date ? [el("time", { datetime: record.date_start || String(record.year) }, date), " "] : null,
    inTree ? null : [el("span", { class: "policy-kind" }, kindLabel(kind)), " "],
    name,
    [...extra, ...links].length
      ? [" ", el("span", { class: "facets" }, [...extra, ...links].flatMap((part, index) =>
          index ? [" · ", part] : [part]))]
      : null,
    " ", citeLink(record));
}

function renderPolicyTimeline(data, ctx) {
  const items = ["initiatives", "agreements"].flatMap((kind) =>
    (data.rows[kind] || []).map((record) => [kind, record]));
  const dated = items
    .filter(([, r]) => r.date_start)
    .sort(([ka, a], [kb, b]) =>
      a.date_start.localeCompare(b.date_start) || ka.localeCompare(kb) || a.id - b.id);
  const undated = items.filter(([kind, r]) => kind === "agreements" && !r.date_start);
  const box = document.getElementById("policy-timeline");
  box.append(el("ol", { class: "policy-list dated" },
    dated.map(([kind, record]) => policyItem(kind, record, ctx))));
  if (undated.length) {
    box.append(
      el("p", { class: "muted" }, "Agreements the article gives no date for:"),
      el("ul", { class: "policy-list undated" },
        undated.map(([kind, record]) => policyItem(kind, record, ctx))));
  }
}

function renderInitiativeTree(data, ctx) {
  if (!ctx.byId.initiatives) return;
  const initiatives = data.rows.initiatives || [];
  const children = new Map();
  for (const initiative of initiatives) {
    const parent = ctx.byId.initiatives.has(initiative.parent_id) ? initiative.parent_id : null;
    if (!children.has(parent)) children.set(parent, []);
    children.get(parent).push(initiative);
  }
  const branch = (parent) => el("ul", { class: "initiative-tree" },
    (children.get(parent) || []).map((initiative) => {
      const item = policyItem("initiatives", initiative, ctx, true);
      item.id = initiativeAnchor(initiative.id);
      if (children.has(initiative.id)) item.append(branch(initiative.id));
      return item;
    }));
  document.getElementById("initiative-tree").append(branch(null));
}

function renderPolicies(data) {
  if (!data.rows.initiatives && !data.rows.agreements) {
    document.getElementById("policies").hidden = true;
    return;
  }
  const ctx = describeContext(data);
  renderPolicyTimeline(data, ctx);
  renderInitiativeTree(data, ctx);
}
