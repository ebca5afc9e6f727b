/* The finder at /suche/: full-text search (lunr.js with lunr.de), facets with counts, the state in
 * the URL. Everything runs on the device: no request leaves the site, the position (optional) is
 * used only here. Text from the data is only ever set with textContent, never as HTML.
 *
 * This file is the page side: the form, the URL, the cards, the position. What is loaded and which
 * offers match is finder-search.js; the two meet in window.WegweiserFinder (both load async, and
 * whichever runs second starts the finder).
 */
(function () {
  "use strict";

  var finder = window.WegweiserFinder || (window.WegweiserFinder = {});

  finder.show = function (S) {
    var root = document.getElementById("ww-finder");
    var queryWords = S.queryWords, searchLoaded = S.searchLoaded, loadCards = S.loadCards, cards = S.cards;
    var fetchJson = S.fetchJson, parseAge = S.parseAge, WHEN = S.WHEN, TABLE = S.TABLE;

    // The page's language: its words (from the catalog, see finder.finder_text).
    var LANG = root.getAttribute("data-lang") || "de";
    var T = JSON.parse(root.getAttribute("data-text") || "{}");
    var PLURAL = new Intl.PluralRules(LANG);
    function fill(template, n) { return template.replace("{n}", n.toLocaleString(LANG)); }
    function plural(forms, n) { return fill(forms[PLURAL.select(n)] || forms.other, n); }

    var PAGE = 20;
    var FACETS = ["lebensphase", "stadtteil", "alter", "kostenlos", "sprache", "barrierefrei", "art", "thema", "offen", "heute", "woche"];
    var FLAGS = ["nachbarn", "kostenlos", "barrierefrei", "offen", "heute", "woche"];
    var PARAMS = ["q", "lebensphase", "stadtteil", "nachbarn", "alter", "kostenlos", "sprache", "barrierefrei",
      "art", "thema", "offen", "heute", "woche"];
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
    var data = null, codes = {}, schedule = null;
    var state = {}, results = [], shown = PAGE, position = null, replaceTimer = 0, generation = 0;
    var drawn = null;  // the latest render: "ready" is said once the first results are drawn
    var places = null;

    function activeFilters() {
      return FACETS.filter(function (f) { return f === "alter" ? parseAge(state.alter) !== null : !!state[f]; }).length;
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
      if (hasWord && !S.indexed()) {
        statusEl.textContent = T.loading;
        return (drawn = S.indexLoad.then(function () { if (mine === generation) return render(); }));
      }
      var searching = hasWord ? searchLoaded(text) : Promise.resolve({ refs: null, partial: false });
      return (drawn = searching.then(function (found) {
        if (mine !== generation) return;
        var now = Date.now();
        var candidates = found.refs || data.offers.map(function (_, i) { return i; });
        var result = S.filterAndCount(candidates, state, now);
        results = found.refs ? result.refs : S.usefulOrder(result.refs, state);
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


    function start(facets) {
      var opened = S.open(facets);
      data = opened.data;
      codes = opened.codes;
      schedule = opened.schedule;
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

    statusEl.textContent = T.loading;
    // With only a word in the address (no filter), the first results are the search's own order: their
    // card texts are fetched as soon as the word's shard is in, while the facets are still on the way
    // (at thousands of offers the facets are the largest file before the first result).
    (function prefetchFirstCards() {
      var params = new URLSearchParams(window.location.search), q = params.get("q") || "";
      if (!q || PARAMS.some(function (name) { return name !== "q" && params.get(name); })) return;
      S.indexLoad.then(function () { return searchLoaded(q); })
        .then(function (found) { if (found.refs) return loadCards(found.refs.slice(0, PAGE)); })
        .catch(function () {});
    }());
    Promise.all([S.facetsLoad, S.lunrLoaded, S.scheduleLoaded]).then(function (loaded) { start(loaded[0]); })
      .then(function () { return S.indexLoad; })
      .then(function () { return drawn; })
      .then(function () {
        document.documentElement.dataset.finder = "ready";
        performance.mark("finder-ready");
      }).catch(function () { statusEl.textContent = FAILED; });
  };
  if (finder.search) finder.show(finder.search);
}());
