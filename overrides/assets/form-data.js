/* The form /mitmachen/, first of three files: the offer in the form's fields, read, filled, written
 * as YAML and checked. form-map.js (the map) and form.js (loading, sending, the events) follow; the
 * page loads them in that order, and they share WegweiserFormParts, which this file makes.
 *
 * The fields come from the offer schema (site/form.py renders them and embeds their description as
 * JSON, #ww-form-spec), so this file knows kinds of fields, never particular fields, except for the
 * few rules that span several fields (the same ones `wegweiser check` applies, content/rules.py).
 * The YAML it writes quotes every string, so the strict loader reads every value back as written
 * (content/yamlload.py; tests/test_form_browser.py parses the texts with it).
 */
(function () {
  "use strict";
  var app = document.getElementById("ww-form-app");
  if (!app) return;
  var spec = JSON.parse(document.getElementById("ww-form-spec").textContent);
  var form = document.getElementById("ww-form");
  var idInput = document.getElementById("ww-id");
  var bodyInput = document.getElementById("ww-body");
  var confirmBox = document.getElementById("ww-confirm");
  var CITYWIDE = "gesamtstadt";
  var MAX_BODY = Number(bodyInput.getAttribute("maxlength"));
  var ID = /^[a-z0-9]+(-[a-z0-9]+)*$/;
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
  // Only what the other two files use; the rest stays private to this one.
  window.WegweiserFormParts = {
    app: app, spec: spec, form: form, idInput: idInput, bodyInput: bodyInput, confirmBox: confirmBox, state: state,
    child: child, control: control, own: own, items: items, addItem: addItem, top: top,
    read: read, fill: fill, fileText: fileText, validate: validate, showProblems: showProblems
  };
})();
