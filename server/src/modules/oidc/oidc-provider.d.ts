// oidc-provider v9 ships no type declarations (DefinitelyTyped's @types/oidc-provider is not installed); the module
// uses it through the narrow surface below and keeps its own types at the edges.
declare module 'oidc-provider' {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  type Any = any;
  export const Provider: Any;
  export const interactionPolicy: { Check: Any; Prompt: Any; base: () => Any };
  export const errors: Any;
  const def: Any;
  export default def;
}
