import { spawnSync } from 'node:child_process';

/**
 * The image the Docker tests run against: `.ci/run` builds it (`docker build -t solarproof-mock:ci`)
 * and runs `SPMOCK_DOCKER_IMAGE=solarproof-mock:ci npx vitest run test/docker`. Without that
 * variable, or without a Docker engine that answers, the tests are skipped with one line saying why.
 */
export function dockerImage(): { image: string } | { skip: string } {
  const image = process.env.SPMOCK_DOCKER_IMAGE;
  if (image === undefined || image === '') return { skip: 'SPMOCK_DOCKER_IMAGE is not set (.ci/run sets it after docker build)' };
  const info = spawnSync('docker', ['image', 'inspect', '--format', '{{.Id}}', image], { encoding: 'utf8' });
  if (info.error !== undefined) return { skip: `docker cannot run here (${info.error.message})` };
  if (info.status !== 0) return { skip: `docker has no image ${image} or no engine answers (${info.stderr.trim()})` };
  return { image };
}
