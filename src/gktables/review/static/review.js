// Keyboard-first review: one key per decision, posted as JSON with the page's CSRF token.
"use strict";
(function () {
  // a filter applies as soon as it is chosen
  document.querySelectorAll("form.filters select").forEach((s) => s.addEventListener("change", () => s.form.submit()));
  const cell = document.getElementById("cell");
  if (!cell) return;
  const csrf = document.querySelector('meta[name="csrf-token"]').content;
  // the cell's characters in the middle of the text box, without scrolling the page
  const excerpt = document.getElementById("excerpt");
  const span = document.getElementById("span") || document.querySelector("#excerpt mark");
  if (excerpt && span) excerpt.scrollTop = span.offsetTop - excerpt.clientHeight / 2;
  const typed = document.getElementById("typed");
  const message = document.getElementById("message");
  const UNDO_KEY = "gktables-review-undo";

  function say(text, bad) {
    message.textContent = text;
    message.className = "message" + (bad ? " error" : " ok");
  }

  async function post(url, body) {
    const res = await fetch(url, {
      method: "POST",
      headers: {"Content-Type": "application/json", "X-CSRF-Token": csrf},
      body: JSON.stringify(body),
    });
    const data = await res.json().catch(() => ({ok: false, error: res.statusText}));
    if (!res.ok || !data.ok) throw new Error(data.error || res.statusText);
    return data;
  }

  function go(url) { if (url) window.location.assign(url); }

  function nextAfterDecision() {
    // the next cell still open, else the next one, else stay (reloaded to show the decision)
    go(cell.dataset.nextOpen || cell.dataset.next || window.location.href);
  }

  async function decide(action, extra) {
    say("saving…");
    try {
      const data = await post("/api/decide", Object.assign({sha256: cell.dataset.sha256, key: cell.dataset.key, action: action, seen_raw: cell.dataset.raw}, extra || {}));
      const stack = JSON.parse(sessionStorage.getItem(UNDO_KEY) || "[]");
      stack.push({id: data.review_id, url: window.location.href});
      sessionStorage.setItem(UNDO_KEY, JSON.stringify(stack.slice(-50)));
      say("saved");
      nextAfterDecision();
    } catch (err) {
      say(err.message, true);
    }
  }

  async function undo() {
    const stack = JSON.parse(sessionStorage.getItem(UNDO_KEY) || "[]");
    const last = stack.pop();
    if (!last) { say("nothing to undo", true); return; }
    try {
      await post("/api/undo", {review_id: last.id});
      sessionStorage.setItem(UNDO_KEY, JSON.stringify(stack));
      go(last.url);
    } catch (err) {
      say(err.message, true);
    }
  }

  document.querySelectorAll("button[data-action]").forEach((b) => b.addEventListener("click", () => {
    const extra = b.dataset.index !== undefined ? {candidate: Number(b.dataset.index)} : {};
    decide(b.dataset.action, extra);
  }));

  document.getElementById("typed-form").addEventListener("submit", (e) => {
    e.preventDefault();
    decide("typed", {value: typed.value});
  });

  document.addEventListener("keydown", (e) => {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    if (e.target === typed || e.target.tagName === "SELECT" || e.target.tagName === "INPUT") {
      if (e.key === "Escape") { e.target.blur(); }
      return; // enter submits the form; everything else is typing
    }
    const k = e.key;
    if (k === "a") decide("accept");
    else if (k === "d") decide("document_wrong");
    else if (k === "t" || k === "Enter") { e.preventDefault(); typed.focus(); }
    else if (k === "j" || k === "ArrowRight") go(cell.dataset.next);
    else if (k === "k" || k === "ArrowLeft") go(cell.dataset.prev);
    else if (k === "u") undo();
    else if (/^[1-9]$/.test(k)) {
      const button = document.querySelector(`button[data-action="candidate"][data-index="${Number(k) - 1}"]`);
      if (button) decide("candidate", {candidate: Number(k) - 1});
      else say(`there is no candidate ${k}`, true);
    } else return;
  });
})();
