/* The form /mitmachen/: fill, read, check and write an offer file in the browser.
 *
 * Three files, loaded in this order: form-data.js (the offer in the fields: read, filled, written
 * as YAML, checked), form-map.js (the map of a place), and this one: the file and the ways to send
 * it, the id, loading an offer or a staff member's file, the events and window.WegweiserForm.
 * Nothing is sent anywhere: the file is written here and handed to GitHub, GitLab or an e-mail by
 * the provider.
 */
(function () {
  "use strict";
  var P = window.WegweiserFormParts;
  if (!P) return;
  var app = P.app, spec = P.spec, form = P.form, idInput = P.idInput, bodyInput = P.bodyInput;
  var confirmBox = P.confirmBox, state = P.state;
  var control = P.control, own = P.own, items = P.items, addItem = P.addItem, top = P.top;
  var read = P.read, fill = P.fill, fileText = P.fileText, validate = P.validate, showProblems = P.showProblems;
  var fileBox = document.getElementById("ww-file");
  var URL_LIMIT = 8000; // GitHub refuses longer addresses: then copy and paste
  var map = P.placeMap(update);

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

  // --- events -----------------------------------------------------------------------------------------

  form.addEventListener("input", function (e) {
    if (e.target === idInput) state.idTouched = true;
    var nameEl = top("name");
    if (!state.editing && !state.idTouched && nameEl && e.target === control(nameEl)) idInput.value = slug(e.target.value);
    map.placeCheckFor(e.target);
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
    map.placeCheckFor(e.target);
    update();
  });
  form.addEventListener("click", function (e) {
    var add = e.target.closest("[data-add]"), rm = e.target.closest("[data-remove]"), mo = e.target.closest("[data-map-open]");
    if (add) { addItem(add.closest("[data-kind=list]"), true); update(); }
    if (rm) {
      var list = rm.closest("[data-kind=list]"), it = rm.closest("[data-item]");
      map.park(it);
      it.remove();
      state.version++;
      own(list, "[data-add]").focus();
      status("Eintrag entfernt.");
      update();
    }
    if (mo) map.open(mo.closest("[data-item]"));
  });
  form.addEventListener("submit", function (e) {
    e.preventDefault();
    var found = validate();
    var routes = document.getElementById("ww-routes");
    var ready = function () {
      showProblems(found);
      if (found.length) { routes.hidden = true; status(""); return; }
      routes.hidden = false;
      links(current());
      status("Alles in Ordnung. Wählen Sie unten, wie die Datei zur Koordinationsstelle kommt.");
      routes.querySelector("a,button").focus();
    };
    if (!state.editing && idInput.value && !found.some(function (p) { return p.target === idInput; })) {
      idTaken(idInput.value).then(function (taken) {
        if (taken) found.unshift({ target: idInput, message: "Die Kennung „" + idInput.value + "“ gibt es schon. Ändern Sie das Angebot über „Angaben ändern“ auf seiner Seite, oder wählen Sie eine andere Kennung." });
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
