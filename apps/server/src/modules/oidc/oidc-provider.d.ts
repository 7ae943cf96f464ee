// oidc-provider ships no types; it is used only by the test provider (test-provider.ts).
declare module 'oidc-provider' {
  const Provider: new (issuer: string, configuration: Record<string, unknown>) => { callback(): (req: unknown, res: unknown) => void };
  export default Provider;
}
