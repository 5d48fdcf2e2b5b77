// Web chat page: the app's profile, the user's conversations (kept on the server), streamed answers.
// Model text reaches the page as text nodes, or as Markdown rendered by marked and sanitised by DOMPurify.
"use strict";

(function () {
  const appId = document.querySelector('meta[name="switchboard-app-id"]').content;
  const endpoint = document.querySelector('meta[name="switchboard-chat-endpoint"]').content;
  const userKey = "switchboard.chat.user";
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
  const currentKey = "switchboard.chat.current." + appId;

  const el = {
    main: document.getElementById("main"),
    name: document.getElementById("app-name"),
    opening: document.getElementById("opening-statement"),
    welcome: document.getElementById("welcome"),
    suggestionsTitle: document.getElementById("suggestions-title"),
    suggestions: document.getElementById("suggestions"),
    variablesForm: document.getElementById("variables"),
    variablesFields: document.getElementById("variables-fields"),
    transcript: document.getElementById("transcript"),
    status: document.getElementById("status"),
    form: document.getElementById("composer"),
    input: document.getElementById("message-input"),
    send: document.getElementById("send"),
    stop: document.getElementById("stop"),
    reset: document.getElementById("new-conversation"),
    drawerToggle: document.getElementById("drawer-toggle"),
    drawer: document.getElementById("drawer"),
    drawerClose: document.getElementById("drawer-close"),
    conversationList: document.getElementById("conversation-list"),
  };

  // The conversation on screen: its id (null until the first answer starts) and its messages.
  let state = { conversationId: null, messages: [] };
  let profile = { variables: [] };
  let busy = false;
  let inFlight = null;
  const userId = anonymousUserId();

  // ---- storage: only the user id and which conversation is open; transcripts live on the server ----

  function rememberCurrent(id) {
    try {
      if (id) localStorage.setItem(currentKey, id);
      else localStorage.removeItem(currentKey);
    } catch (ignored) { /* private browsing: the list in the drawer still finds it */ }
  }

  function currentId() {
    try {
      const id = localStorage.getItem(currentKey);
      return id && idPattern.test(id) ? id : null;
    } catch (ignored) {
      return null;
    }
  }

  function anonymousUserId() {
    try {
      const known = localStorage.getItem(userKey);
      if (known && idPattern.test(known)) return known;
    } catch (ignored) { /* fall through */ }
    const id = randomId();
    try { localStorage.setItem(userKey, id); } catch (ignored) { /* anonymous for this page only */ }
    return id;
  }

  function randomId() {
    const bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes); // unlike randomUUID, also available on plain http
    return Array.from(bytes, b => b.toString(16).padStart(2, "0")).join("");
  }

  function query() {
    return "?userId=" + encodeURIComponent(userId);
  }

  async function api(method, path, body) {
    const options = { method: method, headers: { Accept: "application/json" } };
    if (body) {
      options.headers["Content-Type"] = "application/json";
      options.body = JSON.stringify(Object.assign({ userId: userId }, body));
    }
    const response = await fetch(endpoint + path + (body ? "" : query()), options);
    if (!response.ok) {
      const error = new Error(await problemOf(response));
      error.status = response.status;
      throw error;
    }
    return response.status === 204 ? null : response.json();
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
      renderRichText(bubble, message.text + (message.stopped ? "\n\n" + t("stoppedNote") : ""));
    } else {
      bubble.classList.remove("markdown");
      bubble.textContent = message.text;
    }
    bubble.classList.toggle("typing", !!message.pending);
    renderSources(item, message.sources);
    renderActions(item, message);
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

  // Under a finished answer: copy, regenerate (the latest answer only), thumbs up / down.
  function renderActions(item, message) {
    let bar = item.querySelector(".actions");
    if (message.role !== "assistant" || message.pending) {
      if (bar) bar.remove();
      return;
    }
    if (!bar) {
      bar = document.createElement("div");
      bar.className = "actions";
      item.append(bar);
    }
    bar.replaceChildren();
    if (message.text && !message.failed) {
      const copy = actionButton("copy", t("copy"), t("copy"));
      copy.addEventListener("click", function () { copyText(message.text, copy, t("copy")); });
      bar.append(copy);
    }
    const latest = state.messages[state.messages.length - 1] === message;
    if (latest && state.conversationId) {
      const again = actionButton("regenerate", t("regenerate"), t("regenerate"));
      again.addEventListener("click", regenerate);
      bar.append(again);
    }
    if (message.turnId && !message.failed) {
      [["up", "\u{1F44D}", t("helpful")], ["down", "\u{1F44E}", t("notHelpful")]].forEach(function (spec) {
        const button = actionButton("feedback-button", spec[1], spec[2]);
        button.dataset.rating = spec[0];
        button.setAttribute("aria-pressed", String(message.feedback === spec[0]));
        button.addEventListener("click", function () { sendFeedback(item, message, spec[0]); });
        bar.append(button);
      });
    }
    if (!bar.children.length) bar.remove();
  }

  function actionButton(kind, text, label) {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "action-button " + kind;
    button.textContent = text;
    if (label !== text) button.setAttribute("aria-label", label);
    return button;
  }

  async function sendFeedback(item, message, rating) {
    try {
      const response = await fetch(endpoint + "/feedback", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ turnId: message.turnId, rating: rating, userId: userId }),
      });
      if (!response.ok) throw new Error(await problemOf(response));
      message.feedback = rating;
      renderActions(item, message);
      const pressed = item.querySelector('.feedback-button[data-rating="' + rating + '"]');
      if (pressed) pressed.focus();
    } catch (e) {
      setStatus(t("feedbackFailed", e.message), true);
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
    const fresh = state.messages.length === 0;
    el.suggestions.hidden = !fresh;
    el.suggestionsTitle.hidden = !fresh || el.suggestions.children.length === 0;
    el.opening.hidden = !fresh;
    el.variablesForm.hidden = !fresh || profile.variables.length === 0;
  }

  function setStatus(text, isError) {
    el.status.textContent = text;
    el.status.classList.toggle("status-error", !!isError);
  }

  function setBusy(value) {
    busy = value;
    el.send.hidden = value;
    el.stop.hidden = !value;
    el.transcript.setAttribute("aria-busy", value ? "true" : "false");
  }

  // ---- profile and the input variables form ----

  async function loadProfile() {
    try {
      const response = await fetch(endpoint + "/profile", { headers: { Accept: "application/json" } });
      if (!response.ok) throw new Error("HTTP " + response.status);
      profile = await response.json();
      profile.variables = Array.isArray(profile.variables) ? profile.variables : [];
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
      renderVariables();
      renderAll();
    } catch (e) {
      setStatus(t("loadFailed"), true);
    }
  }

  function renderVariables() {
    el.variablesFields.replaceChildren();
    profile.variables.forEach(function (variable, i) {
      const field = document.createElement("div");
      field.className = "variable-field";
      const label = document.createElement("label");
      label.htmlFor = "variable-" + i;
      label.textContent = variable.label || variable.name;
      const input = document.createElement("input");
      input.type = "text";
      input.id = "variable-" + i;
      input.name = variable.name;
      input.className = "variable-input";
      input.maxLength = 2000;
      input.value = variable.default || "";
      input.autocomplete = "off";
      field.append(label, input);
      el.variablesFields.append(field);
    });
  }

  // The form's values, or null (with the first empty field focused) when one is missing.
  function variableValues() {
    const values = {};
    const inputs = el.variablesFields.querySelectorAll("input");
    for (const input of inputs) {
      if (!input.value.trim()) {
        setStatus(t("variablesRequired", input.labels[0].textContent), true);
        input.setAttribute("aria-invalid", "true");
        input.focus();
        return null;
      }
      input.removeAttribute("aria-invalid");
      values[input.name] = input.value.trim();
    }
    return values;
  }

  // ---- the conversation list (side drawer) ----

  function openDrawer() {
    el.drawer.hidden = false;
    el.drawerToggle.setAttribute("aria-expanded", "true");
    refreshList();
    el.drawerClose.focus();
  }

  function closeDrawer() {
    el.drawer.hidden = true;
    el.drawerToggle.setAttribute("aria-expanded", "false");
    el.drawerToggle.focus();
  }

  async function refreshList() {
    try {
      const result = await api("GET", "/conversations");
      renderList(result.conversations || []);
    } catch (e) {
      setStatus(t("didNotWork", e.message), true);
    }
  }

  function renderList(conversations) {
    el.conversationList.replaceChildren();
    if (conversations.length === 0) {
      const empty = document.createElement("li");
      empty.className = "conversation-empty";
      empty.textContent = t("noConversations");
      el.conversationList.append(empty);
      return;
    }
    conversations.forEach(function (conversation) {
      const item = document.createElement("li");
      item.className = "conversation-item";
      item.dataset.id = conversation.id;
      const open = document.createElement("button");
      open.type = "button";
      open.className = "conversation-open";
      open.textContent = conversation.title || t("untitled");
      if (conversation.id === state.conversationId) open.setAttribute("aria-current", "true");
      open.addEventListener("click", function () {
        closeDrawer();
        openConversation(conversation.id);
      });
      const rename = actionButton("conversation-rename", "\u270E", t("rename"));
      rename.addEventListener("click", function () { startRename(item, conversation); });
      const remove = actionButton("conversation-delete", "\u{1F5D1}", t("remove"));
      remove.addEventListener("click", function () { removeConversation(conversation); });
      item.append(open, rename, remove);
      el.conversationList.append(item);
    });
  }

  function startRename(item, conversation) {
    const form = document.createElement("form");
    form.className = "rename-form";
    const label = document.createElement("label");
    label.className = "visually-hidden";
    label.htmlFor = "rename-" + conversation.id;
    label.textContent = t("renameTo");
    const input = document.createElement("input");
    input.id = "rename-" + conversation.id;
    input.className = "rename-input";
    input.maxLength = 120;
    input.value = conversation.title || "";
    const save = document.createElement("button");
    save.type = "submit";
    save.className = "action-button rename-save";
    save.textContent = t("save");
    const cancel = document.createElement("button");
    cancel.type = "button";
    cancel.className = "action-button";
    cancel.textContent = t("cancel");
    cancel.addEventListener("click", refreshList);
    form.append(label, input, save, cancel);
    form.addEventListener("submit", async function (event) {
      event.preventDefault();
      try {
        await api("PATCH", "/conversations/" + conversation.id, { title: input.value });
        setStatus(t("renamed"), false);
        await refreshList();
        const again = el.conversationList.querySelector('[data-id="' + conversation.id + '"] .conversation-open');
        if (again) again.focus();
      } catch (e) {
        setStatus(t("didNotWork", e.message), true);
      }
    });
    item.replaceChildren(form);
    input.focus();
    input.select();
  }

  async function removeConversation(conversation) {
    if (!window.confirm(t("removeConfirm"))) return;
    try {
      await api("DELETE", "/conversations/" + conversation.id);
      if (conversation.id === state.conversationId) startNew(false);
      setStatus(t("deleted"), false);
      await refreshList();
      el.drawerClose.focus();
    } catch (e) {
      setStatus(t("didNotWork", e.message), true);
    }
  }

  // ---- opening a conversation, and picking up an answer still being written ----

  async function openConversation(id) {
    if (inFlight) inFlight.abort();
    inFlight = null;
    setBusy(false);
    try {
      const conversation = await api("GET", "/conversations/" + id);
      state = { conversationId: id, messages: conversation.messages.map(fromServer) };
      rememberCurrent(id);
      if (conversation.interrupted) {
        state.messages.push({ role: "assistant", text: t("interrupted", t("closedEarly")), failed: true });
      }
      renderAll();
      if (conversation.streaming) resume(id);
    } catch (e) {
      if (e.status === 404 || e.status === 403) {
        rememberCurrent(null);
        state = { conversationId: null, messages: [] };
        renderAll();
      } else {
        setStatus(t("didNotWork", e.message), true);
      }
    }
  }

  function fromServer(message) {
    const kept = {
      role: message.role === "user" ? "user" : "assistant",
      text: typeof message.text === "string" ? message.text : "",
      failed: !!message.failed,
      stopped: !!message.stopped,
      sources: Array.isArray(message.sources) ? message.sources : [],
      turnId: typeof message.turnId === "string" ? message.turnId : null,
      followUps: Array.isArray(message.followUps) ? message.followUps : [],
    };
    if (kept.failed && !kept.text) kept.text = t("interrupted", message.error || t("closedEarly"));
    return kept;
  }

  async function resume(id) {
    setStatus(t("resumed"), false);
    const answer = { role: "assistant", text: "", pending: true };
    await follow(answer, function (signal) {
      return fetch(endpoint + "/conversations/" + id + "/stream" + query(), {
        headers: { Accept: "text/event-stream" },
        signal: signal,
      });
    }, null);
  }

  // ---- sending ----

  async function ask(text) {
    text = text.trim();
    if (!text) return;
    if (busy) {
      setStatus(t("wait"), false);
      return;
    }
    const body = { text: text };
    if (state.conversationId) {
      body.conversationId = state.conversationId;
    } else {
      // The first message: the conversation gets its id here, and the variables from the form.
      if (profile.variables.length) {
        const values = variableValues();
        if (!values) {
          if (!el.input.value) el.input.value = text;
          return;
        }
        body.variables = values;
      }
      body.conversationId = randomId();
      state.conversationId = body.conversationId;
      rememberCurrent(state.conversationId);
    }
    setStatus("", false);
    state.messages.push({ role: "user", text: text });
    renderAll();
    await send(body, text);
  }

  async function regenerate() {
    if (busy || !state.conversationId) return;
    while (state.messages.length && state.messages[state.messages.length - 1].role === "assistant") {
      state.messages.pop();
    }
    renderAll();
    await send({ conversationId: state.conversationId, regenerate: true }, null);
  }

  function send(body, text) {
    const answer = { role: "assistant", text: "", pending: true };
    return follow(answer, function (signal) {
      return fetch(endpoint + "/messages", {
        method: "POST",
        headers: { "Content-Type": "application/json", Accept: "text/event-stream" },
        body: JSON.stringify(Object.assign({ userId: userId }, body)),
        signal: signal,
      });
    }, text);
  }

  // Streams an answer into the transcript from request(), a POST of a question or a reconnect.
  async function follow(answer, request, text) {
    setBusy(true);
    state.messages.push(answer);
    const item = addMessage(answer);
    const controller = new AbortController();
    inFlight = controller;
    let completed = false;
    function complete() {
      // An aborted request belongs to a conversation the user left: leave no trace.
      if (completed || controller.signal.aborted) return;
      completed = true;
      delete answer.pending;
      updateMessage(item, answer);
      if (inFlight === controller) inFlight = null;
      setBusy(false);
      renderActionsOfPrevious(item);
    }
    try {
      const response = await request(controller.signal);
      if (!response.ok || !response.body) {
        const error = new Error(await problemOf(response));
        error.status = response.status;
        throw error;
      }
      let finished = false;
      for await (const event of serverSentEvents(response)) {
        const data = JSON.parse(event.data);
        if (event.event === "delta" || event.event === "resume") {
          answer.text = event.event === "resume" ? data.text : answer.text + data.text;
          updateMessage(item, answer);
        } else if (event.event === "done") {
          finished = true;
          answer.text = data.text || answer.text;
          answer.failed = !!data.failed;
          answer.stopped = !!data.stopped;
          answer.sources = Array.isArray(data.sources) ? data.sources : [];
          answer.turnId = typeof data.turnId === "string" ? data.turnId : null;
          if (answer.failed && !answer.text) answer.text = t("noAnswer");
          if (answer.stopped) setStatus(t("stopped"), false);
          else setStatus("", false);
          complete();
        } else if (event.event === "followUps" && Array.isArray(data.questions)) {
          answer.followUps = data.questions.filter(q => typeof q === "string");
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
      if (text && !el.input.value) {
        el.input.value = text;
        autoGrow();
      }
      answer.failed = true;
      answer.text = t("didNotWork", e.message);
    } finally {
      complete();
    }
  }

  // Only the latest answer offers "Regenerate": the one before loses it.
  function renderActionsOfPrevious(item) {
    const previous = item.previousElementSibling && item.previousElementSibling.previousElementSibling;
    const index = state.messages.length - 3;
    if (previous && index >= 0 && state.messages[index].role === "assistant") {
      renderActions(previous, state.messages[index]);
    }
  }

  async function stop() {
    if (!busy || !state.conversationId) return;
    try {
      await api("POST", "/conversations/" + state.conversationId + "/stop", {});
    } catch (e) {
      // 409: it finished meanwhile; the stream's own done event says so.
      if (e.status !== 409) setStatus(t("didNotWork", e.message), true);
    }
    el.input.focus();
  }

  function startNew(announce) {
    if (inFlight) inFlight.abort();
    inFlight = null;
    setBusy(false);
    state = { conversationId: null, messages: [] };
    rememberCurrent(null);
    renderVariables();
    renderAll();
    if (announce) setStatus(t("started"), false);
    el.input.focus();
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
  el.variablesForm.addEventListener("submit", event => {
    event.preventDefault();
    if (variableValues()) {
      setStatus("", false);
      el.input.focus();
    }
  });
  el.stop.addEventListener("click", stop);
  el.reset.addEventListener("click", () => startNew(true));
  el.drawerToggle.addEventListener("click", () => (el.drawer.hidden ? openDrawer() : closeDrawer()));
  el.drawerClose.addEventListener("click", closeDrawer);
  el.drawer.addEventListener("keydown", event => {
    if (event.key === "Escape") closeDrawer();
  });

  translatePage();
  setBusy(false);
  renderAll();
  loadProfile().then(() => {
    const id = currentId();
    if (id) openConversation(id);
  });
})();
