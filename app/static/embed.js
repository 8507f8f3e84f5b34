/* kyrbot widget loader. Paste on a page:
 *   <script src="https://BOT/embed.js" data-tenant="ORG" async></script>
 * Optional: data-locale="es", data-position="left", data-open="true".
 * Adds a button and an iframe served by the bot. The conversation stays inside
 * the iframe; this page only gets: ready, open, close, resize, quick-exit. */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || !script.dataset.tenant || !/^[a-z0-9-]+$/.test(script.dataset.tenant)) { return; }
  var d = script.dataset;
  var origin = new URL(script.src, location.href).origin;
  var V = 1;
  var side = d.position === "left" ? "left" : "right";
  var id = "kyrbot-" + d.tenant;
  var opened = false;

  function css(el, rules) { for (var k in rules) { el.style.setProperty(k, rules[k]); } }

  var button = document.createElement("button");
  button.type = "button";
  button.textContent = "Chat";
  button.setAttribute("aria-expanded", "false");
  button.setAttribute("aria-controls", id);
  css(button, {
    position: "fixed", bottom: "16px", "z-index": "2147483000", "min-width": "48px",
    "min-height": "48px", padding: "10px 16px", border: "2px solid #ffffff", "border-radius": "24px",
    background: "#1b1b1b", color: "#ffffff", font: "600 16px/1.2 system-ui, sans-serif",
    cursor: "pointer", "box-shadow": "0 2px 8px rgba(0,0,0,.3)"
  });
  button.style.setProperty(side, "16px");

  var src = origin + "/widget/" + encodeURIComponent(d.tenant) + "?host=" + encodeURIComponent(location.origin);
  if (d.locale) { src += "&lang=" + encodeURIComponent(d.locale); }
  var frame = document.createElement("iframe");
  frame.id = id;
  frame.src = src;
  frame.title = "Chat";
  frame.hidden = true;
  frame.setAttribute("referrerpolicy", "no-referrer");
  css(frame, {
    position: "fixed", bottom: "76px", width: "min(400px, calc(100vw - 32px))",
    height: "min(600px, calc(100vh - 100px))", border: "1px solid #8a8a8a",
    "border-radius": "12px", background: "#ffffff", "z-index": "2147483000",
    "box-shadow": "0 4px 16px rgba(0,0,0,.3)"
  });
  frame.style.setProperty(side, "16px");

  function send(type) {
    if (frame.contentWindow) { frame.contentWindow.postMessage({ v: V, type: type }, origin); }
  }
  function open() {
    opened = true;
    frame.hidden = false;
    button.setAttribute("aria-expanded", "true");
    frame.focus();
    send("kyrbot:open");
  }
  function close() {
    opened = false;
    frame.hidden = true;
    button.setAttribute("aria-expanded", "false");
    button.focus();
    send("kyrbot:close");
  }
  button.addEventListener("click", function () { if (opened) { close(); } else { open(); } });
  document.addEventListener("keydown", function (e) { if (e.key === "Escape" && opened) { close(); } });

  window.addEventListener("message", function (event) {
    if (event.origin !== origin || event.source !== frame.contentWindow) { return; }
    var m = event.data;
    if (!m || m.v !== V || typeof m.type !== "string") { return; }
    if (m.type === "kyrbot:ready") {
      if (m.label) { button.textContent = String(m.label).slice(0, 60); }
      if (m.title) { frame.title = String(m.title).slice(0, 120); }
      if (/^#[0-9a-fA-F]{6}$/.test(m.accent || "")) { button.style.background = m.accent; }
      if (/^#[0-9a-fA-F]{6}$/.test(m.onAccent || "")) { button.style.color = m.onAccent; }
      if (d.open === "true") { open(); }
    } else if (m.type === "kyrbot:close") {
      close();
    } else if (m.type === "kyrbot:resize") {
      var h = Number(m.height);
      if (h >= 200 && h <= 2000) { frame.style.height = "min(" + h + "px, calc(100vh - 100px))"; }
    } else if (m.type === "kyrbot:quick-exit") {
      var url = String(m.url || "");
      if (/^https:\/\//.test(url)) { location.replace(url); }
    }
  });

  function mount() { document.body.appendChild(frame); document.body.appendChild(button); }
  if (document.body) { mount(); } else { document.addEventListener("DOMContentLoaded", mount); }
})();
