// `solarproof-mock/testcontainers`: the emulator as a testcontainers module (testcontainers is
// an optional peer dependency: install it yourself, version 11).
export {
  SolarProofMockContainer,
  StartedSolarProofMockContainer,
  SOLARPROOF_MOCK_PORT,
  DEFAULT_IMAGE,
} from './solarproof-mock-container.js';
export type { EmulatorClient } from '../client/create-client.js';
