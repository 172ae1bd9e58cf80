/* crosswire report: opens the evidence of a claim. Builds every node with textContent. */
(function () {
  "use strict";
  var dataNode = document.getElementById("cw-report-data");
  var root = document.getElementById("cw-report");
  var panel = document.getElementById("cw-evidence");
  var body = document.getElementById("cw-evidence-body");
  if (!dataNode || !root || !panel || !body) { return; }
  var report = JSON.parse(dataNode.textContent);

  var LABELS = { corroborated: "corroborated", contested: "contested", single_source: "single source" };
  var SYMBOLS = { corroborated: "\u2713", contested: "\u2717", single_source: "\u2022" };
  var RELATIONS = { contradicts: 0, corroborates: 1, related: 2 };

  var claims = {};
  var articles = {};
  var groupOf = {};
  var linksOf = {};
  (report.claims || []).forEach(function (c) { claims[c.id] = c; });
  (report.articles || []).forEach(function (a) { articles[a.id] = a; });
  (report.groups || []).forEach(function (g) {
    (g.claims || []).forEach(function (id) { if (!groupOf[id]) { groupOf[id] = g; } });
  });
  (report.links || []).forEach(function (l) {
    (linksOf[l.a] = linksOf[l.a] || []).push({ link: l, other: l.b });
    (linksOf[l.b] = linksOf[l.b] || []).push({ link: l, other: l.a });
  });

  /* every highlighted piece of text, by the claims covering it */
  var pieces = {};
  var owned = {};
  Array.prototype.forEach.call(root.querySelectorAll("mark.claim"), function (mark) {
    (owned[mark.getAttribute("data-claim")] = owned[mark.getAttribute("data-claim")] || []).push(mark);
    (mark.getAttribute("data-claims") || "").split(" ").forEach(function (id) {
      if (id) { (pieces[id] = pieces[id] || []).push(mark); }
    });
  });

  function statusOf(id) { var g = groupOf[id]; return g ? g.status : "single_source"; }
  var labels = {};
  Array.prototype.forEach.call(root.querySelectorAll("article.cw-column[data-article]"), function (node) {
    labels[node.getAttribute("data-article")] = node.getAttribute("data-label");
  });
  function articleName(id) {
    var a = articles[id];
    if (labels[id]) { return labels[id]; }
    if (!a) { return id; }
    return a.outlet || a.title || a.source || id;
  }

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) {
      if (key === "text") { node.textContent = attrs[key]; }
      else if (key === "className") { node.className = attrs[key]; }
      else { node.setAttribute(key, attrs[key]); }
    });
    (children || []).forEach(function (child) {
      if (child === null || child === undefined) { return; }
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }

  function statusTag(status) {
    return el("span", { className: "tag st-" + status, text: SYMBOLS[status] + " " + LABELS[status] });
  }

  function claimButton(id, label) {
    var button = el("button", { type: "button", "data-open": id, text: label });
    return button;
  }

  /* the claim text, with its certainty cue marked when the cue lies inside it */
  function quoted(claim) {
    var quote = el("blockquote", { className: "st-" + statusOf(claim.id) });
    var cue = claim.certainty_cue;
    var text = claim.text || "";
    if (cue && cue.start >= claim.start && cue.end <= claim.end && cue.end > cue.start) {
      var from = cue.start - claim.start;
      var to = cue.end - claim.start;
      quote.appendChild(document.createTextNode(text.slice(0, from)));
      quote.appendChild(el("span", { className: "cw-cue", title: "certainty cue", text: text.slice(from, to) }));
      quote.appendChild(document.createTextNode(text.slice(to)));
    } else {
      quote.textContent = text;
    }
    return quote;
  }

  function attributionRows(claim) {
    var rows = [];
    var att = claim.attribution;
    if (!att) {
      rows.push(["Attribution", "none: the article asserts it in its own voice"]);
      return rows;
    }
    var chain = (att.chain || []).filter(function (x) { return x; });
    if (!chain.length && att.source) { chain = [att.source]; }
    var chainText = [articleName(claim.article)].concat(chain).join(" \u2192 ");
    rows.push(["Attribution chain", el("span", { className: "cw-chain", text: chainText })]);
    if (att.source) { rows.push(["Source", att.source + (att.source_kind ? " (" + att.source_kind + ")" : "")]); }
    if (att.cue) { rows.push(["Attribution cue", "\u201c" + att.cue + "\u201d"]); }
    return rows;
  }

  function definitionList(rows) {
    var dl = el("dl");
    rows.forEach(function (row) {
      dl.appendChild(el("dt", { text: row[0] }));
      dl.appendChild(el("dd", {}, [row[1]]));
    });
    return dl;
  }

  function linkItem(entry) {
    var other = claims[entry.other];
    var link = entry.link;
    var item = el("li", { className: "rel-" + link.relation });
    var head = el("p", {}, [
      el("span", { className: "rel rel-" + link.relation, text: link.relation }),
      " (score " + Number(link.score).toFixed(2) + ") in ",
      el("strong", { text: other ? articleName(other.article) : "another article" })
    ]);
    item.appendChild(head);
    if (other) {
      item.appendChild(quoted(other));
    } else {
      item.appendChild(el("p", { text: "claim " + entry.other + " is not in this report" }));
    }
    if ((link.reasons || []).length) {
      var reasons = el("ul", { "aria-label": "reasons" });
      link.reasons.forEach(function (r) { reasons.appendChild(el("li", { text: r })); });
      item.appendChild(reasons);
    }
    if (other) {
      item.appendChild(el("p", { className: "cw-actions" }, [
        claimButton(other.id, "Open this claim"),
        el("button", { type: "button", "data-show": other.id, text: "Show it in its article" })
      ]));
    }
    return item;
  }

  function clearMarks() {
    Array.prototype.forEach.call(root.querySelectorAll("mark.claim"), function (mark) {
      mark.classList.remove("cw-active", "cw-linked-corroborates", "cw-linked-contradicts", "cw-linked-related");
    });
  }

  function showInText(id, className) {
    var marks = pieces[id] || [];
    marks.forEach(function (m) { m.classList.add(className); });
    if (marks.length) { marks[0].scrollIntoView({ block: "nearest", inline: "nearest" }); }
    return marks;
  }

  /* a summary item's claims: each highlighted where it stands, the first scrolled to */
  function showClaims(ids) {
    var firsts = [];
    ids.forEach(function (id) {
      (owned[id] || []).forEach(function (m) { m.classList.add("cw-active"); });
      if (owned[id]) { firsts.push(owned[id][0]); }
    });
    firsts.slice(1).forEach(function (m) { m.scrollIntoView({ block: "nearest", inline: "nearest" }); });
    if (firsts.length) { firsts[0].scrollIntoView({ block: "center", inline: "nearest" }); }
  }

  var opener = null;

  function openClaim(id, from) {
    var claim = claims[id];
    if (!claim) { return; }
    if (from) { opener = from; }
    clearMarks();
    var status = statusOf(id);
    var group = groupOf[id];
    while (body.firstChild) { body.removeChild(body.firstChild); }

    body.appendChild(el("p", {}, [statusTag(status), " claim in ", el("strong", { text: articleName(claim.article) })]));
    body.appendChild(quoted(claim));
    var rows = [];
    var statusText = LABELS[status];
    if (group) {
      statusText += " (group " + group.id + ", " + group.independent_sources + " independent source" +
        (group.independent_sources === 1 ? "" : "s") + ")";
    } else {
      statusText += " (no other article says it)";
    }
    rows.push(["Status", statusText]);
    var certainty = claim.certainty || "asserted";
    if (claim.certainty_cue && claim.certainty_cue.text) {
      certainty += ": cue \u201c" + claim.certainty_cue.text + "\u201d";
    }
    rows.push(["Certainty", certainty]);
    attributionRows(claim).forEach(function (r) { rows.push(r); });
    if (claim.kind) { rows.push(["Kind", claim.kind]); }
    if (typeof claim.checkworthiness === "number") {
      rows.push(["Check-worthiness", claim.checkworthiness.toFixed(2)]);
    }
    body.appendChild(definitionList(rows));

    var entries = (linksOf[id] || []).slice().sort(function (x, y) {
      return (RELATIONS[x.link.relation] - RELATIONS[y.link.relation]) || (y.link.score - x.link.score);
    });
    body.appendChild(el("h3", { text: "Evidence in the other articles" }));
    if (entries.length) {
      var list = el("ol");
      entries.forEach(function (e) { list.appendChild(linkItem(e)); });
      body.appendChild(list);
    } else {
      body.appendChild(el("p", { text: "No claim of another article corroborates, contradicts or relates to this one." }));
    }

    var around = [];
    var inside = [];
    (report.claims || []).forEach(function (c) {
      if (c.id === id || c.article !== claim.article) { return; }
      if (c.start <= claim.start && claim.end <= c.end) { around.push(c); }
      else if (claim.start <= c.start && c.end <= claim.end) { inside.push(c); }
    });
    var near = {};
    around.concat(inside).forEach(function (c) { near[c.id] = true; });
    var linked = {};
    entries.forEach(function (e) { linked[e.other] = true; });
    var mates = group ? (group.claims || []).filter(function (c) { return c !== id && !linked[c] && !near[c] && claims[c]; }) : [];
    if (mates.length) {
      body.appendChild(el("h3", { text: "Also in this group" }));
      var ul = el("ul");
      mates.forEach(function (m) {
        ul.appendChild(el("li", {}, [
          el("strong", { text: articleName(claims[m].article) + ": " }),
          claimButton(m, claims[m].text)
        ]));
      });
      body.appendChild(ul);
    }

    [["Part of", around], ["Contains", inside]].forEach(function (pair) {
      if (!pair[1].length) { return; }
      body.appendChild(el("h3", { text: pair[0] }));
      var ul2 = el("ul");
      pair[1].forEach(function (c) { ul2.appendChild(el("li", {}, [statusTag(statusOf(c.id)), " ", claimButton(c.id, c.text)])); });
      body.appendChild(ul2);
    });

    (owned[id] || []).forEach(function (m) { m.classList.add("cw-active"); });
    entries.forEach(function (e) { showInText(e.other, "cw-linked-" + e.link.relation); });
    panel.hidden = false;
    document.body.classList.add("cw-panel-open");
    panel.setAttribute("data-claim", id);
    panel.focus();
  }

  function closePanel() {
    panel.hidden = true;
    document.body.classList.remove("cw-panel-open");
    panel.removeAttribute("data-claim");
    clearMarks();
    if (opener && document.body.contains(opener)) { opener.focus(); }
    opener = null;
  }

  root.addEventListener("click", function (event) {
    var target = event.target;
    if (!(target instanceof Element)) { return; }
    var button = target.closest("[data-open]");
    if (button) { openClaim(button.getAttribute("data-open"), null); return; }
    var show = target.closest("[data-show]");
    if (show) {
      var marks = showInText(show.getAttribute("data-show"), "cw-active");
      if (marks.length && marks[0].id) { marks[0].focus({ preventScroll: true }); }
      else if (owned[show.getAttribute("data-show")]) { owned[show.getAttribute("data-show")][0].focus({ preventScroll: true }); }
      return;
    }
    if (target.closest(".cw-close")) { closePanel(); return; }
    var ref = target.closest(".claim-ref");
    if (ref) {
      openClaim(ref.getAttribute("data-claim"), ref);
      if (ref.hasAttribute("data-claims")) { showClaims(ref.getAttribute("data-claims").split(" ")); }
      return;
    }
    var mark = target.closest("mark.claim");
    if (mark) {
      var anchor = (owned[mark.getAttribute("data-claim")] || []).filter(function (m) { return m.hasAttribute("tabindex"); })[0];
      openClaim(mark.getAttribute("data-claim"), anchor || mark);
    }
  });

  root.addEventListener("keydown", function (event) {
    var target = event.target;
    if (!(target instanceof Element)) { return; }
    if (event.key === "Escape" && !panel.hidden) { event.preventDefault(); closePanel(); return; }
    if ((event.key === "Enter" || event.key === " ") && target.matches("mark.claim[tabindex]")) {
      event.preventDefault();
      openClaim(target.getAttribute("data-claim"), target);
    }
  });

  root.addEventListener("mouseover", function (event) {
    var mark = event.target instanceof Element ? event.target.closest("mark.claim") : null;
    Array.prototype.forEach.call(root.querySelectorAll("mark.cw-hover"), function (m) { m.classList.remove("cw-hover"); });
    if (mark) { (owned[mark.getAttribute("data-claim")] || []).forEach(function (m) { m.classList.add("cw-hover"); }); }
  });

  Array.prototype.forEach.call(root.querySelectorAll(".cw-filter input[data-status]"), function (box) {
    box.addEventListener("change", function () {
      root.classList.toggle("hide-" + box.getAttribute("data-status"), !box.checked);
    });
  });
  root.classList.add("cw-js");
})();
