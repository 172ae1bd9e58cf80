/* crosswire report: opens the evidence of a claim. Builds every node with textContent.
   The data block holds what this script needs, once: claims, groups, the links shown (with
   their reasons in words and the items for specialists) and the article labels. */
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
  var KINDS = { contradicts: 0, tension: 1, corroborates: 2 };
  var KIND_LABELS = { contradicts: "\u2717 contradicts", tension: "\u2260 in tension", corroborates: "\u2713 corroborates" };

  var claims = {};
  var articles = report.articles || {};
  var groupOf = {};
  var linksOf = {};
  (report.claims || []).forEach(function (c) { claims[c.id] = c; });
  (report.groups || []).forEach(function (g) {
    (g.claims || []).forEach(function (id) { if (!groupOf[id]) { groupOf[id] = g; } });
  });
  (report.links || []).forEach(function (l) {
    if (!(l.kind in KINDS)) { return; }
    (linksOf[l.a] = linksOf[l.a] || []).push({ link: l, other: l.b });
    (linksOf[l.b] = linksOf[l.b] || []).push({ link: l, other: l.a });
  });

  /* every highlighted piece of text, by the claims covering it */
  var pieces = {};
  var owned = {};
  Array.prototype.forEach.call(root.querySelectorAll("mark.claim"), function (mark) {
    (owned[mark.getAttribute("data-claim")] = owned[mark.getAttribute("data-claim")] || []).push(mark);
    (mark.getAttribute("data-claims") || mark.getAttribute("data-claim") || "").split(" ").forEach(function (id) {
      if (id) { (pieces[id] = pieces[id] || []).push(mark); }
    });
  });

  /* a claim's text: the pieces of the article it covers, read off the page (a claim that
     could not be placed in its text carries its own) */
  var texts = {};
  function claimText(id) {
    if (texts[id] === undefined) {
      var claim = claims[id] || {};
      texts[id] = claim.text !== undefined ? claim.text
        : (pieces[id] || []).map(function (m) { return m.textContent; }).join("");
    }
    return texts[id];
  }

  function statusOf(id) { var g = groupOf[id]; return g ? g.status : "single_source"; }
  var labels = {};
  Array.prototype.forEach.call(root.querySelectorAll("article.cw-column[data-article]"), function (node) {
    labels[node.getAttribute("data-article")] = node.getAttribute("data-label");
  });
  function articleName(id) {
    return labels[id] || articles[id] || id;
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
    var text = claimText(claim.id);
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

  /* the items for specialists (scores, the model's verdicts, cosines, word lists), folded */
  function fillSpecialist(details, link) {
    if (details.querySelector("ul")) { return; }
    var list = el("ul", { className: "cw-specialist-items" });
    (link.specialist || []).forEach(function (s) { list.appendChild(el("li", { text: s })); });
    details.appendChild(list);
  }

  function specialist(link) {
    if (!(link.specialist || []).length) { return null; }
    var details = el("details", { className: "cw-specialist" }, [el("summary", { text: "evidence for specialists" })]);
    details.addEventListener("toggle", function () { if (details.open) { fillSpecialist(details, link); } });
    return details;
  }

  function linkItem(entry) {
    var other = claims[entry.other];
    var link = entry.link;
    var item = el("li", { className: "rel-" + link.kind });
    var head = el("p", {}, [
      el("span", { className: "rel rel-" + link.kind, text: KIND_LABELS[link.kind] || link.kind }),
      " in ",
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
    var folded = specialist(link);
    if (folded) { item.appendChild(folded); }
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
      mark.classList.remove("cw-active", "cw-linked-corroborates", "cw-linked-contradicts", "cw-linked-tension");
    });
  }

  /* scrolls a mark into view inside its article's own scroll box, leaving the page where it is */
  function scrollWithin(mark) {
    var box = mark.closest(".cw-text");
    if (!box) { return; }
    var outer = box.getBoundingClientRect();
    var inner = mark.getBoundingClientRect();
    if (inner.top < outer.top || inner.bottom > outer.bottom) {
      box.scrollTop += inner.top - outer.top - Math.max(0, (outer.height - inner.height) / 3);
    }
  }

  function showInText(id, className, page) {
    var marks = pieces[id] || [];
    marks.forEach(function (m) { m.classList.add(className); });
    if (marks.length) {
      if (page) { marks[0].scrollIntoView({ block: "nearest", inline: "nearest" }); }
      else { scrollWithin(marks[0]); }
    }
    return marks;
  }

  function overlaps(a, b) {
    return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
  }

  function outOfSight(r) {
    var vh = window.innerHeight || document.documentElement.clientHeight;
    return r.top < -1 || r.bottom > vh + 1;
  }

  function covered(mark) {
    var r = mark.getBoundingClientRect();
    return outOfSight(r) || overlaps(r, panel.getBoundingClientRect());
  }

  /* brings a mark into sight: its article's scroll box, then the page, to the middle */
  function bringIntoSight(mark) {
    scrollWithin(mark);
    if (outOfSight(mark.getBoundingClientRect())) { mark.scrollIntoView({ block: "center", inline: "nearest" }); }
  }

  /* keeps the claim a reader opened in sight, never under the panel: the panel takes the side
     away from the claim, or the page makes room for it beside the text */
  function placePanel(mark) {
    var page = document.body.classList;
    page.remove("cw-panel-left", "cw-panel-room");
    var steps = [
      function () {},
      function () { page.add("cw-panel-left"); },
      function () { page.remove("cw-panel-left"); page.add("cw-panel-room"); }
    ];
    for (var i = 0; i < steps.length; i += 1) {
      steps[i]();
      bringIntoSight(mark);
      if (!covered(mark)) { return; }
    }
    /* a panel across the bottom of a narrow screen: the claim goes above it */
    var r = mark.getBoundingClientRect();
    var p = panel.getBoundingClientRect();
    if (overlaps(r, p)) { window.scrollBy(0, r.bottom - p.top + 16); }
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

  function openClaim(id, from, mark) {
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
      statusText += " (" + group.independent_sources + " independent source" +
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
    body.appendChild(definitionList(rows));
    var technical = ["claim " + id];
    if (group) { technical.push("group " + group.id); }
    if (typeof claim.checkworthiness === "number") {
      technical.push("check-worthiness " + claim.checkworthiness.toFixed(2));
    }
    body.appendChild(specialist({ specialist: technical }));

    var entries = (linksOf[id] || []).slice().sort(function (x, y) {
      return KINDS[x.link.kind] - KINDS[y.link.kind];
    });
    body.appendChild(el("h3", { text: "Evidence in the other articles" }));
    if (entries.length) {
      var list = el("ol");
      entries.forEach(function (e) { list.appendChild(linkItem(e)); });
      body.appendChild(list);
    } else {
      body.appendChild(el("p", { text: "No claim of another article corroborates, contradicts or is in tension with this one." }));
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
          claimButton(m, claimText(m))
        ]));
      });
      body.appendChild(ul);
    }

    [["Part of", around], ["Contains", inside]].forEach(function (pair) {
      if (!pair[1].length) { return; }
      body.appendChild(el("h3", { text: pair[0] }));
      var ul2 = el("ul");
      pair[1].forEach(function (c) { ul2.appendChild(el("li", {}, [statusTag(statusOf(c.id)), " ", claimButton(c.id, claimText(c.id))])); });
      body.appendChild(ul2);
    });

    (owned[id] || []).forEach(function (m) { m.classList.add("cw-active"); });
    entries.forEach(function (e) { showInText(e.other, "cw-linked-" + e.link.kind, false); });
    panel.hidden = false;
    document.body.classList.add("cw-panel-open");
    panel.setAttribute("data-claim", id);
    panel.focus({ preventScroll: true });
    if (mark) { placePanel(mark); }
  }

  function closePanel() {
    panel.hidden = true;
    document.body.classList.remove("cw-panel-open", "cw-panel-left", "cw-panel-room");
    panel.removeAttribute("data-claim");
    clearMarks();
    if (opener && document.body.contains(opener)) { opener.focus(); }
    opener = null;
  }

  root.addEventListener("click", function (event) {
    var target = event.target;
    if (!(target instanceof Element)) { return; }
    var button = target.closest("[data-open]");
    if (button) { openClaim(button.getAttribute("data-open"), null, null); return; }
    var show = target.closest("[data-show]");
    if (show) {
      var marks = showInText(show.getAttribute("data-show"), "cw-active", true);
      if (marks.length && marks[0].id) { marks[0].focus({ preventScroll: true }); }
      else if (owned[show.getAttribute("data-show")]) { owned[show.getAttribute("data-show")][0].focus({ preventScroll: true }); }
      return;
    }
    if (target.closest(".cw-close")) { closePanel(); return; }
    var ref = target.closest(".claim-ref");
    if (ref) {
      var refId = ref.getAttribute("data-claim");
      openClaim(refId, ref, null);
      if (ref.hasAttribute("data-claims")) {
        showClaims(ref.getAttribute("data-claims").split(" "));
        if (owned[refId]) { placePanel(owned[refId][0]); }
      }
      return;
    }
    var mark = target.closest("mark.claim");
    if (mark) {
      var anchor = (owned[mark.getAttribute("data-claim")] || []).filter(function (m) { return m.hasAttribute("tabindex"); })[0];
      openClaim(mark.getAttribute("data-claim"), anchor || mark, mark);
    }
  });

  root.addEventListener("keydown", function (event) {
    var target = event.target;
    if (!(target instanceof Element)) { return; }
    if (event.key === "Escape" && !panel.hidden) { event.preventDefault(); closePanel(); return; }
    if ((event.key === "Enter" || event.key === " ") && target.matches("mark.claim[tabindex]")) {
      event.preventDefault();
      openClaim(target.getAttribute("data-claim"), target, target);
    }
  });

  /* the claims only one article makes, listed when their fold in the matrix is opened */
  Array.prototype.forEach.call(root.querySelectorAll("#cw-matrix details.cw-alone-fold[data-article]"), function (details) {
    details.addEventListener("toggle", function () {
      if (!details.open || details.querySelector("ul")) { return; }
      var list = el("ul", { className: "cw-alone-list" });
      ((report.alone || {})[details.getAttribute("data-article")] || []).forEach(function (id) {
        if (!claims[id]) { return; }
        list.appendChild(el("li", {}, [el("button", { type: "button", className: "claim-ref", "data-claim": id, text: claimText(id) })]));
      });
      details.appendChild(list);
    });
  });

  /* the links table's folds, filled when opened */
  Array.prototype.forEach.call(root.querySelectorAll("#cw-links details.cw-specialist[data-link]"), function (details) {
    details.addEventListener("toggle", function () {
      var link = (report.links || [])[Number(details.getAttribute("data-link"))];
      if (details.open && link) { fillSpecialist(details, link); }
    });
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
