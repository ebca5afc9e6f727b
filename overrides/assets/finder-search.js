/* The finder's data side (/suche/): what it loads, and which offers a search word and the filters
 * find, counted and ordered. No element of the page is touched here; finder.js draws the results.
 * Its own file so that it starts fetching the moment it arrives: the page preloads both files and
 * runs them async, and whichever runs second hands this file's functions to the other
 * (window.WegweiserFinder), so their order does not matter.
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

  // The page's language: its lunr stemmer if it has one (data-stemmer: the lunr-languages code),
  // and, for German only, lunr.de's stop words.
  var LANG = root.getAttribute("data-lang") || "de";
  var STEMMER = root.getAttribute("data-stemmer") || "";

  var EXACT_BOOST = 10, PREFIX_BOOST = 2, FUZZY_BOOST = 1, PREFIX_MIN = 4, FUZZY_MIN = 5;
  var WHEN = ["offen", "heute", "woche"];
  var TABLE = { lebensphase: "stages", stadtteil: "districts", sprache: "languages", art: "delivery", thema: "categories" };

  var folder = root.getAttribute("data-data");
  var CHUNK = Number(root.getAttribute("data-chunk"));  // offers per card-text file (finder.CARD_CHUNK)
  var data = null, index = null, codes = {}, neighbours = [], schedule = null;
  var cards = [], chunkLoads = Object.create(null), shardLoads = Object.create(null);
  var shardData = Object.create(null), missing = null;

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

  var WORD = /[\p{L}\p{N}]+/gu;

  function words(text) {
    return String(text).normalize("NFC").toLowerCase().match(WORD) || [];
  }

  // Started before anything else: the preloaded facets and words, and the shards of the URL's word.
  var facetsLoad = fetchJson(folder + "facetten.json");
  var wordsLoad = fetchJson(folder + "woerter.json");
  words(new URLSearchParams(window.location.search).get("q") || "").forEach(function (w) {
    loadShard(shardKey(w)).catch(function () {});
  });

  // --- search: the same steps as search.py -----------------------------------------------------


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
  // --- filters, counts and the order without a word ------------------------------------------------

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

  /* The active filters of a state (finder.js: the form's values) as predicates, by facet name. */
  function predicates(state, now) {
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

  function parseAge(text) {
    if (text === undefined || text === null || String(text).trim() === "") return null;
    var n = Number(String(text).replace(",", "."));
    return isFinite(n) && n >= 0 ? n : null;
  }

  /* One pass: the offers that pass every filter, and for each facet the counts among the offers
   * that pass all the *other* filters (so a count says what choosing that value would give). */
  function filterAndCount(candidates, state, now) {
    var preds = predicates(state, now), active = Object.keys(preds), counts = {};
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
      count(o, failed, counts, now, state.nachbarn);
    });
    return { refs: passing, counts: counts };
  }

  function count(o, only, counts, now, withNeighbours) {
    function want(f) { return only === null || only === f; }
    if (want("lebensphase")) o.st.forEach(function (s) { counts.lebensphase[s] += 1; });
    if (want("stadtteil")) {
      for (var d = 0; d < data.districts.length; d++) if (servesDistrict(o, d, withNeighbours)) counts.stadtteil[d] += 1;
    }
    if (want("sprache")) o.la.forEach(function (l) { counts.sprache[l] += 1; });
    if (want("art")) o.dl.forEach(function (a) { counts.art[a] += 1; });
    if (want("thema")) o.c.forEach(function (c) { counts.thema[c] += 1; });
    if (want("kostenlos") && o.f) counts.kostenlos += 1;
    if (want("barrierefrei") && o.bf) counts.barrierefrei += 1;
    WHEN.forEach(function (f) { if (want(f) && WHEN_TEST[f](o, now)) counts[f] += 1; });
  }

  /* Without a search word: what the family chose comes first. Held in the chosen Stadtteil, then
   * serving it from elsewhere or held next door, then city-wide; for fewer life stages before
   * those for all; active before paused; then the directory's alphabetical order. */
  function usefulOrder(refs, state) {
    var d = codes.districts[state.stadtteil];
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

  // --- the start -----------------------------------------------------------------------------------

  /* facetten.json holds one list per key (finder.facet_columns); the code above reads rows. */
  function facetRows(columns, n) {
    var rows = [];
    for (var i = 0; i < n; i++) rows.push({});
    Object.keys(columns).forEach(function (key) {
      columns[key].forEach(function (value, i) { if (value !== null) rows[i][key] = value; });
    });
    return rows;
  }

  /* The loaded facets made ready to filter, once schedule.js has run. */
  function open(facets) {
    data = facets;
    data.offers = facetRows(facets.offers, facets.n);
    schedule = window.WegweiserSchedule.create(data.cal);
    ["stages", "districts", "languages", "delivery", "categories"].forEach(function (key) {
      codes[key] = Object.create(null);
      data[key].forEach(function (row, i) { codes[key][row.c] = i; });
    });
    neighbours = data.districts.map(function (d) { return d.nb; });
    return { data: data, codes: codes, schedule: schedule };
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

  var finder = window.WegweiserFinder || (window.WegweiserFinder = {});
  finder.search = {
    facetsLoad: facetsLoad, lunrLoaded: lunrLoaded, scheduleLoaded: scheduleLoaded, indexLoad: indexLoad,
    indexed: function () { return index !== null; },
    fetchJson: fetchJson, loadCards: loadCards, cards: cards,
    queryWords: queryWords, searchLoaded: searchLoaded,
    open: open, filterAndCount: filterAndCount, usefulOrder: usefulOrder, parseAge: parseAge,
    WHEN: WHEN, TABLE: TABLE
  };
  if (finder.show) finder.show(finder.search);
}());
