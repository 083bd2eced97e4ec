/** undici's Agent module on its own (see src/delivery/undici-transport.ts): the same class undici's index exports. */
declare module 'undici/lib/dispatcher/agent.js' {
  import { Agent } from 'undici';
  export default Agent;
}
