// A client-only app: every page is prerendered as the same empty shell and rendered in the browser.
export const ssr = false;
export const prerender = true;
