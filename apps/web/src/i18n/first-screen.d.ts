/** The sign-in page's messages in Uzbek (Latin), picked at build time from locales/uz-Latn.json (apps/web/first-screen.ts). */
declare module 'virtual:first-screen-messages' {
  const messages: Record<string, unknown>;
  export default messages;
}
