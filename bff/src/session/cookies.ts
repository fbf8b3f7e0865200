/**
 * The two cookies the BFF sets. `__Host-` keeps them on this exact origin (Secure, Path=/, no
 * Domain); `Http` in the name marks them as set over HTTP only (layered-cookies draft).
 */
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';

export const SESSION_COOKIE = '__Host-Http-ers-session';
/** Lax, not Strict: it must come back on the top-level redirect from CIS2 to /bff/callback. */
export const LOGIN_COOKIE = '__Host-Http-ers-login';

const base = { path: '/', secure: true, httpOnly: true } as const;

export function setSessionCookie(c: Context, id: string) {
  setCookie(c, SESSION_COOKIE, id, { ...base, sameSite: 'Strict' });
}

export function clearSessionCookie(c: Context) {
  deleteCookie(c, SESSION_COOKIE, { ...base, sameSite: 'Strict' });
}

export function setLoginCookie(c: Context, id: string) {
  setCookie(c, LOGIN_COOKIE, id, { ...base, sameSite: 'Lax', maxAge: 600 });
}

export function clearLoginCookie(c: Context) {
  deleteCookie(c, LOGIN_COOKIE, { ...base, sameSite: 'Lax' });
}

export function readCookie(c: Context, name: string): string | undefined {
  return getCookie(c, name);
}
