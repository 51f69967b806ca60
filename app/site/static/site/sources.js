// The article (linked from the masthead), its footnotes' sources and the people the records name.
"use strict";

// "Title", author, publisher, year, volume(issue), pages, place: whichever the source has.
function sourceLine(source) {
  const issue = source.volume ? `vol. ${source.volume}${source.issue ? `(${source.issue})` : ""}`
    : source.issue ? `no. ${source.issue}` : null;
  return [source.author, source.publisher, source.year, issue,
    source.pages ? `pp. ${source.pages}` : null, source.place].filter(Boolean).join(", ");
}

// The masthead's link to the article on its publisher's site, with the API's note when the link
// is not the article's own address.
function renderArticle(data) {
  const article = data.byId.sources && data.byId.sources.get(0);
  const info = data.meta.article || {};
  const url = (article && article.url) || info.url;
  const box = document.getElementById("article");
  if (!url) return;
  box.append(
    "From ",
    el("a", { href: url, id: "article-link", rel: "external" },
      `“${(article && article.title) || info.title}”`),
    ` by ${(article && article.author) || info.author}, ${(article && article.publisher) || info.publisher}.`);
  if (info.url_note) box.append(" ", el("span", { class: "article-note" }, info.url_note));
  box.hidden = false;
}

function renderSources(data) {
  const sources = data.rows.sources || [];
  const list = document.getElementById("source-list");
  for (const source of sources) {
    const label = source.footnote ? `Footnote ${source.footnote}` : "The article";
    const title = source.url ? el("a", { href: source.url, rel: "external" }, source.title)
      : el("a", { href: `/v1/sources/${source.id}` }, source.title);
    const line = sourceLine(source);
    list.append(el("li", { "data-id": source.id },
      el("span", { class: "source-label" }, label), " ", title, line ? `, ${line}` : "",
      source.paragraph ? el("span", { class: "para" }, ` ¶ ${source.paragraph}`) : null));
  }
}

// Each person with the number of records of each kind that name them (by `person_id`).
function renderPeople(data) {
  const people = data.rows.people || [];
  const counts = new Map(people.map((p) => [p.id, {}]));
  for (const kind of data.recordKinds) {
    for (const record of data.rows[kind]) {
      const tally = counts.get(record.person_id);
      if (tally) tally[kind] = (tally[kind] || 0) + 1;
    }
  }
  const list = document.getElementById("people-list");
  for (const person of [...people].sort((a, b) => a.name.localeCompare(b.name))) {
    const tally = Object.entries(counts.get(person.id))
      .map(([kind, count]) => `${humanize(kind)}: ${count}`);
    list.append(el("li", { "data-id": person.id },
      el("a", { href: `/v1/people/${person.id}` }, person.name),
      `, ${data.names[person.country_code] || person.country_code}`,
      tally.length ? el("span", { class: "muted" }, ` (${tally.join(", ")})`) : null));
  }
}
