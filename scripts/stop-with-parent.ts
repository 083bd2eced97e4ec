/**
 * Preloaded by `npm start` (`node --import tsx --import ./scripts/stop-with-parent.ts ...`): the
 * same watch the bin installs (src/cli/stop-with-parent.ts), here before anything else loads.
 */
import { stopWithParent } from '../src/cli/stop-with-parent.js';

stopWithParent(process.env.npm_command === undefined ? { ...process.env, npm_command: 'start' } : process.env);
