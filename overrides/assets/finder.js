/* The finder at /suche/: full-text search (lunr.js with lunr.de), facets with counts, the state in
 * the URL. Everything runs on the device: no request leaves the site, the position (optional) is
 * used only here. Text from the data is only ever set with textContent, never as HTML.
 *
 * Fast on a slow phone (hooks/wegweiser/site/finder.py): this script runs before lunr and starts
 * fetching the index shards of the word in the URL at once; the facets and the word list are
 * preloaded by the page; card texts are fetched in chunks for the results on screen. Without a
 * search word the results come from the facets alone, without waiting for the index.
 *
 * The search steps mirror hooks/wegweiser/site/search.py (query_words, word_scores, search); the
 * agreement test in tests/test_finder_browser.py holds the two together.
 */
(function () {
  "use strict";

  var root = document.getElementById("ww-finder");
  if (!root || !window.fetch || !window.Proxy) return;

  // The page's language: its words (from the catalog, see finder.finder_text), its lunr stemmer if
  // it has one (data-stemmer: the lunr-languages code), and, for German only, lunr.de's stop words.
  var LANG = root.getAttribute("data-lang") || "de";
  var STEMMER = root.getAttribute("data-stemmer") || "";
  var T = JSON.parse(root.getAttribute("data-text") || "{}");
  var PLURAL = new Intl.PluralRules(LANG);
  function fill(template, n) { return template.replace("{n}", n.toLocaleString(LANG)); }
  function plural(forms, n) { return fill(forms[PLURAL.select(n)] || forms.other, n); }

  var EXACT_BOOST = 10, PREFIX_BOOST = 2, FUZZY_BOOST = 1, PREFIX_MIN = 4, FUZZY_MIN = 5;
  var PAGE = 20;
  var FACETS = ["lebensphase", "stadtteil", "alter", "kostenlos", "sprache", "barrierefrei", "art", "thema", "offen", "heute", "woche"];
  var FLAGS = ["nachbarn", "kostenlos", "barrierefrei", "offen", "heute", "woche"];
  var WHEN = ["offen", "heute", "woche"];
  var PARAMS = ["q", "lebensphase", "stadtteil", "nachbarn", "alter", "kostenlos", "sprache", "barrierefrei",
    "art", "thema", "offen", "heute", "woche"];
  var TABLE = { lebensphase: "stages", stadtteil: "districts", sprache: "languages", art: "delivery", thema: "categories" };
  var ALL_LABEL = T.all;

  var base = root.getAttribute("data-base") || "";
  var form = document.getElementById("ww-finder-form");
  var input = document.getElementById("ww-q");
  var statusEl = document.getElementById("ww-status");
  var noteEl = document.getElementById("ww-note");
  var resultsEl = document.getElementById("ww-results");
  var moreEl = document.getElementById("ww-more");
  var orderEl = document.getElementById("ww-order");
  var locateEl = document.getElementById("ww-locate");
  var control = {};
  PARAMS.forEach(function (name) { control[name] = document.getElementById("ww-" + name); });

  var folder = root.getAttribute("data-data");
  var CHUNK = Number(root.getAttribute("data-chunk"));  // offers per card-text file (finder.CARD_CHUNK)
  var data = null, index = null, codes = {}, neighbours = [], schedule = null;
  var state = {}, results = [], shown = PAGE, position = null, replaceTimer = 0, generation = 0;
  var drawn = null;  // the latest render: "ready" is said once the first results are drawn
  var cards = [], chunkLoads = Object.create(null), shardLoads = Object.create(null);
  var shardData = Object.create(null), missing = null;
  var places = null;

  // --- loading ----------------------------------------------------------------------------------

  function fetchJson(address) {
    return fetch(address, { credentials: "same-origin" }).then(function (response) {
      if (!response.ok) throw new Error(response.status);
      return response.json();
    });
  }

  var FOLD = { "ä": "a", "ö": "o", "ü": "u", "ß": "ss" };

  // The two-letter shards split by three letters (search.encode, large directories only).
  var SPLIT = new Set((root.getAttribute("data-split") || "").split(",").filter(Boolean));

  /* search.shard_key: the first two letters (three where split), umlauts folded (a word and its
   * stem share them). */
  function shardKey(word) {
    var folded = word.replace(/[äöüß]/g, function (c) { return FOLD[c]; });
    var key = folded.slice(0, 2).replace(/[^a-z0-9]/g, "_");
    return SPLIT.has(key) ? folded.slice(0, 3).replace(/[^a-z0-9]/g, "_") : key;
  }

  function loadShard(key) {
    if (!shardLoads[key]) {
      shardLoads[key] = fetchJson(folder + "index/" + encodeURIComponent(key) + ".json").then(function (shard) {
        shardData[key] = shard;
        if (index) index.merge(key);
      }, function () {
        delete shardLoads[key];  // retried with the next search
        throw new Error("shard");
      });
    }
    return shardLoads[key];
  }

  function loadCards(refs) {
    var wanted = Object.create(null), loads = [];
    refs.forEach(function (r) { if (!cards[r]) wanted[Math.floor(r / CHUNK)] = true; });
    Object.keys(wanted).forEach(function (k) {
      if (!chunkLoads[k]) {
        chunkLoads[k] = fetchJson(folder + "karten/" + k + ".json").then(function (rows) {
          rows.forEach(function (row, i) { cards[k * CHUNK + i] = row; });
        }, function (err) { delete chunkLoads[k]; throw err; });
      }
      loads.push(chunkLoads[k]);
    });
    return Promise.all(loads);
  }

  function rawWords(text) {
    return String(text).normalize("NFC").toLowerCase().match(/[\p{L}\p{N}]+/gu) || [];
  }

  // Started before anything else: the preloaded facets and words, and the shards of the URL's word.
  var facetsLoad = fetchJson(folder + "facetten.json");
  var wordsLoad = fetchJson(folder + "woerter.json");
  rawWords(new URLSearchParams(window.location.search).get("q") || "").forEach(function (w) {
    loadShard(shardKey(w)).catch(function () {});
  });

  // --- search: the same steps as search.py -----------------------------------------------------

  var WORD = /[\p{L}\p{N}]+/gu;

  function words(text) {
    return String(text).normalize("NFC").toLowerCase().match(WORD) || [];
  }

  function queryWords(text) {
    var seen = Object.create(null), out = [];
    words(text).forEach(function (w) {
      if (!seen[w] && (LANG !== "de" || lunr.de.stopWordFilter(w) !== undefined)) { seen[w] = true; out.push(w); }
    });
    return out;
  }

  /* Exactly (stemmed) or as a prefix; failing both, with one typo (the costly expansion). */
  function wordScores(word) {
    var scores = new Map();
    var found = index.query(function (q) {
      q.term(word, { usePipeline: true, boost: EXACT_BOOST });
      if (word.length >= PREFIX_MIN) {
        q.term(word, { usePipeline: false, wildcard: lunr.Query.wildcard.TRAILING, boost: PREFIX_BOOST });
      }
    });
    if (!found.length && word.length >= FUZZY_MIN && !(missing && missing.size)) {
      found = index.query(function (q) { q.term(word, { usePipeline: true, editDistance: 1, boost: FUZZY_BOOST }); });
    }
    found.forEach(function (m) { scores.set(Number(m.ref), m.score); });
    return scores;
  }

  function round6(x) { return Math.round(x * 1e6) / 1e6; }

  /* The search once every shard it touches is loaded: a run notes the shards it missed. */
  function searchLoaded(text, tries) {
    missing = new Set();
    var found = search(text), need = Array.from(missing);
    missing = null;
    if (!need.length || (tries || 0) > 3) return Promise.resolve(found);
    return Promise.all(need.map(loadShard)).then(function () { return searchLoaded(text, (tries || 0) + 1); });
  }

  /* Document numbers best first, and whether they match only some of the words. */
  function search(text) {
    var perWord = queryWords(text).map(wordScores);
    if (!perWord.length) return { refs: null, partial: false };
    var total = new Map(), hits = new Map();
    perWord.forEach(function (scores) {
      scores.forEach(function (score, ref) {
        total.set(ref, (total.get(ref) || 0) + score);
        hits.set(ref, (hits.get(ref) || 0) + 1);
      });
    });
    var refs = Array.from(total.keys());
    var every = refs.filter(function (r) { return hits.get(r) === perWord.length; });
    var partial = every.length === 0;
    var chosen = partial ? refs : every;
    chosen.sort(function (a, b) {
      return (hits.get(b) - hits.get(a)) || (round6(total.get(b)) - round6(total.get(a))) || (a - b);
    });
    return { refs: chosen, partial: partial };
  }

  /* A lunr index over the word list whose postings arrive by shard (search.encode). Each posting
   * carries lunr's own field-vector score; lunr divides a match's dot product by the query vector's
   * length only, so the elements of the loaded terms are all a query needs. A term whose shard is
   * not loaded yet is noted in `missing` and matches nothing until it is. */
  function buildIndex(enc) {
    var names = enc.fields, terms = enc.terms;
    var termNumber = new Map();
    terms.forEach(function (term, n) { termNumber.set(term, n); });
    var postings = Object.create(null), elements = Object.create(null), vectors = Object.create(null);
    var NO_METADATA = Object.freeze(Object.create(null));

    function posting(term) {
      var n = termNumber.get(term);
      if (n === undefined) return undefined;
      if (postings[term]) return postings[term];
      var p = Object.create(null), key = shardKey(term), shard = shardData[key];
      p._index = n;
      names.forEach(function (name) { p[name] = Object.create(null); });
      if (!shard) { if (missing) missing.add(key); return p; }
      (shard[term] || []).forEach(function (row) {
        var target = p[names[row[0]]], doc = -1;
        for (var k = 1; k < row.length; k += 2) { doc += row[k]; target[doc] = NO_METADATA; }
      });
      return (postings[term] = p);
    }

    function merge(key) {
      var shard = shardData[key];
      Object.keys(shard).forEach(function (term) {
        var n = termNumber.get(term);
        shard[term].forEach(function (row) {
          var name = names[row[0]], doc = -1;
          for (var k = 1; k < row.length; k += 2) {
            doc += row[k];
            var ref = name + "/" + doc;
            (elements[ref] || (elements[ref] = [])).push([n, row[k + 1] / 1000]);
            delete vectors[ref];
          }
        });
      });
    }

    function fieldVector(ref) {
      if (vectors[ref]) return vectors[ref];
      var list = (elements[ref] || []).slice().sort(function (a, b) { return a[0] - b[0]; }), flat = [];
      list.forEach(function (e) { flat.push(e[0], e[1]); });
      return (vectors[ref] = new lunr.Vector(flat));
    }

    function lazy(get) {
      return new Proxy(Object.create(null), { get: function (target, key) {
        return typeof key === "string" ? get(key) : undefined;
      } });
    }
    var idx = new lunr.Index({
      invertedIndex: lazy(posting),
      fieldVectors: lazy(fieldVector),
      tokenSet: lunr.TokenSet.fromArray(terms),
      fields: names,
      pipeline: lunr.Pipeline.load(enc.pipeline)
    });
    idx.merge = merge;
    Object.keys(shardData).forEach(merge);
    return idx;
  }

  // --- filters ------------------------------------------------------------------------------------

  /* "jetzt geöffnet", "heute", "diese Woche": the rules of schedule.js (its own file, shared with
   * the agreement test), at the moment the results are drawn. */
  var WHEN_TEST = { offen: function (o, now) { return schedule.isOpen(o, now); },
    heute: function (o, now) { return schedule.today(o, now); },
    woche: function (o, now) { return schedule.thisWeek(o, now); } };

  function fitsAge(o, age) {
    if (o.a) return o.a[0] <= age && age <= o.a[1];
    return o.st.some(function (s) { return data.stages[s].min <= age && age < data.stages[s].max; });
  }

  function servesDistrict(o, d, withNeighbours) {
    if (o.cw || o.d.indexOf(d) >= 0) return true;
    return withNeighbours && o.ld.some(function (l) { return neighbours[d].indexOf(l) >= 0; });
  }

  /* The active filters as predicates, by facet name. */
  function predicates(now) {
    var p = {}, v;
    if ((v = codes.stages[state.lebensphase]) !== undefined) p.lebensphase = function (o) { return o.st.indexOf(v) >= 0; };
    var d = codes.districts[state.stadtteil], nb = state.nachbarn;
    if (d !== undefined) p.stadtteil = function (o) { return servesDistrict(o, d, nb); };
    var age = parseAge(state.alter);
    if (age !== null) p.alter = function (o) { return fitsAge(o, age); };
    if (state.kostenlos) p.kostenlos = function (o) { return !!o.f; };
    var lang = codes.languages[state.sprache];
    if (lang !== undefined) p.sprache = function (o) { return o.la.indexOf(lang) >= 0; };
    if (state.barrierefrei) p.barrierefrei = function (o) { return !!o.bf; };
    var art = codes.delivery[state.art];
    if (art !== undefined) p.art = function (o) { return o.dl.indexOf(art) >= 0; };
    var topic = codes.categories[state.thema];
    if (topic !== undefined) p.thema = function (o) { return o.c.indexOf(topic) >= 0; };
    WHEN.forEach(function (f) { if (state[f]) p[f] = function (o) { return WHEN_TEST[f](o, now); }; });
    return p;
  }

  function activeFilters() {
    return FACETS.filter(function (f) { return f === "alter" ? parseAge(state.alter) !== null : !!state[f]; }).length;
  }

  function parseAge(text) {
    if (text === undefined || text === null || String(text).trim() === "") return null;
    var n = Number(String(text).replace(",", "."));
    return isFinite(n) && n >= 0 ? n : null;
  }

  /* One pass: the offers that pass every filter, and for each facet the counts among the offers
   * that pass all the *other* filters (so a count says what choosing that value would give). */
  function filterAndCount(candidates, now) {
    var preds = predicates(now), active = Object.keys(preds), counts = {};
    ["lebensphase", "stadtteil", "sprache", "art", "thema"].forEach(function (f) {
      counts[f] = new Array(data[TABLE[f]].length).fill(0);
    });
    counts.kostenlos = counts.barrierefrei = counts.offen = counts.heute = counts.woche = 0;
    var passing = [];
    candidates.forEach(function (ref) {
      var o = data.offers[ref], failed = null, fails = 0;
      for (var i = 0; i < active.length && fails < 2; i++) {
        if (!preds[active[i]](o)) { failed = active[i]; fails += 1; }
      }
      if (fails >= 2) return;
      if (fails === 0) passing.push(ref);
      count(o, failed, counts, now);
    });
    return { refs: passing, counts: counts };
  }

  function count(o, only, counts, now) {
    function want(f) { return only === null || only === f; }
    if (want("lebensphase")) o.st.forEach(function (s) { counts.lebensphase[s] += 1; });
    if (want("stadtteil")) {
      for (var d = 0; d < data.districts.length; d++) if (servesDistrict(o, d, state.nachbarn)) counts.stadtteil[d] += 1;
    }
    if (want("sprache")) o.la.forEach(function (l) { counts.sprache[l] += 1; });
    if (want("art")) o.dl.forEach(function (a) { counts.art[a] += 1; });
    if (want("thema")) o.c.forEach(function (c) { counts.thema[c] += 1; });
    if (want("kostenlos") && o.f) counts.kostenlos += 1;
    if (want("barrierefrei") && o.bf) counts.barrierefrei += 1;
    WHEN.forEach(function (f) { if (want(f) && WHEN_TEST[f](o, now)) counts[f] += 1; });
  }

  // --- distance (optional; the position stays in this page) -------------------------------------

  function distanceKm(ref) {
    var g = places && places[ref];
    if (!position || !g) return Infinity;
    var best = Infinity;
    g.forEach(function (g) {
      var rad = Math.PI / 180, dLat = (g[0] - position.lat) * rad, dLon = (g[1] - position.lon) * rad;
      var h = Math.sin(dLat / 2) * Math.sin(dLat / 2) +
        Math.cos(position.lat * rad) * Math.cos(g[0] * rad) * Math.sin(dLon / 2) * Math.sin(dLon / 2);
      best = Math.min(best, 12742 * Math.asin(Math.sqrt(h)));
    });
    return best;
  }

  function kmText(km) {
    return km < 1 ? fill(T.m, Math.max(100, Math.round(km * 10) * 100))
      : fill(T.km, Math.round(km * 10) / 10);
  }

  // --- rendering ----------------------------------------------------------------------------------

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }

  function fact(dl, term, text) {
    var div = el("div"), dd = el("dd", null, text);
    div.appendChild(el("dt", null, term));
    div.appendChild(dd);
    dl.appendChild(div);
    return dd;
  }

  /* The card of overrides/wegweiser/_card.html, built from data. */
  function card(o, km, now) {
    var article = el("article", "ww-card" + (o.ps ? " ww-card--paused" : ""));
    var h = el("h3", "ww-card__title"), a = el("a", null, o.n);
    a.setAttribute("href", base + "angebote/" + encodeURIComponent(o.id) + "/");
    h.appendChild(a);
    article.appendChild(h);
    if (o.ps) article.appendChild(el("p", "ww-badge ww-badge--paused", T.paused));
    var summary = article.appendChild(el("p", "ww-card__summary", o.s));
    var dl = el("dl", "ww-card__facts");
    var provider = fact(dl, T.provider, o.p);
    var cost = fact(dl, T.cost, o.f ? null : (o.k || T.paid));
    if (o.f) cost.appendChild(el("span", "ww-badge ww-badge--free", T.free));
    if (o.la.length) fact(dl, T.languages, o.la.map(function (l) { return data.languages[l].l; }).join(", "));
    fact(dl, T.where, o.w);
    if (o.t || o.tn) {  // the rule in the page's language, then the provider's note (German)
      var when = fact(dl, T.when, o.t && o.tn ? o.t + ". " : o.t);
      if (o.tn) {
        var note = when.appendChild(el("span", null, o.tn));
        if (LANG !== "de") { note.lang = "de"; note.dir = "ltr"; }
      }
    }
    var next = o.sc ? schedule.nextText(o, now, T.next) : "";
    if (next) fact(dl, T.next ? T.next.label : "Nächster Termin", next).parentNode.className = "ww-card__next";
    if (km !== undefined && km !== Infinity) fact(dl, T.distance, kmText(km));
    if (LANG !== "de") {  // the provider's German text, as on the offer pages
      var german = o.tl ? [provider] : [a, summary, provider];  // o.tl: translated name and summary
      german.forEach(function (node) { node.lang = "de"; node.dir = "ltr"; });
      if (o.k) { cost.lang = "de"; cost.dir = "ltr"; }
    }
    article.appendChild(dl);
    return article;
  }

  function countText(n) { return plural(T.found, n); }

  function fillSelect(name, counts) {
    var select = control[name], table = data[TABLE[name]], current = state[name] || "";
    var keep = document.createDocumentFragment();
    keep.appendChild(new Option(ALL_LABEL[name], ""));
    var order = table.map(function (_, i) { return i; });
    if (name === "sprache") order.sort(function (a, b) { return counts[b] - counts[a] || a - b; });
    order.forEach(function (i) {
      if (counts[i] === 0 && table[i].c !== current) return;
      keep.appendChild(new Option(table[i].l + " (" + counts[i] + ")", table[i].c));
    });
    select.textContent = "";
    select.appendChild(keep);
    select.value = current;
    if (select.value !== current) select.value = "";
  }

  /* Without a search word: what the family chose comes first. Held in the chosen Stadtteil, then
   * serving it from elsewhere or held next door, then city-wide; for fewer life stages before
   * those for all; active before paused; then the directory's alphabetical order. */
  function usefulOrder(refs) {
    var d = codes.districts[state.stadtteil], near = d === undefined ? [] : neighbours[d];
    function place(o) {
      if (d === undefined) return 0;
      if (o.cw) return 2;
      if (o.ld.indexOf(d) >= 0) return 0;
      return 1;
    }
    return refs.slice().sort(function (a, b) {
      var x = data.offers[a], y = data.offers[b];
      return ((x.ps ? 1 : 0) - (y.ps ? 1 : 0)) || (place(x) - place(y)) || (x.st.length - y.st.length) || (a - b);
    });
  }

  function orderText(hasWord) {
    if (position) return T.orderDistance;
    if (hasWord) return T.orderBest;
    var d = codes.districts[state.stadtteil];
    return d === undefined ? T.orderUseful : T.orderUsefulIn.replace("{district}", data.districts[d].l);
  }

  /* Search, filter, count and order; then draw once the card texts on screen are there. A newer
   * render (the family typed on) makes an older one drop its result. */
  function render() {
    var mine = ++generation, text = state.q || "";
    var hasWord = queryWords(text).length > 0;
    if (hasWord && !index) {
      statusEl.textContent = T.loading;
      return (drawn = indexLoad.then(function () { if (mine === generation) return render(); }));
    }
    var searching = hasWord ? searchLoaded(text) : Promise.resolve({ refs: null, partial: false });
    return (drawn = searching.then(function (found) {
      if (mine !== generation) return;
      var now = Date.now();
      var candidates = found.refs || data.offers.map(function (_, i) { return i; });
      var result = filterAndCount(candidates, now);
      results = found.refs ? result.refs : usefulOrder(result.refs);
      if (position) {
        var km = new Map();
        results.forEach(function (r) { km.set(r, distanceKm(r)); });
        results = results.slice().sort(function (a, b) { return (km.get(a) - km.get(b)) || 0; });
      }
      ["lebensphase", "stadtteil", "sprache", "art", "thema"].forEach(function (f) { fillSelect(f, result.counts[f]); });
      ["kostenlos", "barrierefrei"].concat(WHEN).forEach(function (f) {
        root.querySelector("[data-count='" + f + "']").textContent = "(" + result.counts[f] + ")";
      });
      var n = activeFilters();
      document.getElementById("ww-active").textContent = n ? "(" + fill(T.active, n) + ")" : "";
      return loadCards(results.slice(0, shown)).then(function () {
        if (mine !== generation) return;
        showResults(found.partial, orderText(hasWord));
        performance.mark("finder-results");
        loadCards(results.slice(shown, shown + PAGE)).catch(function () {});  // for "Weitere Angebote"
      });
    }).catch(function () {
      if (mine === generation) statusEl.textContent = FAILED;
    }));
  }

  var FAILED = T.failed;

  function showResults(partial, order) {
    var frag = document.createDocumentFragment();
    results.slice(0, shown).forEach(function (r) {
      frag.appendChild(card(Object.assign({}, data.offers[r], cards[r]), position ? distanceKm(r) : undefined, Date.now()));
    });
    resultsEl.textContent = "";
    resultsEl.appendChild(frag);
    moreEl.hidden = results.length <= shown;
    var text = (results.length ? countText(results.length) : T.none) + ".";
    statusEl.textContent = text;
    orderEl.textContent = results.length > 1 ? order : "";
    noteEl.hidden = !(partial && results.length) && results.length !== 0;
    if (partial && results.length) {
      noteEl.textContent = T.partial;
    } else if (!results.length) {
      noteEl.textContent = T.tryOther;
    }
  }

  function showMore() {
    var first = shown, mine = generation;
    shown += PAGE;
    loadCards(results.slice(0, shown)).then(function () {
      if (mine !== generation) return;
      var partial = !noteEl.hidden && results.length > 0;
      showResults(partial, orderEl.textContent);
      var link = resultsEl.children[first] && resultsEl.children[first].querySelector("a");
      if (link) link.focus();
    });
  }

  // --- the state and the URL ----------------------------------------------------------------------

  function stateFromUrl() {
    var params = new URLSearchParams(window.location.search), s = {};
    PARAMS.forEach(function (name) {
      var v = params.get(name);
      if (FLAGS.indexOf(name) >= 0) s[name] = v === "1";
      else s[name] = v === null ? "" : v;
    });
    return s;
  }

  function stateFromControls() {
    var s = {};
    PARAMS.forEach(function (name) {
      s[name] = FLAGS.indexOf(name) >= 0 ? control[name].checked : control[name].value;
    });
    return s;
  }

  function showState() {
    PARAMS.forEach(function (name) {
      if (FLAGS.indexOf(name) >= 0) control[name].checked = !!state[name];
      else if (control[name].tagName !== "SELECT") control[name].value = state[name] || "";
    });
  }

  function url(s) {
    var params = new URLSearchParams();
    PARAMS.forEach(function (name) {
      if (FLAGS.indexOf(name) >= 0) { if (s[name]) params.set(name, "1"); }
      else if (s[name] && String(s[name]).trim() !== "") params.set(name, String(s[name]).trim());
    });
    var query = params.toString();
    return window.location.pathname + (query ? "?" + query : "");
  }

  function commit(push) {
    clearTimeout(replaceTimer);
    var target = url(state);
    if (target === window.location.pathname + window.location.search) return;
    if (push) window.history.pushState(null, "", target);
    else window.history.replaceState(null, "", target);
    keepQueryWhenSwitching();
  }

  /* The language menu leads to the same search in the other language: the query goes along. */
  function keepQueryWhenSwitching() {
    document.querySelectorAll(".ww-languages a[hreflang]").forEach(function (a) {
      a.search = window.location.search;
    });
  }

  var pending = false;

  function update(push) {
    state = stateFromControls();
    shown = PAGE;
    if (push) {
      pending = false;
      render();
      commit(true);
      return;
    }
    // Typing: key presses that arrive while a search runs are folded into one search for the
    // latest text, so a slow phone never works through a backlog of stale queries.
    if (!pending) {
      pending = true;
      setTimeout(function () {
        if (!pending) return;
        pending = false;
        state = stateFromControls();
        render();
      }, 0);
    }
    clearTimeout(replaceTimer);
    replaceTimer = setTimeout(function () { commit(false); }, 300);
  }

  // --- wiring -------------------------------------------------------------------------------------

  function wire() {
    input.addEventListener("input", function () { update(false); });
    control.alter.addEventListener("input", function () { update(false); });
    control.alter.addEventListener("change", function () { commit(true); });
    PARAMS.forEach(function (name) {
      if (name === "q" || name === "alter") return;
      control[name].addEventListener("change", function () { update(true); });
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      update(true);
    });
    document.getElementById("ww-reset").addEventListener("click", function () {
      FACETS.concat(["nachbarn"]).forEach(function (name) {
        if (FLAGS.indexOf(name) >= 0) control[name].checked = false; else control[name].value = "";
      });
      update(true);
    });
    moreEl.addEventListener("click", showMore);
    window.addEventListener("popstate", function () {
      state = stateFromUrl();
      keepQueryWhenSwitching();
      shown = PAGE;
      showState();
      render();
    });
    if (navigator.geolocation) locateEl.addEventListener("click", locate);
    else locateEl.hidden = true;
  }

  function locate() {
    if (position) {
      position = null;
      locateEl.textContent = T.locate;
      document.getElementById("ww-locate-hint").hidden = true;
      render();
      return;
    }
    statusEl.textContent = T.locating;
    var placesLoad = places ? Promise.resolve() : fetchJson(folder + "orte.json").then(function (p) { places = p; });
    navigator.geolocation.getCurrentPosition(function (pos) {
      placesLoad.then(function () {
        position = { lat: pos.coords.latitude, lon: pos.coords.longitude };
        locateEl.textContent = T.unlocate;
        document.getElementById("ww-locate-hint").hidden = false;
        render();
      }, function () { statusEl.textContent = FAILED; });
    }, function () {
      statusEl.textContent = T.noPosition;
    }, { enableHighAccuracy: false, timeout: 15000, maximumAge: 600000 });
  }

  /* facetten.json holds one list per key (finder.facet_columns); the code below reads rows. */
  function facetRows(columns, n) {
    var rows = [];
    for (var i = 0; i < n; i++) rows.push({});
    Object.keys(columns).forEach(function (key) {
      columns[key].forEach(function (value, i) { if (value !== null) rows[i][key] = value; });
    });
    return rows;
  }

  function start(facets) {
    data = facets;
    data.offers = facetRows(facets.offers, facets.n);
    schedule = window.WegweiserSchedule.create(data.cal);
    ["stages", "districts", "languages", "delivery", "categories"].forEach(function (key) {
      codes[key] = Object.create(null);
      data[key].forEach(function (row, i) { codes[key][row.c] = i; });
    });
    neighbours = data.districts.map(function (d) { return d.nb; });
    state = stateFromUrl();
    keepQueryWhenSwitching();
    if (input.value.trim() && !state.q) state.q = input.value;  // typed while the data was loading
    showState();
    var box = document.getElementById("ww-filters");
    box.hidden = false;
    // On a phone the filters stay folded (the results come first; the summary counts the active
    // ones): opening them here would push the page down as it loads.
    box.open = window.matchMedia("(min-width: 45em)").matches;
    wire();
    render();
  }

  function ready(enc) {
    // Built at the first search word: its term set is the costliest step of the start on a phone,
    // and a page opened with a Lebensphase or a Stadtteil only never needs it.
    var built = null;
    index = {
      query: function (fn) { built = built || buildIndex(enc); return built.query(fn); },
      merge: function (key) { if (built) built.merge(key); }
    };
    // For tests and benchmarks: the ranked offer ids of a query, before any filter.
    window.wegweiserFinder = { search: function (text) {
      return searchLoaded(text).then(function (found) {
        var refs = found.refs || [];
        return loadCards(refs).then(function () {
          return { ids: refs.map(function (r) { return cards[r].id; }), partial: found.partial };
        });
      });
    } };
  }

  statusEl.textContent = T.loading;
  // lunr and schedule.js (deferred) run after the page is parsed; this script (async) may run before
  // or after them.
  function scriptLoaded(id, here) {
    return new Promise(function (resolve, reject) {
      if (here()) { resolve(); return; }
      var script = document.getElementById(id);
      if (!script) { reject(new Error(id)); return; }
      script.addEventListener("load", function () { if (here()) resolve(); else reject(new Error(id)); });
      script.addEventListener("error", reject);
    });
  }
  var lunrLoaded = scriptLoaded("ww-lunr", function () { return window.lunr && (!STEMMER || window.lunr[STEMMER]); });
  var scheduleLoaded = scriptLoaded("ww-schedule", function () { return window.WegweiserSchedule; });
  var indexLoad = Promise.all([wordsLoad, lunrLoaded]).then(function (loaded) { ready(loaded[0]); });
  // With only a word in the address (no filter), the first results are the search's own order: their
  // card texts are fetched as soon as the word's shard is in, while the facets are still on the way
  // (at thousands of offers the facets are the largest file before the first result).
  (function prefetchFirstCards() {
    var params = new URLSearchParams(window.location.search), q = params.get("q") || "";
    if (!q || PARAMS.some(function (name) { return name !== "q" && params.get(name); })) return;
    indexLoad.then(function () { return searchLoaded(q); })
      .then(function (found) { if (found.refs) return loadCards(found.refs.slice(0, PAGE)); })
      .catch(function () {});
  }());
  Promise.all([facetsLoad, lunrLoaded, scheduleLoaded]).then(function (loaded) { start(loaded[0]); })
    .then(function () { return indexLoad; })
    .then(function () { return drawn; })
    .then(function () {
      document.documentElement.dataset.finder = "ready";
      performance.mark("finder-ready");
    }).catch(function () { statusEl.textContent = FAILED; });
}());
