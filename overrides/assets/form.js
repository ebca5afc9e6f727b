/* The form /mitmachen/: fill, read, check and write an offer file in the browser.
 *
 * The fields come from the offer schema (site/form.py renders them and embeds their description as
 * JSON, #ww-form-spec), so this file knows kinds of fields, never particular fields, except for the
 * few rules that span several fields (the same ones `wegweiser check` applies, content/rules.py).
 * Nothing is sent anywhere: the file is written here and handed to GitHub, GitLab or an e-mail by
 * the provider. The YAML it writes quotes every string, so the strict loader reads every value back
 * as written (content/yamlload.py; tests/test_form_browser.py parses the texts with it).
 */
(function () {
  "use strict";
  var app = document.getElementById("ww-form-app");
  if (!app) return;
  var spec = JSON.parse(document.getElementById("ww-form-spec").textContent);
  var form = document.getElementById("ww-form");
  var fileBox = document.getElementById("ww-file");
  var idInput = document.getElementById("ww-id");
  var bodyInput = document.getElementById("ww-body");
  var confirmBox = document.getElementById("ww-confirm");
  var CITYWIDE = "gesamtstadt";
  var MAX_BODY = Number(bodyInput.getAttribute("maxlength"));
  var ID = /^[a-z0-9]+(-[a-z0-9]+)*$/;
  var URL_LIMIT = 8000; // GitHub refuses longer addresses: then copy and paste
  var state = { editing: "", idTouched: false, counter: 0, reviewedBefore: null, version: 0 };

  // --- the form's tree: [data-key] nodes inside [data-item] scopes ----------------------------

  // The nodes directly inside a scope, cached until a list item is added or removed.
  var cache = new WeakMap();
  function kids(scope) {
    var hit = cache.get(scope);
    if (hit && hit.version === state.version) return hit.list;
    var list = Array.prototype.filter.call(scope.querySelectorAll("[data-key]"), function (el) {
      return el.parentElement.closest("[data-key],[data-item]") === scope;
    });
    cache.set(scope, { version: state.version, list: list });
    return list;
  }
  function child(scope, key) {
    var list = kids(scope);
    for (var i = 0; i < list.length; i++) if (list[i].dataset.key === key) return list[i];
    return null;
  }
  function control(el) { return el.querySelector("input,select,textarea"); }
  // A list's own parts are its direct children: a block may hold lists of its own (weeks, dates).
  function own(listEl, sel) { return listEl.querySelector(":scope > " + sel); }
  function items(listEl) { return Array.prototype.slice.call(own(listEl, ".ww-items").children); }
  function itemScope(node, item) { return node.item.kind === "object" ? item : child(item, ""); }

  function addItem(listEl, focus) {
    var tpl = own(listEl, "template");
    var html = tpl.innerHTML.split(listEl.dataset.placeholder).join(String(++state.counter));
    var holder = document.createElement("div");
    holder.innerHTML = html.trim();
    var item = holder.firstElementChild;
    own(listEl, ".ww-items").appendChild(item);
    state.version++;
    if (focus) { var first = item.querySelector("input,select,textarea"); if (first) first.focus(); }
    return item;
  }

  // --- reading values ---------------------------------------------------------------------------

  var BAD = { bad: true }; // a value that cannot be read (not a number, broken JSON)

  function read(node, el) {
    if (!el) return undefined;
    var k = node.kind, c, v;
    if (k === "object") {
      var out = {}, any = false;
      node.children.forEach(function (ch) {
        var x = read(ch, child(el, ch.key));
        if (x !== undefined) { out[ch.key] = x; any = true; }
      });
      return any ? out : undefined;
    }
    if (k === "list") {
      var vals = items(el).map(function (it) { return read(node.item, itemScope(node, it)); })
        .filter(function (x) { return x !== undefined; });
      return vals.length ? vals : undefined;
    }
    if (k === "checks") {
      var checked = {};
      el.querySelectorAll("input[type=checkbox]").forEach(function (b) { if (b.checked) checked[b.value] = 1; });
      var order = (el._order || []).filter(function (x) { return checked[x]; });
      Object.keys(checked).forEach(function (x) { if (order.indexOf(x) < 0) order.push(x); });
      if (node.rules && node.rules.numeric) order = order.map(Number);
      return order.length ? order : undefined;
    }
    c = control(el);
    v = c.value;
    if (k === "number" || k === "integer") {
      if (c.validity && c.validity.badInput) return BAD;
      return v === "" ? undefined : Number(v);
    }
    if (k === "boolean") return v === "true" ? true : v === "false" ? false : undefined;
    if (k === "json") {
      if (!v.trim()) return undefined;
      try { return JSON.parse(v); } catch (e) { return BAD; }
    }
    return v === "" ? undefined : v;
  }

  function fill(node, el, value) {
    if (!el) return;
    var k = node.kind, c;
    if (k === "object") {
      node.children.forEach(function (ch) { fill(ch, child(el, ch.key), value ? value[ch.key] : undefined); });
      return;
    }
    if (k === "list") {
      own(el, ".ww-items").innerHTML = "";
      state.version++;
      (value || []).forEach(function (v) { fill(node.item, itemScope(node, addItem(el)), v); });
      return;
    }
    if (k === "checks") {
      var vals = (value || []).map(String); // checkbox values are text; weeks and months are numbers
      el._order = vals.slice();
      el.querySelectorAll("input[type=checkbox]").forEach(function (b) { b.checked = vals.indexOf(b.value) >= 0; });
      return;
    }
    c = control(el);
    if (value === undefined || value === null) c.value = "";
    else if (k === "json") c.value = JSON.stringify(value);
    else c.value = String(value);
  }

  // --- YAML that the strict loader reads back as the same data ------------------------------------

  function quote(s) {
    return '"' + s.replace(/[\\"]/g, "\\$&").replace(
      /[\u0000-\u001f\u007f-\u009f\u00ad\u2028\u2029\ufeff\ufffe\uffff]/g, function (ch) {
        return "\\u" + ("000" + ch.charCodeAt(0).toString(16)).slice(-4);
      }) + '"';
  }
  function flow(v) {
    if (typeof v === "string") return quote(v);
    if (typeof v === "number" || typeof v === "boolean") return String(v);
    if (v === null) return "null";
    if (Array.isArray(v)) return "[" + v.map(flow).join(", ") + "]";
    return "{" + Object.keys(v).map(function (k) { return key(k) + ": " + flow(v[k]); }).join(", ") + "}";
  }
  function key(k) { return /^[A-Za-z_][A-Za-z0-9_]*$/.test(k) ? k : quote(k); }
  function simple(v) { return v === null || typeof v !== "object"; }

  function block(obj, indent) {
    var pad = new Array(indent + 1).join(" "), lines = [];
    Object.keys(obj).forEach(function (k) {
      var v = obj[k];
      if (Array.isArray(v) && v.length && !v.every(simple)) {
        lines.push(pad + key(k) + ":");
        v.forEach(function (it) {
          if (it && typeof it === "object" && !Array.isArray(it) && Object.keys(it).length) {
            var inner = block(it, indent + 4).split("\n");
            inner[0] = pad + "  - " + inner[0].slice(indent + 4);
            lines.push(inner.join("\n"));
          } else lines.push(pad + "  - " + flow(it));
        });
      } else if (v && typeof v === "object" && !Array.isArray(v) && Object.keys(v).length) {
        lines.push(pad + key(k) + ":");
        lines.push(block(v, indent + 2));
      } else lines.push(pad + key(k) + ": " + flow(v));
    });
    return lines.join("\n");
  }

  function fileText(data, body) {
    var text = body.replace(/\r\n?/g, "\n");
    if (text && !/\n$/.test(text)) text += "\n";
    return "---\n" + block(data, 0) + "\n---\n" + text;
  }

  // --- checking: the schema's constraints and the rules across fields ----------------------------

  var problems = [];
  function problem(target, message) { problems.push({ target: target, message: message }); }
  function label(node) { return "„" + node.label + "“"; }
  function focusTarget(node, el) {
    if (!el) return null;
    if (node.kind === "checks" || node.kind === "object" || node.kind === "list") {
      return el.querySelector("input,select,textarea,button") || el;
    }
    return control(el);
  }
  function missing(node, el) {
    if (node.kind === "checks" || node.kind === "list") return problem(focusTarget(node, el), "Wählen oder ergänzen Sie mindestens einen Eintrag bei " + label(node) + ".");
    if (node.kind === "object") return problem(focusTarget(node, el), "Füllen Sie " + label(node) + " aus.");
    problem(focusTarget(node, el), "Füllen Sie " + label(node) + " aus.");
  }

  function check(node, el, value) {
    var r = node.rules || {}, t = focusTarget(node, el);
    if (value === BAD) {
      return problem(t, node.kind === "json" ? label(node) + " ist kein gültiger JSON-Text."
        : label(node) + ": Geben Sie eine Zahl ein, z. B. 3 oder 0.5.");
    }
    if (node.kind === "object") {
      var count = 0;
      node.children.forEach(function (ch) {
        var cel = child(el, ch.key), v = read(ch, cel);
        if (v === undefined) { if (ch.required) missing(ch, cel); }
        else { count++; check(ch, cel, v); }
      });
      Object.keys(r.dependentRequired || {}).forEach(function (k) {  // e.g. lat and lon: both or neither
        if (read(nodeByKey(node, k), child(el, k)) === undefined) return;
        r.dependentRequired[k].forEach(function (dep) {
          var dn = nodeByKey(node, dep), dv = read(dn, child(el, dep));
          if (dv === undefined) problem(focusTarget(dn, child(el, dep)), "Füllen Sie auch " + label(dn) + " aus (" + label(nodeByKey(node, k)) + " steht schon da).");
        });
      });
      if (r.minProperties && count < r.minProperties) problem(t, label(node) + ": " + (r.error || "Geben Sie mindestens eine Angabe an, z. B. Telefon oder E-Mail."));
      return;
    }
    if (node.kind === "list" || node.kind === "checks") {
      if (r.minItems && value.length < r.minItems) problem(t, label(node) + ": Geben Sie mindestens " + r.minItems + " an.");
      if (r.maxItems && value.length > r.maxItems) problem(t, label(node) + ": Wählen Sie höchstens " + r.maxItems + " aus.");
      if (node.kind === "list") {
        items(el).forEach(function (it) {
          var scope = itemScope(node, it), v = read(node.item, scope);
          if (v !== undefined) check(node.item, scope, v);
        });
      }
      return;
    }
    if (typeof value === "string") {
      if (r.minLength && value.length < r.minLength) missing(node, el);
      else if (r.maxLength && value.length > r.maxLength) problem(t, label(node) + " ist zu lang: " + value.length + " Zeichen, erlaubt sind höchstens " + r.maxLength + ".");
      else if (r.notBlank && !value.trim()) missing(node, el);
      else if (r.pattern && !matches(r.pattern, value)) {
        problem(t, label(node) + ": " + (r.error || "Der Text darf keine Zeilenumbrüche oder unsichtbaren Zeichen enthalten."));
      } else if (r.date && !isDate(value)) problem(t, label(node) + ": Schreiben Sie das Datum als JJJJ-MM-TT, z. B. 2026-03-01.");
    }
    if (typeof value === "number") {
      if (node.kind === "integer" && !Number.isInteger(value)) problem(t, label(node) + ": Geben Sie eine ganze Zahl ein.");
      if ((r.min !== undefined && value < r.min) || (r.max !== undefined && value > r.max)) {
        problem(t, label(node) + " muss zwischen " + r.min + " und " + r.max + " liegen.");
      }
    }
  }
  function nodeByKey(node, k) { return node.children.filter(function (c) { return c.key === k; })[0]; }
  var patterns = {};
  function matches(p, v) {
    if (!(p in patterns)) { try { patterns[p] = new RegExp(p); } catch (e) { patterns[p] = null; } }
    return !patterns[p] || patterns[p].test(v);
  }
  function isDate(v) {
    if (!/^[0-9]{4}-[0-9]{2}-[0-9]{2}$/.test(v)) return false;
    var d = new Date(v + "T00:00:00Z");
    return !isNaN(d) && d.toISOString().slice(0, 10) === v;
  }

  function top(k) { return child(form, k); }
  function nodeOf(k) { for (var i = 0; i < spec.children.length; i++) if (spec.children[i].key === k) return spec.children[i]; return null; }

  function crossRules(data) {
    var delivery = data.delivery;
    if ((!delivery || delivery.indexOf("vor_ort") >= 0) && !data.locations && nodeOf("locations")) {
      problem(focusTarget(nodeOf("locations"), top("locations")), "Es fehlt mindestens ein Ort. Findet das Angebot nicht vor Ort statt, wählen Sie bei „Wie findet das Angebot statt?“ z. B. online oder am Telefon.");
    }
    var districts = data.districts || [];
    if (districts.indexOf(CITYWIDE) >= 0 && districts.length > 1) {
      problem(focusTarget(nodeOf("districts"), top("districts")), "„ganze Stadt“ gilt schon für alle Stadtteile. Wählen Sie entweder nur „ganze Stadt“ oder nur einzelne Stadtteile.");
    }
    var age = data.age;
    if (age && typeof age.min === "number" && typeof age.max === "number" && age.min > age.max) {
      problem(control(child(top("age"), "max")), "Das Höchstalter (" + age.max + ") ist kleiner als das Mindestalter (" + age.min + "). Vertauscht?");
    }
    var sched = top("schedule");
    if (sched && nodeOf("schedule").item.kind === "object") {
      items(sched).forEach(function (it) {
        var o = child(it, "opens"), c = child(it, "closes");
        if (!o || !c) return;
        var ov = control(o).value, cv = control(c).value;
        if (ov && cv && ov >= cv && cv !== "00:00") problem(control(c), "Das Ende (" + cv + ") liegt nicht nach dem Beginn (" + ov + ").");
        var block = read(nodeOf("schedule").item, it);
        if (!block) return;
        // the rules of content/schedules.py that the schema alone cannot say
        if (block.by_appointment !== true) {
          if (!ov) problem(control(o), "Füllen Sie „Beginn“ aus, oder wählen Sie „Nur nach Vereinbarung“.");
          if (!cv) problem(control(c), "Füllen Sie „Ende“ aus, oder wählen Sie „Nur nach Vereinbarung“.");
        }
        var d = child(it, "days");
        if (d && !block.days && !block.dates && block.by_appointment !== true) {
          problem(focusTarget(nodeByKey(nodeOf("schedule").item, "days"), d), "Wählen Sie die Wochentage, oder tragen Sie einzelne Termine ein.");
        }
        if ((block.every_weeks || block.count) && !block.from && child(it, "from")) {
          problem(control(child(it, "from")), "Bei „" + (block.count ? "Kurs: Zahl der Termine" : "Nur jede n-te Woche") + "“ braucht es „Gilt ab“: ab welchem Tag wird gezählt?");
        }
      });
    }
    if (data.valid_from && data.valid_until && data.valid_from > data.valid_until) {
      problem(control(top("valid_until")), "Das Ende (" + data.valid_until + ") liegt vor dem Beginn (" + data.valid_from + ").");
    }
  }

  function validate() {
    problems = [];
    var data = read(spec, form) || {};
    if (!idInput.value) problem(idInput, "Füllen Sie „Kennung (Dateiname)“ aus.");
    else if (!ID.test(idInput.value) || idInput.value.length > 80) problem(idInput, "„Kennung (Dateiname)“: nur Kleinbuchstaben a–z, Ziffern und einzelne Bindestriche, höchstens 80 Zeichen, z. B. krabbelgruppe-erle.");
    spec.children.forEach(function (ch) {
      var el = top(ch.key), v = read(ch, el);
      if (v === undefined) { if (ch.required && ch.key !== "last_reviewed") missing(ch, el); }
      else check(ch, el, v);
    });
    var body = bodyInput.value.trim();
    if (!body) problem(bodyInput, "Füllen Sie „Beschreibung“ aus: ein paar Sätze, was Familien erwartet.");
    else if (body.length > MAX_BODY) problem(bodyInput, "Die Beschreibung ist zu lang: " + body.length + " Zeichen, erlaubt sind höchstens " + MAX_BODY + ".");
    crossRules(data);
    if (confirmBox && !confirmBox.checked) problem(confirmBox, "Bestätigen Sie unten, dass Sie alle Angaben geprüft haben.");
    return problems;
  }

  function showProblems(list) {
    document.querySelectorAll(".ww-error").forEach(function (p) { p.hidden = true; p.textContent = ""; });
    document.querySelectorAll("[aria-invalid]").forEach(function (c) { c.removeAttribute("aria-invalid"); });
    var box = document.getElementById("ww-errors"), ul = box.querySelector("ul");
    ul.innerHTML = "";
    list.forEach(function (p) {
      var t = p.target;
      if (!t.id) t.id = "ww-x-" + (++state.counter);
      var wrap = t.closest("[data-key],[data-id],[data-body]");
      var slot = wrap && wrap.querySelector(".ww-error");
      if (slot && slot.hidden) { slot.hidden = false; slot.textContent = p.message; }
      if (t.matches("input,select,textarea")) t.setAttribute("aria-invalid", "true");
      var li = document.createElement("li"), a = document.createElement("a");
      a.href = "#" + t.id;
      a.textContent = p.message;
      a.addEventListener("click", function (e) { e.preventDefault(); t.focus(); });
      li.appendChild(a);
      ul.appendChild(li);
    });
    box.hidden = !list.length;
    if (list.length) box.focus();
  }

  // --- the file and the ways to send it --------------------------------------------------------------

  function current() {
    var data = read(spec, form) || {};
    return { data: data, text: fileText(data, bodyInput.value), id: idInput.value,
      path: app.dataset.folder + "/" + idInput.value + ".md" };
  }

  function update() {
    var f = current();
    fileBox.value = f.text;
    document.getElementById("ww-file-name").textContent = f.id ? "(" + f.path + ")" : "";
    var routes = document.getElementById("ww-routes");
    if (!routes.hidden) links(f);
  }

  function enc(path) { return path.split("/").map(encodeURIComponent).join("/"); }

  // The links of each route, the same as site/repository.py builds for the quality report.
  function repoLinks(f, editing) {
    var host = app.dataset.host, repo = app.dataset.repo, branch = enc(app.dataset.branch || "main");
    if (!host) return null;
    if (host === "github") {
      if (editing) return { url: repo + "/edit/" + branch + "/" + enc(f.path), copy: true };
      var full = repo + "/new/" + branch + "?filename=" + enc(f.path) + "&value=" + encodeURIComponent(f.text);
      if (full.length <= URL_LIMIT) return { url: full, copy: false };
      return { url: repo + "/new/" + branch + "?filename=" + enc(f.path), copy: true };
    }
    if (editing) return { url: repo + "/-/edit/" + branch + "/" + enc(f.path), copy: true };
    return { url: repo + "/-/new/" + branch + "/" + enc(app.dataset.folder), copy: true, name: true };
  }

  function mailLink(f, editing) {
    var email = app.dataset.email;
    if (!email) return "";
    var name = (f.data && f.data.name) || f.id;
    var subject = (editing ? "Änderung des Angebots „" : "Neues Angebot „") + name + "“ (" + f.id + ")";
    var body = "Guten Tag,\n\n" + (editing ? "anbei die geänderten Angaben zum Angebot „" : "anbei die Angaben zu unserem neuen Angebot „")
      + name + "“.\n\nDie Datei " + f.id + ".md hänge ich an diese E-Mail an.\n\nMit freundlichen Grüßen\n";
    return "mailto:" + email + "?subject=" + encodeURIComponent(subject) + "&body=" + encodeURIComponent(body);
  }

  var blobUrl = "";
  function links(f) {
    var editing = !!state.editing;
    var open = document.getElementById("ww-open"), how = document.getElementById("ww-repo-how");
    var r = repoLinks(f, editing);
    if (open && r) {
      open.href = r.url;
      open.target = "_blank";
      open.dataset.copy = r.copy ? "1" : "";
      var site = app.dataset.host === "github" ? "GitHub" : "GitLab";
      how.textContent = !r.copy
        ? "Die Schaltfläche öffnet " + site + " mit der fertigen Datei " + f.path + ". Melden Sie sich an und klicken Sie unten auf „Propose new file“ (Datei vorschlagen). Ohne Schreibrechte legt " + site + " dafür selbst eine Kopie an und schlägt die Änderung vor."
        : r.name
          ? "Die Schaltfläche kopiert den Text der Datei und öffnet " + site + ". Dort: 1. als Dateiname „" + f.id + ".md“ eintragen, 2. in das große Feld klicken und den Text einfügen (Strg+V), 3. unten „Commit changes“ wählen und einen Merge Request anlegen."
          : "Die Schaltfläche kopiert den Text der Datei und öffnet " + (editing ? "die Datei " + f.path : "die neue Datei " + f.path) + " bei " + site + ". Dort: 1. in das große Feld klicken und alles markieren (Strg+A), 2. den Text einfügen (Strg+V), 3. unten die Änderung vorschlagen („Propose changes“ bzw. „Commit changes“).";
    }
    var dl = document.getElementById("ww-download");
    if (blobUrl) URL.revokeObjectURL(blobUrl);
    blobUrl = URL.createObjectURL(new Blob([f.text], { type: "text/markdown;charset=utf-8" }));
    dl.href = blobUrl;
    dl.download = (f.id || "angebot") + ".md";
    var mail = document.getElementById("ww-mail");
    if (mail) mail.href = mailLink(f, editing);
  }

  function copyText(text) {
    if (navigator.clipboard && navigator.clipboard.writeText) return navigator.clipboard.writeText(text).catch(fallbackCopy);
    fallbackCopy();
    return Promise.resolve();
    function fallbackCopy() { fileBox.focus(); fileBox.select(); try { document.execCommand("copy"); } catch (e) { /* shown selected */ } }
  }

  function status(message) { document.getElementById("ww-status").textContent = message; }

  // --- the id from the name, and whether it is free ---------------------------------------------------

  function slug(text) {
    var s = text.toLowerCase().replace(/ä/g, "ae").replace(/ö/g, "oe").replace(/ü/g, "ue").replace(/ß/g, "ss")
      .normalize("NFKD").replace(/[\u0300-\u036f]/g, "").replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
    if (s.length > 80) s = s.slice(0, 80).replace(/-[^-]*$/, "");
    return s;
  }

  function idTaken(id) {
    return fetch(app.dataset.prefill + encodeURIComponent(id) + ".json", { method: "HEAD", cache: "no-store" })
      .then(function (r) { return r.ok; }).catch(function () { return false; });
  }

  // --- filling from an existing offer ------------------------------------------------------------------

  function loadData(id, data, body) {
    fill(spec, form, data);
    bodyInput.value = body || "";
    idInput.value = id;
    state.reviewedBefore = null;
    if (confirmBox) confirmBox.checked = false;
    update();
  }

  function load(id) {
    return fetch(app.dataset.prefill + encodeURIComponent(id) + ".json").then(function (r) {
      if (!r.ok) throw new Error(String(r.status));
      return r.json();
    }).then(function (p) {
      p = unmark(p);
      state.editing = p.id;
      idInput.readOnly = true;
      loadData(p.id, p.front, p.body);
      mode("Sie ändern das Angebot „" + (p.front.name || p.id) + "“. Die Kennung bleibt gleich.");
      return fileBox.value;
    });
  }

  // The build marks text that reads as a script URL with a leading U+2060 (site/form.py).
  function unmark(v) {
    if (typeof v === "string") return v.charAt(0) === "\u2060" ? v.slice(1) : v;
    if (Array.isArray(v)) return v.map(unmark);
    if (v && typeof v === "object") {
      var out = {};
      Object.keys(v).forEach(function (k) { out[k] = unmark(v[k]); });
      return out;
    }
    return v;
  }

  function mode(text) { var m = document.getElementById("ww-form-mode"); m.hidden = !text; m.textContent = text; }

  function startNew() {
    var st = top("status");  // a new offer is usually running: one choice less for the provider
    if (st && !control(st).value && control(st).querySelector('option[value="active"]')) control(st).value = "active";
    ["locations", "schedule"].forEach(function (k) {
      var el = top(k);
      if (el && !items(el).length) addItem(el);
    });
    update();
  }

  // --- the map: tap a Stadtteil, then the place -----------------------------------------------------------

  var map = document.getElementById("ww-map"), mapItem = null, areas = null;
  function svgPoint(svg, e) {
    var pt = svg.createSVGPoint();
    pt.x = e.clientX; pt.y = e.clientY;
    return pt.matrixTransform(svg.getScreenCTM().inverse());
  }
  function toLonLat(x, y) {
    var d = map.dataset, R = Number(d.r), s = Number(d.scale);
    var mx = x / s + Number(d.x0), my = Number(d.y1) - y / s;
    return [mx / R * 180 / Math.PI, (2 * Math.atan(Math.exp(my / R)) - Math.PI / 2) * 180 / Math.PI];
  }
  function toXY(lon, lat) {
    var d = map.dataset, R = Number(d.r), s = Number(d.scale);
    var mx = R * lon * Math.PI / 180, my = R * Math.log(Math.tan(Math.PI / 4 + lat * Math.PI / 360));
    return [(mx - Number(d.x0)) * s, (Number(d.y1) - my) * s];
  }
  function zoom(box, name, did) {
    var svg = map.querySelector("svg");
    svg.setAttribute("viewBox", box);
    // about 7 px on screen: the drawn scale, which the height limits on a wide screen (not the width)
    var ctm = svg.getScreenCTM(), w = Number(box.split(" ")[2]);
    var perUnit = ctm && ctm.a ? ctm.a : (svg.getBoundingClientRect().width || 400) / w;
    map.querySelector(".ww-map__pin").setAttribute("r", String(7 / perUnit));
    map.querySelectorAll("path[data-chosen]").forEach(function (p) { p.removeAttribute("data-chosen"); });
    var chosen = did && districtPath(did);
    if (chosen) chosen.setAttribute("data-chosen", "");
    map.dataset.zoomed = box === map.dataset.box ? "" : "1";
    map.querySelector(".ww-map__labels").style.display = map.dataset.zoomed ? "none" : "";
    document.getElementById("ww-map-caption").textContent = map.dataset.zoomed
      ? (name ? name + ": " : "") + "Tippen Sie jetzt auf die genaue Stelle des Ortes. Breiten- und Längengrad werden dann eingetragen."
      : "Tippen Sie zuerst auf den Stadtteil, dann auf die genaue Stelle des Ortes.";
  }
  function districtPath(did) { return map.querySelector('path[data-district="' + did + '"]'); }
  function showPin(item) {
    var lat = child(item, "lat"), lon = child(item, "lon"), pin = map.querySelector(".ww-map__pin");
    var la = lat && Number(control(lat).value), lo = lon && Number(control(lon).value);
    if (la && lo) { var p = toXY(lo, la); pin.setAttribute("cx", p[0]); pin.setAttribute("cy", p[1]); }
    else { pin.setAttribute("cx", -100); pin.setAttribute("cy", -100); }
  }
  function openMap(item) {
    mapItem = item;
    item.querySelector(".ww-map-slot").appendChild(map);
    map.hidden = false;
    var sel = child(item, "district"), path = sel && control(sel).value && districtPath(control(sel).value);
    zoom(path ? path.dataset.zoom : map.dataset.box, path ? path.dataset.name : "", path ? path.dataset.district : "");
    showPin(item);
  }

  function boundaries() {
    if (!areas) {
      areas = fetch(app.dataset.base + "districts.geojson").then(function (r) { return r.json(); })
        .then(function (g) { return g.features; }).catch(function () { return []; });
    }
    return areas;
  }
  function inRing(x, y, ring) {
    var inside = false;
    for (var i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      var xi = ring[i][0], yi = ring[i][1], xj = ring[j][0], yj = ring[j][1];
      if ((yi > y) !== (yj > y) && x < (xj - xi) * (y - yi) / (yj - yi) + xi) inside = !inside;
    }
    return inside;
  }
  function inArea(lon, lat, geometry) {
    var polys = geometry.type === "Polygon" ? [geometry.coordinates] : geometry.coordinates;
    return polys.some(function (poly) {
      return inRing(lon, lat, poly[0]) && !poly.slice(1).some(function (h) { return inRing(lon, lat, h); });
    });
  }
  // Like `wegweiser check`: a warning when the place lies outside the Stadtteil chosen for it.
  function placeCheck(item) {
    var lat = child(item, "lat"), lon = child(item, "lon"), sel = child(item, "district");
    if (!lat || !lon || !sel) return;
    var la = Number(control(lat).value), lo = Number(control(lon).value), note = item.querySelector(".ww-place-note");
    if (!note) { note = document.createElement("p"); note.className = "ww-place-note"; note.setAttribute("role", "status"); sel.appendChild(note); }
    if (!control(lat).value || !control(lon).value) { note.textContent = ""; return; }
    boundaries().then(function (features) {
      var found = features.filter(function (f) { return f.geometry && inArea(lo, la, f.geometry); })[0];
      var did = found && found.properties.id, chosen = control(sel).value;
      var name = function (id) { var o = control(sel).querySelector('option[value="' + id + '"]'); return o ? o.textContent : id; };
      if (!chosen && did) { control(sel).value = did; update(); note.textContent = "Der Ort liegt im Stadtteil " + name(did) + "."; }
      else if (!did) note.textContent = features.length ? "Achtung: Der Punkt liegt in keinem Stadtteil der Stadt. Prüfen Sie Breiten- und Längengrad." : "";
      else if (did !== chosen) note.textContent = "Achtung: Der Punkt liegt im Stadtteil " + name(did) + ", nicht in " + name(chosen) + ". Prüfen Sie den Ort oder den Stadtteil.";
      else note.textContent = "Der Punkt liegt im Stadtteil " + name(did) + ".";
    });
  }

  if (map) {
    map.querySelector("svg").addEventListener("click", function (e) {
      if (!mapItem) return;
      var svg = map.querySelector("svg"), p = svgPoint(svg, e), target = e.target.closest("path[data-district]");
      if (!map.dataset.zoomed) {
        if (!target) return;
        zoom(target.dataset.zoom, target.dataset.name, target.dataset.district);
        var sel = child(mapItem, "district");
        if (sel && !control(sel).value) control(sel).value = target.dataset.district;
        update();
        return;
      }
      var ll = toLonLat(p.x, p.y);
      control(child(mapItem, "lat")).value = ll[1].toFixed(5).replace(/\.?0+$/, "");
      control(child(mapItem, "lon")).value = ll[0].toFixed(5).replace(/\.?0+$/, "");
      showPin(mapItem);
      placeCheck(mapItem);
      update();
    });
    map.querySelector("[data-map-city]").addEventListener("click", function () { zoom(map.dataset.box); });
    map.querySelector("[data-map-close]").addEventListener("click", function () {
      map.hidden = true;
      var btn = mapItem && mapItem.querySelector("[data-map-open]");
      mapItem = null;
      if (btn) btn.focus();
    });
  }

  // --- staff: load a file's text into the form ------------------------------------------------------------

  // js-yaml (vendored, MIT) is fetched only when staff load a file. Its FAILSAFE schema reads every
  // scalar as text, and the form's kinds decide what is a number or a boolean, as yamlload does.
  var yamlLib = null;
  function withYaml() {
    if (!yamlLib) {
      yamlLib = new Promise(function (resolve, reject) {
        var s = document.createElement("script");
        s.src = app.dataset.base + "assets/vendor/js-yaml.min.js";
        s.onload = function () { resolve(window.jsyaml); };
        s.onerror = reject;
        document.head.appendChild(s);
      });
    }
    return yamlLib;
  }
  function typed(node, v) {
    if (v === null || v === undefined) return undefined;
    var k = node.kind;
    if (k === "object" && typeof v === "object" && !Array.isArray(v)) {
      var out = {};
      Object.keys(v).forEach(function (key) {
        var ch = (node.children || []).filter(function (c) { return c.key === key; })[0];
        out[key] = ch ? typed(ch, v[key]) : v[key];
      });
      return out;
    }
    if (k === "list" && Array.isArray(v)) return v.map(function (x) { return typed(node.item, x); });
    if ((k === "number" || k === "integer") && typeof v === "string" && /^[-+]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][-+]?[0-9]+)?$/.test(v)) return Number(v);
    if (k === "boolean" && (v === "true" || v === "false")) return v === "true";
    return v;
  }
  function splitFile(text) {
    var lines = text.replace(/\r\n?/g, "\n").split("\n");
    if (lines[0].trim() !== "---") return null;
    for (var i = 1; i < lines.length; i++) {
      if (lines[i].trim() === "---" || lines[i].trim() === "...") {
        return { front: lines.slice(1, i).join("\n"), body: lines.slice(i + 1).join("\n") };
      }
    }
    return null;
  }
  function lost(want, got, prefix, out) {
    Object.keys(want || {}).forEach(function (k) {
      var w = want[k], g = got ? got[k] : undefined, name = prefix + k;
      if (w && typeof w === "object" && !Array.isArray(w)) lost(w, g, name + ".", out);
      else if (JSON.stringify(w) !== JSON.stringify(g)) out.push(name);
    });
    return out;
  }
  function loadText(text, fileName) {
    var parts = splitFile(text);
    if (!parts) { status("Die Datei beginnt nicht mit einer Zeile „---“ und einem zweiten „---“ nach den Feldern."); return Promise.resolve(); }
    return withYaml().then(function (jsyaml) {
      var raw;
      try { raw = jsyaml.load(parts.front, { schema: jsyaml.FAILSAFE_SCHEMA }); } catch (e) {
        status("Der Kopfbereich der Datei ist kein gültiges YAML: " + e.message.split("\n")[0]);
        return;
      }
      var data = typed(spec, raw || {});
      state.editing = "";
      idInput.readOnly = false;
      var id = (fileName || "").replace(/\.md$/, "");
      loadData(id || slug(String(data.name || "")), data, parts.body);
      state.idTouched = !!id;
      var missingFields = lost(data, read(spec, form), "", []);
      mode("Die geladene Datei steht jetzt im Formular." + (missingFields.length
        ? " Diese Angaben passen in kein Feld des Formulars und fehlen jetzt: " + missingFields.join(", ") + "."
        : "") + " Beheben Sie die Fehler oben; der Text unten ist die berichtigte Datei.");
      showProblems(validate().filter(function (p) { return p.target !== confirmBox; }));
    }, function () { status("Das Lesen der Datei ist fehlgeschlagen (js-yaml nicht geladen)."); });
  }

  function placeCheckFor(target) {
    var item = target.closest("[data-item]");
    if (item && item !== form && target.closest('[data-key="lat"],[data-key="lon"],[data-key="district"]')) placeCheck(item);
  }

  // --- events -----------------------------------------------------------------------------------------

  form.addEventListener("input", function (e) {
    if (e.target === idInput) state.idTouched = true;
    var nameEl = top("name");
    if (!state.editing && !state.idTouched && nameEl && e.target === control(nameEl)) idInput.value = slug(e.target.value);
    placeCheckFor(e.target);
    update();
  });
  form.addEventListener("change", function (e) {
    var group = e.target.type === "checkbox" && e.target.closest("[data-kind=checks]");
    if (group) {
      group._order = (group._order || []).filter(function (x) { return x !== e.target.value; });
      if (e.target.checked) group._order.push(e.target.value);
    }
    if (e.target === confirmBox) {
      var lr = top("last_reviewed") && control(top("last_reviewed"));
      if (lr) {
        if (confirmBox.checked) { state.reviewedBefore = lr.value; var d = new Date(); lr.value = new Date(d.getTime() - d.getTimezoneOffset() * 60000).toISOString().slice(0, 10); }
        else if (state.reviewedBefore !== null) lr.value = state.reviewedBefore;
      }
    }
    placeCheckFor(e.target);
    update();
  });
  form.addEventListener("click", function (e) {
    var add = e.target.closest("[data-add]"), rm = e.target.closest("[data-remove]"), mo = e.target.closest("[data-map-open]");
    if (add) { addItem(add.closest("[data-kind=list]"), true); update(); }
    if (rm) {
      var list = rm.closest("[data-kind=list]"), it = rm.closest("[data-item]");
      if (map && map.parentElement && it.contains(map)) { map.hidden = true; mapItem = null; app.appendChild(map); }
      it.remove();
      state.version++;
      own(list, "[data-add]").focus();
      status("Eintrag entfernt.");
      update();
    }
    if (mo) openMap(mo.closest("[data-item]"));
  });
  form.addEventListener("submit", function (e) {
    e.preventDefault();
    var found = validate();
    var routes = document.getElementById("ww-routes");
    var ready = function () {
      showProblems(problems);
      if (problems.length) { routes.hidden = true; status(""); return; }
      routes.hidden = false;
      links(current());
      status("Alles in Ordnung. Wählen Sie unten, wie die Datei zur Koordinationsstelle kommt.");
      routes.querySelector("a,button").focus();
    };
    if (!state.editing && idInput.value && !found.some(function (p) { return p.target === idInput; })) {
      idTaken(idInput.value).then(function (taken) {
        if (taken) problems.unshift({ target: idInput, message: "Die Kennung „" + idInput.value + "“ gibt es schon. Ändern Sie das Angebot über „Angaben ändern“ auf seiner Seite, oder wählen Sie eine andere Kennung." });
        ready();
      });
    } else ready();
  });
  var open = document.getElementById("ww-open");
  if (open) open.addEventListener("click", function () { if (open.dataset.copy) copyText(fileBox.value); });
  document.getElementById("ww-copy").addEventListener("click", function () {
    copyText(fileBox.value).then(function () { status("Der Text der Datei ist kopiert."); });
  });
  document.getElementById("ww-load-go").addEventListener("click", function () { loadText(document.getElementById("ww-load").value, ""); });
  document.getElementById("ww-load-file").addEventListener("change", function (e) {
    var f = e.target.files[0];
    if (f) f.text().then(function (t) { document.getElementById("ww-load").value = t; loadText(t, f.name); });
  });

  // Staff may also drop a file anywhere on the page (the file field takes a drop by itself).
  var loadFile = document.getElementById("ww-load-file");
  function hasFiles(e) { return e.dataTransfer && Array.prototype.indexOf.call(e.dataTransfer.types || [], "Files") >= 0; }
  document.addEventListener("dragover", function (e) { if (hasFiles(e) && e.target !== loadFile) e.preventDefault(); });
  document.addEventListener("drop", function (e) {
    var f = hasFiles(e) && e.dataTransfer.files[0];
    if (!f || e.target === loadFile) return;
    e.preventDefault();
    var staff = document.querySelector(".ww-form__staff");
    if (staff) staff.open = true;
    f.text().then(function (t) { document.getElementById("ww-load").value = t; loadText(t, f.name); });
  });

  window.WegweiserForm = { load: load, loadText: loadText, text: function () { return fileBox.value; }, problems: function () { return validate().map(function (p) { return p.message; }); }, slug: slug };

  var wanted = new URLSearchParams(location.search).get("angebot");
  if (wanted) {
    load(wanted).catch(function () {
      mode("Das Angebot „" + wanted + "“ wurde nicht gefunden. Sie können es hier neu eintragen.");
      startNew();
    });
  } else startNew();
})();
