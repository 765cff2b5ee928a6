// The map page (reports/map.html): draws the points of reports:map_points with Leaflet, served
// by the app itself. Configuration comes from data- attributes of #map (the CSP forbids inline
// scripts). Tiles only when the server configured a tile URL; otherwise a plain grid of latitude
// and longitude lines, so the map works with no internet. All text from the server is inserted
// with textContent, never as HTML.
(function () {
  "use strict";

  var element = document.getElementById("map");
  if (!element || typeof L === "undefined") { return; }
  var config = element.dataset;
  var statusBox = document.getElementById("map-status");
  var countsBox = document.getElementById("map-counts");
  var unplacedBox = document.getElementById("map-unplaced");
  var unplacedNone = document.getElementById("map-unplaced-none");
  // Statuses drawn faded: the place no longer matters day to day.
  var ENDED = { eliminated: true, inactive: true, destroyed: true, removed: true, closed: true };
  var VIETNAM = [16.2, 106.5];

  // Layer colours come from the legend swatches (map.css), one source of truth.
  function colour(layer) {
    var swatch = document.querySelector('.map-swatch[data-layer="' + layer + '"]');
    return swatch ? getComputedStyle(swatch).backgroundColor : "#174ea6";
  }

  function swatch(layer) {
    var span = document.createElement("span");
    span.className = "map-swatch";
    span.dataset.layer = layer;
    return span;
  }

  function detailLink(url, label) {
    if (!url || url.charAt(0) !== "/") { return null; }
    var link = document.createElement("a");
    link.href = url;
    link.textContent = label;
    return link;
  }

  function popup(properties) {
    var box = document.createElement("div");
    var title = document.createElement("div");
    title.className = "map-popup-title";
    title.textContent = properties.title;
    box.appendChild(title);
    var lines = [properties.status_label, properties.area].concat(properties.lines || []);
    lines.forEach(function (text) {
      if (!text) { return; }
      var line = document.createElement("p");
      line.className = "map-popup-line";
      line.textContent = text;
      box.appendChild(line);
    });
    var link = detailLink(properties.url, config.labelOpen);
    if (link) { box.appendChild(link); }
    return box;
  }

  var map = L.map(element, { minZoom: 3, maxZoom: 19, zoomControl: true });
  if (config.tileUrl) {
    L.tileLayer(config.tileUrl, { maxZoom: 19, attribution: config.tileAttribution || "" }).addTo(map);
  } else {
    drawGridOn(map);
  }

  // A plain graticule: latitude and longitude lines at a round step for the zoom, labelled.
  function drawGridOn(target) {
    target.createPane("grid");
    target.getPane("grid").style.zIndex = 350;
    var renderer = L.svg({ pane: "grid", padding: 0.5 });
    var grid = L.layerGroup().addTo(target);
    var STEPS = [10, 5, 2, 1, 0.5, 0.2, 0.1, 0.05, 0.02, 0.01, 0.005, 0.002, 0.001, 0.0005, 0.0002];

    // Labels sit just inside the left and bottom edges, above and right of their line.
    function label(position, text) {
      return L.marker(position, {
        pane: "grid",
        interactive: false,
        keyboard: false,
        icon: L.divIcon({
          className: "map-grid-label", html: text, iconSize: null, iconAnchor: [-3, 15],
        }),
      });
    }

    function redraw() {
      grid.clearLayers();
      var bounds = target.getBounds();
      var south = bounds.getSouth(), north = bounds.getNorth();
      var west = bounds.getWest(), east = bounds.getEast();
      var span = Math.max(north - south, east - west);
      var step = STEPS[STEPS.length - 1];
      for (var i = 0; i < STEPS.length; i++) {
        if (span / STEPS[i] >= 4) { step = STEPS[i]; break; }
      }
      var digits = Math.max(0, Math.ceil(-Math.log10(step)));
      var style = { renderer: renderer, color: "#c9d1dd", weight: 1, interactive: false };
      for (var lat = Math.ceil(south / step) * step; lat <= north; lat += step) {
        grid.addLayer(L.polyline([[lat, west - span], [lat, east + span]], style));
        grid.addLayer(label([lat, west], lat.toFixed(digits) + "°"));
      }
      for (var lon = Math.ceil(west / step) * step; lon <= east; lon += step) {
        grid.addLayer(L.polyline([[south - span, lon], [north + span, lon]], style));
        grid.addLayer(label([south, lon], lon.toFixed(digits) + "°"));
      }
    }

    target.on("moveend", redraw);
  }

  function showCounts(meta) {
    countsBox.textContent = "";
    Object.keys(meta.layers || {}).forEach(function (key) {
      var info = meta.layers[key];
      var item = document.createElement("li");
      item.appendChild(swatch(key));
      var text = document.createElement("span");
      text.textContent = info.label + ": " + info.count;
      item.appendChild(text);
      if (info.truncated) {
        var note = document.createElement("span");
        note.className = "help";
        note.textContent = config.labelTruncated;
        item.appendChild(note);
      }
      countsBox.appendChild(item);
    });
  }

  function showUnplaced(features) {
    unplacedBox.textContent = "";
    features.forEach(function (feature) {
      var p = feature.properties;
      var item = document.createElement("li");
      item.appendChild(swatch(p.layer));
      var text = document.createElement("span");
      text.textContent = p.title + " (" + p.status_label + ", " + p.area + ")";
      item.appendChild(text);
      var link = detailLink(p.url, config.labelOpen);
      if (link) { item.appendChild(link); }
      unplacedBox.appendChild(item);
    });
    unplacedNone.hidden = features.length > 0;
  }

  function draw(collection) {
    var placed = [], unplaced = [];
    collection.features.forEach(function (f) { (f.geometry ? placed : unplaced).push(f); });
    var colours = {};
    var markers = placed.map(function (feature) {
      var p = feature.properties;
      var c = colours[p.layer] || (colours[p.layer] = colour(p.layer));
      var ended = ENDED[p.status] === true;
      var position = [feature.geometry.coordinates[1], feature.geometry.coordinates[0]];
      return L.circleMarker(position, {
        radius: 7,
        color: c,
        weight: 2,
        fillColor: c,
        fillOpacity: ended ? 0.15 : 0.75,
        className: "kmt-marker kmt-marker-" + p.layer,
      }).bindPopup(popup(p));
    });
    var group = L.featureGroup(markers).addTo(map);
    if (markers.length) {
      map.fitBounds(group.getBounds(), { padding: [24, 24], maxZoom: 16 });
    } else {
      map.setView(VIETNAM, 5);
    }
    showCounts(collection.meta || {});
    showUnplaced(unplaced);
    statusBox.textContent = "";
    element.dataset.markers = String(markers.length);
  }

  fetch(config.pointsUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
    .then(function (response) {
      if (!response.ok) { throw new Error(String(response.status)); }
      return response.json();
    })
    .then(draw)
    .catch(function () {
      map.setView(VIETNAM, 5);
      statusBox.textContent = config.labelError;
    });
})();
