// Community screen: shows the content it was given, fetches new content every few minutes
// without a reload, and keeps showing the last content received (kept in localStorage) while
// the network is down. All text is set with textContent: partners' messages are anyone's text.
(function () {
  "use strict";
  var root = document.getElementById("screen");
  if (!root) return;
  var source = root.dataset.source;
  var storeKey = "safer-screen:" + source;
  var messageIndex = 0;
  var content = null;
  var ROTATE_MS = 15000;

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }
  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); }
  function figure(value, labels) {
    if (value === null || value === undefined) return "–";
    if (typeof value === "number") return String(value);
    if (value.fewer_than !== undefined) return labels.fewer_than;
    return labels.between.replace("%(low)s", value.from).replace("%(high)s", value.to);
  }
  function showMessage() {
    var box = document.getElementById("screen-messages");
    clear(box);
    var list = content.messages;
    if (!list.length) return;
    var m = list[messageIndex % list.length];
    box.appendChild(el("p", "app-screen__message", m.text));
    box.appendChild(el("p", "app-screen__from", m.from));
  }
  function render(data) {
    content = data;
    var labels = data.labels;
    document.getElementById("screen-place").textContent = data.place;
    document.getElementById("screen-messages-title").textContent = labels.messages;
    document.getElementById("screen-figures-title").textContent = labels.crimes;
    document.getElementById("screen-priorities-title").textContent = labels.priorities;
    document.getElementById("screen-emergency").textContent = labels.emergency;
    showMessage();
    var figures = document.getElementById("screen-figures");
    clear(figures);
    if (data.crimes) {
      figures.appendChild(el("p", "app-screen__figure", data.crimes.crimes));
      if (data.crimes.top.length) {
        var common = data.crimes.top.map(function (t) { return t.type + " (" + t.count + ")"; });
        figures.appendChild(el("p", "app-screen__text", labels.most_common + ": " + common.join(", ")));
      }
    }
    if (data.reports && data.reports.count !== null) {
      figures.appendChild(el("p", "app-screen__text", labels.reports + ": " + figure(data.reports.count, labels)));
    }
    var priorities = document.getElementById("screen-priorities");
    clear(priorities);
    data.priorities.forEach(function (p) {
      var item = el("li", null, p.issue);
      if (p.action) {
        item.appendChild(document.createElement("br"));
        item.appendChild(el("span", null, labels.action + ": " + p.action));
      }
      priorities.appendChild(item);
    });
    document.getElementById("screen-priorities-panel").hidden = !data.priorities.length;
  }
  function status(offline) {
    var node = document.getElementById("screen-status");
    clear(node);
    if (!content) return;
    if (offline) {
      node.appendChild(el("span", "app-screen__offline", content.labels.offline));
    } else {
      var time = new Date(content.generated_at);
      node.appendChild(el("span", null, content.labels.updated + " " +
        time.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" })));
    }
  }
  function save(data) {
    try { window.localStorage.setItem(storeKey, JSON.stringify(data)); } catch (e) { /* full or off */ }
  }
  function saved() {
    try { return JSON.parse(window.localStorage.getItem(storeKey)); } catch (e) { return null; }
  }
  function refresh() {
    return fetch(source, { cache: "no-store", credentials: "omit" })
      .then(function (response) {
        if (!response.ok) throw new Error("status " + response.status);
        return response.json();
      })
      .then(function (data) { render(data); save(data); status(false); })
      .catch(function () {
        var last = saved();
        if (last && (!content || last.generated_at > content.generated_at)) render(last);
        status(true);
      });
  }
  var initial = JSON.parse(document.getElementById(root.dataset.initial).textContent);
  render(initial);
  save(initial);
  status(false);
  var every = Math.max(Number(initial.refresh_seconds) || 180, 1) * 1000;
  window.setInterval(refresh, every);
  window.setInterval(function () { messageIndex += 1; if (content) showMessage(); }, ROTATE_MS);
  window.addEventListener("offline", function () { status(true); });
  window.addEventListener("online", refresh);
  // The service worker keeps this page and its files for a screen restarted while offline.
  if ("serviceWorker" in navigator && root.dataset.worker) {
    navigator.serviceWorker.register(root.dataset.worker, { scope: root.dataset.scope })
      .catch(function () { /* localStorage still keeps the last content */ });
  }
})();
