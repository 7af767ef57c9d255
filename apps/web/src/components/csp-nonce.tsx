"use client";
// Hands this response's CSP nonce to the libraries that add <style> elements at run time: Radix's
// dialogs lock page scrolling through react-remove-scroll, whose <style> takes its nonce from the
// `get-nonce` package. Without it the page's style-src refuses the sheet (a CSP violation on every
// dialog, and the page behind the dialog keeps scrolling).
import { setNonce } from "get-nonce";

export function CspNonce({ nonce }: { nonce: string | null }) {
  // During render, so it is set before any dialog's effects run; only in the browser, because on
  // the server get-nonce's module-level value would be shared by every request.
  if (typeof window !== "undefined" && nonce) setNonce(nonce);
  return null;
}
