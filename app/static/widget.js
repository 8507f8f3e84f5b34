// Inside the widget's iframe: talk to the host page with postMessage.
// Only these messages cross, to the one host origin the organization allows
// (never "*"), and never any conversation text:
//   to the host:   {v:1, type:"kyrbot:ready", label, title, accent, onAccent}
//                  {v:1, type:"kyrbot:resize", height}
//                  {v:1, type:"kyrbot:close"}                (Escape or the × button)
//                  {v:1, type:"kyrbot:quick-exit", url}       (after the state is deleted)
//   from the host: {v:1, type:"kyrbot:open"} / {v:1, type:"kyrbot:close"}
(function () {
  "use strict";
  var body = document.body;
  var host = body.dataset.host;
  var framed = window.parent !== window;
  var V = 1;

  function tell(type, extra) {
    if (!framed || !host) { return; }
    var message = { v: V, type: type };
    for (var key in extra || {}) { message[key] = extra[key]; }
    window.parent.postMessage(message, host);
  }

  window.addEventListener("message", function (event) {
    if (!host || event.origin !== host || event.source !== window.parent) { return; }
    var m = event.data;
    if (!m || m.v !== V) { return; }
    if (m.type === "kyrbot:open") {
      var input = document.getElementById("text");
      if (input) { input.focus(); }
    }
  });

  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") { tell("kyrbot:close"); }
  });
  var close = document.getElementById("close");
  if (close) {
    if (!framed) { close.hidden = true; }
    close.addEventListener("click", function () { tell("kyrbot:close"); });
  }

  document.addEventListener("kyrbot:quick-exit", function (event) {
    if (framed && host) {
      event.preventDefault();
      tell("kyrbot:quick-exit", { url: event.detail });
    }
  });

  // Pages of the frame without the chat (what the chat keeps): chat.js is not
  // there to forget the session, so the Quick exit only asks the host to leave.
  var exit = document.getElementById("quick-exit");
  if (exit && !document.getElementById("ask")) {
    exit.addEventListener("click", function (event) {
      if (framed && host) {
        event.preventDefault();
        tell("kyrbot:quick-exit", { url: exit.href });
      }
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && event.shiftKey) { exit.click(); }
    });
  }

  tell("kyrbot:ready", {
    label: body.dataset.label,
    title: body.dataset.title,
    accent: body.dataset.accent,
    onAccent: body.dataset.onAccent
  });
  tell("kyrbot:resize", { height: Math.min(640, document.documentElement.scrollHeight) });
})();
