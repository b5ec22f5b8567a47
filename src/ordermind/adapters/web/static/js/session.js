// Sign-in and sign-out, and what the signed-in key may do. Only a "signed in" flag is kept
// in localStorage (so a reload knows to ask the server); the key itself never is.

import { api, useCsrf } from "./api.js";

const FLAG = "ordermind-signed-in";
let current = null;

export const who = () => current;
export const can = (perm) => Boolean(current && current.permissions.includes(perm));
export const canAny = (...perms) => perms.some(can);

function adopt(body) {
  current = body;
  useCsrf(body.session ? body.session.csrf_token : "");
  localStorage.setItem(FLAG, "1");
  return body;
}

export async function signIn(key) {
  return adopt(await api("/v1/session", { method: "POST", body: { api_key: key } }));
}

/** The session the browser still holds, if a sign-in happened in this browser. */
export async function resume() {
  if (!localStorage.getItem(FLAG)) return null;
  try {
    return adopt(await api("/v1/session"));
  } catch {
    forget();
    return null;
  }
}

export async function signOut() {
  try {
    await api("/v1/session", { method: "DELETE" });
  } finally {
    forget();
  }
}

export function forget() {
  current = null;
  useCsrf("");
  localStorage.removeItem(FLAG);
}
