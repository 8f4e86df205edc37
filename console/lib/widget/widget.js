/*! Triage chat widget: <script src="https://host/widget.js" data-flow="general" data-locale="fr"></script>
 * Adds a launcher button that opens the chat page in an iframe (?embed=1). The launcher lives in a
 * shadow root and the chat in an iframe, so the host page's CSS and scripts cannot reach either.
 * Theming: data-primary-color, data-position (bottom-right | bottom-left), data-label, data-title, data-logo. */
(function () {
  "use strict";
  var script = document.currentScript;
  // One launcher per page, even if the tag is pasted twice.
  if (!script || document.querySelector("[data-triage-widget]")) return;
  var d = script.dataset;
  var origin = new URL(script.src, location.href).origin;
  var slug = /^[a-z][a-z0-9-]*$/.test(d.flow || "") ? d.flow : "general";
  var lang = d.locale === "en" || d.locale === "fr" ? d.locale : (navigator.language || "").slice(0, 2) === "fr" ? "fr" : "en";
  var color = /^(#[0-9a-fA-F]{3,8}|rgb\([\d\s,.%]+\)|[a-z]+)$/.test(d.primaryColor || "") ? d.primaryColor : "#0b4f8a";
  var left = d.position === "bottom-left";
  var label = d.label || (lang === "fr" ? "Besoin d'un soin ?" : "Need care?");
  var title = d.title || (lang === "fr" ? "Orientation médicale" : "Medical triage");
  var close = lang === "fr" ? "Fermer" : "Close";

  var host = document.createElement("div");
  host.setAttribute("data-triage-widget", "");
  var root = host.attachShadow({ mode: "open" });
  var side = left ? "left" : "right";
  var style = document.createElement("style");
  style.textContent =
    ":host{all:initial}*{box-sizing:border-box;font:400 16px/1.4 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif}" +
    ".launcher{position:fixed;bottom:20px;" +
    side +
    ":20px;z-index:2147483000;display:flex;align-items:center;gap:8px;" +
    "min-height:48px;padding:10px 18px;border:0;border-radius:999px;background:" +
    color +
    ";color:#fff;font-weight:600;" +
    "cursor:pointer;box-shadow:0 4px 14px rgba(0,0,0,.3)}" +
    ".launcher img{width:24px;height:24px;border-radius:4px;object-fit:contain}" +
    ":focus-visible{outline:3px solid #1a1a1a;outline-offset:2px;box-shadow:0 0 0 5px #fff}" +
    ".panel{position:fixed;bottom:84px;" +
    side +
    ":20px;z-index:2147483001;width:min(400px,calc(100vw - 40px));" +
    "height:min(640px,calc(100vh - 110px));display:flex;flex-direction:column;background:#fff;border-radius:12px;" +
    "overflow:hidden;box-shadow:0 8px 30px rgba(0,0,0,.35)}" +
    ".panel[hidden]{display:none}" +
    ".bar{display:flex;align-items:center;justify-content:space-between;gap:8px;padding:6px 6px 6px 14px;background:" +
    color +
    ";color:#fff}" +
    ".bar h2{margin:0;font-size:16px;font-weight:600}" +
    ".x{min-width:44px;min-height:44px;border:0;background:transparent;color:#fff;font-size:22px;cursor:pointer;border-radius:6px}" +
    "iframe{flex:1;width:100%;border:0}" +
    "@media (max-width:480px){.panel{inset:0;width:100vw;height:100vh;border-radius:0}}";

  var launcher = document.createElement("button");
  launcher.type = "button";
  launcher.className = "launcher";
  launcher.setAttribute("aria-expanded", "false");
  launcher.setAttribute("aria-controls", "triage-panel");
  if (d.logo) {
    var logo = document.createElement("img");
    logo.src = d.logo;
    logo.alt = "";
    launcher.appendChild(logo);
  }
  launcher.appendChild(document.createTextNode(label));

  var panel = document.createElement("div");
  panel.className = "panel";
  panel.id = "triage-panel";
  panel.hidden = true;
  panel.setAttribute("role", "dialog");
  panel.setAttribute("aria-label", title);
  var bar = document.createElement("div");
  bar.className = "bar";
  var heading = document.createElement("h2");
  heading.textContent = title;
  var x = document.createElement("button");
  x.type = "button";
  x.className = "x";
  x.setAttribute("aria-label", close);
  x.textContent = "×";
  bar.appendChild(heading);
  bar.appendChild(x);
  panel.appendChild(bar);

  var frame;
  function open() {
    if (!frame) {
      frame = document.createElement("iframe");
      frame.title = title;
      frame.src = origin + "/chat/" + slug + "?embed=1&lang=" + lang;
      frame.setAttribute("allow", "clipboard-write");
      panel.appendChild(frame);
    }
    panel.hidden = false;
    launcher.setAttribute("aria-expanded", "true");
    frame.focus();
  }
  function shut() {
    panel.hidden = true;
    launcher.setAttribute("aria-expanded", "false");
    launcher.focus();
  }
  launcher.addEventListener("click", function () {
    panel.hidden ? open() : shut();
  });
  x.addEventListener("click", shut);
  panel.addEventListener("keydown", function (e) {
    if (e.key === "Escape") shut();
  });
  // Escape pressed inside the chat (another document) arrives as a message from its origin.
  window.addEventListener("message", function (e) {
    if (e.origin === origin && e.data && e.data.type === "triage:close" && !panel.hidden) shut();
  });

  root.appendChild(style);
  root.appendChild(panel);
  root.appendChild(launcher);
  if (document.body) document.body.appendChild(host);
  else
    document.addEventListener("DOMContentLoaded", function () {
      document.body.appendChild(host);
    });
})();
