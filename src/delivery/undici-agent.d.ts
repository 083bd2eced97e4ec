/** undici's Agent module on its own (see src/delivery/undici-transport.ts): the same class undici's index exports. */
declare module 'undici/lib/dispatcher/agent.js' {
  import { Agent } from 'undici';
  export default Agent;
}

/** undici's connector factory on its own: the same function undici's index exports as `buildConnector`. */
declare module 'undici/lib/core/connect.js' {
  import { buildConnector } from 'undici';
  export default buildConnector;
}
