import { eventTypesFor, type EventType, type PayloadVersion } from '../core/event-types.js';
import { TYPE_PLACEHOLDER } from '../guard/hook-url-template.js';
import { formOf, pick, type CaseContext, type CaseSpec, type CheckPlan } from './check-context.js';
import { attemptProblem, failed, lastAttempt, passed, skipped, statusNote, type Verdict } from './judge.js';
import { largest, withAwkwardNames, withExtraFields, withNulls } from './payload-variants.js';

/** The cases about what is sent: every type in every version, one URL per type, edge values. */

const DEADLINE = 'Solar Proof: "the receiver must answer 200 within 5 seconds"';

/** One event of `type` in `version`, sent once and judged. */
async function deliverOnce(ctx: CaseContext, type: EventType, version: PayloadVersion, payload?: (p: unknown) => unknown, words?: string): Promise<Verdict> {
  const event = ctx.happen(type, version);
  const id = ctx.send(event, payload ? { payload: payload(event.payload) } : {});
  const [d] = await ctx.settled([id]);
  const what = words ?? formOf(type, version);
  const problem = attemptProblem(lastAttempt(d), what, ctx.plan.timeoutMs);
  return problem ? failed(problem) : passed(statusNote(d, what));
}

/** `delivers/<version>/<type>`: one case per type the version knows, among the types checked. */
export function deliveryCases(plan: CheckPlan): CaseSpec[] {
  const out: CaseSpec[] = [];
  for (const version of plan.versions) {
    for (const type of plan.types) {
      if (!eventTypesFor(version).includes(type)) continue;
      const shape = version === 'v1' || type === 'customer_created' ? 'one object' : 'an array of objects';
      out.push({
        id: `delivers/${version}/${type}`,
        title: `${type} ${version} (${shape}) answered 2xx in time`,
        source: `${DEADLINE}; "v1: every payload is one JSON object; v2: a JSON array of objects, except customer_created"`,
        run: (ctx) => deliverOnce(ctx, type, version),
      });
    }
  }
  return out;
}

/** A case over one seeded (type, version) pair, sending a variant of a real payload. */
function variantCase(id: string, title: string, source: string, variant: (p: unknown) => unknown, words: string): CaseSpec {
  return {
    id,
    title,
    source,
    run: async (ctx) => {
      const verdicts: Verdict[] = [];
      for (const version of ctx.plan.versions) {
        const types = ctx.plan.types.filter((t) => eventTypesFor(version).includes(t));
        if (types.length === 0) continue;
        const type = types.includes('customer_created') ? 'customer_created' : pick(ctx.random, types);
        verdicts.push(await deliverOnce(ctx, type, version, variant, `${formOf(type, version)} ${words}`));
      }
      return verdicts.find((v) => v.state === 'failed') ?? verdicts[0] ?? skipped('no checked type exists in the checked payload versions');
    },
  };
}

export const edgeValueCases: CaseSpec[] = [
  variantCase(
    'payload/extra-fields',
    'unknown extra fields are accepted',
    'Practice: a sender adds fields without notice; Solar Proof has two payload generations already',
    withExtraFields,
    'with fields it does not know (lead_source, custom_fields, tags)',
  ),
  variantCase('payload/nulls', 'null where a field may be empty is accepted', 'Solar Proof documents phone_secondary, company_name, abn and customer_notes as "may be empty"', withNulls, 'with null in the fields that may be empty'),
  variantCase(
    'payload/names',
    "non-ASCII names and apostrophes are accepted (Zoë O'Brien)",
    'Practice: Australian customer names include apostrophes, accents and non-Latin scripts',
    withAwkwardNames,
    "with the name Zoë O'Brien and non-ASCII text",
  ),
  variantCase('payload/largest', 'the largest realistic payload is accepted', 'Practice: long site-visit notes (4 000 characters) and a v2 array of 10 items, about 50 KB', largest, 'at its largest realistic size (long notes; 10 items in an array)'),
];

/** `{type}` in the URL: Solar Proof's payloads carry no event type, so one URL per type is how a receiver tells them apart. */
export const oneUrlPerType: CaseSpec = {
  id: 'subscription/one-url-per-type',
  title: 'one subscription URL per event type',
  source: 'Solar Proof: "one subscription per call"; payloads carry no event-type field, so a receiver tells events apart by URL',
  run: (ctx) => {
    const { forwardTo, types } = ctx.plan;
    if (types.length < 2) return skipped(`only one event type is checked (${types[0]}); give --types with more than one to check this`);
    if (forwardTo.includes(TYPE_PLACEHOLDER) || forwardTo.includes('%7Btype%7D')) return passed();
    return failed(
      `every event type goes to the same URL (${forwardTo}): Solar Proof's payloads carry no event type, so the receiver cannot tell ${types[0]} from ${types[1]}. Subscribe one URL per type (put {type} in --forward-to)`,
    );
  },
};
