// Sending with a time limit, loaded when something is sent (see README, "A form tries the
// network once, then queues the same event").
import { csrfToken, syncUrl, user } from "./queue.js";

const TIMEOUT = 15000;

// fetch; no network, no answer in TIMEOUT and 5xx all reject with a TypeError.
export async function send(url, init, timeout = TIMEOUT) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeout);
  try {
    const response = await fetch(url, { credentials: "same-origin", ...init, signal: controller.signal });
    if (response.status >= 500) throw new TypeError(`server error ${response.status}`);
    return response;
  } catch (error) {
    throw error instanceof TypeError ? error : new TypeError("no answer in time");
  } finally {
    clearTimeout(timer);
  }
}

export function postEvents(events) {
  return send(syncUrl, {
    method: "POST",
    headers: { "Content-Type": "application/json", Accept: "application/json", "X-CSRFToken": csrfToken() },
    body: JSON.stringify({ events }),
  });
}

// "held" | "partly" | "refused" (took none) | "lost" (then queue the same events).
export async function postNow(events) {
  if (!syncUrl || !navigator.onLine) return "lost";
  try {
    const response = await postEvents(events);
    if (!response.ok) return response.status === 403 ? "lost" : "refused";
    const answer = await response.json();
    if (String(answer.user) !== String(user)) return "lost";
    const held = new Set(answer.held);
    const count = events.filter((e) => held.has(e.id)).length;
    return count === events.length ? "held" : count ? "partly" : "refused";
  } catch {
    return "lost";
  }
}
