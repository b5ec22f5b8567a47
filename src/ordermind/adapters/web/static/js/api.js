// The one way the console talks to the server: the public API, with the session cookie
// (sent by the browser, never read by this script) and the session's CSRF token on every
// change.

let csrf = "";
export function useCsrf(token) { csrf = token || ""; }

export class ApiError extends Error {
  constructor(status, detail, body) {
    super(detail);
    this.status = status;
    this.body = body;
  }
}

const SAFE = new Set(["GET", "HEAD"]);

export async function api(path, { method = "GET", body, headers = {} } = {}) {
  const options = { method, credentials: "same-origin", headers: { Accept: "application/json", ...headers } };
  if (body !== undefined) {
    options.body = JSON.stringify(body);
    options.headers["Content-Type"] = "application/json";
  }
  if (!SAFE.has(method)) options.headers["X-CSRF-Token"] = csrf;
  const res = await fetch(path, options);
  if (res.status === 401) window.dispatchEvent(new CustomEvent("om:unauthenticated"));
  if (res.status === 204) return null;
  const data = await res.json().catch(() => ({}));
  if (!res.ok) throw new ApiError(res.status, data.detail || `HTTP ${res.status}`, data);
  return data;
}

export const post = (path, body) => api(path, { method: "POST", body: body ?? {} });

/** A query string from an object, leaving out empty values. */
export function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== "" && v != null) q.set(k, v);
  const s = q.toString();
  return s ? `?${s}` : "";
}
