// Live chat for the page at "/": the same page works without this file as a
// plain form. No cookies, no storage: the session id lives in this page only.
(function () {
  "use strict";
  var form = document.getElementById("ask");
  var log = document.getElementById("transcript");
  if (!form || !log || !window.fetch) { return; }
  var input = document.getElementById("text");
  var endpoint = form.dataset.endpoint || "/api/v1/messages";
  var forgetUrl = form.dataset.forget || "/api/v1/sessions/";
  // The locale goes with a message only once one is set: chosen on purpose
  // (?lang=, the language bar) or given by the bot's first reply. Before
  // that, the first message is answered in the language it is written in.
  var state = {
    session: form.elements.session.value,
    locale: form.elements.locale.value || null
  };
  var urlRe = /(https?:\/\/[^\s<>"')]+[^\s<>"').,;:!?])/g;

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) { node.className = cls; }
    if (text) { node.textContent = text; }
    return node;
  }

  function linkified(line, parent) {
    var last = 0;
    line.replace(urlRe, function (url, _g, offset) {
      parent.appendChild(document.createTextNode(line.slice(last, offset)));
      var a = el("a", null, url);
      a.href = url;
      a.rel = "noreferrer noopener";
      parent.appendChild(a);
      last = offset + url.length;
      return url;
    });
    parent.appendChild(document.createTextNode(line.slice(last)));
  }

  function renderText(text, parent) {
    text.trim().split(/\n\s*\n/).forEach(function (block) {
      var list = null;
      var para = null;
      block.split("\n").forEach(function (line) {
        if (!line.trim()) { return; }
        if (/^\s*- /.test(line)) {
          if (!list) { list = el("ul"); parent.appendChild(list); }
          var li = el("li");
          linkified(line.replace(/^\s*- /, ""), li);
          list.appendChild(li);
        } else {
          if (!para) { para = el("p"); parent.appendChild(para); }
          else { para.appendChild(el("br")); }
          linkified(line, para);
        }
      });
    });
  }

  function addUser(text) {
    var box = el("div", "msg msg-user");
    box.dir = "auto";
    box.appendChild(el("span", "visually-hidden", log.dataset.you));
    box.appendChild(el("p", null, text));
    log.appendChild(box);
  }

  function addBot(reply) {
    var box = el("div", "msg msg-bot");
    box.dir = "auto";
    box.lang = reply.locale;
    box.appendChild(el("span", "visually-hidden", log.dataset.answer));
    var folded = null;
    if (reply.heading) {
      // An answer: the question, the direct answer, then the details folded
      // behind "Read more" (as the page renders it without JavaScript).
      box.appendChild(el("h2", "answer-question", reply.heading));
      var body = reply.text.slice(reply.heading.length).trim();
      var at = reply.details ? body.indexOf(reply.details) : -1;
      renderText(at > 0 ? body.slice(0, at) : body.split(/\n\s*\n/)[0], box);
      folded = el("details", "answer-details");
      folded.appendChild(el("summary", null, log.dataset.readMore));
      if (at > 0) { renderText(reply.details, folded); }
      box.appendChild(folded);
      var rest = at > 0 ? body.slice(at + reply.details.length) : body.split(/\n\s*\n/).slice(1).join("\n\n");
      if (rest.trim()) { renderText(rest, box); }
    } else {
      renderText(reply.text, box);
    }
    (reply.notices || []).forEach(function (n) {
      box.appendChild(el("p", "notice", n.message));
    });
    if (reply.sources && reply.sources.length) {
      var src = el("div", "sources");
      src.appendChild(el("p", "sources-title", log.dataset.sources));
      var ul = el("ul");
      reply.sources.forEach(function (s) {
        var li = el("li");
        var a = el("a", null, s.title);
        a.href = s.url;
        a.rel = "noreferrer noopener";
        li.appendChild(a);
        ul.appendChild(li);
      });
      src.appendChild(ul);
      (folded || box).appendChild(src);
    }
    if (reply.choices && reply.choices.length) {
      var choices = el("div", "choices");
      reply.choices.forEach(function (c) {
        var b = el("button", "choice", c.label);
        b.type = "button";
        b.addEventListener("click", function () { send(c.value, c.label); });
        choices.appendChild(b);
      });
      box.appendChild(choices);
    }
    log.appendChild(box);
    box.scrollIntoView({ block: "start" });
  }

  function setLocale(locale) {
    state.locale = locale;
    document.documentElement.lang = locale;
    Array.prototype.forEach.call(document.querySelectorAll("input[name=locale]"), function (i) {
      i.value = locale;
    });
  }

  function send(text, shown) {
    addUser(shown || text);
    fetch(endpoint, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      credentials: "omit",
      referrerPolicy: "no-referrer",
      // parts: the answer's question and details come apart, for folding.
      body: JSON.stringify(state.locale
        ? { text: text, session: state.session, locale: state.locale, parts: true }
        : { text: text, session: state.session, parts: true })
    }).then(function (r) {
      if (!r.ok) { throw new Error(String(r.status)); }
      return r.json();
    }).then(function (reply) {
      state.session = reply.session;
      if (reply.locale !== state.locale) { setLocale(reply.locale); }
      addBot(reply);
    }).catch(function (error) {
      // Too many messages (429) needs a pause, not an immediate retry.
      var slow = error && error.message === "429";
      log.appendChild(el("p", "notice", slow ? log.dataset.slowDown : log.dataset.error));
    });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var text = input.value.trim();
    if (!text) { return; }
    input.value = "";
    send(text);
  });

  // Buttons rendered by the server (first answer) also work live.
  Array.prototype.forEach.call(document.querySelectorAll("form.choices, form.menu-form"), function (f) {
    f.addEventListener("submit", function (event) {
      event.preventDefault();
      var button = event.submitter;
      if (button) { send(button.value, button.textContent); }
    });
  });

  var exit = document.getElementById("quick-exit");
  if (exit) {
    exit.addEventListener("click", function (event) {
      event.preventDefault();
      fetch(forgetUrl + encodeURIComponent(state.session), {
        method: "DELETE", credentials: "omit", keepalive: true
      }).catch(function () {});
      log.textContent = "";
      input.value = "";
      // Inside the widget, widget.js asks the host page to leave instead.
      var leave = new CustomEvent("kyrbot:quick-exit", { cancelable: true, detail: exit.href });
      if (document.dispatchEvent(leave)) { window.location.replace(exit.href); }
    });
  }
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && event.shiftKey && exit) { exit.click(); }
  });
})();
