// Web chat page: loads the app's profile, sends messages, renders streamed answers.
// Model text is only ever placed with textContent / text nodes, never as HTML.
"use strict";

(function () {
  const appId = document.querySelector('meta[name="switchboard-app-id"]').content;
  const endpoint = document.querySelector('meta[name="switchboard-chat-endpoint"]').content;
  const storageKey = "switchboard.chat.v1." + appId;
  const userKey = "switchboard.chat.user";
  const maxKeptMessages = 200;
  const idPattern = /^[A-Za-z0-9_-]{1,64}$/;
  const strings = window.SwitchboardChatStrings || { en: {} };
  const lang = pickLanguage();
  document.documentElement.lang = lang === "zh" ? "zh-CN" : "en";

  function pickLanguage() {
    const asked = new URLSearchParams(location.search).get("lang");
    if (asked === "zh" || asked === "en") return asked;
    const preferred = (navigator.languages && navigator.languages[0]) || navigator.language || "en";
    return /^zh\b/i.test(preferred) ? "zh" : "en";
  }

  // A string in the page's language, with {0}, {1} filled in.
  function t(key) {
    const args = Array.prototype.slice.call(arguments, 1);
    const text = (strings[lang] && strings[lang][key]) || strings.en[key] || key;
    return text.replace(/\{(\d)}/g, function (all, i) { return String(args[Number(i)]); });
  }

  function translatePage() {
    document.querySelectorAll("[data-i18n]").forEach(function (node) {
      node.textContent = t(node.dataset.i18n);
    });
    document.querySelectorAll("[data-i18n-placeholder]").forEach(function (node) {
      node.setAttribute("placeholder", t(node.dataset.i18nPlaceholder));
    });
    document.querySelectorAll("[data-i18n-label]").forEach(function (node) {
      node.setAttribute("aria-label", t(node.dataset.i18nLabel));
    });
  }

  const el = {
    main: document.getElementById("main"),
    name: document.getElementById("app-name"),
    opening: document.getElementById("opening-statement"),
    suggestionsTitle: document.getElementById("suggestions-title"),
    suggestions: document.getElementById("suggestions"),
    transcript: document.getElementById("transcript"),
    status: document.getElementById("status"),
    form: document.getElementById("composer"),
    input: document.getElementById("message-input"),
    send: document.getElementById("send"),
    reset: document.getElementById("new-conversation"),
  };

  let state = loadState();
  let busy = false;
  let inFlight = null;

  // ---- storage (may be unavailable, e.g. private browsing: the chat still works, it just forgets) ----

  function loadState() {
    try {
      const saved = JSON.parse(localStorage.getItem(storageKey) || "null");
      if (saved && Array.isArray(saved.messages)) {
        return {
          conversationId: typeof saved.conversationId === "string" && idPattern.test(saved.conversationId)
            ? saved.conversationId : null,
          messages: saved.messages.filter(m => m && typeof m.text === "string"
            && (m.role === "user" || m.role === "assistant")),
        };
      }
    } catch (ignored) { /* corrupt or unavailable storage: start afresh */ }
    return { conversationId: null, messages: [] };
  }

  function saveState() {
    state.messages = state.messages.slice(-maxKeptMessages);
    try { localStorage.setItem(storageKey, JSON.stringify(state)); } catch (ignored) { /* see loadState */ }
  }

  function anonymousUserId() {
    try {
      const known = localStorage.getItem(userKey);
      if (known && idPattern.test(known)) return known;
    } catch (ignored) { /* fall through */ }
    const bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes); // unlike randomUUID, also available on plain http
    const id = Array.from(bytes, b => b.toString(16).padStart(2, "0")).join("");
    try { localStorage.setItem(userKey, id); } catch (ignored) { /* anonymous for this page only */ }
    return id;
  }

  // ---- rendering ----

  // Markdown through marked, then DOMPurify: only the sanitised DOM reaches the page, links open in a
  // new tab without access to this one, and every code block gets a copy button.
  const markdownTags = ["style", "form", "input", "button", "textarea", "select", "img", "iframe", "svg", "math"];
  let markdownReady = false;

  function setUpMarkdown() {
    if (markdownReady || !window.marked || !window.DOMPurify) return markdownReady;
    DOMPurify.addHook("afterSanitizeAttributes", function (node) {
      if (node.tagName === "A" && node.hasAttribute("href")) {
        node.setAttribute("target", "_blank");
        node.setAttribute("rel", "noopener noreferrer");
      }
    });
    // Raw HTML in the model's text is shown as text, not parsed: DOMPurify is the second wall, not the only one.
    marked.use({
      renderer: {
        html: function (token) { return escapeHtml(token.text || token.raw || ""); },
      },
    });
    markdownReady = true;
    return true;
  }

  function escapeHtml(text) {
    return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")
      .replace(/"/g, "&quot;").replace(/'/g, "&#39;");
  }

  function renderRichText(container, text) {
    if (!setUpMarkdown()) {
      container.textContent = text;
      return;
    }
    const html = marked.parse(text, { gfm: true, breaks: true, async: false });
    const fragment = DOMPurify.sanitize(html, { RETURN_DOM_FRAGMENT: true, FORBID_TAGS: markdownTags });
    fragment.querySelectorAll("pre").forEach(addCopyButton);
    container.replaceChildren(fragment);
    container.classList.add("markdown");
  }

  function addCopyButton(pre) {
    const code = pre.querySelector("code");
    const wrapper = document.createElement("div");
    wrapper.className = "code-block";
    const bar = document.createElement("div");
    bar.className = "code-bar";
    const language = code && /language-([\w+#.-]+)/.exec(code.className || "");
    const label = document.createElement("span");
    label.className = "code-language";
    label.textContent = language ? language[1] : "";
    const button = document.createElement("button");
    button.type = "button";
    button.className = "code-copy";
    button.textContent = t("copyCode");
    button.addEventListener("click", function () {
      copyText((code || pre).textContent.replace(/\n$/, ""), button, t("copyCode"));
    });
    bar.append(label, button);
    pre.replaceWith(wrapper);
    wrapper.append(bar, pre);
  }

  // The clipboard API needs a secure context; plain http falls back to a selected, hidden textarea.
  async function copyText(text, button, label) {
    let copied = false;
    try {
      if (navigator.clipboard && window.isSecureContext) {
        await navigator.clipboard.writeText(text);
        copied = true;
      }
    } catch (ignored) { /* fall back below */ }
    if (!copied) {
      const area = document.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.className = "visually-hidden";
      document.body.append(area);
      area.select();
      try { copied = document.execCommand("copy"); } catch (ignored) { copied = false; }
      area.remove();
    }
    button.textContent = copied ? t("copied") : t("copyFailed");
    setTimeout(function () { button.textContent = label; }, 2000);
  }

  function addMessage(message) {
    const item = document.createElement("li");
    item.className = "message message-" + message.role + (message.failed ? " message-failed" : "");
    const author = document.createElement("span");
    author.className = "message-author";
    author.textContent = message.role === "user" ? t("you") : el.name.textContent;
    const bubble = document.createElement("div");
    bubble.className = "bubble";
    item.append(author, bubble);
    el.transcript.append(item);
    updateMessage(item, message);
    return item;
  }

  function updateMessage(item, message) {
    const bubble = item.querySelector(".bubble");
    item.classList.toggle("message-failed", !!message.failed);
    if (message.role === "assistant" && !message.failed) {
      renderRichText(bubble, message.text);
    } else {
      bubble.textContent = message.text;
    }
    bubble.classList.toggle("typing", !!message.pending);
    renderSources(item, message.sources);
    renderFeedback(item, message);
    renderFollowUps(item, message);
    scrollToEnd();
  }

  // Questions the user may ask next, under the latest answer only: a click asks it.
  function renderFollowUps(item, message) {
    let list = item.querySelector(".follow-ups");
    const latest = item === el.transcript.lastElementChild;
    if (!latest || !Array.isArray(message.followUps) || message.followUps.length === 0) {
      if (list) list.remove();
      return;
    }
    if (!list) {
      list = document.createElement("ul");
      list.className = "follow-ups";
      list.setAttribute("aria-label", t("followUps"));
      item.append(list);
    }
    list.replaceChildren();
    message.followUps.forEach(function (question) {
      const entry = document.createElement("li");
      const button = document.createElement("button");
      button.type = "button";
      button.className = "suggestion follow-up";
      button.textContent = question;
      button.addEventListener("click", function () {
        el.input.focus();
        ask(question);
      });
      entry.append(button);
      list.append(entry);
    });
  }

  // Thumbs up / down under a finished answer; a second click on the other one changes the verdict.
  function renderFeedback(item, message) {
    let bar = item.querySelector(".feedback");
    if (message.role !== "assistant" || message.failed || message.pending || !message.turnId) {
      if (bar) bar.remove();
      return;
    }
    if (!bar) {
      bar = document.createElement("div");
      bar.className = "feedback";
      [["up", "\u{1F44D}", t("helpful")], ["down", "\u{1F44E}", t("notHelpful")]].forEach(function (spec) {
        const button = document.createElement("button");
        button.type = "button";
        button.className = "feedback-button";
        button.dataset.rating = spec[0];
        button.textContent = spec[1];
        button.setAttribute("aria-label", spec[2]);
        button.addEventListener("click", function () { sendFeedback(item, message, spec[0]); });
        bar.append(button);
      });
      item.append(bar);
    }
    bar.querySelectorAll(".feedback-button").forEach(function (button) {
      button.setAttribute("aria-pressed", String(message.feedback === button.dataset.rating));
    });
  }

  async function sendFeedback(item, message, rating) {
    try {
      const response = await fetch(endpoint + "/feedback", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ turnId: message.turnId, rating: rating, userId: anonymousUserId() }),
      });
      if (!response.ok) throw new Error(await problemOf(response));
      message.feedback = rating;
      const kept = state.messages.find(m => m.turnId === message.turnId);
      if (kept) kept.feedback = rating;
      saveState();
      renderFeedback(item, message);
    } catch (e) {
      el.status.textContent = t("feedbackFailed", e.message);
    }
  }

  // The passages an answer drew on: document name, passage expandable underneath.
  function renderSources(item, sources) {
    let list = item.querySelector(".sources");
    if (!sources || sources.length === 0) {
      if (list) list.remove();
      return;
    }
    if (!list) {
      list = document.createElement("div");
      list.className = "sources";
      item.append(list);
    }
    const title = document.createElement("p");
    title.className = "sources-title";
    title.textContent = t("sources");
    const entries = document.createElement("ol");
    sources.forEach(function (source) {
      const entry = document.createElement("li");
      const details = document.createElement("details");
      const summary = document.createElement("summary");
      summary.className = "source-name";
      summary.textContent = source.name;
      const passage = document.createElement("p");
      passage.className = "source-passage";
      passage.textContent = source.passage;
      details.append(summary, passage);
      entry.append(details);
      entries.append(entry);
    });
    list.replaceChildren(title, entries);
  }

  function scrollToEnd() {
    el.main.scrollTop = el.main.scrollHeight;
  }

  function renderAll() {
    el.transcript.replaceChildren();
    state.messages.forEach(addMessage);
    el.suggestions.hidden = state.messages.length > 0;
    el.suggestionsTitle.hidden = state.messages.length > 0 || el.suggestions.children.length === 0;
  }

  function setStatus(text, isError) {
    el.status.textContent = text;
    el.status.classList.toggle("status-error", !!isError);
  }

  function setBusy(value) {
    busy = value;
    el.send.setAttribute("aria-disabled", value ? "true" : "false");
    el.transcript.setAttribute("aria-busy", value ? "true" : "false");
  }

  // ---- profile ----

  async function loadProfile() {
    try {
      const response = await fetch(endpoint + "/profile", { headers: { Accept: "application/json" } });
      if (!response.ok) throw new Error("HTTP " + response.status);
      const profile = await response.json();
      el.name.textContent = profile.name || appId;
      document.title = profile.name || appId;
      el.opening.textContent = profile.openingStatement || "";
      el.suggestions.replaceChildren();
      (profile.suggestedQuestions || []).forEach(question => {
        const item = document.createElement("li");
        const button = document.createElement("button");
        button.type = "button";
        button.className = "suggestion";
        button.textContent = question;
        button.addEventListener("click", () => {
          el.input.focus(); // the button disappears once asked: keep keyboard users in the composer
          ask(question);
        });
        item.append(button);
        el.suggestions.append(item);
      });
      renderAll();
    } catch (e) {
      setStatus(t("loadFailed"), true);
    }
  }

  // ---- sending ----

  async function ask(text) {
    text = text.trim();
    if (!text) return;
    if (busy) {
      setStatus(t("wait"), false);
      return;
    }
    setBusy(true);
    setStatus("", false);
    const question = { role: "user", text: text };
    state.messages.push(question);
    saveState();
    renderAll();
    const answer = { role: "assistant", text: "", pending: true };
    const item = addMessage(answer);
    const controller = new AbortController();
    inFlight = controller;
    const body = { text: text, userId: anonymousUserId() };
    if (state.conversationId) body.conversationId = state.conversationId;
    let completed = false;
    // Once per answer, at its done (follow-up questions may still arrive after it) or when it fails.
    function complete() {
      // An aborted request belongs to a conversation the user already cleared: leave no trace.
      if (completed || controller.signal.aborted) return;
      completed = true;
      delete answer.pending;
      state.messages.push(answer.kept = {
        role: "assistant",
        text: answer.text,
        failed: !!answer.failed,
        sources: answer.sources || [],
        turnId: answer.turnId || null,
      });
      saveState();
      updateMessage(item, answer);
      if (inFlight === controller) inFlight = null;
      setBusy(false);
    }
    try {
      const response = await fetch(endpoint + "/messages", {
        method: "POST",
        headers: { "Content-Type": "application/json", Accept: "text/event-stream" },
        body: JSON.stringify(body),
        signal: controller.signal,
      });
      if (!response.ok || !response.body) {
        throw new Error(await problemOf(response));
      }
      let finished = false;
      for await (const event of serverSentEvents(response)) {
        const data = JSON.parse(event.data);
        if (event.event === "delta") {
          answer.text += data.text;
          updateMessage(item, answer);
        } else if (event.event === "done") {
          finished = true;
          state.conversationId = data.conversationId;
          answer.text = data.text || answer.text;
          answer.failed = !!data.failed;
          answer.sources = Array.isArray(data.sources) ? data.sources : [];
          answer.turnId = typeof data.turnId === "string" ? data.turnId : null;
          if (answer.failed && !answer.text) answer.text = t("noAnswer");
          complete();
        } else if (event.event === "followUps" && Array.isArray(data.questions)) {
          answer.followUps = data.questions.filter(q => typeof q === "string");
          if (answer.kept) answer.kept.followUps = answer.followUps;
          saveState();
          updateMessage(item, answer);
        } else if (event.event === "error") {
          finished = true;
          answer.failed = true;
          answer.text = t("interrupted", data.message);
        }
      }
      if (!finished) throw new Error(t("closedEarly"));
    } catch (e) {
      if (e.name === "AbortError") return;
      // Give the text back so it can be sent again without retyping it.
      if (!el.input.value) {
        el.input.value = text;
        autoGrow();
      }
      answer.failed = true;
      answer.text = t("didNotWork", e.message);
    } finally {
      complete();
    }
  }

  async function problemOf(response) {
    try {
      const problem = await response.json();
      if (problem && problem.message) return problem.message;
    } catch (ignored) { /* not JSON */ }
    return "the server answered " + response.status;
  }

  // Parses a text/event-stream body into {event, data} records.
  async function* serverSentEvents(response) {
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    let buffered = "";
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffered += decoder.decode(value, { stream: true }).replace(/\r\n?/g, "\n");
      let end;
      while ((end = buffered.indexOf("\n\n")) >= 0) {
        const block = buffered.slice(0, end);
        buffered = buffered.slice(end + 2);
        const event = parseEvent(block);
        if (event) yield event;
      }
    }
  }

  function parseEvent(block) {
    let name = "message";
    const data = [];
    for (const line of block.split("\n")) {
      if (!line || line.startsWith(":")) continue;
      const colon = line.indexOf(":");
      const field = colon < 0 ? line : line.slice(0, colon);
      let value = colon < 0 ? "" : line.slice(colon + 1);
      if (value.startsWith(" ")) value = value.slice(1);
      if (field === "event") name = value;
      else if (field === "data") data.push(value);
    }
    return data.length ? { event: name, data: data.join("\n") } : null;
  }

  // ---- wiring ----

  function submitInput() {
    const text = el.input.value;
    if (!text.trim()) {
      setStatus(t("typeFirst"), false);
      return;
    }
    if (busy) {
      setStatus(t("wait"), false);
      return;
    }
    el.input.value = "";
    autoGrow();
    ask(text);
  }

  function autoGrow() {
    el.input.style.height = "auto";
    el.input.style.height = Math.min(el.input.scrollHeight + 2, 160) + "px";
  }

  el.form.addEventListener("submit", event => {
    event.preventDefault();
    submitInput();
  });

  el.input.addEventListener("keydown", event => {
    // isComposing: Enter also confirms an IME candidate (Chinese, Japanese input) and must not send.
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      submitInput();
    }
  });

  el.input.addEventListener("input", autoGrow);

  el.reset.addEventListener("click", () => {
    if (inFlight) inFlight.abort();
    inFlight = null;
    setBusy(false);
    state = { conversationId: null, messages: [] };
    try { localStorage.removeItem(storageKey); } catch (ignored) { /* nothing kept */ }
    renderAll();
    setStatus(t("started"), false);
    el.input.focus();
  });

  translatePage();
  renderAll();
  loadProfile();
})();
