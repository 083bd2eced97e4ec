import { configSchema, STARTUP_ONLY_KEYS, STARTUP_ONLY_PATHS, type Config } from './config-schema.js';
import { formatIssues } from '../core/format-issues.js';
import { FORBIDDEN_KEYS, forbiddenKeyPath, MAX_JSON_DEPTH, nestsDeeperThan } from '../core/json-limits.js';
import { mergePatch } from './merge-patch.js';

export type ConfigUpdate = { ok: true; config: Config } | { ok: false; problems: string[] };

/**
 * The emulator's runtime configuration. Parts read `get()` when they act (not once at start), so
 * a `PATCH /_emulator/config` takes effect on the next attempt, draw or emission.
 */
export class ConfigStore {
  private current: Config;
  private readonly initial: Config;
  private readonly listeners: Array<(config: Config, previous: Config) => void> = [];

  constructor(config: Config) {
    this.current = config;
    this.initial = config;
  }

  get(): Config {
    return this.current;
  }

  /**
   * Applies a JSON merge patch (see mergePatch), validated by the same schema as start-up.
   * On any problem nothing changes and every problem is listed by its path.
   */
  update(patch: unknown): ConfigUpdate {
    if (typeof patch !== 'object' || patch === null || Array.isArray(patch)) {
      return { ok: false, problems: ['(root): expected a JSON object (a merge patch)'] };
    }
    // Before any merge or formatting: nothing below walks a value deeper than this.
    if (nestsDeeperThan(patch)) return { ok: false, problems: [`(root): the patch nests deeper than ${MAX_JSON_DEPTH} levels`] };
    const forbidden = forbiddenKeyPath(patch);
    if (forbidden !== undefined) return { ok: false, problems: [`${forbidden}: the keys ${FORBIDDEN_KEYS.join(', ')} are refused in config patches`] };
    const problems: string[] = [];
    for (const key of STARTUP_ONLY_KEYS) {
      if (key in patch) problems.push(`${key}: can only be set at start-up (flag, env var or config file)`);
    }
    const merged = mergePatch(this.current, patch);
    for (const [group, key] of STARTUP_ONLY_PATHS) {
      // Refused only when changed: a GET answer patched back whole is still accepted.
      if (JSON.stringify(valueAt(merged, group, key)) !== JSON.stringify(valueAt(this.current, group, key))) {
        problems.push(`${group}.${key}: can only be set at start-up (flag, env var or config file); it is read once when the emulator starts`);
      }
    }
    const parsed = configSchema.safeParse(merged);
    if (!parsed.success) problems.push(...formatIssues(parsed.error.issues, merged));
    if (problems.length > 0 || !parsed.success) return { ok: false, problems };
    const previous = this.current;
    this.current = parsed.data;
    for (const l of this.listeners) l(this.current, previous);
    return { ok: true, config: this.current };
  }

  /**
   * Takes a saved runtime configuration (a state document's `config`): every runtime key from
   * `saved`, the start-up-only keys as they are now. Validated like start-up; on a problem nothing changes.
   */
  restore(saved: unknown, apply = true): ConfigUpdate {
    if (typeof saved !== 'object' || saved === null || Array.isArray(saved)) return { ok: false, problems: ['config: expected an object'] };
    const candidate: Record<string, unknown> = { ...(saved as Record<string, unknown>) };
    for (const key of STARTUP_ONLY_KEYS) candidate[key] = this.current[key];
    for (const [group, key] of STARTUP_ONLY_PATHS) {
      const saved = candidate[group];
      if (typeof saved === 'object' && saved !== null && !Array.isArray(saved)) candidate[group] = { ...saved, [key]: valueAt(this.current, group, key) };
    }
    const parsed = configSchema.safeParse(candidate);
    if (!parsed.success) return { ok: false, problems: formatIssues(parsed.error.issues, candidate).map((p) => `config.${p}`) };
    if (!apply) return { ok: true, config: parsed.data };
    const previous = this.current;
    this.current = parsed.data;
    for (const l of this.listeners) l(this.current, previous);
    return { ok: true, config: this.current };
  }

  /** Back to the configuration the emulator started with. */
  reset(): void {
    const previous = this.current;
    this.current = this.initial;
    for (const l of this.listeners) l(this.current, previous);
  }

  onChange(listener: (config: Config, previous: Config) => void): void {
    this.listeners.push(listener);
  }
}

function valueAt(config: unknown, group: string, key: string): unknown {
  const inner = (config as Record<string, unknown> | null)?.[group];
  return typeof inner === 'object' && inner !== null ? (inner as Record<string, unknown>)[key] : undefined;
}
