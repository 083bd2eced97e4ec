/**
 * What a hook URL comes to for a transport, worked out once per URL and kept (parsing a URL costs
 * more than the rest of an attempt's set-up): the parsed URL, its origin and path, and the Basic
 * authorization its userinfo stands for. Shared by the undici and node:http transports.
 */
export interface HookTarget {
  url: URL;
  origin: string;
  path: string;
  /** `Basic ...` for userinfo in the URL, as got (and curl) send it; undefined without userinfo. */
  authorization: string | undefined;
}

/** Targets by raw URL; cleared whole past TARGETS_KEPT (hook URLs are few; a flood of distinct ones is not kept). */
const targets = new Map<string, HookTarget>();
const TARGETS_KEPT = 1000;

/**
 * The target of `raw`, from the cache when seen before. Throws (code ERR_UNSUPPORTED_PROTOCOL) for
 * anything but http: and https:, and as `new URL` does for a URL that does not parse.
 *
 * @example hookTargetOf('http://u:p@127.0.0.1:9/h?a=1') // { origin: 'http://127.0.0.1:9', path: '/h?a=1', authorization: 'Basic dTpw', ... }
 */
export function hookTargetOf(raw: string): HookTarget {
  let target = targets.get(raw);
  if (target !== undefined) return target;
  const url = new URL(raw);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw Object.assign(new Error(`Unsupported protocol: ${url.protocol}`), { code: 'ERR_UNSUPPORTED_PROTOCOL' });
  }
  const authorization =
    url.username !== '' || url.password !== '' ? `Basic ${Buffer.from(`${decode(url.username)}:${decode(url.password)}`).toString('base64')}` : undefined;
  target = { url, origin: url.origin, path: `${url.pathname}${url.search}`, authorization };
  if (targets.size >= TARGETS_KEPT) targets.clear();
  targets.set(raw, target);
  return target;
}

function decode(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}
