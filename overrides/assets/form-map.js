/* The form /mitmachen/, second of three files: the map of a place (tap a Stadtteil, then the spot)
 * and the warning when a place lies outside the Stadtteil chosen for it. It reads the fields through
 * form-data.js's WegweiserFormParts; form.js, loaded after it, sets the map up with its `update`.
 */
(function () {
  "use strict";
  var P = window.WegweiserFormParts;
  if (!P) return;
  var app = P.app, form = P.form, child = P.child, control = P.control;

  // A factory, not code run at load: `update` (rewrite the file text) lives in form.js, which loads later.
  P.placeMap = function (update) {
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

    function placeCheckFor(target) {
      var item = target.closest("[data-item]");
      if (item && item !== form && target.closest('[data-key="lat"],[data-key="lon"],[data-key="district"]')) placeCheck(item);
    }

    // The map is moved into the place being edited; before that place is removed, it goes back to the app.
    function park(item) {
      if (map && map.parentElement && item.contains(map)) { map.hidden = true; mapItem = null; app.appendChild(map); }
    }

    return { open: openMap, park: park, placeCheckFor: placeCheckFor };
  };
})();
