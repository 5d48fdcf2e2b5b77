// The web chat as a floating bubble on any site, in one line:
//   <script src="https://switchboard.example.com/chat/assets/embed.js" data-app-id="my-app" defer></script>
// Optional: data-lang="zh" or "en", data-position="left", data-label="Chat with us".
// The chat itself runs in an <iframe> from Switchboard's origin, so the host page's scripts cannot
// read it and its strict policy stays; this script only draws the bubble (in a shadow root, so the
// host's styles do not leak in) and opens and closes the frame.
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || !script.src) return;
  var appId = script.getAttribute("data-app-id") || "";
  if (!/^[A-Za-z0-9_.-]{1,64}$/.test(appId)) {
    console.error("Switchboard chat: data-app-id is missing or not an app id");
    return;
  }
  var base = script.src.replace(/\/chat\/assets\/embed\.js(\?.*)?$/, "");
  var lang = script.getAttribute("data-lang");
  var zh = lang ? lang === "zh" : /^zh\b/i.test(navigator.language || "");
  var label = script.getAttribute("data-label") || (zh ? "打开聊天" : "Open the chat");
  var closeLabel = zh ? "关闭聊天" : "Close the chat";
  var left = script.getAttribute("data-position") === "left";
  var src = base + "/chat/" + encodeURIComponent(appId) + "?embed=1" + (lang ? "&lang=" + encodeURIComponent(lang) : "");

  function start() {
    var host = document.createElement("div");
    host.setAttribute("data-switchboard-chat", appId);
    var root = host.attachShadow ? host.attachShadow({ mode: "open" }) : host;
    var side = left ? "left" : "right";
    var style = document.createElement("style");
    style.textContent =
      ":host{all:initial}" +
      ".bubble{position:fixed;bottom:20px;" + side + ":20px;width:56px;height:56px;border-radius:50%;" +
      "border:none;background:#1f4fd1;color:#fff;font:600 24px/1 system-ui,sans-serif;cursor:pointer;" +
      "box-shadow:0 4px 14px rgba(0,0,0,.3);z-index:2147483647}" +
      ".bubble:focus-visible{outline:3px solid #b54708;outline-offset:3px}" +
      ".panel{position:fixed;bottom:88px;" + side + ":20px;width:min(400px,calc(100vw - 40px));" +
      "height:min(640px,calc(100vh - 120px));border:1px solid #c9d0d9;border-radius:14px;overflow:hidden;" +
      "box-shadow:0 8px 30px rgba(0,0,0,.3);background:#fff;z-index:2147483647}" +
      ".panel[hidden]{display:none}" +
      ".panel iframe{width:100%;height:100%;border:0}" +
      "@media (max-width:480px){.panel{inset:0;width:100%;height:100%;border-radius:0}" +
      ".panel:not([hidden])~.bubble{bottom:auto;top:12px;width:44px;height:44px;font-size:20px}}";
    var panel = document.createElement("div");
    panel.className = "panel";
    panel.hidden = true;
    panel.id = "switchboard-chat-panel";
    var button = document.createElement("button");
    button.type = "button";
    button.className = "bubble";
    button.setAttribute("aria-label", label);
    button.setAttribute("aria-expanded", "false");
    button.setAttribute("aria-controls", panel.id);
    button.textContent = "\uD83D\uDCAC";
    var frame = null;
    button.addEventListener("click", function () {
      var open = panel.hidden;
      if (open && !frame) {
        // The frame loads on first open, so a page with the bubble costs nothing until it is used.
        frame = document.createElement("iframe");
        frame.src = src;
        frame.title = label;
        frame.setAttribute("allow", "clipboard-write");
        panel.append(frame);
      }
      panel.hidden = !open;
      button.setAttribute("aria-expanded", String(open));
      button.setAttribute("aria-label", open ? closeLabel : label);
      button.textContent = open ? "\u00D7" : "\uD83D\uDCAC";
      if (open) frame.focus();
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && !panel.hidden) button.click();
    });
    // A constructed sheet needs no style-src allowance on the host page; a <style> is the fallback.
    if (root.adoptedStyleSheets !== undefined && typeof CSSStyleSheet === "function") {
      try {
        var sheet = new CSSStyleSheet();
        sheet.replaceSync(style.textContent);
        root.adoptedStyleSheets = [sheet];
        style = document.createTextNode("");
      } catch (ignored) { /* keep the <style> */ }
    }
    root.append(style, panel, button);
    document.body.append(host);
  }

  if (document.body) start();
  else document.addEventListener("DOMContentLoaded", start);
})();
